// The hook templates are the one list of the events staso subscribes per agent: the hook must decide
// every one of them, each holds the same kind of group, and docs/commands.md says what they hold.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readEnvelope } from "../../src/hosts/shared/envelope.js";
import { renderHooksTemplate, subscribedEvents } from "../../src/config-files/templates.js";

const AGENTS: string[] = ["claude-code", "codex"];

describe("hooks-templates", () => {
  it("Claude Code subscribes PostToolUseFailure as well; Codex (0.169 has no such event) does not", () => {
    expect(subscribedEvents("claude-code")).toEqual(["PreToolUse", "PostToolUse", "PostToolUseFailure"]);
    expect(subscribedEvents("codex")).toEqual(["PreToolUse", "PostToolUse"]);
  });

  it.each(AGENTS)(
    "%s: every subscribed event is one the hook decides, for every tool, with the same command and timeout",
    (agent) => {
      const groups = renderHooksTemplate(agent, { command: "staso hook", timeout: 30, onFailure: "block" });
      for (const [event, group] of Object.entries(groups)) {
        expect(
          readEnvelope({ hook_event_name: event, tool_name: "Bash", tool_input: { command: "true" } }).event,
          event,
        ).not.toBeNull();
        expect(group.matcher, event).toBe("*");
        expect(group.hooks, event).toEqual([
          expect.objectContaining({ type: "command", command: "staso hook", timeout: 30 }),
        ]);
      }
      // only PreToolUse guards a call that has not run yet: a crash of the hook blocks only there
      for (const [event, group] of Object.entries(groups))
        expect("onFailure" in group.hooks[0]!, event).toBe(agent === "claude-code" && event === "PreToolUse");
    },
  );

  it("docs/commands.md names the events each agent's template subscribes", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "docs", "commands.md"), "utf8");
    expect(readme).toContain(`Claude Code: ${subscribedEvents("claude-code").join(", ")};`);
    expect(readme).toContain(`Codex, which has no failure event: ${subscribedEvents("codex").join(", ")})`);
  });
});
