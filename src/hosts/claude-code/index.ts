// Claude Code: payloads in, decisions out (reference: agents-hooks.md §1, hooks-protocols.md A).
import type { ToolCall } from "../../engine/types.js";
import type { HostEntry } from "../types.js";
import { claudeExampleCall } from "./examples.js";
import { outputText, readEnvelope } from "../shared/envelope.js";
import { CLAUDE_TOOL_INPUTS, claudeOutputText, CLAUDE_TOOL_KINDS, describeClaudeTool } from "./tools.js";
import { renderClaude } from "./render.js";
import { lastUserMessages } from "../shared/transcript.js";
import { claudeTranscript } from "./transcript.js";

// Claude Code tells its hooks (checked with the real binary, 2.1.329): CLAUDE_CODE_SESSION_ATTENDED is
// "1" in a terminal session and "0" under -p; CLAUDE_CODE_ENTRYPOINT is "cli" in a terminal, "sdk-cli"
// under -p, "sdk-ts"/"sdk-py" from the Agent SDK. Older versions set only the entrypoint.
const HEADLESS_ENTRYPOINT = /^(sdk-|mcp$|claude-code-github-action$)/;

export const claudeCode = {
  id: "claude-code",
  toolInputs: CLAUDE_TOOL_INPUTS,
  label: "Claude Code",
  short: "claude",
  aliases: ["claude-code", "claude"],
  tools: CLAUDE_TOOL_KINDS,
  shellTool: "Bash",
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
  escalation: {
    context(env) {
      const attended = env.CLAUDE_CODE_SESSION_ATTENDED;
      const entry = env.CLAUDE_CODE_ENTRYPOINT;
      const headless = attended === "0" || (attended !== "1" && !!entry && HEADLESS_ENTRYPOINT.test(entry));
      // claude -p draws no screen: a bell in the user's terminal is safe there, not in a session.
      return headless
        ? { key: "claude-code-headless", ask: false, bell: true }
        : { key: "claude-code", ask: true, bell: false };
    },
    keys: [
      { key: "claude-code", ask: true },
      { key: "claude-code-headless", ask: false },
    ],
  },
  install: typeof __STASO_HOOK__ !== "undefined" ? undefined : () => import("./install.js").then((m) => m.installer),
} satisfies HostEntry<"claude-code">;
