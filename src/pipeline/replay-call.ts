// A recorded call rebuilt as the hook built it: the record's facts put back into a payload of its host's
// own shape, read by that host's adapter. So a replayed call has the same views (shell command, files,
// URLs, MCP server) as the one the hook decided; only what the record does not keep is missing.
import type { AuditRecord } from "../audit/record.js";
import type { Decision, ToolCall } from "../engine/types.js";
import { hostByName } from "../hosts/index.js";
import { library } from "../hosts/library/index.js";
import type { HostAdapter } from "../hosts/types.js";

const HOOK_EVENT: Record<string, string> = {
  pre: "PreToolUse",
  post: "PostToolUse",
  "post-failure": "PostToolUseFailure",
};

const hostOf = (name: string): HostAdapter | undefined => (name === "library" ? library : hostByName(name));

/** The payload the record's host would have sent, as far as the record keeps it (no tool output). */
function payloadOf(r: AuditRecord): Record<string, unknown> {
  const input =
    r.input && typeof r.input === "object" && !Array.isArray(r.input) ? (r.input as Record<string, unknown>) : {};
  return {
    hook_event_name: HOOK_EVENT[r.event],
    tool_name: r.tool,
    tool_input: input,
    session_id: r.session,
    cwd: r.cwd,
    tool_use_id: r.toolUseId,
    ...(r.agentId ? { agent_id: r.agentId } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(r.interrupted ? { is_interrupt: true } : {}),
    ...(r.durationMs !== undefined ? { duration_ms: r.durationMs } : {}),
    ...(r.host === "codex" ? { turn_id: "staso-replay", model: "staso-replay" } : {}),
    ...(r.host === "library" && r.mcpServer ? { mcp_server: r.mcpServer } : {}),
  };
}

/**
 * The call, as its host's adapter reads it back, or undefined for a host this staso has no adapter for
 * or a record it cannot read as a call (roleOf in audit/replay-facts.ts sorts those out first).
 */
export function callOf(r: AuditRecord): { call: ToolCall; host: HostAdapter } | undefined {
  const host = hostOf(r.host);
  if (!host) return undefined;
  try {
    const call = host.parse(payloadOf(r));
    return call ? { call, host } : undefined;
  } catch {
    return undefined;
  }
}

/** The decision as recorded, for what the session memory keeps of a tool's result (its stateful rules' marks). */
export function recordedDecision(r: AuditRecord): Decision {
  return {
    action: r.action === "audit" ? "allow" : r.action,
    reason: r.reason ?? "",
    ...(r.ruleId ? { ruleId: r.ruleId } : {}),
    verdicts: Array.isArray(r.rules) ? r.rules : [],
  };
}
