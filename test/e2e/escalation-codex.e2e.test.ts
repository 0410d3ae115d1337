// Escalation with the real Codex (`codex exec`, no trust-bypass flag), staso installed by `staso setup`
// in a throwaway HOME/CODEX_HOME, against a mock OpenAI Responses API on 127.0.0.1. The scripted call is
// one a built-in rule escalates (git/reset-hard) with an effect on disk: it runs only after a human runs
// `staso escalations approve` in another process, and never after a deny or a timeout.
//
// Codex has no "ask" and runs the tool when a hook times out, so these also prove that setup sized
// Codex's hook timeout above staso's wait, and that the hook answered inside it.

import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { afterAll, afterEach, describe, expect, it } from "vitest";

import { createWorkspace, describeRun, runCodex, type AgentRunResult, type Workspace } from "./support/agents.js";
import { openaiCallId, startMockOpenAI, type MockOpenAI } from "./support/mock-openai.js";
import {
  auditRecords,
  git,
  installStaso,
  nativeHookStatus,
  removeStasoSnapshot,
  stasoHomeOf,
  stasoEnv,
  writeStasoConfig,
  setApprovalPassphrase,
  stasoAsHuman,
  type AuditRecord,
  type HookVariant,
} from "./support/staso.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(() => removeStasoSnapshot());

// Discards the uncommitted edit of tracked.txt, then leaves a marker: both prove the call ran.
const CALL = "git reset --hard && echo ran > ran.txt";

interface Fixture {
  ws: Workspace;
  mock: MockOpenAI;
  /** The call's effects on disk. */
  ran(): boolean;
}

/** A git project with an uncommitted edit, staso set up for Codex with this escalation config. */
async function fixture(escalation: Record<string, unknown>, runs = 1, variant?: HookVariant): Promise<Fixture> {
  const ws = createWorkspace({ prefix: "staso-e2e-esc-codex-" });
  cleanups.push(() => ws.cleanup());
  git(ws, ws.project, ["init", "-q"]);
  writeFileSync(join(ws.project, "tracked.txt"), "committed\n");
  git(ws, ws.project, ["add", "tracked.txt"]);
  git(ws, ws.project, ["commit", "-q", "-m", "first"]);
  writeFileSync(join(ws.project, "tracked.txt"), "uncommitted edit\n");
  const turns = [];
  for (let i = 0; i < runs; i++) turns.push({ calls: [{ exec: CALL }] }, { text: "finished" });
  const mock = await startMockOpenAI({ turns });
  cleanups.push(() => mock.close());
  // Before setup: setup reads the escalation mode and timeout to size Codex's hook timeout.
  writeStasoConfig(ws, { escalation: { notify: "off", ...escalation } });
  await setApprovalPassphrase(ws);
  installStaso(ws, "codex", { codexBaseUrl: mock.baseUrl, ...(variant ? { variant } : {}) });
  const ran = () => {
    const reset = readFileSync(join(ws.project, "tracked.txt"), "utf8") === "committed\n";
    const marker = existsSync(join(ws.project, "ran.txt"));
    expect(reset, "the reset and the marker go together").toBe(marker);
    return marker;
  };
  expect(ran()).toBe(false);
  return { ws, mock, ran };
}

/** The pending escalation the waiting hook raised, read from the store's files. */
async function pendingEscalation(
  ws: Workspace,
  run: Promise<AgentRunResult>,
  timeoutMs = 20_000,
): Promise<{ id: string; request: any }> {
  const dir = join(stasoHomeOf(ws), "escalations");
  let finished = false;
  void run.then(() => (finished = true));
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(dir)) {
      for (const id of readdirSync(dir).filter((n) => /^esc_[0-9a-f]{12}$/.test(n))) {
        const req = join(dir, id, "request.json");
        if (existsSync(req) && !existsSync(join(dir, id, "resolution.json")))
          return { id, request: JSON.parse(readFileSync(req, "utf8")) };
      }
    }
    if (finished) throw new Error(`codex finished without raising an escalation:\n${describeRun(await run)}`);
    if (Date.now() > until) throw new Error("no escalation was raised");
    await new Promise((r) => setTimeout(r, 50));
  }
}

function expectCleanRun(r: AgentRunResult): void {
  expect(r.command.join(" ")).not.toContain("bypass-hook-trust");
  expect(r.timedOut, describeRun(r)).toBe(false);
  expect(r.exitCode, describeRun(r)).toBe(0);
  expect(r.stderr, describeRun(r)).not.toMatch(/hook: PreToolUse Failed/); // Codex would then have run the call
}

const told = (mock: MockOpenAI, turn = 0) => mock.callOutput(openaiCallId(turn, 0))?.output ?? "";
const trail = (ws: Workspace) => auditRecords(ws).filter((r) => r.event !== "post");
/**
 * The trail's [event, action, escalation status] steps. The human's answer (recorded by the command that
 * gave it) and the waiting hook's decision (recorded when the hook sees it) come from two processes at
 * nearly the same time: their relative order is not part of the contract, so the answer sorts first.
 */
const steps = (records: AuditRecord[]) => {
  const all = records.map((r) => [r.event, r.action, (r.escalation as any)?.status]);
  const [first, ...rest] = all;
  return first
    ? [first, ...rest.sort((a, b) => (a[0] === b[0] ? 0 : a[0] === "escalation" ? -1 : b[0] === "escalation" ? 1 : 0))]
    : [];
};

