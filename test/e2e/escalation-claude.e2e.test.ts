// Escalation with the real Claude Code under `claude -p`, staso installed by `staso setup`. In -p mode an
// "ask" is a denial (reference: agents-hooks.md), so staso must see from the hook's environment that no
// human sits at Claude's prompt (CLAUDE_CODE_SESSION_ATTENDED=0, CLAUDE_CODE_ENTRYPOINT=sdk-cli) and use
// its own escalations instead: a deny naming the escalation by default, a wait when configured.

import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { afterAll, afterEach, describe, expect, it } from "vitest";

import { createWorkspace, describeRun, runClaude, type AgentRunResult, type Workspace } from "./support/agents.js";
import { anthropicToolUseId, startMockAnthropic, type MockAnthropic } from "./support/mock-anthropic.js";
import {
  auditRecords,
  git,
  installStaso,
  removeStasoSnapshot,
  stasoHomeOf,
  stasoEnv,
  writeStasoConfig,
  setApprovalPassphrase,
  stasoAsHuman,
} from "./support/staso.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(() => removeStasoSnapshot());

const CALL = "git reset --hard && echo ran > ran.txt";

async function fixture(
  escalation: Record<string, unknown>,
): Promise<{ ws: Workspace; mock: MockAnthropic; ran(): boolean }> {
  const ws = createWorkspace({ prefix: "staso-e2e-esc-claude-" });
  cleanups.push(() => ws.cleanup());
  git(ws, ws.project, ["init", "-q"]);
  writeFileSync(join(ws.project, "tracked.txt"), "committed\n");
  git(ws, ws.project, ["add", "tracked.txt"]);
  git(ws, ws.project, ["commit", "-q", "-m", "first"]);
  writeFileSync(join(ws.project, "tracked.txt"), "uncommitted edit\n");
  const mock = await startMockAnthropic({
    turns: [{ toolUses: [{ name: "Bash", input: { command: CALL, description: "reset" } }] }, { text: "finished" }],
  });
  cleanups.push(() => mock.close());
  writeStasoConfig(ws, { escalation: { notify: "off", ...escalation } });
  await setApprovalPassphrase(ws);
  installStaso(ws, "claude");
  const ran = () =>
    existsSync(join(ws.project, "ran.txt")) && readFileSync(join(ws.project, "tracked.txt"), "utf8") === "committed\n";
  return { ws, mock, ran };
}

function escalations(ws: Workspace): Array<{ id: string; request: any; resolution?: any }> {
  const dir = join(stasoHomeOf(ws), "escalations");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^esc_[0-9a-f]{12}$/.test(n) && existsSync(join(dir, n, "request.json")))
    .map((id) => ({
      id,
      request: JSON.parse(readFileSync(join(dir, id, "request.json"), "utf8")),
      ...(existsSync(join(dir, id, "resolution.json"))
        ? { resolution: JSON.parse(readFileSync(join(dir, id, "resolution.json"), "utf8")) }
        : {}),
    }));
}

function expectClean(r: AgentRunResult): void {
  expect(r.timedOut, describeRun(r)).toBe(false);
  expect(r.exitCode, describeRun(r)).toBe(0);
}

describe("Claude Code (claude -p) + staso escalations", () => {
  it("claude -p is told apart from a terminal session: staso's own escalation, not an ask", async () => {
    const f = await fixture({});
    const r = await runClaude({ workspace: f.ws, mock: f.mock, env: stasoEnv(f.ws) });
    expectClean(r);
    expect(f.ran()).toBe(false);
    const [e] = escalations(f.ws);
    expect(
      e,
      "an escalation in the store proves the hook saw a headless run (in a terminal, Claude would ask)",
    ).toBeDefined();
    expect(e!.request).toMatchObject({ host: "claude-code", tool: "Bash", summary: CALL, mode: "fire-and-forget" });
    const result = f.mock.toolResult(anthropicToolUseId(0, 0))!;
    expect(result.is_error).toBe(true);
    expect(result.content).toContain(
      `(escalation ${e!.id}); it was not run. Ask the user to approve it by running \`staso escalations approve ${e!.id}\``,
    );
    expect(auditRecords(f.ws).find((a) => a.event === "pre")).toMatchObject({
      action: "escalate",
      escalationId: e!.id,
      escalation: { mode: "fire-and-forget", status: "pending" },
    });
  });

  it("wait mode for claude -p: the call runs once a human approves it from another process", async () => {
    const f = await fixture({ mode: { "claude-code-headless": "wait" }, timeout: 25, pollInterval: 0.2 });
    const settings = JSON.parse(readFileSync(join(f.ws.home, ".claude", "settings.json"), "utf8"));
    const pre = settings.hooks.PreToolUse[0].hooks[0];
    expect(pre.timeout).toBe(60);
    expect(pre.command).toMatch(/ hook --target claude-code --host-timeout 60$/);

    const run = runClaude({ workspace: f.ws, mock: f.mock, env: stasoEnv(f.ws), timeoutMs: 60_000 });
    let finished = false;
    void run.then(() => (finished = true));
    let e: { id: string } | undefined;
    while (!e) {
      if (finished) throw new Error(`claude finished without raising an escalation:\n${describeRun(await run)}`);
      e = escalations(f.ws).find((x) => !x.resolution);
      await new Promise((res) => setTimeout(res, 50));
    }
    await new Promise((res) => setTimeout(res, 800));
    expect(f.ran()).toBe(false);
    expect((await stasoAsHuman(f.ws, ["escalations", "approve", e.id])).code).toBe(0);
    const r = await run;
    expectClean(r);
    expect(f.ran(), describeRun(r)).toBe(true);
    expect(f.mock.toolResult(anthropicToolUseId(0, 0))!.is_error).toBe(false);
  });
});

