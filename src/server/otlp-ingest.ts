// OTLP/HTTP JSON in (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): the spans staso's
// own exporter sends (src/export/otlp.ts) become decision rows. Anything else is counted as rejected
// (OTLP's partial success), never stored half-read. Every string is masked again here (a machine runs
// an older staso, or is not staso at all) and capped.
import { maskText } from "../audit/mask.js";
import type { DecisionDetail, DecisionRow } from "./store/decisions.js";

type Any = Record<string, unknown>;

export interface Ingested {
  rows: DecisionRow[];
  rejected: number;
  /** From the resource: the machine's host name and staso version; the agents seen in the batch. */
  hostName?: string;
  stasoVersion?: string;
  agents: string[];
}

/** Thrown for a body that is not an OTLP trace request at all. */
export class OtlpError extends Error {}

const isObj = (v: unknown): v is Any => v !== null && typeof v === "object" && !Array.isArray(v);

function anyValueOf(v: unknown): unknown {
  if (!isObj(v)) return undefined;
  if (typeof v.stringValue === "string") return v.stringValue;
  if (typeof v.boolValue === "boolean") return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (isObj(v.arrayValue)) return Array.isArray(v.arrayValue.values) ? v.arrayValue.values.map(anyValueOf) : [];
  if (isObj(v.kvlistValue)) return attributes(v.kvlistValue.values);
  return undefined;
}

function attributes(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) if (isObj(kv) && typeof kv.key === "string") out[kv.key] = anyValueOf(kv.value);
  return out;
}

const text = (v: unknown, max = 4096): string | undefined =>
  typeof v === "string" && v !== "" ? maskText(v, max) : undefined;
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

const ACTIONS = new Set(["allow", "block", "modify", "escalate", "audit"]);
const HEX = (n: number) => new RegExp(`^[0-9a-f]{${n}}$`);

function spanRow(span: Any, keyId: number, resource: { hostName?: string; stasoVersion?: string }): DecisionRow | null {
  const a = attributes(span.attributes);
  const action = a["guard.action"];
  const traceId = typeof span.traceId === "string" ? span.traceId.toLowerCase() : "";
  const spanId = typeof span.spanId === "string" ? span.spanId.toLowerCase() : "";
  if (typeof action !== "string" || !ACTIONS.has(action) || !HEX(32).test(traceId) || !HEX(16).test(spanId))
    return null;
  const endNanos =
    typeof span.endTimeUnixNano === "string" || typeof span.endTimeUnixNano === "number"
      ? String(span.endTimeUnixNano)
      : "";
  if (!/^\d{1,20}$/.test(endNanos)) return null;
  const time = new Date(Number(BigInt(endNanos) / 1_000_000n));
  if (Number.isNaN(time.getTime())) return null;
  const rules: DecisionDetail["rules"] = [];
  if (Array.isArray(span.events))
    for (const ev of span.events) {
      if (!isObj(ev) || ev.name !== "guard.rule") continue;
      const e = attributes(ev.attributes);
      rules.push({
        ruleId: text(e["guard.rule.id"], 200) ?? "?",
        action: text(e["guard.rule.action"], 20) ?? "?",
        mode: text(e["guard.rule.mode"], 20) ?? "?",
        reason: text(e["guard.rule.reason"]) ?? "",
        ...(num(e["guard.rule.ms"]) !== undefined ? { ms: num(e["guard.rule.ms"]) } : {}),
      });
      if (rules.length >= 200) break;
    }
  const escalation = {
    ...(text(a["guard.escalation.mode"], 40) ? { mode: text(a["guard.escalation.mode"], 40) } : {}),
    ...(text(a["guard.escalation.status"], 40) ? { status: text(a["guard.escalation.status"], 40) } : {}),
    ...(text(a["guard.escalation.resolved_by"], 200)
      ? { resolvedBy: text(a["guard.escalation.resolved_by"], 200) }
      : {}),
    ...(num(a["guard.escalation.time_to_resolution_ms"]) !== undefined
      ? { timeToResolutionMs: num(a["guard.escalation.time_to_resolution_ms"]) }
      : {}),
  };
  const record: DecisionDetail = {
    span: text(span.name, 300) ?? `guard:${action}`,
    rules,
    ...(text(a["guard.cwd"], 1000) ? { cwd: text(a["guard.cwd"], 1000) } : {}),
    ...(text(a["guard.tool_input"], 16384) ? { input: text(a["guard.tool_input"], 16384) } : {}),
    ...(text(a["guard.modified_input"], 16384) ? { modifiedInput: text(a["guard.modified_input"], 16384) } : {}),
    ...(text(a["guard.failure"]) ? { failure: text(a["guard.failure"]) } : {}),
    ...(Object.keys(escalation).length ? { escalation } : {}),
    ...(resource.hostName ? { hostName: resource.hostName } : {}),
    ...(resource.stasoVersion ? { stasoVersion: resource.stasoVersion } : {}),
  };
  const escalationId = text(a["guard.escalation_id"], 40);
  return {
    keyId,
    traceId,
    spanId,
    time,
    host: text(a["guard.agent"], 100) ?? "unknown",
    event: text(a["guard.event"], 40) ?? "pre",
    tool: text(a["guard.tool_name"], 300) ?? "unknown",
    action,
    ruleId: text(a["guard.rule_name"], 200) ?? null,
    reason: text(a["guard.reason"]) ?? null,
    latencyMs: num(a["guard.latency_ms"]) ?? null,
    session: text(a["session.id"], 300) ?? null,
    project: text(a["guard.project"], 1000) ?? null,
    escalationId: escalationId && /^esc_[0-9a-f]{12}$/.test(escalationId) ? escalationId : null,
    escalationStatus: escalation.status ?? null,
    record,
  };
}

/** The decision rows of one ExportTraceServiceRequest sent with the key `keyId`. */
export function ingestTraces(body: unknown, keyId: number): Ingested {
  if (!isObj(body) || !Array.isArray(body.resourceSpans))
    throw new OtlpError("the body is not an OTLP ExportTraceServiceRequest (no resourceSpans)");
  const out: Ingested = { rows: [], rejected: 0, agents: [] };
  const agents = new Set<string>();
  for (const rs of body.resourceSpans) {
    if (!isObj(rs)) continue;
    const res = attributes(isObj(rs.resource) ? rs.resource.attributes : undefined);
    const resource = {
      ...(text(res["host.name"], 200) ? { hostName: text(res["host.name"], 200) } : {}),
      ...(text(res["service.version"], 50) ? { stasoVersion: text(res["service.version"], 50) } : {}),
    };
    out.hostName ??= resource.hostName;
    out.stasoVersion ??= resource.stasoVersion;
    for (const ss of Array.isArray(rs.scopeSpans) ? rs.scopeSpans : []) {
      if (!isObj(ss)) continue;
      for (const span of Array.isArray(ss.spans) ? ss.spans : []) {
        const row = isObj(span) ? spanRow(span, keyId, resource) : null;
        if (!row) {
          out.rejected++;
          continue;
        }
        out.rows.push(row);
        if (row.host !== "unknown") agents.add(row.host);
      }
    }
  }
  out.agents = [...agents];
  return out;
}
