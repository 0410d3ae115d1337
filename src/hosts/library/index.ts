// The library's host: calls made from code with guard(toolName, toolInput, { context }) rather than by an
// agent's hook. Not in the hook's registry (no agent sends this shape); src/lib.ts builds its payloads.
import type { Decision, ToolCall } from "../../engine/types.js";
import type { HookOutput, HostAdapter } from "../types.js";
import { outputText, PayloadError } from "../shared/envelope.js";
import { claudeOutputText } from "../claude-code/tools.js";
import { describeLibraryTool } from "./tools.js";

/** What src/lib.ts hands the adapter: the hook envelope's field names, plus the caller's context. */
export interface LibraryPayload {
  hook_event_name: "PreToolUse" | "PostToolUse" | "PostToolUseFailure";
  tool_name: string;
  tool_input: Record<string, unknown>;
  session_id: string;
  cwd: string;
  tool_use_id: string;
  agent_id?: string;
  /** The MCP server the tool belongs to, when the caller says so. */
  mcp_server?: string;
  tool_response?: unknown;
  error?: string;
  is_interrupt?: boolean;
  duration_ms?: number;
  /** Everything the caller passed as context, for the record. */
  context?: Record<string, unknown>;
}

const EVENTS = { PreToolUse: "pre", PostToolUse: "post", PostToolUseFailure: "post-failure" } as const;

const outputTextOf = (output: unknown) => claudeOutputText(output) ?? outputText(output);

export const library: HostAdapter = {
  id: "library",
  aliases: ["library"],
  recognizes: () => false,
  parse(payload) {
    const p = payload as unknown as LibraryPayload;
    const event = EVENTS[p.hook_event_name];
    if (!event) throw new PayloadError(`The library call has no known event (${String(p.hook_event_name)}).`);
    if (typeof p.tool_name !== "string" || p.tool_name === "")
      throw new PayloadError("The tool name must be a non-empty string.");
    if (!p.tool_input || typeof p.tool_input !== "object" || Array.isArray(p.tool_input))
      throw new PayloadError(`The input of ${p.tool_name} must be an object.`);
    const cwd = p.cwd || process.cwd();
    return {
      host: "library",
      event,
      tool: p.tool_name,
      input: p.tool_input,
      ...describeLibraryTool(p.tool_name, p.tool_input, cwd, p.mcp_server),
      output: p.tool_response,
      outputText: event === "post" ? outputTextOf(p.tool_response) : undefined,
      error: p.error,
      session: { id: p.session_id, cwd, ...(p.agent_id ? { agentId: p.agent_id } : {}) },
      toolUseId: p.tool_use_id,
      raw: payload,
    };
  },
  withInput(call, input): ToolCall {
    return {
      ...call,
      input,
      ...describeLibraryTool(
        call.tool,
        input,
        call.session.cwd,
        call.mcp && call.kind === "mcp" && !call.tool.startsWith("mcp__") ? call.mcp.server : undefined,
      ),
    };
  },
  withOutput(call, output): ToolCall {
    return { ...call, output, outputText: outputTextOf(output) };
  },
  render(_call: ToolCall, decision: Decision): HookOutput {
    return {
      stdout: `${JSON.stringify({
        action: decision.action,
        reason: decision.reason,
        ruleId: decision.ruleId,
        modifiedInput: decision.modifiedInput,
      })}\n`,
      exitCode: 0,
    };
  },
};
