// GitHub Copilot CLI's tools as its hooks see them (1.0.102, agents-more.md §2): the shell is `bash`,
// files are written by `create` (path, file_text) and changed by `edit` (path, old_str, new_str), read by
// `view`. Paths arrive as the model sent them.
import type { ToolSpec } from "../shared/describe.js";

export const COPILOT_TOOLS: Record<string, ToolSpec> = {
  bash: { kind: "shell", command: "command" },
  // Input typed into a running shell (not offered by 1.0.102): a command line like any other. A call
  // without it has a problem, so it follows the fail mode.
  write_bash: { kind: "shell", command: "input" },
  create: { kind: "write", path: "path", content: "file_text" },
  edit: { kind: "edit", path: "path", added: "new_str" },
  view: { kind: "read", path: "path" },
  grep: { kind: "search", path: "path", pattern: "pattern" },
  glob: { kind: "search", path: "path", pattern: "pattern" },
  web_fetch: { kind: "fetch", url: "url" },
  task: { kind: "agent" },
};

/** With a Claude Code event name (PreToolUse), Copilot names its tools as Claude does, but keeps its own arguments. */
export const CLAUDE_DIALECT: Record<string, string> = { Bash: "bash", Write: "create", Edit: "edit", Read: "view" };

/** What the model reads from a tool's result. */
export function copilotOutputText(result: unknown): string | undefined {
  if (
    result &&
    typeof result === "object" &&
    typeof (result as { textResultForLlm?: unknown }).textResultForLlm === "string"
  )
    return (result as { textResultForLlm: string }).textResultForLlm;
  return undefined;
}
