// `staso setup --target claude-code --scope user --yes` in a throwaway HOME, then the real Claude Code
// (`claude -p`, against a mock model on 127.0.0.1) with nothing but what setup wrote: it never runs a call
// staso blocks, and runs an everyday one.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { afterAll, afterEach, describe, expect, it } from "vitest";

import { createWorkspace, describeRun, runClaude, type Workspace } from "./support/agents.js";
import { installCopy } from "../setup/support.js";
import { RUNTIME_ENV } from "../../src/config-files/hook-command.js";

/** The variables setup's hook command empties for the hook alone, as written before the program. */
const emptied = (kind: "node" | "native") => `${RUNTIME_ENV[kind].map((n) => `${n}=`).join(" ")} `;
import { anthropicToolUseId, startMockAnthropic, type MockAnthropic } from "./support/mock-anthropic.js";

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
  const ws = createWorkspace({ prefix: "e2e-setup-claude-" });
  cleanups.push(() => ws.cleanup());
  mkdirSync(join(ws.home, ".ssh"), { recursive: true, mode: 0o700 });
  writeFileSync(join(ws.home, ".ssh", "id_rsa"), FAKE_KEY, { mode: 0o600 });
  return ws;
}

async function anthropic(...args: Parameters<typeof startMockAnthropic>): Promise<MockAnthropic> {
  const m = await startMockAnthropic(...args);
  cleanups.push(() => m.close());
  return m;
}

