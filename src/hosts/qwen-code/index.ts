// Qwen Code (@qwen-code/qwen-code): Claude Code's hook protocol (PreToolUse, PostToolUse,
// PostToolUseFailure; hookSpecificOutput answers) with Gemini CLI's tool ids, in ~/.qwen/settings.json
// (documented in its docs/users/features/hooks.md; held to contract tests, not run).
import type { ToolCall } from "../../engine/types.js";
import type { HostEntry } from "../types.js";
import { claudeShapedPayload, parseClaudeShaped, withClaudeShapedInput } from "../shared/claude-family.js";
import { kindsOf, type ToolSpec } from "../shared/describe.js";
import { outputText } from "../shared/envelope.js";
import { renderClaude } from "../claude-code/render.js";

const TOOLS: Record<string, ToolSpec> = {
  run_shell_command: { kind: "shell", command: "command", dir: ["directory", "dir_path"] },
  write_file: { kind: "write", path: ["file_path", "absolute_path"], content: "content" },
  edit: { kind: "edit", path: ["file_path", "absolute_path"], added: "new_string" },
  replace: { kind: "edit", path: ["file_path", "absolute_path"], added: "new_string" },
  read_file: { kind: "read", path: ["absolute_path", "file_path"] },
  read_many_files: { kind: "read", paths: ["paths", "include"] },
  list_directory: { kind: "search", path: ["path", "dir_path"] },
  glob: { kind: "search", path: ["path", "dir_path"], pattern: "pattern" },
  grep_search: { kind: "search", path: ["path", "dir_path"], pattern: "pattern" },
  web_fetch: { kind: "fetch", url: "url", urlsIn: "prompt" },
  web_search: { kind: "web-search" },
  task: { kind: "agent" },
};

export const qwenCode = {
  id: "qwen-code",
  label: "Qwen Code",
  short: "qwen",
  aliases: ["qwen-code", "qwen"],
  tools: kindsOf(TOOLS),
  shellTool: "run_shell_command",
  // Claude Code's envelope with Gemini's tool ids: only a --target tells them apart for sure
  recognizes: (payload) =>
    typeof payload.tool_name === "string" && payload.tool_name in TOOLS && "permission_mode" in payload,
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
  escalation: {
    context: () => ({ key: "qwen-code", ask: false, bell: false }),
    keys: [{ key: "qwen-code", ask: false }],
  },
  install: typeof __STASO_HOOK__ !== "undefined" ? undefined : () => import("./install.js").then((m) => m.installer),
} satisfies HostEntry<"qwen-code">;
