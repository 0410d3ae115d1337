// Codex: payloads in, decisions out.
import type { ToolCall } from "../../engine/types.js";
import type { HostAdapter } from "../types.js";
import { codexExampleCall } from "./examples.js";
import { outputText, readEnvelope } from "../shared/envelope.js";
import { describeCodexTool, CODEX_TOOL_INPUTS } from "./tools.js";
import { renderCodex } from "./render.js";

export const codex: HostAdapter = {
  id: "codex",
  toolInputs: CODEX_TOOL_INPUTS,
  aliases: ["codex"],
  // Codex extends Claude's envelope with turn_id (every tool event carries it).
  recognizes: (payload) => typeof payload.turn_id === "string",
  parse(payload) {
    const env = readEnvelope(payload);
    if (!env.event) return null;
    return {
      host: "codex",
      event: env.event,
      tool: env.tool,
      input: env.input,
      ...describeCodexTool(env.tool, env.input, env.session.cwd),
      output: env.output,
      outputText: outputText(env.output),
      error: env.error,
      session: env.session,
      toolUseId: env.toolUseId,
      raw: payload,
    };
  },
  withInput(call, input): ToolCall {
    return { ...call, input, ...describeCodexTool(call.tool, input, call.session.cwd) };
  },
  withOutput(call, output): ToolCall {
    return { ...call, output, outputText: outputText(output) };
  },
  exampleCall: codexExampleCall,
  render: renderCodex,
};
