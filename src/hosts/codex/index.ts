// Codex: payloads in, decisions out (reference: agents-hooks.md §2, hooks-protocols.md B).
import type { ToolCall } from "../../engine/types.js";
import type { HostEntry } from "../types.js";
import { codexExampleCall } from "./examples.js";
import { outputText, readEnvelope } from "../shared/envelope.js";
import { describeCodexTool, CODEX_TOOL_INPUTS } from "./tools.js";
import { renderCodex } from "./render.js";
import { lastUserMessages } from "../shared/transcript.js";
import { codexTranscript } from "./transcript.js";
import { codexCard } from "./card.js";

export const codex = {
  ...codexCard,
  toolInputs: CODEX_TOOL_INPUTS,
  // exec_command reaches hooks as "Bash"; file edits as "apply_patch" with the whole patch.
  tools: { Bash: "shell", apply_patch: "patch" },
  shellTool: "Bash",
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
  userMessages: (path, count) => lastUserMessages(path, count, codexTranscript),
  payload: (spec) => ({
    session_id: spec.session ?? "staso-check",
    turn_id: "staso-check-turn",
    transcript_path: null,
    cwd: spec.cwd,
    hook_event_name:
      spec.event === "post" ? "PostToolUse" : spec.event === "post-failure" ? "PostToolUseFailure" : "PreToolUse",
    model: "gpt-5.5",
    permission_mode: "bypassPermissions",
    tool_name: spec.tool,
    tool_input: spec.input,
    tool_use_id: spec.toolUseId ?? "call_staso_check",
    ...(spec.event === "post" ? { tool_response: spec.output ?? "" } : {}),
    ...(spec.event === "post-failure" ? { error: spec.error ?? "failed" } : {}),
  }),
  limits: {
    ask: "none",
    runsOnTimeout: true,
    onCrash: "runs",
    notes: [
      "No ask: an escalation is staso's own (a block naming the escalation to approve, or a wait).",
      "A hook that crashes, times out or answers in a shape Codex rejects lets the call run: Codex has no fail-closed switch.",
      "Codex runs only hooks it trusts (setup writes the trust entry); exec_command's stdin (write_stdin) is not hooked.",
    ],
  },
  install: typeof __STASO_HOOK__ !== "undefined" ? undefined : () => import("./install.js").then((m) => m.installer),
} satisfies HostEntry<"codex">;
