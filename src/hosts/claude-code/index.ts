// Claude Code: payloads in, decisions out.
import type { ToolCall } from "../../engine/types.js";
import type { HostAdapter } from "../types.js";
import { claudeExampleCall } from "./examples.js";
import { outputText, readEnvelope } from "../shared/envelope.js";
import { CLAUDE_TOOL_INPUTS, claudeOutputText, describeClaudeTool } from "./tools.js";
import { renderClaude } from "./render.js";

export const claudeCode: HostAdapter = {
  id: "claude-code",
  toolInputs: CLAUDE_TOOL_INPUTS,
  aliases: ["claude-code", "claude"],
  recognizes: (payload) => !("turn_id" in payload),
  parse(payload) {
    const env = readEnvelope(payload);
    if (!env.event) return null;
    return {
      host: "claude-code",
      event: env.event,
      tool: env.tool,
      input: env.input,
      ...describeClaudeTool(env.tool, env.input, env.session.cwd),
      output: env.output,
      outputText: claudeOutputText(env.output) ?? outputText(env.output),
      error: env.error,
      session: env.session,
      toolUseId: env.toolUseId,
      raw: payload,
    };
  },
  withInput(call, input): ToolCall {
    return { ...call, input, ...describeClaudeTool(call.tool, input, call.session.cwd) };
  },
  withOutput(call, output): ToolCall {
    return { ...call, output, outputText: claudeOutputText(output) ?? outputText(output) };
  },
  exampleCall: claudeExampleCall,
  render: renderClaude,
};
