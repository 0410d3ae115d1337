// A call's signature: what makes two tool calls "the same call" for an approval. The agent retrying a
// call after a human approved it must match; a different command, file, content or directory must not.
// Words the agent may change between tries without changing what runs (Claude's Bash `description` and
// `timeout`) are left out. The session is left out too: a human approves a call, and `claude -p` or
// `codex exec` run again start a new session.
import { createHash } from "node:crypto";
import type { ToolCall } from "../engine/types.js";

const VOLATILE_KEYS = new Set(["description", "timeout", "run_in_background"]);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The parts of a call that decide what it does. */
function signatureMaterial(
  call: Pick<ToolCall, "tool" | "kind" | "input" | "shell" | "session">,
): Record<string, unknown> {
  const input =
    call.kind === "shell" && call.shell
      ? { command: call.shell.command }
      : Object.fromEntries(Object.entries(call.input).filter(([k]) => !VOLATILE_KEYS.has(k)));
  return { v: 1, tool: call.tool, cwd: call.session.cwd, input };
}

/** sha256 (hex) of the call's signature material. */
export function callSignature(call: Pick<ToolCall, "tool" | "kind" | "input" | "shell" | "session">): string {
  return createHash("sha256")
    .update(canonical(signatureMaterial(call)))
    .digest("hex");
}

/** The call in one line, for a human: the command, the files, the URL, else the input. */
export function callSummary(
  call: Pick<ToolCall, "tool" | "input" | "shell" | "files" | "reads" | "urls">,
  max = 300,
): string {
  let s: string;
  if (call.shell) s = call.shell.command;
  else if (call.files.length > 0)
    s = call.files.map((f) => `${f.op} ${f.path}${f.moveTo ? ` → ${f.moveTo}` : ""}`).join(", ");
  else if (call.urls.length > 0) s = call.urls.join(" ");
  else if (call.reads.length > 0) s = call.reads.map((r) => r.path + (r.pattern ? ` (${r.pattern})` : "")).join(", ");
  else s = canonical(call.input);
  s = s
    .replace(/\s*\n\s*/g, " ⏎ ")
    .replace(/\s+/g, " ")
    .trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
