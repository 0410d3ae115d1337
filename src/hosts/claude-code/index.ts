// Claude Code: payloads in, decisions out (reference: agents-hooks.md §1, hooks-protocols.md A).
import type { ToolCall } from "../../engine/types.js";
import type { HostEntry } from "../types.js";
import { claudeExampleCall } from "./examples.js";
import { outputText, readEnvelope } from "../shared/envelope.js";
import { CLAUDE_TOOL_INPUTS, claudeOutputText, CLAUDE_TOOL_KINDS, describeClaudeTool } from "./tools.js";
import { renderClaude } from "./render.js";
import { lastUserMessages } from "../shared/transcript.js";
import { claudeTranscript } from "./transcript.js";
import { claudeCodeCard } from "./card.js";

export const claudeCode = {
  ...claudeCodeCard,
  toolInputs: CLAUDE_TOOL_INPUTS,
  tools: CLAUDE_TOOL_KINDS,
  shellTool: "Bash",
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
  userMessages: (path, count) => lastUserMessages(path, count, claudeTranscript),
  payload: (spec) => ({
    session_id: spec.session ?? "staso-check",
    transcript_path: "",
    cwd: spec.cwd,
    permission_mode: "default",
    hook_event_name:
      spec.event === "post" ? "PostToolUse" : spec.event === "post-failure" ? "PostToolUseFailure" : "PreToolUse",
    tool_name: spec.tool,
    tool_input: spec.input,
    tool_use_id: spec.toolUseId ?? "toolu_staso_check",
    ...(spec.event === "post" ? { tool_response: spec.output ?? "" } : {}),
    ...(spec.event === "post-failure" ? { error: spec.error ?? "failed" } : {}),
  }),
  limits: {
    ask: "prompt",
    runsOnTimeout: true,
    onCrash: "configured",
    notes: [
      'A hook that crashes or times out lets the call run unless the handler says "onFailure": "block" (setup writes it when the fail mode is closed).',
      "Under `claude -p` and the Agent SDK nobody answers an ask (it is a denial), so an escalation is staso's own.",
    ],
  },
  install: typeof __STASO_HOOK__ !== "undefined" ? undefined : () => import("./install.js").then((m) => m.installer),
} satisfies HostEntry<"claude-code">;
