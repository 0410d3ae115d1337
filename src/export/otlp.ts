// Audit records as OpenTelemetry spans, over OTLP/HTTP with the JSON encoding
// (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding):
//   - the session is the trace: traceId = 32 hex digits derived from agent + session id, so every
//     decision of one agent session lands on one trace, whichever process recorded it;
//   - each decision is a span named as the seeds name them (guard:blocked:<tool> with status ERROR,
//     guard:modified:<tool> OK, guard:would-block:<tool> OK, …), spanId = the record's own id;
//   - attributes carry the seeds' guard evaluation (tool_name, action, reason, latency_ms,
//     rules_triggered) under guard.*, with the masked original and modified input;
//   - every rule that fired is a span event with its own verdict and mode.
import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { gzipSync } from "node:zlib";
import type { AuditRecord } from "../audit/record.js";
import { VERSION } from "../version.js";
import { parseKeyValueList, type OtlpTarget } from "./config.js";
import type { Ack, ExportBatch, Exporter } from "./types.js";

export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  events: { timeUnixNano: string; name: string; attributes: KeyValue[] }[];
  status: { code: number; message?: string };
}

export interface ExportTraceServiceRequest {
  resourceSpans: {
    resource: { attributes: KeyValue[] };
    scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[];
  }[];
}

const SCOPE_NAME = "staso.guard";
const SPAN_KIND_INTERNAL = 1;
const STATUS_OK = 1;
const STATUS_ERROR = 2;

export function anyValue(v: unknown): AnyValue {
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number")
    return Number.isInteger(v)
      ? { intValue: String(v) }
      : Number.isFinite(v)
        ? { doubleValue: v }
        : { stringValue: String(v) };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  if (v && typeof v === "object")
    return { kvlistValue: { values: Object.entries(v).map(([key, value]) => ({ key, value: anyValue(value) })) } };
  return { stringValue: v === undefined ? "" : String(v) };
}

const kv = (key: string, value: AnyValue): KeyValue => ({ key, value });
const str = (key: string, value: string | undefined): KeyValue[] =>
  value === undefined || value === "" ? [] : [kv(key, { stringValue: value })];
const dbl = (key: string, value: number): KeyValue => kv(key, { doubleValue: value });

const HEX16 = /^[0-9a-f]{16}$/;
const hash = (text: string) => createHash("sha256").update(text).digest("hex");
const nonZero = (hex: string) => (/^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex);

export function traceIdOf(r: AuditRecord): string {
  return nonZero(hash(r.session ? `staso:session:${r.host}:${r.session}` : `staso:record:${spanIdOf(r)}`).slice(0, 32));
}

export function spanIdOf(r: AuditRecord): string {
  return nonZero(r.id && HEX16.test(r.id) ? r.id : hash(JSON.stringify(r)).slice(0, 16));
}

/** Nanoseconds since the epoch, as the decimal string OTLP/JSON wants for fixed64. */
function unixNanos(ms: number): string {
  const whole = Math.floor(ms);
  const frac = Math.round((ms - whole) * 1e6);
  return (BigInt(whole) * 1_000_000n + BigInt(frac)).toString();
}

const json = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

function spanOf(r: AuditRecord): OtlpSpan {
  const endMs = Date.parse(r.time);
  const latency = Number.isFinite(r.latencyMs) && r.latencyMs >= 0 ? r.latencyMs : 0;
  const end = unixNanos(endMs);
  const rules = Array.isArray(r.rules) ? r.rules : [];
  const attributes: KeyValue[] = [
    ...str("guard.action", r.action),
    ...str("guard.tool_name", r.tool),
    ...str("guard.reason", r.reason),
    kv("guard.rules_triggered", { arrayValue: { values: rules.map((v) => ({ stringValue: v.ruleId })) } }),
    ...str("guard.rule_name", r.ruleId),
    dbl("guard.latency_ms", latency),
    ...str("guard.event", r.event),
    ...str("guard.agent", r.host),
    ...str("guard.agent_id", r.agentId),
    ...str("guard.cwd", r.cwd),
    ...str("guard.project", r.project),
    ...(r.input === undefined ? [] : str("guard.tool_input", json(r.input))),
    ...(r.modifiedInput === undefined ? [] : str("guard.modified_input", json(r.modifiedInput))),
    ...str("guard.escalation_id", r.escalationId),
    ...str("guard.escalation.mode", r.escalation?.mode),
    ...str("guard.escalation.status", r.escalation?.status),
    ...str("guard.escalation.resolved_by", r.escalation?.resolvedBy),
    ...(typeof r.escalation?.timeToResolutionMs === "number"
      ? [dbl("guard.escalation.time_to_resolution_ms", r.escalation.timeToResolutionMs)]
      : []),
    ...str("guard.failure", r.failure),
    ...str("session.id", r.session),
    ...str("gen_ai.tool.name", r.tool),
    ...str("gen_ai.tool.call.id", r.toolUseId),
  ];
  return {
    traceId: traceIdOf(r),
    spanId: spanIdOf(r),
    name: r.span,
    kind: SPAN_KIND_INTERNAL,
    startTimeUnixNano: unixNanos(endMs - latency),
    endTimeUnixNano: end,
    attributes,
    events: rules.map((v) => ({
      timeUnixNano: end,
      name: "guard.rule",
      attributes: [
        ...str("guard.rule.id", v.ruleId),
        ...str("guard.rule.action", v.action),
        ...str("guard.rule.mode", v.mode),
        ...str("guard.rule.reason", v.reason),
        dbl("guard.rule.ms", Number(v.ms) || 0),
      ],
    })),
    status:
      r.status === "error" ? { code: STATUS_ERROR, ...(r.reason ? { message: r.reason } : {}) } : { code: STATUS_OK },
  };
}

