// session/time-budget and session/output-budget over scripted sessions of real hook processes.
import { describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { ScriptedSession } from "../../support/scripted-session.js";

describe("session/time-budget", () => {
  // Active time is wall-clock time between calls, so each case leaves a wide margin between its two
  // thresholds: a loaded machine only adds time, and must not push a call across the next threshold.
  it("warns the model once beside an output past warn_at; the call itself is never stopped by a warning", async () => {
    // 20 s of active time, warning at 2 s.
    const s = new ScriptedSession("time-1", {
      rules: { "session/time-budget": { params: { max_minutes: 1 / 3, warn_at: 0.1 } } },
    });
    const first = await s.call("Bash", { command: "ls" });
    expect(first.outcome).toBe("allow");
    expect(first.after?.outcome).toBe("allow");
    await sleep(2200);
    const warned = await s.call("Bash", { command: "ls src" });
    expect(warned.outcome).toBe("allow");
    expect(warned.after?.outcome).toBe("modify");
    expect(warned.after?.reason).toMatch(/Time budget warning: this session has used \d+ s of its 20 s of active time/);
    // The output is shown as it was (a note beside it, no replacement).
    expect((warned.after!.run.json as any).hookSpecificOutput.updatedToolOutput).toBeUndefined();
    // Once.
    expect((await s.call("Bash", { command: "ls test" })).after?.outcome).toBe("allow");
    const logged = await s.logs("session/time-budget");
    expect(logged.map((r) => [r.event, r.action])).toEqual([["post", "modify"]]);
  }, 60_000);

  it("blocks every call once the session's active time passes the budget", async () => {
    // 0.6 s of active time, no warning.
    const s = new ScriptedSession("time-2", {
      rules: { "session/time-budget": { params: { max_minutes: 0.01, warn_at: 0 } } },
    });
    expect((await s.call("Bash", { command: "ls" })).outcome).toBe("allow");
    await sleep(800);
    const over = await s.pre("Bash", { command: "ls dist" });
    expect(over.outcome).toBe("block");
    expect(over.reason).toMatch(/used its time budget \(\d+ s of active time; the limit is 1 s\).*max_minutes/);
    expect((await s.pre("Bash", { command: "git status" })).outcome).toBe("block");
    const logged = await s.logs("session/time-budget");
    expect(logged.map((r) => [r.event, r.action])).toEqual([
      ["pre", "block"],
      ["pre", "block"],
    ]);
  }, 60_000);
});

describe("session/output-budget", () => {
  it("output sizes from PostToolUse feed the budget: a warning past warn_at, then a hard stop", async () => {
    const s = new ScriptedSession("output-1", {
      rules: { "session/output-budget": { params: { max_bytes: 10_000, warn_at: 0.5 } } },
    });
    const big = (n: number) => ({ stdout: "x".repeat(n), stderr: "", interrupted: false });
    expect((await s.call("Bash", { command: "cat a.log" }, { output: big(3000) })).after?.outcome).toBe("allow");
    const warned = await s.call("Bash", { command: "cat b.log" }, { output: big(3000) });
    expect(warned.after?.outcome).toBe("modify");
    expect(warned.after?.reason).toMatch(/Output budget warning: this session has taken in 6 KiB of tool output/);
    expect((await s.call("Bash", { command: "cat c.log" }, { output: big(5000) })).after?.outcome).toBe("allow");
    const over = await s.pre("Bash", { command: "cat d.log" });
    expect(over.outcome).toBe("block");
    expect(over.reason).toMatch(/taken in 11 KiB of tool output \(about 3k tokens; the budget is 10 KiB\)/);
  });

  it("Codex: the warning keeps the output (Codex shows the reason instead of it, so the reason carries it)", async () => {
    const s = new ScriptedSession("output-codex", {
      host: "codex",
      rules: { "session/output-budget": { params: { max_bytes: 1000, warn_at: 0.5 } } },
    });
    const warned = await s.call("Bash", { command: "cat a.log" }, { output: "y".repeat(600) });
    expect(warned.after?.outcome).toBe("block"); // Codex's PostToolUse shape for any note
    expect(warned.after?.reason).toContain("Output budget warning");
    expect(warned.after?.reason).toContain("y".repeat(600));
  });
});
