// Tool names as agents built on an SDK call them, mapped to host-neutral kinds and views. Claude Code's
// and Codex's own names are read exactly as their adapters read them (so guard("Bash", …) and the hook
// decide alike); common SDK names (run_command, write_file, fetch_url, …) get the same views from their
// usual argument names; anything else is "other" (or "mcp" with a server).
import type { FileChange, FileRead, ToolCall, ToolKind } from "../../engine/types.js";
import { describeClaudeTool } from "../claude-code/tools.js";
import { describeCodexTool } from "../codex/tools.js";
import { absolutePath, fieldProblems, parseMcpName } from "../shared/envelope.js";

type Views = Pick<ToolCall, "kind" | "shell" | "files" | "reads" | "urls" | "mcp" | "problems">;

const CLAUDE_TOOLS = new Set([
  "Bash",
  "PowerShell",
  "Write",
  "Edit",
  "MultiEdit",
  "NotebookEdit",
  "Read",
  "NotebookRead",
  "Grep",
  "Glob",
  "WebFetch",
  "WebSearch",
  "Agent",
  "Task",
]);

/** Normalised name (lower case, "-", " " and "." as "_") → kind. */
const KINDS: Record<string, ToolKind> = {};
const kinds: [ToolKind, string[]][] = [
  [
    "shell",
    [
      "bash",
      "shell",
      "sh",
      "zsh",
      "terminal",
      "run_command",
      "run_shell_command",
      "execute_command",
      "execute_shell",
      "exec_command",
      "exec",
      "run_terminal_cmd",
      "local_shell",
      "command",
      "run_bash",
      "shell_exec",
      "computer_bash",
    ],
  ],
  [
    "write",
    ["write", "write_file", "create_file", "save_file", "writefile", "file_write", "write_to_file", "put_file"],
  ],
  [
    "edit",
    ["edit", "edit_file", "str_replace", "replace_in_file", "file_edit", "apply_edit", "update_file", "modify_file"],
  ],
  [
    "read",
    ["read", "read_file", "view_file", "open_file", "get_file", "cat", "file_read", "readfile", "read_text_file"],
  ],
  [
    "search",
    [
      "grep",
      "glob",
      "search_files",
      "find_files",
      "list_files",
      "list_directory",
      "list_dir",
      "ls",
      "file_search",
      "search_code",
      "codebase_search",
    ],
  ],
  [
    "fetch",
    [
      "fetch",
      "web_fetch",
      "fetch_url",
      "http_request",
      "http_get",
      "http_post",
      "http",
      "curl",
      "browse",
      "open_url",
      "get_url",
      "request",
      "download",
      "url_fetch",
    ],
  ],
  ["web-search", ["web_search", "search_web", "websearch", "google_search", "internet_search", "search_internet"]],
  ["agent", ["task", "agent", "spawn_agent", "delegate", "sub_agent", "subagent", "handoff"]],
];
for (const [kind, names] of kinds) for (const n of names) KINDS[n] = kind;

const s = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const first = (input: Record<string, unknown>, keys: string[]): string | undefined => {
  for (const k of keys) {
    const v = s(input[k]);
    if (v !== undefined) return v;
  }
  return undefined;
};

/** A shell word, quoted when it needs to be (for commands given as an argv array). */
const quote = (w: string): string => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

const PATH_KEYS = ["file_path", "path", "filepath", "filename", "file", "target_file", "notebook_path"];
const URL_KEYS = ["url", "uri", "href", "endpoint", "webhook_url", "link"];
/** The text fields each kind's view reads besides paths and URLs. */
const TEXT_KEYS: Record<ToolKind, string[]> = {
  shell: [],
  write: ["content", "contents", "text", "data", "body"],
  edit: ["new_string", "new_str", "new_text", "replacement", "new_content", "content"],
  patch: [],
  read: [],
  search: ["pattern", "query", "glob", "regex", "directory", "dir"],
  fetch: [],
  "web-search": [],
  mcp: [],
  agent: [],
  other: [],
};

export function describeLibraryTool(
  tool: string,
  input: Record<string, unknown>,
  cwd: string,
  mcpServer?: string,
): Views {
  if (CLAUDE_TOOLS.has(tool) || parseMcpName(tool)) return describeClaudeTool(tool, input, cwd);
  if (tool === "apply_patch") return describeCodexTool(tool, input, cwd);
  const base: Views = { kind: "other", files: [], reads: [], urls: [], problems: [] };
  // Any tool may take a URL (an API client, a webhook): the network rules look at it whatever the kind.
  for (const k of URL_KEYS) {
    const u = s(input[k]);
    if (u && /^[a-z][a-z0-9+.-]*:\/\//i.test(u)) base.urls.push(u);
  }
  if (mcpServer) return { ...base, kind: "mcp", mcp: { server: mcpServer, tool } };
  const kind = KINDS[tool.toLowerCase().replace(/[-\s.]+/g, "_")] ?? "other";
  // A path, URL or content field that is not text would read as absent (and the call as harmless).
  const typed =
    kind === "other" ? [] : fieldProblems(`${tool} call`, input, [], [...PATH_KEYS, ...URL_KEYS, ...TEXT_KEYS[kind]]);
  if (typed.length) base.problems.push(...typed);
  const path = first(input, PATH_KEYS);
  const abs = path ? absolutePath(path, cwd) : undefined;
  switch (kind) {
    case "shell": {
      const cmd = input.command ?? input.cmd ?? input.script;
      // An argv list is a command too; each of its words must be text.
      const argv = Array.isArray(cmd) && cmd.every((w) => typeof w === "string") ? (cmd as string[]) : undefined;
      const command = argv ? argv.map(quote).join(" ") : typeof cmd === "string" ? cmd : undefined;
      if (command === undefined) {
        const why =
          cmd === undefined
            ? `The ${tool} call has no command.`
            : `The ${tool} call's command is ${Array.isArray(cmd) ? "a list holding something other than text" : cmd === null ? "null" : typeof cmd === "object" ? "an object" : `a ${typeof cmd}`}, not text.`;
        return { ...base, kind, shell: { command: "" }, problems: [...base.problems, why] };
      }
      return { ...base, kind, shell: { command } };
    }
    case "write": {
      const content = first(input, ["content", "contents", "text", "data", "body"]) ?? "";
      const files: FileChange[] = abs ? [{ op: "write", path: abs, content, added: content }] : [];
      return { ...base, kind, files };
    }
    case "edit": {
      const added = first(input, ["new_string", "new_str", "new_text", "replacement", "new_content", "content"]) ?? "";
      const files: FileChange[] = abs ? [{ op: "edit", path: abs, added }] : [];
      return { ...base, kind, files };
    }
    case "read":
      return { ...base, kind, reads: abs ? [{ path: abs }] : [] };
    case "search": {
      const reads: FileRead[] = [
        {
          path: abs ?? absolutePath(s(input.directory) ?? s(input.dir) ?? cwd, cwd),
          pattern: first(input, ["pattern", "query", "glob", "regex"]),
        },
      ];
      return { ...base, kind, reads };
    }
    default:
      return { ...base, kind };
  }
}
