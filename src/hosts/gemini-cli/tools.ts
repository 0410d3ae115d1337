// Gemini CLI's tools as its hooks see them (0.61.0; parameter names from its own constants, checked
// against the real binary's payloads in agents-more.md §1). Paths arrive as the model sent them,
// relative ones against the session's cwd; a shell command's dir_path moves where it runs.
import type { ToolSpec } from "../shared/describe.js";

export const GEMINI_TOOLS: Record<string, ToolSpec> = {
  run_shell_command: { kind: "shell", command: "command", dir: "dir_path" },
  write_file: { kind: "write", path: "file_path", content: "content" },
  replace: { kind: "edit", path: "file_path", added: "new_string" },
  read_file: { kind: "read", path: "file_path" },
  read_many_files: { kind: "read", paths: "include" },
  list_directory: { kind: "search", path: "dir_path" },
  glob: { kind: "search", path: "dir_path", pattern: "pattern" },
  grep_search: { kind: "search", path: "dir_path", pattern: "pattern" },
  web_fetch: { kind: "fetch", urlsIn: "prompt" },
  google_web_search: { kind: "web-search" },
  invoke_agent: { kind: "agent" },
};

/** An MCP tool: Gemini names it mcp_<server>_<tool> and says which in mcp_context. */
export function geminiMcp(
  tool: string,
  payload: Record<string, unknown>,
): { server: string; tool: string } | undefined {
  const ctx = payload.mcp_context;
  if (ctx && typeof ctx === "object" && !Array.isArray(ctx)) {
    const c = ctx as Record<string, unknown>;
    if (typeof c.server_name === "string" && typeof c.tool_name === "string")
      return { server: c.server_name, tool: c.tool_name };
  }
  // Without the context (an older build): the name's form, server and tool split at the first "_".
  const m = /^mcp_([^_]+)_(.+)$/.exec(tool);
  return m ? { server: m[1]!, tool: m[2]! } : undefined;
}

/** What the model reads from a tool's response: its llmContent, as text. */
export function geminiOutputText(response: unknown): string | undefined {
  if (!response || typeof response !== "object") return undefined;
  const r = response as Record<string, unknown>;
  const content = r.llmContent;
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((p) =>
        typeof p === "string"
          ? p
          : p && typeof (p as { text?: unknown }).text === "string"
            ? (p as { text: string }).text
            : "",
      )
      .join("");
  return undefined;
}
