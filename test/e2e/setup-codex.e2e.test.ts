// `staso setup --target codex --yes` in a throwaway HOME (its config.toml edited in place), then the real
// `codex exec` against a mock model on 127.0.0.1, with NO trust-bypass flag: Codex runs staso's hook
// because of the trust entries setup wrote, never runs what staso blocks, and runs an everyday call.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { afterAll, afterEach, describe, expect, it } from "vitest";

import { createWorkspace, describeRun, runCodex, writeCodexSetup, type Workspace } from "./support/agents.js";
import { installCopy } from "../setup/support.js";
import { RUNTIME_ENV } from "../../src/config-files/hook-command.js";

/** The variables setup's hook command empties for the hook alone, as written before the program. */
const emptied = (kind: "node" | "native") => `${RUNTIME_ENV[kind].map((n) => `${n}=`).join(" ")} `;
import { openaiCallId, startMockOpenAI, type MockOpenAI } from "./support/mock-openai.js";

// a private copy of the built package, so a rebuild of the work tree cannot pull the hook away mid-run
const install = installCopy();
const LAUNCHER = install.launcher;
afterAll(() => install.cleanup());
const NATIVE_BUILT = existsSync(
  join(
    import.meta.dirname,
    "..",
    "..",
    "dist",
    "native",
    process.platform === "win32" ? "staso-hook.exe" : "staso-hook",
  ),
);
const FAKE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nstaso-e2e-not-a-real-key\n-----END OPENSSH PRIVATE KEY-----\n";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function workspace(): Workspace {
  const ws = createWorkspace({ prefix: "e2e-setup-codex-" });
  cleanups.push(() => ws.cleanup());
  mkdirSync(join(ws.home, ".ssh"), { recursive: true, mode: 0o700 });
  writeFileSync(join(ws.home, ".ssh", "id_rsa"), FAKE_KEY, { mode: 0o600 });
  return ws;
}

async function openai(...args: Parameters<typeof startMockOpenAI>): Promise<MockOpenAI> {
  const m = await startMockOpenAI(...args);
  cleanups.push(() => m.close());
  return m;
}

