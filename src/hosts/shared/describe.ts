// Host-neutral views of a tool call from a table of the host's tools: which input key holds the command,
// the file path, the new content or text, the search pattern, the URL. The hosts whose tools are plain
// key-value inputs (Gemini CLI, Copilot CLI, opencode, Cursor) describe theirs this way, so a file rule
// sees their writes and edits exactly as it sees Claude Code's Write and Edit.
import { isAbsolute, resolve } from "node:path";
import type { FileChange, FileRead, ToolCall, ToolKind } from "../../engine/types.js";
import { absolutePath } from "./envelope.js";

/** An input key, or several the host has used for the same thing (the first one present counts). */
type Key = string | string[];

export interface ToolSpec {
  kind: ToolKind;
  /** shell: the key of the command line. */
  command?: Key;
  /** shell: the key of the folder the command runs in (relative to the session's cwd). */
  dir?: Key;
  /** write, edit, read, search: the key of the file or folder. */
  path?: Key;
  /** read: the key of an array of paths or globs. */
  paths?: Key;
  /** write: the key of the whole new content. */
  content?: Key;
  /** edit: the key of the text the edit puts in. */
  added?: Key;
  /** search: the key of the pattern. */
  pattern?: Key;
  /** fetch: the key of the URL. */
  url?: Key;
  /** fetch: the key of a free text whose URLs are fetched (Gemini's web_fetch takes a prompt). */
  urlsIn?: Key;
}

export type Views = Pick<ToolCall, "kind" | "shell" | "files" | "reads" | "urls" | "mcp" | "problems">;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The input's value under a key (the first of several that is there). */
function at(input: Record<string, unknown>, key: Key | undefined): unknown {
  if (key === undefined) return undefined;
  for (const k of Array.isArray(key) ? key : [key]) if (input[k] !== undefined) return input[k];
  return undefined;
}

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
  const path = str(at(input, spec.path));
  switch (spec.kind) {
    case "shell": {
      const command = str(at(input, spec.command));
      if (command === undefined) {
        out.shell = { command: "" };
        out.problems = [`The ${tool} call has no command string.`];
      } else out.shell = { command };
      const dir = str(at(input, spec.dir));
      if (dir) out.cwd = isAbsolute(dir) ? resolve(dir) : resolve(cwd, dir);
      break;
    }
    case "write": {
      const content = str(at(input, spec.content)) ?? "";
      if (path) out.files = [{ op: "write", path: absolutePath(path, cwd), content, added: content } as FileChange];
      else out.problems = [`The ${tool} call names no file.`];
      break;
    }
    case "edit": {
      const added = str(at(input, spec.added)) ?? "";
      if (path) out.files = [{ op: "edit", path: absolutePath(path, cwd), added }];
      else out.problems = [`The ${tool} call names no file.`];
      break;
    }
    case "read": {
      const reads: FileRead[] = path ? [{ path: absolutePath(path, cwd) }] : [];
      const list = at(input, spec.paths);
      if (Array.isArray(list))
        for (const p of list) if (typeof p === "string") reads.push({ path: absolutePath(p, cwd) });
      out.reads = reads;
      break;
    }
    case "search":
      out.reads = [{ path: absolutePath(path ?? cwd, cwd), pattern: str(at(input, spec.pattern)) }];
      break;
    case "fetch": {
      const url = str(at(input, spec.url));
      if (url) out.urls.push(url);
      const text = str(at(input, spec.urlsIn));
      if (text) out.urls.push(...(text.match(URL_RE) ?? []));
      break;
    }
  }
  return out;
}
