// Qwen Code's tools (Gemini CLI's ids) and where each keeps what staso reads.
import type { ToolSpec } from "../shared/describe.js";

export const QWEN_TOOLS: Record<string, ToolSpec> = {
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
