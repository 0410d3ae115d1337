// session/rate-limit over scripted sessions of real hook processes.
import { describe, expect, it } from "vitest";
import { ScriptedSession } from "../../support/scripted-session.js";

describe("session/rate-limit", () => {
  it("per tool: past the limit within the window a call is blocked (counted when asked for: parallel calls too)", async () => {
    const s = new ScriptedSession("rate-1", {
      rules: { "session/rate-limit": { params: { per_tool: ["WebFetch=3"] } } },
    });
    // Three parallel fetches (no results yet).
    const runs = await Promise.all(
      [1, 2, 3].map((i) => s.pre("WebFetch", { url: `https://example.com/${i}`, prompt: "x" })),
    );
    expect(runs.map((r) => r.outcome)).toEqual(["allow", "allow", "allow"]);
    const fourth = await s.pre("WebFetch", { url: "https://example.com/4", prompt: "x" });
    expect(fourth.outcome).toBe("block");
    expect(fourth.reason).toMatch(
      /WebFetch was already called 3 times in the last 60 s \(the limit is 3 per 60 s\)\. Wait about \d+ s/,
    );
    expect((await s.pre("Bash", { command: "ls" })).outcome).toBe("allow");
  });

  it("per MCP server (default 60 a minute; set per server), whatever its tools", async () => {
    const s = new ScriptedSession("rate-2", {
      rules: { "session/rate-limit": { params: { per_server: ["github=2"] } } },
    });
    expect((await s.pre("mcp__github__get_issue", { number: 1 })).outcome).toBe("allow");
    expect((await s.pre("mcp__github__list_pulls", {})).outcome).toBe("allow");
    const third = await s.pre("mcp__github__get_issue", { number: 2 });
    expect(third.outcome).toBe("block");
    expect(third.reason).toContain('The MCP server "github" was already called 2 times');
    expect((await s.pre("mcp__linear__get_issue", { id: "X-1" })).outcome).toBe("allow");
  });

  it("a malformed limit fails closed with a sentence naming the file and the entry", async () => {
    const s = new ScriptedSession("rate-3", {
      rules: { "session/rate-limit": { params: { per_tool: ["WebFetch:3"] } } },
    });
    const r = await s.pre("WebFetch", { url: "https://example.com/", prompt: "x" });
    expect(r.outcome).toBe("block");
    expect(r.reason).toContain(
      'config.json: rules["session/rate-limit"].params.per_tool[0] must be a limit such as "WebFetch=3", not "WebFetch:3"',
    );
  });
});
