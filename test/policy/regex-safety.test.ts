// User regexes never hang the hook: they run on a linear-time engine (catastrophic patterns included),
// backreferences and lookaround are rejected at load time, and a long match gives up at the deadline.
import { describe, expect, it } from "vitest";
import { claudePayload } from "../support/calls.js";
import { runHook } from "../support/hook-process.js";
import { callIn, load, sandbox } from "./support.js";
import { activeRules } from "../../src/policy/active-rules.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { claudeCode } from "../../src/hosts/claude-code/index.js";

const EVIL = ["(a+)+$", "(a|aa)+$", "(a|a)*b", "^(\\w+\\s?)*$", "(.*a){12}"];

describe("regex safety", () => {
  it("catastrophic patterns from a config match 200 kB in well under a second", async () => {
    const sb = sandbox();
    sb.user({
      customRules: EVIL.map((regex, i) => ({
        id: `evil/r${i}`,
        reason: "evil",
        action: "block",
        when: { tool: "Write", input: { content: { regex } } },
      })),
    });
    const loaded = await load(sb);
    const content = `${"a".repeat(200_000)}!`;
    const started = performance.now();
    const d = await evaluate(
      callIn(sb.project, "Write", { file_path: `${sb.project}/x.txt`, content }),
      activeRules(loaded.policy, loaded.set),
      { failMode: "closed", withInput: claudeCode.withInput, deadlineMs: 20_000 },
    );
    const ms = performance.now() - started;
    expect(d.failure).toBeUndefined();
    expect(ms).toBeLessThan(10_000);
    // The built-in engine would not finish (n^2 and worse); the matches are still right.
    expect(d.verdicts.map((v) => v.ruleId).sort()).toEqual(["evil/r4"]);
  });

  it("a match that runs past the deadline stops and the call follows the fail mode", async () => {
    const sb = sandbox();
    sb.user({
      customRules: [
        {
          id: "slow/r",
          reason: "slow",
          action: "block",
          when: { tool: "Write", input: { content: { regex: "(a|b|c|d|e|f)*z" } } },
        },
      ],
    });
    const loaded = await load(sb);
    const content = "abcdef".repeat(1_000_000);
    const started = performance.now();
    const d = await evaluate(
      callIn(sb.project, "Write", { file_path: `${sb.project}/x.txt`, content }),
      activeRules(loaded.policy, loaded.set),
      { failMode: "closed", withInput: claudeCode.withInput, deadlineMs: 30 },
    );
    expect(performance.now() - started).toBeLessThan(3000);
    expect(d.action).toBe("block");
    expect(d.failure).toMatch(/the rules did not finish within 30 ms/);
  });

  it("in the hook: a big payload against a slow pattern is answered within the deadline", async () => {
    const sb = sandbox();
    sb.user({
      customRules: [
        {
          id: "slow/r",
          reason: "slow",
          action: "block",
          when: { tool: "Write", input: { content: { regex: "(a|b|c|d|e|f)*z" } } },
        },
      ],
    });
    const r = await runHook(
      claudePayload(
        "Write",
        { file_path: `${sb.project}/big.txt`, content: "abcdef".repeat(2_000_000) },
        { cwd: sb.project },
      ),
      { env: { STASO_HOME: sb.home, STASO_GUARD_TIMEOUT: "0.5" } },
    );
    expect(r.code).toBe(0);
    expect(r.json.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(r.json.hookSpecificOutput.permissionDecisionReason).toMatch(
      /a policy regex ran past the deadline|did not finish within/,
    );
    expect(r.ms).toBeLessThan(10_000);
  });

  it("patterns that cannot run in linear time are refused when the config loads", async () => {
    const sb = sandbox();
    const file = sb.user({
      allow: [{ reason: "x", when: { input: { command: { regex: "^(git|npm) (?!publish)" } } } }],
    });
    await expect(load(sb)).rejects.toThrow(
      `${file}: allow[0].when.input.command.regex must be a regular expression staso can match in linear time, not "^(git|npm) (?!publish)" (lookaround is not supported (it cannot be matched in linear time) at position 12).`,
    );
  });
});
