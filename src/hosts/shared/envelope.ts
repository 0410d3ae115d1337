// The payload fields Claude Code and Codex share (Codex adopted Claude's hook envelope), read once here
// so each adapter only adds what is its own.
import { isAbsolute, resolve } from "node:path";
import { homeDir } from "../../builtin.js";
import type { HookEvent, SessionInfo } from "../../engine/types.js";

/** A payload staso cannot read: the message is one human sentence. */
export class PayloadError extends Error {}

export interface Envelope {
  hookEvent: string;
  event: HookEvent | null;
  tool: string;
  input: Record<string, unknown>;
  session: SessionInfo;
  toolUseId?: string;
  output?: unknown;
  error?: string;
}

const EVENTS: Record<string, HookEvent> = {
  PreToolUse: "pre",
  PostToolUse: "post",
  PostToolUseFailure: "post-failure",
};

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export function readEnvelope(payload: Record<string, unknown>): Envelope {
  const hookEvent = str(payload.hook_event_name);
  if (!hookEvent) throw new PayloadError("The hook payload has no hook_event_name.");
  const event = EVENTS[hookEvent] ?? null;
  const session: SessionInfo = {
    id: str(payload.session_id),
    cwd: str(payload.cwd) ?? process.cwd(),
    agentId: str(payload.agent_id),
    permissionMode: str(payload.permission_mode),
    transcriptPath: str(payload.transcript_path),
  };
  if (event === null) return { hookEvent, event, tool: "", input: {}, session };
  const tool = str(payload.tool_name);
  if (!tool) throw new PayloadError(`The ${hookEvent} payload has no tool_name.`);
  const input = payload.tool_input;
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new PayloadError(`The ${hookEvent} payload for ${tool} has no tool_input object.`);
  }
  return {
    hookEvent,
    event,
    tool,
    input: input as Record<string, unknown>,
    session,
    toolUseId: str(payload.tool_use_id),
    output: payload.tool_response,
    error: str(payload.error),
  };
}

const typeName = (v: unknown) =>
  v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `a ${typeof v}`;

/**
 * What is wrong with the fields an adapter reads from a tool's input: a required one missing, or one that
 * is not text (a `command` sent as a list or an object would otherwise read as an empty command, and an
 * empty command is allowed). Each is a problem of the call, so the fail mode decides it.
 */
export function fieldProblems(
  /** What holds the fields, as the message names it: "Bash call", "MultiEdit call's edits[0]". */
  what: string,
  input: Record<string, unknown>,
  required: readonly string[],
  optional: readonly string[] = [],
): string[] {
  const out: string[] = [];
  for (const f of required) {
    if (!(f in input) || input[f] === undefined) out.push(`The ${what} has no ${f}.`);
    else if (typeof input[f] !== "string") out.push(`The ${what}'s ${f} is ${typeName(input[f])}, not text.`);
  }
  for (const f of optional)
    if (input[f] !== undefined && input[f] !== null && typeof input[f] !== "string")
      out.push(`The ${what}'s ${f} is ${typeName(input[f])}, not text.`);
  return out;
}

/** An absolute path for a path the agent gave, relative ones taken from the session cwd. */
/**
 * The path as the kernel would walk it, when that differs from absolutePath's: joined to cwd with its
 * ".." kept (after a symbolic link, ".." climbs from where the link points, not from where it is named).
 */
export function spelledPath(p: string, cwd: string): { spelled: string } | Record<string, never> {
  if (!/(?:^|[\\/])\.\.(?:[\\/]|$)/.test(p)) return {};
  const home = p === "~" || p.startsWith("~/");
  const joined = home ? homeDir() + p.slice(1) : isAbsolute(p) ? p : `${cwd.replace(/\/+$/, "")}/${p}`;
  return { spelled: joined };
}

export function absolutePath(p: string, cwd: string): string {
  if (p === "~" || p.startsWith("~/")) return homeDir() + p.slice(1);
  return isAbsolute(p) ? resolve(p) : resolve(cwd, p);
}

/** `mcp__<server>__<tool>` split in its parts (server names may hold "_" but not "__"). */
export function parseMcpName(tool: string): { server: string; tool: string } | undefined {
  const m = /^mcp__(.+?)__(.+)$/.exec(tool);
  return m ? { server: m[1]!, tool: m[2]! } : undefined;
}

/** The tool output as text, whatever shape the host gave it. */
export function outputText(output: unknown): string | undefined {
  if (output === undefined || output === null) return undefined;
  if (typeof output === "string") return output;
  try {
    return JSON.stringify(output);
  } catch {
    return String(output);
  }
}
