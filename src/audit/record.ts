// One audit record per decision, named as the seeds name guard spans.
//
// A record is one JSON line (see store.ts). Every string in it goes through the one masking function
// (mask.ts) before it is stored, so no field — input, modified input, reasons, rule reasons, failure,
// even cwd or session — can carry a secret the detectors know, and no string is longer than MAX_STRING.
import type { Decision, ToolCall } from "../engine/types.js";
import { maskValue } from "./mask.js";
import { DeadlineExceeded, withDeadline } from "../util/deadline.js";
import { projectOf } from "./project.js";

export type RecordAction = "allow" | "block" | "modify" | "escalate" | "audit";

export const RECORD_ACTIONS: readonly RecordAction[] = ["block", "modify", "escalate", "audit", "allow"];

export interface AuditRecord {
  v: 1;
  /** 16 hex digits, unique per record: the span id when the record is exported. */
  id?: string;
  /** When the decision was made (ISO 8601, UTC): the end of the span. */
  time: string;
  /** The agent that sent the call: "claude-code", "codex", … */
  host: string;
  event: string;
  session?: string;
  agentId?: string;
  cwd?: string;
  /** The project the call ran in: the nearest folder above cwd with a .git, else cwd. */
  project?: string;
  tool: string;
  toolUseId?: string;
  /** The decision's action, or "audit" for an allowed call an audit-mode rule would have blocked. */
  action: RecordAction;
  span: string;
  status: "ok" | "error";
  reason?: string;
  ruleId?: string;
  /** Every rule that fired, with its own verdict and mode (audit-mode hits included). */
  rules: Decision["verdicts"];
  /** Milliseconds from the hook starting to read the payload to the decision. */
  latencyMs: number;
  input?: unknown;
  modifiedInput?: unknown;
  escalationId?: string;
  /** An escalated call: the mode, and once answered who answered, how and how fast (src/escalation/). */
  escalation?: Decision["escalation"];
  failure?: string;
}

/** guard:blocked:<tool>, guard:modified:<tool>, guard:would-block:<tool>, guard:escalated:<tool>, guard:allowed:<tool>. */
export function spanName(action: RecordAction, tool: string): string {
  const verb = { allow: "allowed", block: "blocked", modify: "modified", escalate: "escalated", audit: "would-block" }[
    action
  ];
  return `guard:${verb}:${tool}`;
}

function recordAction(decision: Decision): RecordAction {
  if (decision.action === "allow" && decision.verdicts.some((v) => v.mode === "audit")) return "audit";
  return decision.action;
}

/**
 * 16 hex digits, unique enough for a span id (64 random bits). Math.random, not node:crypto: loading
 * crypto costs the hook ~1-2 ms per call (measured with --cpu-prof), and an id needs no secrecy.
 */
const newRecordId = (): string => {
  const part = () =>
    Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, "0");
  return part() + part();
};

/** What stands in a record for an input that could not be masked before the deadline. */
export const INPUT_NOT_RECORDED = "[not recorded: the input could not be masked before the deadline]";

export function buildRecord(
  call: Pick<ToolCall, "host" | "event" | "tool" | "session" | "toolUseId" | "input">,
  decision: Decision,
  latencyMs: number,
  now = new Date(),
  /** performance.now() by which the input must be masked (the hook's deadline); past it, a placeholder. */
  deadlineAt = Number.POSITIVE_INFINITY,
): AuditRecord {
  const action = recordAction(decision);
  const cwd = call.session.cwd;
  const id = newRecordId();
  const record: AuditRecord = {
    v: 1,
    id,
    time: now.toISOString(),
    host: call.host,
    event: call.event,
    ...(call.session.id ? { session: call.session.id } : {}),
    ...(call.session.agentId ? { agentId: call.session.agentId } : {}),
    ...(cwd ? { cwd, project: projectOf(cwd) } : {}),
    tool: call.tool,
    ...(call.toolUseId ? { toolUseId: call.toolUseId } : {}),
    action,
    span: spanName(action, call.tool || "unknown"),
    status: action === "block" ? "error" : "ok",
    ...(decision.reason ? { reason: decision.reason } : {}),
    ...(decision.ruleId ? { ruleId: decision.ruleId } : {}),
    rules: decision.verdicts.map((v) => ({ ...v })),
    latencyMs: Math.round(latencyMs * 100) / 100,
    ...(decision.escalationId ? { escalationId: decision.escalationId } : {}),
    ...(decision.escalation ? { escalation: { ...decision.escalation } } : {}),
    ...(decision.failure ? { failure: decision.failure } : {}),
  };
  // One pass over every string of the record: secrets masked, sizes capped. The id is ours, not data.
  const masked = maskValue(record);
  masked.id = id;
  // The inputs, which may be large, within the deadline: a call is always recorded, its input when it can be.
  const { escalationId, escalation, failure, ...head } = masked;
  let inputs: Pick<AuditRecord, "input" | "modifiedInput">;
  try {
    inputs = withDeadline(deadlineAt, () => ({
      input: maskValue(call.input),
      ...(decision.modifiedInput ? { modifiedInput: maskValue(decision.modifiedInput) } : {}),
    }));
  } catch (err) {
    if (!(err instanceof DeadlineExceeded)) throw err;
    inputs = { input: INPUT_NOT_RECORDED };
  }
  return {
    ...head,
    ...inputs,
    ...(escalationId !== undefined ? { escalationId } : {}),
    ...(escalation !== undefined ? { escalation } : {}),
    ...(failure !== undefined ? { failure } : {}),
  };
}