function staso(
  ws: Workspace,
  args: string[],
  launcher = LAUNCHER,
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [launcher, ...args], {
    cwd: ws.project,
    env: {
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: ws.home,
      CODEX_HOME: ws.codexHome,
      SHELL: "/bin/bash",
      LANG: "C.UTF-8",
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The user's own Codex config (offline mock provider), with a comment to prove the in-place edit keeps it. */
function userConfig(ws: Workspace, mock: MockOpenAI): string {
  writeCodexSetup(ws, { baseUrl: mock.baseUrl });
  const file = join(ws.codexHome, "config.toml");
  const text = `# my Codex config: staso must keep this comment\n${readFileSync(file, "utf8")}`;
  writeFileSync(file, text);
  return text;
}

describe("staso setup → Codex", () => {
  it("codex exec (no trust bypass) never runs what staso blocks (rm -rf ~, cat ~/.ssh/id_rsa) and runs an everyday call", async () => {
    const ws = workspace();
    const mock = await openai({
      turns: [
        {
          calls: [
            { exec: "echo everyday > everyday.txt && ls" },
            { exec: "cat ~/.ssh/id_rsa > leaked.txt" },
            { exec: "rm -rf ~" },
          ],
        },
        { text: "done" },
      ],
    });
    const before = userConfig(ws, mock);
    const setup = staso(ws, ["setup", "--target", "codex", "--yes"]);
    expect(setup.code, setup.stderr + setup.stdout).toBe(0);
    const config = readFileSync(join(ws.codexHome, "config.toml"), "utf8");
    expect(config.startsWith(before), config).toBe(true); // edited in place: the user's bytes first, unchanged
    expect(config.slice(before.length)).toMatch(
      /^\n\[hooks\.state\.".*\/hooks\.json:pre_tool_use:0:0"\]\ntrusted_hash = "sha256:[0-9a-f]{64}"\n/,
    );

    const r = await runCodex({ workspace: ws, mock, writeConfig: false });
    expect(r.command.join(" ")).not.toContain("bypass-hook-trust");
    expect(r.timedOut, describeRun(r)).toBe(false);
    expect(r.exitCode, describeRun(r)).toBe(0);

    expect(readFileSync(join(ws.project, "everyday.txt"), "utf8")).toBe("everyday\n");
    expect(existsSync(join(ws.project, "leaked.txt")), describeRun(r)).toBe(false);
    expect(readFileSync(join(ws.home, ".ssh", "id_rsa"), "utf8")).toBe(FAKE_KEY);
    expect(existsSync(join(ws.codexHome, "config.toml"))).toBe(true);
    for (const i of [1, 2]) {
      const out = mock.callOutput(openaiCallId(0, i));
      expect(out, describeRun(r)).toBeDefined();
      expect(out!.output).toMatch(/^Command blocked by PreToolUse hook: staso: .*\[rule [a-z-]+\/[a-z-]+\]/);
    }
    expect(mock.callOutput(openaiCallId(0, 0))?.output, describeRun(r)).not.toMatch(/blocked/);
    expect(mock.allText()).not.toContain("staso-e2e-not-a-real-key");

    const doctor = staso(ws, ["doctor", "--target", "codex"]);
    expect(doctor.stdout).toMatch(/✓ Codex trusts the PreToolUse hook/);
    const un = staso(ws, ["uninstall", "--target", "codex", "--yes"]);
    expect(un.code, un.stderr).toBe(0);
    expect(readFileSync(join(ws.codexHome, "config.toml"), "utf8")).toBe(before);
  });

  it("control: with --no-trust Codex skips the hook silently and the call runs, so the trust entry is what makes it work", async () => {
    const ws = workspace();
    const mock = await openai({ turns: [{ calls: [{ exec: "cat ~/.ssh/id_rsa > leaked.txt" }] }, { text: "done" }] });
    userConfig(ws, mock);
    const setup = staso(ws, ["setup", "--target", "codex", "--no-trust", "--yes"]);
    expect(setup.code, setup.stderr).toBe(0);
    const r = await runCodex({ workspace: ws, mock, writeConfig: false });
    expect(r.exitCode, describeRun(r)).toBe(0);
    expect(readFileSync(join(ws.project, "leaked.txt"), "utf8")).toBe(FAKE_KEY);
    // and setup with trust fixes it
    expect(staso(ws, ["setup", "--target", "codex", "--yes"]).code).toBe(0);
    const mock2 = await openai({ turns: [{ calls: [{ exec: "cat ~/.ssh/id_rsa > leaked2.txt" }] }, { text: "done" }] });
    writeFileSync(
      join(ws.codexHome, "config.toml"),
      readFileSync(join(ws.codexHome, "config.toml"), "utf8").replace(mock.baseUrl, mock2.baseUrl),
    );
    const r2 = await runCodex({ workspace: ws, mock: mock2, writeConfig: false });
    expect(r2.exitCode, describeRun(r2)).toBe(0);
    expect(existsSync(join(ws.project, "leaked2.txt")), describeRun(r2)).toBe(false);
  });

  it("project scope: .codex/hooks.json in a trusted project, trusted through the user config.toml", async () => {
    const ws = workspace();
    const mock = await openai({
      turns: [
        { calls: [{ exec: "echo fine > fine.txt" }, { exec: "cat ~/.ssh/id_rsa > leaked.txt" }] },
        { text: "done" },
      ],
    });
    userConfig(ws, mock); // marks ws.project trusted, as a user who opened it in codex would have
    const setup = staso(ws, ["setup", "--target", "codex", "--scope", "project", "--yes"]);
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).not.toMatch(/only in a trusted project/);
    expect(existsSync(join(ws.project, ".codex", "hooks.json"))).toBe(true);
    expect(existsSync(join(ws.codexHome, "hooks.json"))).toBe(false);
    expect(readFileSync(join(ws.codexHome, "config.toml"), "utf8")).toContain(
      `[hooks.state."${join(ws.project, ".codex", "hooks.json")}:pre_tool_use:0:0"]`,
    );
    const r = await runCodex({ workspace: ws, mock, writeConfig: false });
    expect(r.exitCode, describeRun(r)).toBe(0);
    expect(readFileSync(join(ws.project, "fine.txt"), "utf8")).toBe("fine\n");
    expect(existsSync(join(ws.project, "leaked.txt")), describeRun(r)).toBe(false);
    expect(mock.callOutput(openaiCallId(0, 1))?.output).toMatch(/^Command blocked by PreToolUse hook: staso: /);
  });

  it.skipIf(!NATIVE_BUILT)("with the native hook binary: trusted and enforced by codex exec the same way", async () => {
    const ws = workspace();
    const native = installCopy({ native: true });
    cleanups.push(() => native.cleanup());
    const mock = await openai({
      turns: [
        { calls: [{ exec: "echo fine > fine.txt" }, { exec: "cat ~/.ssh/id_rsa > leaked.txt" }] },
        { text: "done" },
      ],
    });
    userConfig(ws, mock);
    const setup = staso(ws, ["setup", "--target", "codex", "--yes"], native.launcher);
    expect(setup.code, setup.stderr).toBe(0);
    // the binary as setup installed it in staso's data dir: a copy of the package's
    const command = String(
      JSON.parse(readFileSync(join(ws.codexHome, "hooks.json"), "utf8")).hooks.PreToolUse[0].hooks[0].command,
    );
    expect(command.startsWith(emptied("native")), command).toBe(true);
    expect(command).toMatch(/\/hook\/[^/]+-[0-9a-f]{12}\/dist\/native\/staso-hook hook --target codex$/);
    const program = /(\/\S+\/dist\/native\/staso-hook) hook/.exec(command)![1]!;
    expect(readFileSync(program).equals(readFileSync(native.native!))).toBe(true);
    const r = await runCodex({ workspace: ws, mock, writeConfig: false });
    expect(r.exitCode, describeRun(r)).toBe(0);
    expect(readFileSync(join(ws.project, "fine.txt"), "utf8")).toBe("fine\n");
    expect(existsSync(join(ws.project, "leaked.txt")), describeRun(r)).toBe(false);
    expect(mock.callOutput(openaiCallId(0, 1))?.output).toMatch(/^Command blocked by PreToolUse hook: staso: /);
  });
});
