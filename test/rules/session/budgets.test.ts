// session/time-budget and session/output-budget over scripted sessions of real hook processes.
import { describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { ScriptedSession } from "./session.js";

describe("session/time-budget", () => {
  it("warns the model once beside an output past warn_at, then blocks every call past the budget", async () => {
    // 3 s of active time, warning at half.
    const s = new ScriptedSession("time-1", {
      rules: { "session/time-budget": { params: { max_minutes: 0.05, warn_at: 0.5 } } },
    });
    const first = await s.call("Bash", { command: "ls" });
    expect(first.outcome).toBe("allow");
    expect(first.after?.outcome).toBe("allow");
    await sleep(1700);
    const warned = await s.call("Bash", { command: "ls src" });
    expect(warned.outcome).toBe("allow"); // the call itself is never stopped by a warning
    expect(warned.after?.outcome).toBe("modify");
    expect(warned.after?.reason).toMatch(/Time budget warning: this session has used \d+ s of its 3 s of active time/);
    // The output is shown as it was (a note beside it, no replacement).
    expect((warned.after!.run.json as any).hookSpecificOutput.updatedToolOutput).toBeUndefined();
    // Once.
    expect((await s.call("Bash", { command: "ls test" })).after?.outcome).toBe("allow");
    await sleep(1500);
    const over = await s.pre("Bash", { command: "ls dist" });
    expect(over.outcome).toBe("block");
    expect(over.reason).toMatch(/used its time budget \(\d+ s of active time; the limit is 3 s\).*max_minutes/);
    const logged = await s.logs("session/time-budget");
    expect(logged.map((r) => [r.event, r.action])).toEqual([
      ["post", "modify"],
      ["pre", "block"],
    ]);
  });
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