/** Kills a process and every descendant (script(1) starts Claude in a session of its own), and waits until they are gone. */
async function killTree(root: number): Promise<void> {
  const pids = new Set<number>([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
      try {
        const stat = readFileSync(`/proc/${e}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (pids.has(ppid) && !pids.has(Number(e))) {
          pids.add(Number(e));
          grew = true;
        }
      } catch {
        /* gone */
      }
    }
  }
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  const until = Date.now() + 5000;
  const alive = (pid: number) => {
    try {
      return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
      return false;
    }
  };
  while ([...pids].some(alive) && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
}

// A terminal session, through a pseudo-terminal (script(1)): Claude Code sets CLAUDE_CODE_SESSION_ATTENDED=1
// for its hooks there, and staso leaves the question to Claude's own permission prompt. This run has no
// network namespace (the harness's runner has no pty mode); the environment turns off Claude's
// non-essential traffic, which leaves only the mock on 127.0.0.1 (reference: agents-hooks.md).
const scriptBin = ["/usr/bin/script", "/bin/script"].find((p) => existsSync(p));

describe.skipIf(!scriptBin)("Claude Code in a terminal + staso escalations", () => {
  it("asks in Claude's own prompt: no escalation of staso's, the call waits for the user there", async () => {
    const f = await fixture({});
    writeFileSync(
      join(f.ws.home, ".claude.json"),
      JSON.stringify({
        hasCompletedOnboarding: true,
        theme: "dark",
        customApiKeyResponses: { approved: ["sk-ant-mock-key"], rejected: [] },
        projects: { [f.ws.project]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true } },
      }),
    );
    const { agentBinaries } = await import("./support/agents.js");
    const env: Record<string, string> = {
      HOME: f.ws.home,
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      TERM: "xterm-256color",
      LANG: "C.UTF-8",
      TMPDIR: f.ws.tmp,
      ANTHROPIC_BASE_URL: f.mock.baseUrl,
      ANTHROPIC_API_KEY: "sk-ant-mock-key",
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      DISABLE_TELEMETRY: "1",
      DISABLE_ERROR_REPORTING: "1",
      DISABLE_AUTOUPDATER: "1",
      IS_SANDBOX: "1",
      ...stasoEnv(f.ws),
    };
    const child = spawn(scriptBin!, ["-qfec", `${agentBinaries().claude} 'reset the worktree'`, "/dev/null"], {
      cwd: f.ws.project,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    let screen = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (screen += d));
    try {
      const until = Date.now() + 30_000;
      const asked = () => auditRecords(f.ws).some((a) => a.event === "pre" && a.action === "escalate");
      while (!asked() && Date.now() < until) await new Promise((res) => setTimeout(res, 200));
      await new Promise((res) => setTimeout(res, 1000)); // let Claude draw its prompt
      expect(auditRecords(f.ws).find((a) => a.event === "pre")).toMatchObject({
        action: "escalate",
        ruleId: "git/reset-hard",
        escalation: { mode: "ask", status: "asked" },
      });
      expect(escalations(f.ws)).toEqual([]);
      expect(f.ran()).toBe(false); // waiting for the user's answer in Claude's prompt
      const text = screen.replace(/\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07]*\x07/g, "").replace(/\s+/g, " ");
      expect(text).toMatch(/git reset --hard/);
      expect(text).toMatch(
        /Hook PreToolUse:Bash requires confirmation for this command: ?│? ?staso: `git reset --hard`/,
      );
      expect(text).toMatch(/Do ?you ?want ?to ?proceed\?/);
    } finally {
      await killTree(child.pid!);
    }
  });
});