/** Runs the installed staso CLI as the user would, in the workspace's HOME. */
function staso(
  ws: Workspace,
  args: string[],
  launcher = LAUNCHER,
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [launcher, ...args], {
    cwd: ws.project,
    env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: ws.home, SHELL: "/bin/bash", LANG: "C.UTF-8" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function auditRecords(ws: Workspace): Array<Record<string, unknown>> {
  const dir = join(ws.home, ".local", "share", "staso", "audit");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n").filter(Boolean))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("staso setup → Claude Code", () => {
  it("claude -p never runs what staso blocks (rm -rf ~, reading ~/.ssh/id_rsa) and runs an everyday call", async () => {
    const ws = workspace();
    const setup = staso(ws, ["setup", "--target", "claude-code", "--scope", "user", "--yes"]);
    expect(setup.code, setup.stderr + setup.stdout).toBe(0);
    const settingsFile = join(ws.home, ".claude", "settings.json");
    const settings = JSON.parse(readFileSync(settingsFile, "utf8"));
    // the hook as setup installed it in staso's own data dir (never the package's launcher, which a rebuild replaces)
    const command = settings.hooks.PreToolUse[0].hooks[0].command as string;
    const store = join(ws.home, ".local", "share", "staso", "hook");
    expect(command.startsWith(`${emptied("node")}${process.execPath} ${store}/`), command).toBe(true);
    expect(command).toMatch(/\/hook\/[^/]+-[0-9a-f]{12}\/bin\/staso\.js hook --target claude-code$/);
    expect(command).not.toContain(LAUNCHER);

    const mock = await anthropic({
      turns: [
        {
          toolUses: [
            {
              name: "Bash",
              input: { command: "echo everyday > everyday.txt && ls", description: "an everyday command" },
            },
            { name: "Bash", input: { command: "cat ~/.ssh/id_rsa > leaked.txt", description: "read the key" } },
            { name: "Read", input: { file_path: join(ws.home, ".ssh", "id_rsa") } },
            { name: "Bash", input: { command: "rm -rf ~", description: "wipe home" } },
          ],
        },
        { text: "done" },
      ],
    });
    // no `settings` option: Claude Code reads exactly what staso setup wrote
    const r = await runClaude({ workspace: ws, mock });
    expect(r.timedOut, describeRun(r)).toBe(false);
    expect(r.exitCode, describeRun(r)).toBe(0);

    // the everyday call ran
    expect(readFileSync(join(ws.project, "everyday.txt"), "utf8")).toBe("everyday\n");
    expect(mock.toolResult(anthropicToolUseId(0, 0))?.is_error, describeRun(r)).toBe(false);
    // the blocked ones did not, and the model was told it was staso
    expect(existsSync(join(ws.project, "leaked.txt")), describeRun(r)).toBe(false);
    expect(readFileSync(join(ws.home, ".ssh", "id_rsa"), "utf8")).toBe(FAKE_KEY);
    expect(existsSync(settingsFile)).toBe(true);
    for (const i of [1, 2, 3]) {
      const res = mock.toolResult(anthropicToolUseId(0, i));
      expect(res, describeRun(r)).toBeDefined();
      expect(res!.is_error).toBe(true);
      expect(res!.content).toMatch(/staso: .*\[rule [a-z-]+\/[a-z-]+\]/); // staso's own reason, naming the rule
      expect(res!.content).not.toContain("staso-e2e-not-a-real-key");
    }
    expect(mock.allText()).not.toContain("staso-e2e-not-a-real-key");

    // staso's own audit trail saw them
    const records = auditRecords(ws);
    const blocked = records.filter((x) => x.action === "block");
    expect(blocked.length, JSON.stringify(records, null, 2)).toBeGreaterThanOrEqual(3);

    // doctor agrees, and uninstall takes it out again
    const doctor = staso(ws, ["doctor", "--target", "claude-code"]);
    expect(doctor.stdout).toMatch(/✓ the (native \(Bun-built\)|Node) hook runs through .* blocks `rm -rf ~`/);
    const un = staso(ws, ["uninstall", "--yes"]);
    expect(un.code, un.stderr).toBe(0);
    expect(existsSync(settingsFile)).toBe(false);
  });

  it("local scope (.claude/settings.local.json) and fail mode open: still blocks what the rules block", async () => {
    const ws = workspace();
    const setup = staso(ws, ["setup", "--target", "claude-code", "--scope", "local", "--fail-mode", "open", "--yes"]);
    expect(setup.code, setup.stderr).toBe(0);
    expect(existsSync(join(ws.project, ".claude", "settings.local.json"))).toBe(true);
    const mock = await anthropic({
      turns: [
        {
          toolUses: [
            { name: "Bash", input: { command: "echo fine > fine.txt" } },
            { name: "Bash", input: { command: "cat ~/.ssh/id_rsa > leaked.txt" } },
          ],
        },
        { text: "done" },
      ],
    });
    const r = await runClaude({ workspace: ws, mock });
    expect(r.exitCode, describeRun(r)).toBe(0);
    expect(readFileSync(join(ws.project, "fine.txt"), "utf8")).toBe("fine\n");
    expect(existsSync(join(ws.project, "leaked.txt")), describeRun(r)).toBe(false);
    expect(mock.toolResult(anthropicToolUseId(0, 1))?.content).toMatch(/staso: .*\[rule /);
  });

  it("fail mode closed: when the hook itself cannot run, Claude Code blocks the call (onFailure: block); open lets it run", async () => {
    for (const failMode of ["closed", "open"] as const) {
      const ws = workspace();
      const broken = installCopy();
      cleanups.push(() => broken.cleanup());
      const r0 = spawnSync(
        process.execPath,
        [broken.launcher, "setup", "--target", "claude-code", "--fail-mode", failMode, "--yes"],
        {
          cwd: ws.project,
          env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: ws.home, LANG: "C.UTF-8" },
          encoding: "utf8",
        },
      );
      expect(r0.status, r0.stderr).toBe(0);
      // the installed hook breaks (deleted by hand): node exits 1 with "Cannot find module"
      const settings = readFileSync(join(ws.home, ".claude", "settings.json"), "utf8");
      rmSync(/(\/\S+\/hook\/[^/\s]+\/bin\/staso\.js)/.exec(settings)![1]!);
      const mock = await anthropic({
        turns: [{ toolUses: [{ name: "Bash", input: { command: "echo ran > ran.txt" } }] }, { text: "done" }],
      });
      const r = await runClaude({ workspace: ws, mock });
      expect(r.exitCode, describeRun(r)).toBe(0);
      expect(existsSync(join(ws.project, "ran.txt")), `${failMode}: ${describeRun(r)}`).toBe(failMode === "open");
      if (failMode === "closed") expect(mock.toolResult(anthropicToolUseId(0, 0))?.is_error).toBe(true);
    }
  });

  it("why setup refuses a settings.json with comments: Claude Code ignores such a file, staso's hooks included", async () => {
    const ws = workspace();
    expect(staso(ws, ["setup", "--target", "claude-code", "--yes"]).code).toBe(0);
    const file = join(ws.home, ".claude", "settings.json");
    writeFileSync(file, readFileSync(file, "utf8").replace("{\n", "{\n  // a comment\n"));
    const again = staso(ws, ["setup", "--target", "claude-code", "--yes"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${file}:2:3: the file is not valid JSON (a comment`);
    const mock = await anthropic({
      turns: [{ toolUses: [{ name: "Bash", input: { command: "cat ~/.ssh/id_rsa > leaked.txt" } }] }, { text: "done" }],
    });
    const r = await runClaude({ workspace: ws, mock });
    expect(r.exitCode, describeRun(r)).toBe(0);
    expect(
      existsSync(join(ws.project, "leaked.txt")),
      "Claude Code 2.1.329 now reads settings with comments: setup could accept them",
    ).toBe(true);
    const doctor = staso(ws, ["doctor", "--target", "claude-code"]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain("(a comment");
  });

  it.skipIf(!NATIVE_BUILT)(
    "with the native hook binary: setup writes it as the command, and Claude Code blocks and allows the same",
    async () => {
      const ws = workspace();
      const native = installCopy({ native: true });
      cleanups.push(() => native.cleanup());
      const setup = staso(ws, ["setup", "--target", "claude-code", "--yes"], native.launcher);
      expect(setup.code, setup.stderr).toBe(0);
      const settings = JSON.parse(readFileSync(join(ws.home, ".claude", "settings.json"), "utf8"));
      // the binary as setup installed it in staso's data dir: a copy of the package's
      const command = String(settings.hooks.PreToolUse[0].hooks[0].command);
      expect(command.startsWith(emptied("native")), command).toBe(true);
      expect(command).toMatch(/\/hook\/[^/]+-[0-9a-f]{12}\/dist\/native\/staso-hook hook --target claude-code$/);
      const program = /(\/\S+\/dist\/native\/staso-hook) hook/.exec(command)![1]!;
      expect(readFileSync(program).equals(readFileSync(native.native!))).toBe(true);
      const mock = await anthropic({
        turns: [
          {
            toolUses: [
              { name: "Bash", input: { command: "echo fine > fine.txt" } },
              { name: "Bash", input: { command: "cat ~/.ssh/id_rsa > leaked.txt" } },
            ],
          },
          { text: "done" },
        ],
      });
      const r = await runClaude({ workspace: ws, mock });
      expect(r.exitCode, describeRun(r)).toBe(0);
      expect(readFileSync(join(ws.project, "fine.txt"), "utf8")).toBe("fine\n");
      expect(existsSync(join(ws.project, "leaked.txt")), describeRun(r)).toBe(false);
      expect(mock.toolResult(anthropicToolUseId(0, 1))?.content).toMatch(/staso: .*\[rule /);
    },
  );
});
