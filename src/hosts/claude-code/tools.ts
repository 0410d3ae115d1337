// Claude Code's tools, mapped to host-neutral kinds and views (tool_input shapes from the reference).
import type { FileChange, FileRead, ToolCall, ToolKind } from "../../engine/types.js";
import { absolutePath, fieldProblems, parseMcpName, spelledPath } from "../shared/envelope.js";

/** Claude Code's tools onto staso's tool kinds (MCP tools, mcp__<server>__<tool>, are "mcp"). */
export const CLAUDE_TOOL_KINDS: Record<string, ToolKind> = {
  Bash: "shell",
  PowerShell: "shell",
  Write: "write",
  Edit: "edit",
  MultiEdit: "edit",
  NotebookEdit: "edit",
  Read: "read",
  NotebookRead: "read",
  Grep: "search",
  Glob: "search",
  WebFetch: "fetch",
  WebSearch: "web-search",
  Agent: "agent",
  Task: "agent",
};

/**
 * Each tool's input fields as Claude Code sends them (required first), for `staso check`/`staso test` to
 * catch a typo (`bash`, `{"cmd": …}`) instead of deciding a call no agent would send.
 */
export const CLAUDE_TOOL_INPUTS: Record<string, { required: string[]; optional: string[] }> = {
  Bash: {
    required: ["command"],
    optional: ["description", "timeout", "run_in_background", "dangerouslyDisableSandbox"],
  },
  PowerShell: { required: ["command"], optional: ["description", "timeout", "run_in_background"] },
  Write: { required: ["file_path", "content"], optional: [] },
  Edit: { required: ["file_path", "old_string", "new_string"], optional: ["replace_all"] },
  MultiEdit: { required: ["file_path", "edits"], optional: [] },
  NotebookEdit: { required: ["notebook_path", "new_source"], optional: ["cell_id", "cell_type", "edit_mode"] },
  Read: { required: ["file_path"], optional: ["offset", "limit", "pages"] },
  NotebookRead: { required: ["notebook_path"], optional: ["cell_id"] },
  Grep: {
    required: ["pattern"],
    optional: ["path", "glob", "type", "output_mode", "-i", "-n", "-A", "-B", "-C", "head_limit", "multiline"],
  },
  Glob: { required: ["pattern"], optional: ["path"] },
  WebFetch: { required: ["url"], optional: ["prompt"] },
  WebSearch: { required: ["query"], optional: ["allowed_domains", "blocked_domains"] },
  Task: { required: ["prompt"], optional: ["description", "subagent_type"] },
  Agent: { required: ["prompt"], optional: ["description", "subagent_type"] },
};

const s = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

type Views = Pick<ToolCall, "kind" | "shell" | "files" | "reads" | "urls" | "mcp" | "problems">;

/** The text fields each tool's view is built from: required, then optional. */
const FIELDS: Record<string, [string[], string[]]> = {
  Bash: [["command"], ["description"]],
  PowerShell: [["command"], ["description"]],
  Write: [["file_path", "content"], []],
  Edit: [["file_path", "old_string", "new_string"], []],
  MultiEdit: [["file_path"], []],
  NotebookEdit: [["notebook_path"], ["new_source", "cell_id"]],
  Read: [["file_path"], []],
  NotebookRead: [["notebook_path"], []],
  Grep: [["pattern"], ["path", "glob"]],
  Glob: [["pattern"], ["path"]],
  WebFetch: [["url"], ["prompt"]],
};

/** Problems with the fields the tool's view is read from (see fieldProblems). */
function claudeFieldProblems(tool: string, input: Record<string, unknown>): string[] {
  const fields = FIELDS[tool];
  if (!fields) return [];
  const out = fieldProblems(`${tool} call`, input, fields[0], fields[1]);
  if (tool === "MultiEdit") {
    if (!Array.isArray(input.edits)) out.push("The MultiEdit call's edits are not a list.");
    else
      input.edits.forEach((e, i) => {
        if (e === null || typeof e !== "object" || Array.isArray(e))
          out.push(`The MultiEdit call's edits[${i}] is not an object.`);
        else
          out.push(
            ...fieldProblems(`MultiEdit call's edits[${i}]`, e as Record<string, unknown>, [
              "old_string",
              "new_string",
            ]),
          );
      });
  }
  return out;
}

export function describeClaudeTool(tool: string, input: Record<string, unknown>, cwd: string): Views {
  const mcp = parseMcpName(tool);
  const kind: ToolKind = mcp ? "mcp" : (CLAUDE_TOOL_KINDS[tool] ?? "other");
  const files: FileChange[] = [];
  const reads: FileRead[] = [];
  const urls: string[] = [];
  let shell: { command: string } | undefined;
  const filePath = s(input.file_path) ?? s(input.notebook_path);
  switch (tool) {
    case "Bash":
    case "PowerShell":
      shell = { command: s(input.command) ?? "" };
      break;
    case "Write":
      if (filePath)
        files.push({
          op: "write",
          path: absolutePath(filePath, cwd),
          ...spelledPath(filePath, cwd),
          content: s(input.content) ?? "",
          added: s(input.content) ?? "",
        });
      break;
    case "Edit":
      if (filePath)
        files.push({
          op: "edit",
          path: absolutePath(filePath, cwd),
          ...spelledPath(filePath, cwd),
          added: s(input.new_string) ?? "",
        });
      break;
    case "MultiEdit": {
      const edits = Array.isArray(input.edits) ? input.edits : [];
      const added = edits.map((e) => s((e as Record<string, unknown>)?.new_string) ?? "").join("\n");
      if (filePath) files.push({ op: "edit", path: absolutePath(filePath, cwd), ...spelledPath(filePath, cwd), added });
      break;
    }
    case "NotebookEdit":
      if (filePath)
        files.push({
          op: "edit",
          path: absolutePath(filePath, cwd),
          ...spelledPath(filePath, cwd),
          added: s(input.new_source) ?? "",
        });
      break;
    case "Read":
    case "NotebookRead":
      if (filePath) reads.push({ path: absolutePath(filePath, cwd) });
      break;
    case "Grep":
    case "Glob":
      reads.push({ path: absolutePath(s(input.path) ?? cwd, cwd), pattern: s(input.pattern) });
      break;
    case "WebFetch":
      if (s(input.url)) urls.push(s(input.url)!);
      break;
  }
  return { kind, shell, files, reads, urls, mcp, problems: claudeFieldProblems(tool, input) };
}

/** What the model will read from a tool's response, as text. */
export function claudeOutputText(output: unknown): string | undefined {
  if (output && typeof output === "object") {
    const o = output as Record<string, unknown>;
    if (typeof o.stdout === "string" || typeof o.stderr === "string")
      return [o.stdout, o.stderr].filter((x) => typeof x === "string" && x).join("\n");
    const file = o.file as Record<string, unknown> | undefined;
    if (file && typeof file.content === "string") return file.content;
  }
  return undefined;
}
