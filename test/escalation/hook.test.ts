// The hook with escalations, as real processes: a hook that waits while another process approves, denies,
// or lets it time out; fire-and-forget blocks that let the retried call through once approved; both
// agents' renderings; the audit trail of every escalation and its answer; notifications.
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { userInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { claudePayload, codexPayload } from "../support/calls.js";
import { HOOK_IMPLS, nativeHookAvailable } from "../support/hook-process.js";
import {
  answer,
  auditRecords,
  CLAUDE_PRINT,
  CLAUDE_TERMINAL,
  cli,
  hook,
  pendingEscalations,
  stasoHome,
  steps,
  stored,
  tempHome,
} from "./support.js";

const ME = (() => {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? "";
  }
})();

const KUBECTL = "kubectl delete pod web-1"; // escalated by data/kubernetes-delete
const WAIT = { escalation: { mode: "wait", timeout: 20, pollInterval: 0.1 } };
const APPROVE_TEXT =
  /A human must approve this call first \(escalation (esc_[0-9a-f]{12})\); it was not run\. Ask the user to approve it by running `staso escalations approve \1` \(you cannot approve it yourself\), then try exactly the same call again\.$/;

for (const impl of HOOK_IMPLS) {
  describe.skipIf(impl === "native" && !nativeHookAvailable())(`${impl} hook`, () => {
    describe("wait mode: the hook holds the call until a human answers", () => {
      it("approve from another process: the call runs (Codex gets no objection), and the trail says who and how fast", async () => {
        const home = stasoHome(WAIT);
        const t0 = Date.now();
        const waiting = hook(home, codexPayload("Bash", { command: KUBECTL }), { impl });
        const [e] = await pendingEscalations(home);
        expect(e!.request).toMatchObject({
          mode: "wait",
          host: "codex",
          tool: "Bash",
          summary: KUBECTL,
          ruleId: "data/kubernetes-delete",
          raisedBy: ME,
        });
        await new Promise((r) => setTimeout(r, 300));
        const approved = await cli(home, ["escalations", "approve", e!.id, "--reason", "the pod is stuck", "--json"]);
        expect(approved.code, approved.stderr).toBe(0);
        expect(approved.json).toMatchObject({
          changed: true,
          escalation: {
            id: e!.id,
            status: "approved",
            resolution: { by: ME, scope: "once", reason: "the pod is stuck" },
          },
        });
        const r = await waiting;
        expect(r).toMatchObject({ stdout: "", code: 0 });
        expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
        expect(stored(home)).toEqual([
          expect.objectContaining({
            id: e!.id,
            status: "approved",
            consumed: expect.objectContaining({ host: "codex", toolUseId: "call_test_1" }),
          }),
        ]);

        const trail = auditRecords(home);
        expect(steps(trail)).toEqual([
          ["pre", "escalate", "pending"],
          ["escalation", "allow", "approved"],
          ["pre", "allow", "approved"],
        ]);
        const [raised, answered, final] = [
          trail[0],
          trail.find((x) => x.event === "escalation"),
          trail.slice(1).find((x) => x.event === "pre"),
        ];
        expect(raised).toMatchObject({
          span: "guard:escalated:Bash",
          escalationId: e!.id,
          escalation: { mode: "wait", id: e!.id, approveCommand: `staso escalations approve ${e!.id}` },
        });
        expect(answered).toMatchObject({
          escalationId: e!.id,
          reason: `Approved by ${ME} (once) (escalation ${e!.id}): the pod is stuck`,
          escalation: { resolvedBy: ME, resolutionReason: "the pod is stuck" },
        });
        expect(final).toMatchObject({
          span: "guard:allowed:Bash",
          ruleId: "data/kubernetes-delete",
          escalation: { mode: "wait", status: "approved", resolvedBy: ME, scope: "once" },
        });
        expect(final.escalation.timeToResolutionMs).toBeGreaterThanOrEqual(250);
        expect(final.escalation.waitedMs).toBeGreaterThanOrEqual(250);
        expect(final.latencyMs).toBeLessThan(final.escalation.waitedMs); // staso's own latency, not the human's
      });

      it("deny from another process: the call is blocked with the human's reason", async () => {
        const home = stasoHome(WAIT);
        const waiting = hook(home, codexPayload("Bash", { command: KUBECTL }), { impl });
        const [e] = await pendingEscalations(home);
        const denied = await cli(home, ["escalations", "deny", e!.id.slice(0, 8), "--reason", "use a rollout restart"]);
        expect(denied.code, denied.stderr).toBe(0);
        expect(denied.stdout).toMatch(
          new RegExp(`^Denied ${e!.id} \\(Bash: ${KUBECTL}\\)\\.\\nThe waiting call is blocked with your reason`),
        );
        const r = await waiting;
        expect(answer(r)).toEqual({
          hookEventName: "PreToolUse",
          permissionDecision: "deny",
          permissionDecisionReason: `staso: A human (${ME}) denied this call (escalation ${e!.id}): use a rollout restart. It was not run; do not try it again unchanged.`,
        });
        expect(steps(auditRecords(home))).toEqual([
          ["pre", "escalate", "pending"],
          ["escalation", "block", "denied"],
          ["pre", "block", "denied"],
        ]);
        // a retry of the denied call gets the same answer at once, without asking again
        const retry = await hook(home, codexPayload("Bash", { command: KUBECTL }), { impl });
        expect(answer(retry).permissionDecisionReason).toContain("use a rollout restart");
        expect(retry.ms).toBeLessThan(5000);
        expect(stored(home)).toHaveLength(1);
      });

      it('nobody answers: blocked with "Escalation poll timeout", the escalation marked timed out', async () => {
        const home = stasoHome({ escalation: { mode: "wait", timeout: 1.5, pollInterval: 0.1 } });
        const r = await hook(home, codexPayload("Bash", { command: KUBECTL }), { impl });
        expect(r.ms).toBeGreaterThanOrEqual(1400);
        expect(r.ms).toBeLessThan(10_000);
        const [e] = stored(home);
        expect(e).toMatchObject({ status: "timeout", resolution: { status: "timeout", by: "staso" } });
        expect(answer(r)).toEqual({
          hookEventName: "PreToolUse",
          permissionDecision: "deny",
          permissionDecisionReason: `staso: Escalation poll timeout: nobody answered escalation ${e!.id} within 2 s, so this call was not run.`,
        });
        const last = auditRecords(home).at(-1);
        expect(last).toMatchObject({
          action: "block",
          reason: expect.stringMatching(/^Escalation poll timeout/),
          escalation: { status: "timeout", resolvedBy: "staso" },
        });
        // too late now: a human's answer is refused, and the next try raises a new escalation
        const late = await cli(home, ["escalations", "approve", e!.id]);
        expect(late.code).toBe(1);
        expect(late.stderr).toMatch(/timed out .* before this answer/);
      });

      it("outlives staso's own deadline for the rules: a wait is not a rule running late", async () => {
        const home = stasoHome(WAIT);
        const waiting = hook(home, codexPayload("Bash", { command: KUBECTL }), {
          impl,
          env: { STASO_GUARD_TIMEOUT: "1" },
        });
        const [e] = await pendingEscalations(home);
        await new Promise((r) => setTimeout(r, 2500));
        await cli(home, ["escalations", "approve", e!.id]);
        const r = await waiting;
        expect(r).toMatchObject({ stdout: "", stderr: "", code: 0 });
        expect(r.ms).toBeGreaterThanOrEqual(2500);
      });

      it("ends its wait before the agent's hook timeout (--host-timeout, written by setup)", async () => {
        const home = stasoHome({ escalation: { mode: "wait", timeout: 300, pollInterval: 0.1 } });
        const r = await hook(home, codexPayload("Bash", { command: KUBECTL }), {
          impl,
          args: ["--target", "codex", "--host-timeout", "8"],
        });
        expect(r.ms).toBeLessThan(8000 - 2000); // 5 s margin before the agent's 8 s
        expect(answer(r).permissionDecisionReason).toMatch(
          /^staso: Escalation poll timeout: nobody answered escalation esc_[0-9a-f]{12} within 3 s, so this call was not run\. \(staso waited only 3 s of the 300 s escalation\.timeout, to answer before the agent stops waiting for the hook; run `staso setup` again/,
        );
      });

      it("an escalated call that a rule also rewrote runs rewritten once approved (Codex: allow + updatedInput)", async () => {
        const home = stasoHome({
          ...WAIT,
          customRules: [
            {
              id: "team/deploy",
              reason: "Deploys to production.",
              action: "escalate",
              when: { input: { command: { contains: "deploy-prod" } } },
            },
            {
              id: "team/no-force",
              reason: "Deploys without --force.",
              action: "modify",
              when: { input: { command: { contains: "--force" } } },
              modify: { replace: [{ path: "command", regex: " --force", with: "" }] },
            },
          ],
        });
        const waiting = hook(home, codexPayload("Bash", { command: "echo deploy-prod --force" }), { impl });
        const [e] = await pendingEscalations(home);
        expect(e!.request.modifiedInput).toEqual({ command: "echo deploy-prod" });
        await cli(home, ["escalations", "approve", e!.id]);
        expect(answer(await waiting)).toEqual({
          hookEventName: "PreToolUse",
          permissionDecision: "allow",
          updatedInput: { command: "echo deploy-prod" },
        });
      });

      it("claude -p: waits too when configured for it, and a denial is Claude's deny", async () => {
        const home = stasoHome({
          escalation: { mode: { "claude-code-headless": "wait" }, timeout: 20, pollInterval: 0.1 },
        });
        const waiting = hook(home, claudePayload("Bash", { command: KUBECTL }), { impl, env: CLAUDE_PRINT });
        const [e] = await pendingEscalations(home);
        expect(e!.request.host).toBe("claude-code");
        await cli(home, ["escalations", "deny", e!.id, "--reason", "no"]);
        expect(answer(await waiting)).toEqual({
          hookEventName: "PreToolUse",
          permissionDecision: "deny",
          permissionDecisionReason: `staso: A human (${ME}) denied this call (escalation ${e!.id}): no. It was not run; do not try it again unchanged.`,
        });

        const approveHome = stasoHome({
          escalation: { mode: { "claude-code-headless": "wait" }, timeout: 20, pollInterval: 0.1 },
        });
        const waiting2 = hook(approveHome, claudePayload("Bash", { command: KUBECTL }), { impl, env: CLAUDE_PRINT });
        const [e2] = await pendingEscalations(approveHome);
        await cli(approveHome, ["escalations", "approve", e2!.id]);
        expect(await waiting2).toMatchObject({ stdout: "", code: 0 }); // Claude's own permission flow then applies
      });
    });

    describe("fire-and-forget: blocked now, through on the retry once approved", () => {
      it("Codex: the block names the escalation and the command; approve once lets exactly one retry through", async () => {
        const home = stasoHome();
        const first = await hook(home, codexPayload("Bash", { command: KUBECTL }), { impl });
        const reason: string = answer(first).permissionDecisionReason;
        const id = APPROVE_TEXT.exec(reason)?.[1];
        expect(reason, reason).toMatch(/^staso: `kubectl delete pod web-1` deletes cluster resources\./);
        expect(id).toBeDefined();
        expect(first.ms).toBeLessThan(5000);
        // the agent tries again before anyone answered: the same escalation, not a second one
        const again = await hook(home, codexPayload("Bash", { command: KUBECTL }, { tool_use_id: "call_again" }), {
          impl,
        });
        expect(APPROVE_TEXT.exec(answer(again).permissionDecisionReason)?.[1]).toBe(id);
        expect(stored(home)).toHaveLength(1);

        expect((await cli(home, ["escalations", "approve", id!])).code).toBe(0);
        const retry = await hook(home, codexPayload("Bash", { command: KUBECTL }, { tool_use_id: "call_retry" }), {
          impl,
        });
        expect(retry).toMatchObject({ stdout: "", code: 0 });
        const third = await hook(home, codexPayload("Bash", { command: KUBECTL }, { tool_use_id: "call_third" }), {
          impl,
        });
        const id3 = APPROVE_TEXT.exec(answer(third).permissionDecisionReason)?.[1];
        expect(id3).toBeDefined();
        expect(id3).not.toBe(id);
        expect(
          auditRecords(home).map((x) => [
            x.event,
            x.action,
            x.escalationId === id ? "1" : x.escalationId === id3 ? "3" : "-",
          ]),
        ).toEqual([
          ["pre", "escalate", "1"],
          ["pre", "escalate", "1"],
          ["escalation", "allow", "1"],
          ["pre", "allow", "1"],
          ["pre", "escalate", "3"],
        ]);
      });

      it("approve --for: every try of the same call runs until then; a different call still escalates", async () => {
        const home = stasoHome();
        const first = await hook(home, codexPayload("Bash", { command: KUBECTL }), { impl });
        const id = APPROVE_TEXT.exec(answer(first).permissionDecisionReason)![1]!;
        const ok = await cli(home, ["escalations", "approve", id, "--for", "10m"]);
        expect(ok.stdout).toMatch(/for every try of this exact call until /);
        for (let i = 0; i < 3; i++)
          expect((await hook(home, codexPayload("Bash", { command: KUBECTL }), { impl })).stdout).toBe("");
        expect(
          answer(await hook(home, codexPayload("Bash", { command: "kubectl delete pod web-2" }), { impl }))
            .permissionDecisionReason,
        ).toMatch(APPROVE_TEXT);
      });

      it("a denial answers the retry with the human's reason", async () => {
        const home = stasoHome();
        const id = APPROVE_TEXT.exec(
          answer(await hook(home, codexPayload("Bash", { command: KUBECTL }), { impl })).permissionDecisionReason,
        )![1]!;
        await cli(home, ["escalations", "deny", id, "--reason", "ask in #ops first"]);
        const retry = await hook(home, codexPayload("Bash", { command: KUBECTL }), { impl });
        expect(answer(retry).permissionDecisionReason).toBe(
          `staso: A human (${ME}) denied this call (escalation ${id}): ask in #ops first. It was not run; do not try it again unchanged.`,
        );
      });

      it("Claude Code: under claude -p staso's own escalation (a deny naming it); in a terminal Claude's own prompt", async () => {
        const home = stasoHome();
        const headless = await hook(home, claudePayload("Bash", { command: KUBECTL }), { impl, env: CLAUDE_PRINT });
        expect(answer(headless)).toEqual({
          hookEventName: "PreToolUse",
          permissionDecision: "deny",
          permissionDecisionReason: expect.stringMatching(APPROVE_TEXT),
        });
        expect(stored(home)).toHaveLength(1);

        const termHome = stasoHome();
        const terminal = await hook(termHome, claudePayload("Bash", { command: KUBECTL }), {
          impl,
          env: CLAUDE_TERMINAL,
        });
        expect(answer(terminal)).toEqual({
          hookEventName: "PreToolUse",
          permissionDecision: "ask",
          permissionDecisionReason: expect.stringMatching(
            /^staso: `kubectl delete pod web-1` deletes cluster resources\. .*\[rule data\/kubernetes-delete\]$/,
          ),
        });
        expect(stored(termHome)).toEqual([]);
        expect(auditRecords(termHome)).toEqual([
          expect.objectContaining({ action: "escalate", escalation: { mode: "ask", status: "asked" } }),
        ]);
      });

      it("escalation.mode fire-and-forget applies to Claude Code in a terminal too", async () => {
        const home = stasoHome({ escalation: { mode: "fire-and-forget" } });
        const r = await hook(home, claudePayload("Bash", { command: KUBECTL }), { impl, env: CLAUDE_TERMINAL });
        expect(answer(r).permissionDecision).toBe("deny");
        expect(answer(r).permissionDecisionReason).toMatch(APPROVE_TEXT);
      });
    });
  });
}

describe("notifying a human", () => {
  /** A fake notify-send that takes its time, then records its arguments. */
  function fakeNotifier(): { bin: string; log: string } {
    const dir = tempHome("staso-notify-");
    const log = join(dir, "notified.txt");
    const bin = join(dir, "notify-send");
    writeFileSync(bin, `#!/bin/sh\nsleep 2\nprintf '%s\\n' "$@" > ${JSON.stringify(log)}\n`);
    chmodSync(bin, 0o755);
    return { bin: dir, log };
  }

  it("raises a desktop notification, detached: the hook does not wait for it", async () => {
    const n = fakeNotifier();
    const home = stasoHome({ escalation: { notify: "auto" } });
    const env = { PATH: `${n.bin}:${process.env.PATH}`, DISPLAY: ":99" };
    const r = await hook(home, codexPayload("Bash", { command: KUBECTL }), { env });
    expect(r.ms).toBeLessThan(1800);
    expect(existsSync(n.log)).toBe(false);
    const id = APPROVE_TEXT.exec(answer(r).permissionDecisionReason)![1]!;
    const until = Date.now() + 8000;
    while (!existsSync(n.log) && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
    const args = readFileSync(n.log, "utf8");
    expect(args).toContain("staso: Bash call needs approval");
    expect(args).toContain(KUBECTL);
    expect(args).toContain(`staso escalations approve ${id}`);
  });

  it("only when an escalation is raised: not for its reuse, not with notify off, never for an everyday call", async () => {
    for (const [config, payload] of [
      [{ escalation: { notify: "off" } }, codexPayload("Bash", { command: KUBECTL })],
      [{ escalation: { notify: "auto" } }, codexPayload("Bash", { command: "ls -la" })],
    ] as const) {
      const n = fakeNotifier();
      const home = stasoHome(config);
      await hook(home, payload, { env: { PATH: `${n.bin}:${process.env.PATH}`, DISPLAY: ":99" } });
      await new Promise((res) => setTimeout(res, 2500));
      expect(existsSync(n.log)).toBe(false);
    }
  });
});

describe("the everyday path", () => {
  it("loads nothing of escalations for a call that is not escalated (no store, no node:crypto)", async () => {
    const dir = tempHome("staso-trace-");
    const tracer = join(dir, "tracer.cjs");
    const out = join(dir, "modules.json");
    writeFileSync(
      tracer,
      `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.moduleLoadList)));\n`,
    );
    const home = stasoHome();
    const everyday = await hook(home, codexPayload("Bash", { command: "git status" }), {
      env: { NODE_OPTIONS: `--require ${tracer}` },
    });
    expect(everyday.stdout).toBe("");
    const loaded: string[] = JSON.parse(readFileSync(out, "utf8"));
    expect(loaded.filter((m) => /crypto/.test(m))).toEqual([]);
    expect(existsSync(join(home, "escalations"))).toBe(false);

    await hook(home, codexPayload("Bash", { command: KUBECTL }), { env: { NODE_OPTIONS: `--require ${tracer}` } });
    expect((JSON.parse(readFileSync(out, "utf8")) as string[]).some((m) => /crypto/.test(m))).toBe(true);
    expect(existsSync(join(home, "escalations"))).toBe(true);
  });
});