describe("Codex + staso escalations (wait mode)", () => {
  it("setup sizes the hook timeout for the wait and tells the hook", async () => {
    const f = await fixture({ mode: "wait", timeout: 25, pollInterval: 0.2 });
    const hooks = JSON.parse(readFileSync(join(f.ws.codexHome, "hooks.json"), "utf8"));
    const pre = hooks.hooks.PreToolUse[0].hooks[0];
    // staso's own 10 s + the 25 s wait + 5 s margin + 20 s
    expect(pre.timeout).toBe(60);
    expect(pre.command).toMatch(/ hook --target codex --host-timeout 60$/);
  });

  // Both hook programs: setup's (the native build when there is one) and the Node launcher.
  const variants: HookVariant[] = nativeHookStatus().ok ? ["native", "node"] : ["node"];
  it.each(variants)("an escalated call runs only after `staso escalations approve` (%s hook)", async (variant) => {
    const f = await fixture({ mode: "wait", timeout: 25, pollInterval: 0.2 }, 1, variant);
    const run = runCodex({ workspace: f.ws, mock: f.mock, env: stasoEnv(f.ws), writeConfig: false, timeoutMs: 60_000 });
    const e = await pendingEscalation(f.ws, run);
    expect(e.request).toMatchObject({
      host: "codex",
      tool: "Bash",
      summary: CALL,
      ruleId: "git/reset-hard",
      mode: "wait",
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(f.ran(), "the call must wait for the human").toBe(false);
    const approved = await stasoAsHuman(f.ws, ["escalations", "approve", e.id]);
    expect(approved.code, approved.stderr).toBe(0);
    const r = await run;
    expectCleanRun(r);
    expect(f.ran(), describeRun(r)).toBe(true);
    expect(told(f.mock)).not.toContain("staso");
    expect(steps(trail(f.ws))).toEqual([
      ["pre", "escalate", "pending"],
      ["escalation", "allow", "approved"],
      ["pre", "allow", "approved"],
    ]);
    expect(
      (
        trail(f.ws)
          .slice(1)
          .find((r) => r.event === "pre")!.escalation as any
      ).timeToResolutionMs,
    ).toBeGreaterThanOrEqual(1000);
  });

  it("never runs after a deny, and the model is told the human's reason", async () => {
    const f = await fixture({ mode: "wait", timeout: 25, pollInterval: 0.2 });
    const run = runCodex({ workspace: f.ws, mock: f.mock, env: stasoEnv(f.ws), writeConfig: false, timeoutMs: 60_000 });
    const e = await pendingEscalation(f.ws, run);
    const denied = await stasoAsHuman(f.ws, ["escalations", "deny", e.id, "--reason", "stash the edit instead"]);
    expect(denied.code, denied.stderr).toBe(0);
    const r = await run;
    expectCleanRun(r);
    expect(f.ran()).toBe(false);
    expect(told(f.mock)).toMatch(
      new RegExp(
        `^Command blocked by PreToolUse hook: staso: A human \\(\\S+\\) denied this call \\(escalation ${e.id}\\): stash the edit instead\\. It was not run`,
      ),
    );
    expect(steps(trail(f.ws))).toEqual([
      ["pre", "escalate", "pending"],
      ["escalation", "block", "denied"],
      ["pre", "block", "denied"],
    ]);
  });

  it('never runs after a timeout: "Escalation poll timeout"', async () => {
    const f = await fixture({ mode: "wait", timeout: 3, pollInterval: 0.2 });
    const r = await runCodex({
      workspace: f.ws,
      mock: f.mock,
      env: stasoEnv(f.ws),
      writeConfig: false,
      timeoutMs: 60_000,
    });
    expectCleanRun(r);
    expect(r.durationMs).toBeGreaterThanOrEqual(3000);
    expect(f.ran()).toBe(false);
    expect(told(f.mock)).toMatch(
      /^Command blocked by PreToolUse hook: staso: Escalation poll timeout: nobody answered escalation esc_[0-9a-f]{12} within 3 s, so this call was not run\./,
    );
    expect(steps(trail(f.ws))).toEqual([
      ["pre", "escalate", "pending"],
      ["pre", "block", "timeout"],
    ]);
    // an approval after the timeout changes nothing
    const id = trail(f.ws)[0]!.escalationId as string;
    expect((await stasoAsHuman(f.ws, ["escalations", "approve", id])).code).toBe(1);
  });
});

describe("Codex + staso escalations (fire-and-forget, Codex's default)", () => {
  it("blocks with the escalation id and the approve command; once approved, the retried call runs", async () => {
    const f = await fixture({}, 2);
    const first = await runCodex({ workspace: f.ws, mock: f.mock, env: stasoEnv(f.ws), writeConfig: false });
    expectCleanRun(first);
    expect(f.ran()).toBe(false);
    const m =
      /\(escalation (esc_[0-9a-f]{12})\); it was not run\. Ask the user to approve it by running `staso escalations approve (esc_[0-9a-f]{12})`/.exec(
        told(f.mock, 0),
      );
    expect(m, told(f.mock, 0)).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    expect(first.durationMs).toBeLessThan(20_000);

    const approved = await stasoAsHuman(f.ws, ["escalations", "approve", m![1]!]);
    expect(approved.code, approved.stderr).toBe(0);
    // The agent tries the same call again (a new `codex exec`, a new session): it goes through.
    const second = await runCodex({ workspace: f.ws, mock: f.mock, env: stasoEnv(f.ws), writeConfig: false });
    expectCleanRun(second);
    expect(f.ran(), describeRun(second)).toBe(true);
    expect(told(f.mock, 2)).not.toContain("staso");
    expect(steps(trail(f.ws))).toEqual([
      ["pre", "escalate", "pending"],
      ["escalation", "allow", "approved"],
      ["pre", "allow", "approved"],
    ]);
  });
});