/** service.name (OTEL_SERVICE_NAME, else "staso"), service.version, host.name, plus OTEL_RESOURCE_ATTRIBUTES. */
export function resourceAttributes(env: NodeJS.ProcessEnv = process.env): KeyValue[] {
  const attrs: Record<string, string> = {
    "service.name": "staso",
    "service.version": VERSION,
    "host.name": hostname(),
    ...parseKeyValueList(env.OTEL_RESOURCE_ATTRIBUTES),
  };
  if (env.OTEL_SERVICE_NAME?.trim()) attrs["service.name"] = env.OTEL_SERVICE_NAME.trim();
  return Object.entries(attrs).map(([key, value]) => kv(key, { stringValue: value }));
}

export function toOtlpRequest(
  records: readonly AuditRecord[],
  resource: KeyValue[] = resourceAttributes(),
): ExportTraceServiceRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: resource },
        scopeSpans: [{ scope: { name: SCOPE_NAME, version: VERSION }, spans: records.map(spanOf) }],
      },
    ],
  };
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date), capped at 5 minutes. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, 300_000) : undefined;
}

/** OTLP/HTTP, JSON encoding. 2xx is an acknowledgement; 408, 429 and 5xx are worth retrying. */
export class OtlpHttpExporter implements Exporter {
  readonly describe: string;
  constructor(
    private readonly target: OtlpTarget,
    private readonly resource: KeyValue[] = resourceAttributes(),
  ) {
    this.describe = target.url;
  }

  async ship(batch: ExportBatch): Promise<Ack> {
    if (this.target.problem) return { ok: false, retryable: false, message: this.target.problem };
    const body = Buffer.from(JSON.stringify(toOtlpRequest(batch.records, this.resource)));
    const headers: Record<string, string> = {
      ...this.target.headers,
      "content-type": "application/json",
      "user-agent": `staso/${VERSION}`,
    };
    let payload: Buffer = body;
    if (this.target.compression === "gzip") {
      payload = gzipSync(body);
      headers["content-encoding"] = "gzip";
    }
    let res: Response;
    try {
      res = await fetch(this.target.url, {
        method: "POST",
        headers,
        body: payload,
        signal: AbortSignal.timeout(this.target.timeoutMs),
        redirect: "error",
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const why =
        e.name === "TimeoutError"
          ? `no answer within ${this.target.timeoutMs} ms`
          : (e.cause?.code ?? e.cause?.message ?? e.message);
      return { ok: false, retryable: true, message: `${this.target.url} could not be reached (${why})` };
    }
    const text = await res.text().catch(() => "");
    if (res.status >= 200 && res.status < 300) {
      let rejected = 0;
      let message: string | undefined;
      try {
        const parsed = text
          ? (JSON.parse(text) as { partialSuccess?: { rejectedSpans?: string | number; errorMessage?: string } })
          : {};
        rejected = Number(parsed.partialSuccess?.rejectedSpans ?? 0) || 0;
        message = parsed.partialSuccess?.errorMessage || undefined;
      } catch {
        // a 2xx without a JSON body is still an acknowledgement
      }
      return { ok: true, accepted: batch.records.length - rejected, rejected, ...(message ? { message } : {}) };
    }
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    const detail = text.trim().slice(0, 300);
    const after = retryAfterMs(res.headers.get("retry-after"));
    return {
      ok: false,
      retryable,
      status: res.status,
      message: `${this.target.url} answered HTTP ${res.status}${detail ? `: ${detail}` : ""}`,
      ...(after !== undefined ? { retryAfterMs: after } : {}),
    };
  }
}
