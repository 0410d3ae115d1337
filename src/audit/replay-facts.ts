// What a replay can read from one audit record: whether it is a tool call at all, what the rules decided
// for it, and what stops it from being decided again exactly. Pure functions over records; the replay
// itself (pipeline/replay.ts) rebuilds the call and decides it.
import type { Action } from "../engine/types.js";
import type { AuditRecord, InputLoss } from "./record.js";

/** Why a record is not replayed as a call at all. */
export type SkipReason =
  /** A human's (or the clock's) answer to an escalation: not a call the agent made. */
  | "escalation-answer"
  /** The hook could not read a call from the payload. */
  | "unreadable"
  /** An agent this staso has no adapter for. */
  | "unknown-host"
  /** No working directory was recorded, so neither the project policy nor relative paths can be known. */
  | "no-cwd";

export type RecordRole = { role: "call" } | { role: "result" } | { role: "skip"; why: SkipReason };

const REPLAY_HOSTS = new Set(["claude-code", "codex", "library"]);

/** A call to decide again (pre), a tool's result to remember (post, post-failure), or a record to count and pass. */
export function roleOf(r: AuditRecord): RecordRole {
  if (r.event === "escalation") return { role: "skip", why: "escalation-answer" };
  if (r.unreadable || r.host === "unknown" || typeof r.tool !== "string" || !r.tool)
    return { role: "skip", why: "unreadable" };
  if (!REPLAY_HOSTS.has(r.host)) return { role: "skip", why: "unknown-host" };
  if (!r.cwd) return { role: "skip", why: "no-cwd" };
  if (r.event === "pre") return { role: "call" };
  if (r.event === "post" || r.event === "post-failure") return { role: "result" };
  return { role: "skip", why: "unreadable" };
}

/**
 * What the rules decided for the recorded call: an escalated call is "escalate" whatever a human answered
 * (the answer is not the policy's), and a call only audit-mode rules fired on is "allow".
 */
export function decidedAction(r: AuditRecord): Action {
  if (r.escalation || r.escalationId) return "escalate";
  return r.action === "audit" ? "allow" : r.action;
}

// Version 1 records do not say what masking changed: it is read from the stored text (the placeholders
// of the secret detectors, and the marks the size cap leaves).
const V1_SECRET = /REDACTED_[A-Z0-9_]+/;
const V1_CAPPED = /\u2026\[\d+ more characters\]|\[omitted: record too large\]/;

/** What keeps the stored input from being the one the agent sent. */
export function inputLossOfRecord(r: AuditRecord): InputLoss[] {
  const input = r.input;
  const notAnObject = input === null || typeof input !== "object" || Array.isArray(input);
  if (r.v >= 2) {
    const loss = r.inputLoss ?? [];
    return notAnObject && !loss.includes("capped") ? [...loss, "capped"] : loss;
  }
  const text = JSON.stringify(input ?? null);
  const loss: InputLoss[] = [];
  if (V1_SECRET.test(text)) loss.push("secret");
  if (notAnObject || V1_CAPPED.test(text)) loss.push("capped");
  return loss;
}
