// opencode's tools as its plugins see them (1.18.33, agents-more.md §3): the shell is `bash`, files are
// written by `write` (filePath, content) and changed by `edit` (filePath, oldString, newString), read by
// `read`. Paths arrive as the model sent them.
import type { ToolSpec } from "../shared/describe.js";

export const OPENCODE_TOOLS: Record<string, ToolSpec> = {
  bash: { kind: "shell", command: "command" },
  write: { kind: "write", path: "filePath", content: "content" },
  edit: { kind: "edit", path: "filePath", added: "newString" },
  read: { kind: "read", path: "filePath" },
  glob: { kind: "search", path: "path", pattern: "pattern" },
  grep: { kind: "search", path: "path", pattern: "pattern" },
  list: { kind: "search", path: "path" },
  webfetch: { kind: "fetch", url: "url" },
  task: { kind: "agent" },
};
