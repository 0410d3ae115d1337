// Decisions in Cursor's hook protocol (documented, not run: Cursor's agent is not on npm). The before-events
// (preToolUse, beforeShellExecution, beforeMCPExecution, beforeReadFile) take {"permission": "allow" |
// "deny" | "ask", "user_message", "agent_message"}; only preToolUse takes a rewrite ("updated_input"). Cursor
// has a prompt of its own, so an escalation asks there. After the tool: only an MCP tool's output can be
// replaced (updated_mcp_tool_output); anything else is observed.
import type { Decision, ToolCall } from "../../engine/types.js";
import type { HookOutput } from "../types.js";
import { escalationReason, reasonForModel } from "../shared/reason.js";

const json = (o: unknown): HookOutput => ({ stdout: `${JSON.stringify(o)}\n`, exitCode: 0 });
const NOTHING: HookOutput = { stdout: "", exitCode: 0 };
const say = (permission: "deny" | "ask", reason: string) =>
  json({ permission, user_message: reason, agent_message: reason });

const eventOf = (call: ToolCall) => String((call.raw as { hook_event_name?: unknown }).hook_event_name);

export function renderCursor(call: ToolCall, decision: Decision): HookOutput {
  if (call.event !== "pre") {
    const changed =
      decision.action === "modify" &&
      call.kind === "mcp" &&
      JSON.stringify(decision.modifiedOutput) !== JSON.stringify(call.output);
    return changed ? json({ updated_mcp_tool_output: decision.modifiedOutput }) : NOTHING;
  }
  switch (decision.action) {
    case "allow":
      return NOTHING; // never "allow": it would skip Cursor's own approval
    case "block":
      return say("deny", reasonForModel(call, decision));
    case "escalate":
      // staso's own escalation (an id to approve) when it raised one; else Cursor's prompt asks the user
      return decision.escalationId
        ? say("deny", escalationReason(call, decision))
        : say("ask", reasonForModel(call, decision));
    case "modify":
      if (eventOf(call) === "preToolUse")
        return json({ permission: "allow", updated_input: decision.modifiedInput ?? call.input });
      // Cursor takes no rewrite here: the call cannot run as it stands, so it is denied with what to do
      return say(
        "deny",
        `${reasonForModel(call, decision)} (Cursor cannot run this call rewritten, so it was blocked; make the change staso describes and try again.)`,
      );
  }
}
