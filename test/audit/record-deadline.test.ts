// The audit record is written before the hook's process ends, and the host waits for that: its input is
// masked within the hook's deadline, or recorded as a placeholder. The call itself is always recorded.
import { describe, expect, it } from "vitest";
import { buildRecord, INPUT_NOT_RECORDED } from "../../src/audit/record.js";
import { claudeCall } from "../support/calls.js";

const allow = { action: "allow" as const, reason: "", verdicts: [] };

describe("an audit record past the deadline", () => {
  it("a large input becomes a placeholder, the call is still recorded", () => {
    const big = claudeCall("mcp__db__bulk", {
      rows: Array.from({ length: 15_000 }, (_, i) => ({ id: i, name: `r${i}` })),
    });
    const late = buildRecord(big, allow, 1, new Date(), performance.now() - 1);
    expect(late.input).toBe(INPUT_NOT_RECORDED);
    expect(late).toMatchObject({ tool: "mcp__db__bulk", action: "allow", span: "guard:allowed:mcp__db__bulk" });
  });

  it("a small input is masked whole, late or not", () => {
    const small = buildRecord(claudeCall("Bash", { command: "ls" }), allow, 1, new Date(), performance.now() - 1);
    expect(small.input).toEqual({ command: "ls" });
  });

  it("in time, a large input is recorded (masked, capped)", () => {
    const big = claudeCall("mcp__db__bulk", { rows: Array.from({ length: 15_000 }, (_, i) => ({ id: i })) });
    expect(buildRecord(big, allow, 1).input).not.toBe(INPUT_NOT_RECORDED);
  });
});
