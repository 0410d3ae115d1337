// What subscribing Claude Code's PostToolUseFailure changes for the user, through real hook processes that
// share a STASO_HOME and a session id as one Claude Code session does: the failure is remembered, and
// session/retry-loop denies the identical retry of a call that failed for lack of permission. The payloads
// are the ones Claude Code 2.1.329 sends for `./deploy.sh` on a file that is not executable.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claudePayload } from "../support/calls.js";
import { HOOK_IMPLS, nativeHookAvailable, runHook, tempHome } from "../support/hook-process.js";

const DEPLOY = { command: "./deploy.sh", description: "Run the deploy script" };
const PERMISSION_DENIED = "Exit code 126\n/bin/bash: line 1: ./deploy.sh: Permission denied";

function auditRecords(staso: string): Array<Record<string, unknown>> {
  const dir = join(staso, "audit");
  return readdirSync(dir).flatMap((f) =>
    readFileSync(join(dir, f), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}

for (const impl of HOOK_IMPLS) {
  const available = impl === "node" || nativeHookAvailable();

  describe.skipIf(!available)(`${impl} hook: Claude Code's PostToolUseFailure feeds session/retry-loop`, () => {
    /** One Claude Code session: every hook call shares STASO_HOME and session_id. */
    function session(id: string) {
      const env = { STASO_HOME: tempHome("staso-failure-") };
      const hook = (tool: string, input: Record<string, unknown>, extra: Record<string, unknown>) =>
        runHook(claudePayload(tool, input, { session_id: id, ...extra }), { env, impl });
      return {
        env,
        pre: (input: Record<string, unknown>, useId: string) =>
          hook("Bash", input, { hook_event_name: "PreToolUse", tool_use_id: useId }),
        failed: (input: Record<string, unknown>, useId: string, error: string) =>
          hook("Bash", input, {
            hook_event_name: "PostToolUseFailure",
            tool_use_id: useId,
            error,
            is_interrupt: false,
            duration_ms: 36,
          }),
      };
    }

    it("a Bash call that failed with Permission denied: the identical retry is denied by session/retry-loop, a different command is allowed", async () => {
      const s = session(`failure-${impl}-1`);
      expect(await s.pre(DEPLOY, "toolu_fail_1")).toMatchObject({ stdout: "", stderr: "", code: 0 });
      // The tool failed: staso has nothing to say to the model about it (the error speaks for itself).
      expect(await s.failed(DEPLOY, "toolu_fail_1", PERMISSION_DENIED)).toMatchObject({
        stdout: "",
        stderr: "",
        code: 0,
      });

      const retry = await s.pre(DEPLOY, "toolu_fail_2");
      expect(retry.code).toBe(0);
      expect(retry.json).toEqual({
        hookSpecificOutput: {
          hookEventName: "PreToolUse",
          permissionDecision: "deny",
          permissionDecisionReason: expect.stringMatching(
            /^staso: This exact Bash call just failed with a permission error.*Fix the cause first.*\[rule session\/retry-loop\]$/s,
          ),
        },
      });

      // The near miss: another command (here the fix) is not a retry, and runs.
      expect(await s.pre({ command: "chmod +x deploy.sh && ./deploy.sh" }, "toolu_fail_3")).toMatchObject({
        stdout: "",
        stderr: "",
        code: 0,
      });

      const records = auditRecords(s.env.STASO_HOME);
      expect(records.map((r) => [r.event, r.toolUseId, r.action])).toEqual([
        ["pre", "toolu_fail_1", "allow"],
        ["post-failure", "toolu_fail_1", "allow"],
        ["pre", "toolu_fail_2", "block"],
        ["pre", "toolu_fail_3", "allow"],
      ]);
      expect(records[2]).toMatchObject({ span: "guard:blocked:Bash", ruleId: "session/retry-loop" });
    });

    it("without the PostToolUseFailure (a setup that did not subscribe it), the identical retry goes through", async () => {
      // What setup fixes: the failure never arrives, so the call is not known to have run, let alone failed.
      const s = session(`failure-${impl}-2`);
      expect((await s.pre(DEPLOY, "toolu_fail_1")).stdout).toBe("");
      expect((await s.pre(DEPLOY, "toolu_fail_2")).stdout).toBe("");
    });

    it("a failure that may not recur (a plain non-zero exit) does not stop the retry", async () => {
      const s = session(`failure-${impl}-3`);
      const test = { command: "npm test" };
      await s.pre(test, "toolu_fail_1");
      expect((await s.failed(test, "toolu_fail_1", "Exit code 1\n1 test failed")).stdout).toBe("");
      expect((await s.pre(test, "toolu_fail_2")).stdout).toBe("");
    });
  });
}
