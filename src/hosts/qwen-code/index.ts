// Qwen Code (@qwen-code/qwen-code): Claude Code's hook protocol (PreToolUse, PostToolUse,
// PostToolUseFailure; hookSpecificOutput answers) with Gemini CLI's tool ids, in ~/.qwen/settings.json
// (documented in its docs/users/features/hooks.md; held to contract tests, not run).
import type { ToolCall } from "../../engine/types.js";
import type { HostEntry } from "../types.js";
import { claudeShapedPayload, parseClaudeShaped, withClaudeShapedInput } from "../shared/claude-family.js";
import { kindsOf } from "../shared/describe.js";
import { outputText } from "../shared/envelope.js";
import { renderClaude } from "../claude-code/render.js";
import { qwenCodeCard } from "./card.js";
import { QWEN_TOOLS as TOOLS } from "./tools.js";

export const qwenCode = {
  ...qwenCodeCard,
  tools: kindsOf(TOOLS),
  shellTool: "run_shell_command",
  parse: (payload) => parseClaudeShaped("qwen-code", payload, TOOLS),
  withInput: (call, input): ToolCall => withClaudeShapedInput(call, input, TOOLS),
  withOutput: (call, output): ToolCall => ({ ...call, output, outputText: outputText(output) }),
  render: renderClaude,
  payload: claudeShapedPayload,
  limits: {
    ask: "none",
    runsOnTimeout: true,
    onCrash: "configured",
    notes: [
      "Checked by contract against Qwen Code's documented hook protocol (Claude Code's, with Gemini CLI's tool ids).",
      "An ask reaches a human only in its TUI (headless it is a denial staso cannot tell apart): an escalation is staso's own.",
      "A hook past its timeout lets the call run; one that crashes too (only exit 2 blocks), unless setup wrapped it (fail mode closed).",
    ],
  },
  install: typeof __STASO_HOOK__ !== "undefined" ? undefined : () => import("./install.js").then((m) => m.installer),
} satisfies HostEntry<"qwen-code">;
