// The install path of a published staso, offline: `node scripts/pack.mjs` (`npm pack` of the main package,
// and of the per-platform hook package its optionalDependencies name), `npm install -g` of the tarballs
// into a temp prefix, then the installed `staso setup` in front of the real Claude Code and Codex (mock
// models on 127.0.0.1): the installed hook blocks what it must and runs everyday calls.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createWorkspace,
  describeRun,
  runClaude,
  runCodex,
  writeCodexSetup,
  type Workspace,
} from "./support/agents.js";
import { anthropicToolUseId, startMockAnthropic } from "./support/mock-anthropic.js";
import { openaiCallId, startMockOpenAI } from "./support/mock-openai.js";

const REPO = realpathSync(join(import.meta.dirname, "..", ".."));
const PKG = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
const PLATFORM = `@staso/hook-${process.platform}-${process.arch}`;
const NATIVE_BUILT = existsSync(join(REPO, "dist", "packages", `hook-${process.platform}-${process.arch}`));

const tmp = realpathSync(mkdtempSync(join(tmpdir(), "staso-e2e-install-")));
const prefix = join(tmp, "prefix");
let tarballs: { main: string; platforms: string[] };
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function run(cmd: string, args: string[], o: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: o.timeout ?? 300_000, ...o });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

beforeAll(() => {
  const packed = run(process.execPath, [join(REPO, "scripts", "pack.mjs"), "--out", join(tmp, "tarballs")]);
  if (packed.code !== 0) throw new Error(`scripts/pack.mjs failed: ${packed.stderr}`);
  tarballs = JSON.parse(packed.stdout.trim().split("\n").pop()!);
  // Dependencies come from npm's cache (the checkout's `npm ci` filled it); the platform package from its tarball.
  const inst = run(
    "npm",
    [
      "install",
      "-g",
      "--prefix",
      prefix,
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      tarballs.main,
      ...tarballs.platforms,
    ],
    { env: { ...process.env, npm_config_loglevel: "error" } },
  );
  if (inst.code !== 0) throw new Error(`npm install -g failed: ${inst.stderr}`);
}, 600_000);

const stasoBin = () => join(prefix, "bin", "staso");

function workspace(): Workspace {
  const ws = createWorkspace({ prefix: "e2e-install-" });
  cleanups.push(() => ws.cleanup());
  mkdirSync(join(ws.home, ".ssh"), { recursive: true, mode: 0o700 });
  writeFileSync(
    join(ws.home, ".ssh", "id_rsa"),
    "-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-key\n-----END OPENSSH PRIVATE KEY-----\n",
  );
  return ws;
}

