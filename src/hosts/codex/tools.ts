// Codex's tools as hooks see them: its shell tool arrives as "Bash" with only `command`, file edits as
// "apply_patch" with the whole patch in `command` (reference: agents-hooks.md §2).
import type { FileChange, ToolCall } from "../../engine/types.js";
import { absolutePath, fieldProblems, parseMcpName, spelledPath } from "../shared/envelope.js";
import { parseApplyPatch } from "./patch.js";

/** Each tool's input fields as Codex sends them to hooks (only `command`: agents-hooks.md §2). */
export const CODEX_TOOL_INPUTS: Record<string, { required: string[]; optional: string[] }> = {
  Bash: { required: ["command"], optional: [] },
  apply_patch: { required: ["command"], optional: [] },
};

type Views = Pick<ToolCall, "kind" | "shell" | "files" | "reads" | "urls" | "mcp" | "problems">;

export function describeCodexTool(tool: string, input: Record<string, unknown>, cwd: string): Views {
  const command = typeof input.command === "string" ? input.command : undefined;
  const mcp = parseMcpName(tool);
  const base: Views = { kind: "other", files: [], reads: [], urls: [], mcp, problems: [] };
  if (mcp) return { ...base, kind: "mcp" };
  if (tool === "Bash") {
    if (command === undefined)
      return {
        ...base,
        kind: "shell",
        shell: { command: "" },
        problems: fieldProblems(`${tool} call`, input, ["command"]),
      };
    // exec_command may run in a terminal the model keeps typing into (write_stdin), and no hook sees that.
    return { ...base, kind: "shell", shell: { command, typedInputUnseen: true } };
  }
  if (tool === "apply_patch") {
    if (command === undefined)
      return { ...base, kind: "patch", problems: fieldProblems(`${tool} call`, input, ["command"]) };
    const patch = parseApplyPatch(command);
    const files: FileChange[] = patch.files.map((f) => ({
      op: f.op,
      path: absolutePath(f.path, cwd),
      ...spelledPath(f.path, cwd),
      ...(f.moveTo ? { moveTo: absolutePath(f.moveTo, cwd) } : {}),
      ...(f.content !== undefined ? { content: f.content } : {}),
      added: f.added,
    }));
    return { ...base, kind: "patch", files, problems: patch.problems };
  }
  return base;
}
