// session/runaway over scripted sessions of real hook processes.
import { describe, expect, it } from "vitest";
import { ScriptedSession } from "../../support/scripted-session.js";

describe("session/runaway", () => {
  it("past max_calls a human must approve going on (Claude asks); an approval (the call ran) holds for escalate_every calls", async () => {
    const s = new ScriptedSession("runaway-1", {
      rules: { "session/runaway": { params: { max_calls: 4, escalate_every: 3 } } },
    });
    for (let i = 0; i < 4; i++)
      expect((await s.call("Read", { file_path: `/home/dev/proj/f${"abcd"[i]}.ts` })).outcome).toBe("allow");
    const fifth = await s.pre("Read", { file_path: "/home/dev/proj/e.ts" });
    expect(fifth.outcome).toBe("escalate");
    expect(fifth.reason).toMatch(/already run 4 tool calls \(the limit is 4\): a human must approve going on/);
    // Denied (in -p mode an ask is a denial): nothing ran, so it asks again.
    expect((await s.pre("Read", { file_path: "/home/dev/proj/e.ts" })).outcome).toBe("escalate");
    // The user approves the next one: the tool runs and its PostToolUse arrives.
    const asked = await s.pre("Read", { file_path: "/home/dev/proj/e.ts" });
    expect(asked.outcome).toBe("escalate");
    await s.post("Read", { file_path: "/home/dev/proj/e.ts" }, asked.useId);
    // Approved at 5 calls: the next ask comes 3 calls later.
    for (const f of ["g", "h", "i"])
      expect((await s.call("Read", { file_path: `/home/dev/proj/${f}.ts` })).outcome).toBe("allow");
    expect((await s.pre("Read", { file_path: "/home/dev/proj/j.ts" })).outcome).toBe("escalate");
    expect((await s.logs("session/runaway")).map((r) => r.action)).toEqual([
      "escalate",
      "escalate",
      "escalate",
      "escalate",
    ]);
  });

  it("a burst of near-identical calls (the same but for numbers) escalates; different calls do not", async () => {
    const s = new ScriptedSession("runaway-2", {
      rules: { "session/runaway": { params: { burst_calls: 4, burst_seconds: 60 } } },
    });
    for (let page = 1; page <= 3; page++)
      expect((await s.call("Bash", { command: `curl -s https://api.example.com/items?page=${page}` })).outcome).toBe(
        "allow",
      );
    const fourth = await s.pre("Bash", { command: "curl -s https://api.example.com/items?page=4" });
    expect(fourth.outcome).toBe("escalate");
    expect(fourth.reason).toMatch(/4 near-identical Bash calls \(the same but for numbers\) within 60 s/);
    expect((await s.pre("Bash", { command: "git status" })).outcome).toBe("allow");
    // Approved (it ran): the same burst is not asked about again within its window.
    await s.post("Bash", { command: "curl -s https://api.example.com/items?page=4" }, fourth.useId);
    expect((await s.pre("Bash", { command: "curl -s https://api.example.com/items?page=5" })).outcome).toBe("allow");
  });
});
