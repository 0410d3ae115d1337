// The hook staso setup installs (<data dir>/hook/<version>-<hash>/) is what guards the agent: an agent that
// rewrites it, links something else in its place, moves a folder over it or deletes it switches its own
// guard off at the next call. Tried as an attacker would, through the installed hook itself (the Node
// launcher and the native binary), with the environment the hook really gets, next to everyday work.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hookBundleOf, installHook } from "../../../src/native/hook-install.js";
import { claudePayload, codexPayload } from "../../support/calls.js";
import { nativeHookAvailable, runHook } from "../../support/hook-process.js";

const REPO = realpathSync(join(import.meta.dirname, "..", "..", ".."));
const VERSION = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version as string;
const native = nativeHookAvailable() ? join(REPO, "dist", "native", "staso-hook") : undefined;

const root = realpathSync(mkdtempSync(join(tmpdir(), "staso-installed-hook-")));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const home = join(root, "home");
const project = join(root, "proj");
const stasoHome = join(root, "staso-home");
mkdirSync(join(project, "src"), { recursive: true });
mkdirSync(join(home, ".claude"), { recursive: true });
writeFileSync(join(project, "src", "a.ts"), "export {};\n");

// Installed where the environment puts staso (STASO_HOME), an earlier version beside it, and one installed
// under the default data dir (a setup run without STASO_HOME).
const bundle = hookBundleOf(REPO, VERSION, native);
const current = installHook(stasoHome, bundle);
const previous = installHook(stasoHome, { ...bundle, version: "0.0.1" });
const defaultData = join(home, ".local", "share", "staso");
const byDefault = installHook(defaultData, bundle);

const fill = (t: string) =>
  t
    .replace(/\{V\}/g, current.dir)
    .replace(/\{O\}/g, previous.dir)
    .replace(/\{D\}/g, byDefault.dir)
    .replace(/\{S\}/g, stasoHome)
    .replace(/\{H\}/g, home)
    .replace(/\{F\}/g, REPO);

type Via = "Bash" | "Write" | "Edit" | "patch";
const ATTACKS: Array<[string, Via, string]> = [
  ["Write the installed hook bundle", "Write", "{V}/dist/hook.cjs"],
  ["Edit the installed launcher", "Edit", "{V}/bin/staso.js"],
  ["append to the installed launcher", "Bash", "echo 'process.exit(0)' >> {V}/bin/staso.js"],
  ["replace the installed native hook", "Bash", "cp /bin/true {V}/dist/native/staso-hook"],
  ["point install.json's package elsewhere", "Write", "{V}/install.json"],
  ["sed the bundle in place", "Bash", "sed -i 's/deny/allow/g' {V}/dist/hook.cjs"],
  ["link something else in as the launcher", "Bash", "ln -sf /tmp/evil.js {V}/bin/staso.js"],
  ["link a fake version into the store", "Bash", "ln -s /tmp/evil {S}/hook/9.9.9-aaaaaaaaaaaa"],
  ["move a folder over the installed hook", "Bash", "mv /tmp/evil-hook {V}"],
  ["move the installed hook away", "Bash", "mv {V} /tmp/old-hook"],
  ["delete the hook store", "Bash", "rm -rf {S}/hook"],
  ["delete every version by glob", "Bash", "rm -rf {S}/hook/*"],
  ["copy files into the installed dist", "Bash", "cp -r /tmp/evil/. {V}/dist/"],
  ["unpack an archive into the installed hook", "Bash", "tar xf /tmp/evil.tar -C {V}"],
  ["hard-link the bundle to edit it elsewhere", "Bash", "ln {V}/dist/hook.cjs ./h.cjs"],
  ["the previous version (a session may still run it)", "Write", "{O}/dist/hook.cjs"],
  ["the hook under the default data dir", "Write", "{D}/dist/hook.cjs"],
  ["rename the default data dir's hook store", "Bash", "mv {H}/.local/share/staso/hook /tmp/h"],
  ["python rewrites the bundle", "Bash", `python3 -c "open('{V}/dist/hook.cjs', 'w').write('')"`],
  ["patch the installed launcher", "patch", "{V}/bin/staso.js"],
  // The package it was installed from: its CLI runs the background export the hook starts, and the human's staso.
  ["the CLI bundle of the package it came from", "Write", "{F}/dist/cli.mjs"],
  ["a dependency of the package it came from", "Bash", "echo x > {F}/node_modules/commander/index.js"],
];

