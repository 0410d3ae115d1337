// Host-neutral views of a tool call from a table of the host's tools: which input key holds the command,
// the file path, the new content or text, the search pattern, the URL. The hosts whose tools are plain
// key-value inputs (Gemini CLI, Copilot CLI, opencode, Cursor) describe theirs this way, so a file rule
// sees their writes and edits exactly as it sees Claude Code's Write and Edit.
import { isAbsolute, resolve } from "node:path";
import type { FileChange, FileRead, ToolCall, ToolKind } from "../../engine/types.js";
import { absolutePath } from "./envelope.js";

export interface ToolSpec {
  kind: ToolKind;
  /** shell: the key of the command line. */
  command?: string;
  /** shell: the key of the folder the command runs in (relative to the session's cwd). */
  dir?: string;
  /** write, edit, read, search: the key of the file or folder. */
  path?: string;
  /** read: the key of an array of paths or globs. */
  paths?: string;
  /** write: the key of the whole new content. */
  content?: string;
  /** edit: the key of the text the edit puts in. */
  added?: string;
  /** search: the key of the pattern. */
  pattern?: string;
  /** fetch: the key of the URL. */
  url?: string;
  /** fetch: the key of a free text whose URLs are fetched (Gemini's web_fetch takes a prompt). */
  urlsIn?: string;
}

export type Views = Pick<ToolCall, "kind" | "shell" | "files" | "reads" | "urls" | "mcp" | "problems">;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The kinds of a host's tools, from its table. */
export const kindsOf = (specs: Record<string, ToolSpec>): Record<string, ToolKind> =>
  Object.fromEntries(Object.entries(specs).map(([tool, s]) => [tool, s.kind]));

const URL_RE = /\bhttps?:\/\/[^\s<>"'`)\]}]+/gi;

/**
 * The views of one call. `mcp` is the MCP server and tool when the host says the tool is one. The
 * returned cwd is where a shell command runs (its `dir` resolved against the session's), when it says.
 */
export function describeTool(
  tool: string,
  input: Record<string, unknown>,
  cwd: string,
  specs: Record<string, ToolSpec>,
  mcp?: { server: string; tool: string },
): Views & { cwd?: string } {
  const base: Views = { kind: "other", files: [], reads: [], urls: [], problems: [] };
  if (mcp) return { ...base, kind: "mcp", mcp };
  const spec = Object.hasOwn(specs, tool) ? specs[tool] : undefined;
  if (!spec) return base;
  const out: Views & { cwd?: string } = { ...base, kind: spec.kind };
  const path = spec.path ? str(input[spec.path]) : undefined;
  switch (spec.kind) {
    case "shell": {
      const command = spec.command ? str(input[spec.command]) : undefined;
      if (command === undefined) {
        out.shell = { command: "" };
        out.problems = [`The ${tool} call has no command string.`];
      } else out.shell = { command };
      const dir = spec.dir ? str(input[spec.dir]) : undefined;
      if (dir) out.cwd = isAbsolute(dir) ? resolve(dir) : resolve(cwd, dir);
      break;
    }
    case "write": {
      const content = (spec.content ? str(input[spec.content]) : undefined) ?? "";
      if (path) out.files = [{ op: "write", path: absolutePath(path, cwd), content, added: content } as FileChange];
      else out.problems = [`The ${tool} call names no file.`];
      break;
    }
    case "edit": {
      const added = (spec.added ? str(input[spec.added]) : undefined) ?? "";
      if (path) out.files = [{ op: "edit", path: absolutePath(path, cwd), added }];
      else out.problems = [`The ${tool} call names no file.`];
      break;
    }
    case "read": {
      const reads: FileRead[] = path ? [{ path: absolutePath(path, cwd) }] : [];
      const list = spec.paths ? input[spec.paths] : undefined;
      if (Array.isArray(list))
        for (const p of list) if (typeof p === "string") reads.push({ path: absolutePath(p, cwd) });
      out.reads = reads;
      break;
    }
    case "search":
      out.reads = [
        { path: absolutePath(path ?? cwd, cwd), pattern: spec.pattern ? str(input[spec.pattern]) : undefined },
      ];
      break;
    case "fetch": {
      const url = spec.url ? str(input[spec.url]) : undefined;
      if (url) out.urls.push(url);
      const text = spec.urlsIn ? str(input[spec.urlsIn]) : undefined;
      if (text) out.urls.push(...(text.match(URL_RE) ?? []));
      break;
    }
  }
  return out;
}
