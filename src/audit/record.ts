// One audit record per decision, named as the seeds name guard spans.
import type { Decision, ToolCall } from "../engine/types.js";
import { maskText, maskValue } from "./mask.js";

export type RecordAction = "allow" | "block" | "modify" | "escalate" | "audit";

export interface AuditRecord {
  v: 1;
  time: string;
  host: string;
  event: string;
  session?: string;
  agentId?: string;
  cwd?: string;
  tool: string;
  toolUseId?: string;
  /** The decision's action, or "audit" for an allowed call an audit-mode rule would have blocked. */
  action: RecordAction;
  span: string;
  status: "ok" | "error";
  reason?: string;
  ruleId?: string;
  rules: Decision["verdicts"];
  latencyMs: number;
  input?: unknown;
  modifiedInput?: unknown;
  escalationId?: string;
  failure?: string;
}

/** guard:blocked:<tool>, guard:modified:<tool>, guard:would-block:<tool>, guard:escalated:<tool>, guard:allowed:<tool>. */
export function spanName(action: RecordAction, tool: string): string {
  const verb = { allow: "allowed", block: "blocked", modify: "modified", escalate: "escalated", audit: "would-block" }[action];
  return `guard:${verb}:${tool}`;
}

export function recordAction(decision: Decision): RecordAction {
  if (decision.action === "allow" && decision.verdicts.some((v) => v.mode === "audit")) return "audit";
  return decision.action;
}

export function buildRecord(call: Pick<ToolCall, "host" | "event" | "tool" | "session" | "toolUseId" | "input">, decision: Decision, latencyMs: number, now = new Date()): AuditRecord {
  const action = recordAction(decision);
  return {
    v: 1,
    time: now.toISOString(),
    host: call.host,
    event: call.event,
    ...(call.session.id ? { session: call.session.id } : {}),
    ...(call.session.agentId ? { agentId: call.session.agentId } : {}),
    cwd: call.session.cwd,
    tool: call.tool,
    ...(call.toolUseId ? { toolUseId: call.toolUseId } : {}),
    action,
    span: spanName(action, call.tool || "unknown"),
    status: action === "block" ? "error" : "ok",
    ...(decision.reason ? { reason: maskText(decision.reason) } : {}),
    ...(decision.ruleId ? { ruleId: decision.ruleId } : {}),
    rules: decision.verdicts.map((v) => ({ ...v, reason: maskText(v.reason) })),
    latencyMs: Math.round(latencyMs * 100) / 100,
    input: maskValue(call.input),
    ...(decision.modifiedInput ? { modifiedInput: maskValue(decision.modifiedInput) } : {}),
    ...(decision.escalationId ? { escalationId: decision.escalationId } : {}),
    ...(decision.failure ? { failure: maskText(decision.failure) } : {}),
  };
}