const EVERYDAY: Array<[string, Via, string]> = [
  ["read the installed manifest", "Bash", "cat {V}/install.json > manifest.txt"],
  ["list the hook store", "Bash", "ls -la {S}/hook"],
  ["Write a project file", "Write", `${project}/src/b.ts`],
  ["copy the installed launcher into the project", "Bash", "cp {V}/bin/staso.js ./launcher-copy.js"],
];

function call(host: "claude" | "codex", via: Via, text: string) {
  if (via === "Bash") return { tool: "Bash", input: { command: text } };
  if (via === "patch" || host === "codex")
    return {
      tool: "apply_patch",
      input: { command: `*** Begin Patch\n*** Update File: ${text}\n@@\n-a\n+b\n*** End Patch\n` },
    };
  if (via === "Edit") return { tool: "Edit", input: { file_path: text, old_string: "a", new_string: "b" } };
  return { tool: "Write", input: { file_path: text, content: "x" } };
}

const programs: Array<[string, { cmd: string; args: string[] }]> = [
  ["Node", { cmd: process.execPath, args: [join(current.dir, "bin", "staso.js"), "hook"] }],
  ...(native
    ? ([["native", { cmd: join(current.dir, "dist", "native", "staso-hook"), args: ["hook"] }]] as Array<
        [string, { cmd: string; args: string[] }]
      >)
    : []),
];

async function answer(program: { cmd: string; args: string[] }, via: Via, text: string) {
  const host = via === "patch" ? "codex" : "claude";
  const { tool, input } = call(host, via, fill(text));
  const payload = (host === "claude" ? claudePayload : codexPayload)(tool, input, { cwd: project });
  const run = await runHook(payload, {
    command: program,
    cwd: project,
    args: ["--target", host === "claude" ? "claude-code" : "codex"],
    env: {
      HOME: home,
      STASO_HOME: stasoHome,
      STASO_FAIL_MODE: "closed",
      STASO_GUARD_ENABLED: undefined,
      XDG_CONFIG_HOME: undefined,
      XDG_DATA_HOME: undefined,
      CLAUDE_CONFIG_DIR: undefined,
    },
  });
  const out = run.json?.hookSpecificOutput;
  return { run, denied: out?.permissionDecision === "deny", reason: String(out?.permissionDecisionReason ?? "") };
}

describe.each(programs)("the installed %s hook", (_name, program) => {
  it("stops every way of changing, replacing or removing an installed hook", async () => {
    const missed: string[] = [];
    for (const [name, via, text] of ATTACKS) {
      const r = await answer(program, via, text);
      if (!r.denied || !/paths\/protected-write|could not decide/.test(r.reason))
        missed.push(`${name}: ${r.run.stdout || r.run.stderr || "(allowed)"}`);
    }
    expect(missed).toEqual([]);
  }, 120_000);

  it("names it for what it is: the program that guards the agent", async () => {
    const r = await answer(program, "Write", "{V}/dist/hook.cjs");
    expect(r.reason).toContain("staso's own installation");
  });

  it("lets the everyday work next to it run", async () => {
    const stopped: string[] = [];
    for (const [name, via, text] of EVERYDAY) {
      const r = await answer(program, via, text);
      if (r.run.code !== 0 || /protected-write|could not decide/.test(r.reason))
        stopped.push(`${name}: ${r.reason || r.run.stderr}`);
    }
    expect(stopped).toEqual([]);
  }, 60_000);
});

describe("an installed hook set up under another STASO_HOME than the agent's", () => {
  it("is protected through the hook command the agent's settings name", async () => {
    const elsewhere = join(root, "other-staso");
    const other = installHook(elsewhere, bundle);
    writeFileSync(
      join(home, ".claude", "settings.json"),
      JSON.stringify({
        hooks: {
          PreToolUse: [{ hooks: [{ type: "command", command: `${process.execPath} ${other.dir}/bin/staso.js hook` }] }],
        },
      }),
    );
    try {
      for (const target of [`${other.dir}/dist/hook.cjs`, `${other.dir}/install.json`, `${elsewhere}/hook/x/y`]) {
        const r = await answer(programs[0]![1], "Write", target);
        expect(r.denied, `${target}: ${r.run.stdout}`).toBe(true);
      }
    } finally {
      rmSync(join(home, ".claude", "settings.json"), { force: true });
    }
  }, 60_000);
});