/** The globally installed `staso` as a user runs it: on PATH, in the workspace's HOME. */
function staso(ws: Workspace, args: string[]) {
  return run(stasoBin(), args, {
    cwd: ws.project,
    env: {
      PATH: `${join(prefix, "bin")}:${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: ws.home,
      CODEX_HOME: ws.codexHome,
      SHELL: "/bin/bash",
      LANG: "C.UTF-8",
    },
    timeout: 120_000,
  });
}

describe("the packed package", () => {
  it("holds what runs and nothing from development; the native hook is its own per-platform package", () => {
    const entries = run("tar", ["-tzf", tarballs.main]).stdout.trim().split("\n");
    const outside = entries.filter(
      (e) =>
        !/^package\/(?:bin\/|dist\/(?:[a-z-]+\.(?:cjs|mjs)|chunks\/|types\/)|hooks-templates\/|docs\/staso\.schema\.json$|README\.md$|package\.json$)/.test(
          e,
        ),
    );
    expect(outside).toEqual([]);
    expect(entries).toContain("package/bin/staso.js");
    expect(entries).toContain("package/dist/hook.cjs");
    expect(entries).toContain("package/dist/types/lib.d.ts");
    const manifest = JSON.parse(run("tar", ["-xzOf", tarballs.main, "package/package.json"]).stdout);
    expect(manifest.bin).toEqual({ staso: "bin/staso.js" });
    expect(manifest.exports["."]).toEqual({ types: "./dist/types/lib.d.ts", import: "./dist/lib.mjs" });
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
    if (NATIVE_BUILT) {
      expect(manifest.optionalDependencies).toEqual({ [PLATFORM]: PKG.version });
      const platform = tarballs.platforms.find((t) => t.includes(`hook-${process.platform}-${process.arch}`))!;
      expect(run("tar", ["-tzf", platform]).stdout.trim().split("\n").sort()).toEqual([
        "package/bin/staso-hook",
        "package/package.json",
      ]);
      const p = JSON.parse(run("tar", ["-xzOf", platform, "package/package.json"]).stdout);
      expect(p).toMatchObject({ name: PLATFORM, version: PKG.version, os: [process.platform], cpu: [process.arch] });
    }
  });
});

describe("npm install -g, then staso setup", () => {
  it("puts staso on PATH; its setup installs the hook (native from the platform package) and it blocks a dangerous call", () => {
    expect(run(stasoBin(), ["--version"]).stdout.trim()).toBe(PKG.version);
    const ws = workspace();
    const setup = staso(ws, ["setup", "--target", "claude-code", "--scope", "user", "--yes"]);
    expect(setup.code, setup.stderr + setup.stdout).toBe(0);
    const settings = JSON.parse(readFileSync(join(ws.home, ".claude", "settings.json"), "utf8"));
    const command = String(settings.hooks.PreToolUse[0].hooks[0].command);
    const store = join(ws.home, ".local", "share", "staso", "hook");
    expect(command).toContain(`${store}/${PKG.version}-`);
    if (NATIVE_BUILT) expect(command).toMatch(/\/dist\/native\/staso-hook hook --target claude-code$/);
    const payload = (cmd: string) =>
      JSON.stringify({
        session_id: "s",
        cwd: ws.project,
        hook_event_name: "PreToolUse",
        tool_name: "Bash",
        tool_input: { command: cmd },
      });
    const env = { PATH: "/usr/bin:/bin", HOME: ws.home };
    const block = spawnSync("/bin/bash", ["-c", command], { input: payload("rm -rf ~"), encoding: "utf8", env });
    expect(block.status).toBe(0);
    expect(JSON.parse(block.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    const allow = spawnSync("/bin/bash", ["-c", command], { input: payload("git status"), encoding: "utf8", env });
    expect(allow.status).toBe(0);
    expect(allow.stdout.trim()).toBe("");
    // The package can be replaced (npm install -g again, an upgrade): the agents' hook is not in it.
    expect(command).not.toContain(prefix);
    const doctor = staso(ws, ["doctor", "--target", "claude-code"]);
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toMatch(/✓ the hook is staso \S+, installed in /);
  });

  it("guards the real Claude Code", async () => {
    const ws = workspace();
    expect(staso(ws, ["setup", "--target", "claude-code", "--scope", "user", "--yes"]).code).toBe(0);
    const mock = await startMockAnthropic({
      turns: [
        {
          toolUses: [
            { name: "Bash", input: { command: "echo everyday > everyday.txt", description: "everyday" } },
            { name: "Bash", input: { command: "rm -rf ~", description: "wipe home" } },
          ],
        },
        { text: "done" },
      ],
    });
    cleanups.push(() => mock.close());
    const r = await runClaude({ workspace: ws, mock });
    expect(r.exitCode, describeRun(r)).toBe(0);
    expect(readFileSync(join(ws.project, "everyday.txt"), "utf8")).toBe("everyday\n");
    expect(existsSync(join(ws.home, ".ssh", "id_rsa")), describeRun(r)).toBe(true);
    expect(mock.toolResult(anthropicToolUseId(0, 1))?.content).toMatch(/staso: .*\[rule [a-z-]+\/[a-z-]+\]/);
  });

  it("guards the real Codex", async () => {
    const ws = workspace();
    const mock = await startMockOpenAI({
      turns: [{ calls: [{ exec: "echo everyday > everyday.txt" }, { exec: "rm -rf ~" }] }, { text: "done" }],
    });
    cleanups.push(() => mock.close());
    writeCodexSetup(ws, { baseUrl: mock.baseUrl });
    const setup = staso(ws, ["setup", "--target", "codex", "--yes"]);
    expect(setup.code, setup.stderr + setup.stdout).toBe(0);
    const r = await runCodex({ workspace: ws, mock, writeConfig: false });
    expect(r.exitCode, describeRun(r)).toBe(0);
    expect(readFileSync(join(ws.project, "everyday.txt"), "utf8")).toBe("everyday\n");
    expect(existsSync(join(ws.home, ".ssh", "id_rsa")), describeRun(r)).toBe(true);
    expect(mock.callOutput(openaiCallId(0, 1))?.output).toMatch(/^Command blocked by PreToolUse hook: staso: /);
  });
});
