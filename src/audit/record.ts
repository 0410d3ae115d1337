// One audit record per decision, named as the seeds name guard spans.
//
// A record is one JSON line (see store.ts). Every string in it goes through the one masking function
// (mask.ts) before it is stored, so no field — input, modified input, reasons, rule reasons, failure,
// even cwd or session — can carry a secret the detectors know, and no string is longer than MAX_STRING.
//
// A record also keeps what `staso replay` needs to decide the call again (docs/replay.md): the input as
// stored and what masking changed in it, host, event, cwd, session, tool, and for a tool's result its
// size, duration and error. Version 2 added those facts; replay reads version 1 records too, and says
// which of their facts it had to do without.
import type { Decision, ToolCall } from "../engine/types.js";
import { VERSION } from "../version.js";
import { maskValue } from "./mask.js";
import { DeadlineExceeded, withDeadline } from "../util/deadline.js";
import { projectOf } from "./project.js";

export type RecordAction = "allow" | "block" | "modify" | "escalate" | "audit";

export const RECORD_ACTIONS: readonly RecordAction[] = ["block", "modify", "escalate", "audit", "allow"];

/** The version new records are written with. */
const RECORD_VERSION = 2;

/** What masking changed in a stored input: a secret masked, or a string cut (or the input dropped) for size. */
export type InputLoss = "secret" | "capped";

export interface AuditRecord {
  /** 1: before the replay facts below existed; 2: with them. */
  v: 1 | 2;
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
  /** What each judge said (allow included): model, verdict, reason, latency, tokens, and whether it stood in for the fail mode. */
  judges?: Decision["judges"];
  /** v2: the staso version that decided (built-in rules change between versions). */
  staso?: string;
  /** v2: what masking changed in `input`; absent when it is stored as the agent sent it. */
  inputLoss?: InputLoss[];
  /** v2: the hook could not read a tool call from the payload: tool and input stand in for it. */
  unreadable?: true;
  /** v2, MCP tools: the server, as the call named it. */
  mcpServer?: string;
  /** v2, post events: bytes of the tool's output as the model got it (the output itself is not kept). */
  outputBytes?: number;
  /** v2, post and failure events: how long the tool ran, when the host says. */
  durationMs?: number;
  /** v2, failure events: the error text, and whether the user interrupted the tool. */
  error?: string;
  interrupted?: true;
}

/** The call as the audit trail records it: the ToolCall's facts a record keeps (see buildRecord). */
export type RecordedCall = Pick<ToolCall, "host" | "event" | "tool" | "session" | "toolUseId" | "input"> &
  Partial<Pick<ToolCall, "outputText" | "error" | "mcp" | "raw">> & {
    /** The hook could not read a call from the payload: this one stands in for it. */
    unreadable?: true;
  };

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

const CAP_MARK = /\u2026\[\d+ more characters\]$/;

/**
 * What masking changed in an input, found by walking the original and the stored copy side by side: a
 * string cut at the size cap is "capped" (and also "secret" when its kept head differs too); any other
 * difference, whatever masked it, is "secret". Unchanged strings are the same instance, so this is cheap.
 */
export function inputLossOf(original: unknown, stored: unknown): InputLoss[] {
  const loss = new Set<InputLoss>();
  const walk = (o: unknown, s: unknown): void => {
    if (o === s) return;
    if (typeof o === "string") {
      const cut = typeof s === "string" ? CAP_MARK.exec(s) : null;
      if (cut) {
        loss.add("capped");
        if (s!.toString().slice(0, cut.index) !== o.slice(0, cut.index)) loss.add("secret");
      } else loss.add("secret");
      return;
    }
    if (Array.isArray(o)) {
      if (!Array.isArray(s) || s.length !== o.length) return void loss.add("secret");
      for (let i = 0; i < o.length; i++) walk(o[i], s[i]);
      return;
    }
    if (o && typeof o === "object") {
      if (!s || typeof s !== "object" || Array.isArray(s)) return void loss.add("secret");
      const so = s as Record<string, unknown>;
      for (const [k, v] of Object.entries(o)) walk(v, so[k]);
      if (Object.keys(so).length !== Object.keys(o).length) loss.add("secret");
      return;
    }
    if (o !== s) loss.add("secret");
  };
  walk(original, stored);
  // A fixed order, so equal losses serialise alike.
  return (["secret", "capped"] as const).filter((l) => loss.has(l));
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);

/** A tool's result, for post and failure events: its size, duration and error (the output is not kept). */
function resultFacts(call: RecordedCall): Partial<AuditRecord> {
  if (call.event !== "post" && call.event !== "post-failure") return {};
  const raw = (call.raw && typeof call.raw === "object" ? call.raw : {}) as Record<string, unknown>;
  const duration = num(raw.duration_ms);
  return {
    ...(call.event === "post" ? { outputBytes: call.outputText ? Buffer.byteLength(call.outputText) : 0 } : {}),
    ...(duration !== undefined ? { durationMs: Math.round(duration) } : {}),
    ...(call.error !== undefined ? { error: call.error } : {}),
    ...(raw.is_interrupt === true ? { interrupted: true as const } : {}),
  };
}

/** What stands in a record for an input that could not be masked before the deadline. */
export const INPUT_NOT_RECORDED = "[not recorded: the input could not be masked before the deadline]";

export function buildRecord(
  call: RecordedCall,
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
    v: RECORD_VERSION,
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
    ...(decision.judges?.length ? { judges: decision.judges.map((j) => ({ ...j })) } : {}),
    staso: VERSION,
    ...(call.unreadable ? { unreadable: true as const } : {}),
    ...(call.mcp ? { mcpServer: call.mcp.server } : {}),
    ...resultFacts(call),
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
  // What a replay cannot give back exactly: masking changed the input, or it was not recorded at all.
  const loss: InputLoss[] = inputs.input === INPUT_NOT_RECORDED ? ["capped"] : inputLossOf(call.input, inputs.input);
  return {
    ...head,
    ...inputs,
    ...(loss.length ? { inputLoss: loss } : {}),
    ...(escalationId !== undefined ? { escalationId } : {}),
    ...(escalation !== undefined ? { escalation } : {}),
    ...(failure !== undefined ? { failure } : {}),
  };
}
