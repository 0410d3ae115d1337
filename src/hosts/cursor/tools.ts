// Cursor's agent tools as its preToolUse hook names them (documented payloads; Cursor's agent is not on
// npm, so nothing here was run against the real one). Argument names vary between Cursor versions: each
// view takes the first of the names Cursor has used.
import type { ToolSpec } from "../shared/describe.js";

export const CURSOR_TOOLS: Record<string, ToolSpec> = {
  Shell: { kind: "shell", command: "command", dir: ["cwd", "working_directory"] },
  Write: { kind: "write", path: ["file_path", "path", "target_file"], content: ["contents", "content", "file_text"] },
  Edit: { kind: "edit", path: ["file_path", "path", "target_file"], added: ["new_string", "code_edit", "new_str"] },
  StrReplace: { kind: "edit", path: ["file_path", "path", "target_file"], added: ["new_string", "new_str"] },
  MultiEdit: { kind: "edit", path: ["file_path", "path", "target_file"], added: ["new_string"] },
  Delete: { kind: "edit", path: ["file_path", "path", "target_file"] },
  Read: { kind: "read", path: ["file_path", "path", "target_file"] },
  Grep: { kind: "search", path: ["path", "target_directory"], pattern: ["pattern", "query"] },
  Glob: { kind: "search", path: ["path", "target_directory"], pattern: ["glob_pattern", "pattern"] },
  WebFetch: { kind: "fetch", url: "url" },
  Task: { kind: "agent" },
};

/** An MCP tool: "MCP:<server>:<tool>" in preToolUse, "<server>__<tool>" or a bare name in beforeMCPExecution. */
export function cursorMcp(name: string): { server: string; tool: string } {
  const m = /^MCP:([^:]+):(.+)$/.exec(name) ?? /^(.+?)__(.+)$/.exec(name);
  return m ? { server: m[1]!, tool: m[2]! } : { server: "unknown", tool: name };
}
