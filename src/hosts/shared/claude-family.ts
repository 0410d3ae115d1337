// What the agents that speak Claude Code's hook protocol (Factory droid, Qwen Code) share with it: the
// envelope (hook_event_name PreToolUse / PostToolUse / PostToolUseFailure, tool_name, tool_input, …) and
// Claude Code's answers (hookSpecificOutput). Only their tools differ: each describes its own.
import type { ToolCall } from "../../engine/types.js";
import { describeTool, type ToolSpec } from "./describe.js";
import { outputText, parseMcpName, readEnvelope } from "./envelope.js";

/** The call from a Claude-shaped payload, the tools read from the host's own table. */
export function parseClaudeShaped(
  host: string,
  payload: Record<string, unknown>,
  tools: Record<string, ToolSpec>,
): ToolCall | null {
  const env = readEnvelope(payload);
  if (!env.event) return null;
  const { cwd, ...views } = describeTool(env.tool, env.input, env.session.cwd, tools, parseMcpName(env.tool));
  return {
    host,
    event: env.event,
    tool: env.tool,
    input: env.input,
    ...views,
    output: env.output,
    outputText: outputText(env.output),
    error: env.error,
    session: cwd ? { ...env.session, cwd } : env.session,
    toolUseId: env.toolUseId,
    raw: payload,
  };
}

/** The same call with a rewritten input, its views read again. */
export function withClaudeShapedInput(
  call: ToolCall,
  input: Record<string, unknown>,
  tools: Record<string, ToolSpec>,
): ToolCall {
  const base = (call.raw as { cwd?: unknown }).cwd;
  const { cwd, ...views } = describeTool(
    call.tool,
    input,
    typeof base === "string" ? base : call.session.cwd,
    tools,
    call.mcp,
  );
  return {
    ...call,
    input,
    ...views,
    session: { ...call.session, cwd: cwd ?? (typeof base === "string" ? base : call.session.cwd) },
  };
}

/** A Claude-shaped payload for one call. */
export function claudeShapedPayload(spec: {
  tool: string;
  input: Record<string, unknown>;
  event?: "pre" | "post";
  cwd: string;
  output?: unknown;
  session?: string;
}): Record<string, unknown> {
  return {
    session_id: spec.session ?? "staso-check",
    transcript_path: "",
    cwd: spec.cwd,
    permission_mode: "default",
    hook_event_name: spec.event === "post" ? "PostToolUse" : "PreToolUse",
    tool_name: spec.tool,
    tool_input: spec.input,
    tool_use_id: "toolu_staso_check",
    ...(spec.event === "post" ? { tool_response: spec.output ?? "" } : {}),
  };
}
