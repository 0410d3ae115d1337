// A strict OTLP/HTTP (JSON encoding) trace receiver on 127.0.0.1, for the export tests. It checks the
// wire format the way a collector's otlpreceiver would refuse it: POST /v1/traces, content-type
// application/json (gzip allowed), resourceSpans → scopeSpans → spans, 32-hex traceId and 16-hex spanId
// (not all zero), string nanosecond times (end ≥ start), a valid span kind and status code, and every
// attribute a typed AnyValue. A request that breaks any of it gets 400 and is counted as invalid.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import type { AddressInfo } from "node:net";

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: { code: number; message?: string };
  attributes: Record<string, unknown>;
  events: { name: string; timeUnixNano: string; attributes: Record<string, unknown> }[];
  resource: Record<string, unknown>;
  scope: { name: string; version?: string };
}

export interface ReceiverRequest {
  headers: IncomingMessage["headers"];
  spans: number;
  status: number;
}

/** What the receiver answers: 200 (default), any other status, "hang" (never answers) or "reset". */
export type Reply = number | "hang" | "reset" | { status: number; body?: unknown; headers?: Record<string, string> };

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const NANOS = /^\d{1,20}$/;

const isObj = (v: unknown): v is Record<string, any> => !!v && typeof v === "object" && !Array.isArray(v);

/** Throws with a path when `v` is not an OTLP AnyValue; returns its plain JS reading. */
export function checkAnyValue(v: unknown, path: string): unknown {
  if (!isObj(v)) throw new Error(`${path}: AnyValue must be an object`);
  const keys = Object.keys(v);
  if (keys.length !== 1)
    throw new Error(
      `${path}: AnyValue must have exactly one of stringValue/boolValue/intValue/doubleValue/arrayValue/kvlistValue/bytesValue, got ${keys.join(",")}`,
    );
  const k = keys[0]!;
  const x = v[k];
  switch (k) {
    case "stringValue":
      if (typeof x !== "string") throw new Error(`${path}.stringValue must be a string`);
      return x;
    case "boolValue":
      if (typeof x !== "boolean") throw new Error(`${path}.boolValue must be a boolean`);
      return x;
    case "intValue":
      if (!(typeof x === "string" ? /^-?\d+$/.test(x) : Number.isInteger(x)))
        throw new Error(`${path}.intValue must be an int64 (decimal string or integer)`);
      return Number(x);
    case "doubleValue":
      if (typeof x !== "number" || !Number.isFinite(x)) throw new Error(`${path}.doubleValue must be a finite number`);
      return x;
    case "bytesValue":
      if (typeof x !== "string") throw new Error(`${path}.bytesValue must be base64`);
      return x;
    case "arrayValue":
      if (!isObj(x) || !Array.isArray(x.values ?? [])) throw new Error(`${path}.arrayValue.values must be an array`);
      return (x.values ?? []).map((e: unknown, i: number) => checkAnyValue(e, `${path}.arrayValue.values[${i}]`));
    case "kvlistValue":
      if (!isObj(x)) throw new Error(`${path}.kvlistValue must be an object`);
      return checkAttributes(x.values ?? [], `${path}.kvlistValue.values`);
    default:
      throw new Error(`${path}: unknown AnyValue field ${k}`);
  }
}

function checkAttributes(attrs: unknown, path: string): Record<string, unknown> {
  if (!Array.isArray(attrs)) throw new Error(`${path} must be an array of KeyValue`);
  const out: Record<string, unknown> = {};
  attrs.forEach((a, i) => {
    if (!isObj(a) || typeof a.key !== "string" || a.key === "")
      throw new Error(`${path}[${i}].key must be a non-empty string`);
    if (a.key in out) throw new Error(`${path}: duplicate attribute key ${a.key}`);
    out[a.key] = checkAnyValue(a.value, `${path}[${i}].value`);
  });
  return out;
}

/** Validates an ExportTraceServiceRequest (JSON encoding); returns its spans flattened. */
export function checkTraceRequest(body: unknown): ReceivedSpan[] {
  if (!isObj(body)) throw new Error("the body must be a JSON object");
  if (!Array.isArray(body.resourceSpans) || body.resourceSpans.length === 0)
    throw new Error("resourceSpans must be a non-empty array");
  const spans: ReceivedSpan[] = [];
  body.resourceSpans.forEach((rs: unknown, i: number) => {
    const p = `resourceSpans[${i}]`;
    if (!isObj(rs)) throw new Error(`${p} must be an object`);
    const resource = checkAttributes(rs.resource?.attributes ?? [], `${p}.resource.attributes`);
    if (typeof resource["service.name"] !== "string") throw new Error(`${p}.resource must carry service.name`);
    if (!Array.isArray(rs.scopeSpans)) throw new Error(`${p}.scopeSpans must be an array`);
    rs.scopeSpans.forEach((ss: unknown, j: number) => {
      const q = `${p}.scopeSpans[${j}]`;
      if (!isObj(ss)) throw new Error(`${q} must be an object`);
      if (ss.scope !== undefined && (!isObj(ss.scope) || typeof ss.scope.name !== "string"))
        throw new Error(`${q}.scope.name must be a string`);
      if (!Array.isArray(ss.spans)) throw new Error(`${q}.spans must be an array`);
      ss.spans.forEach((s: unknown, k: number) => {
        const r = `${q}.spans[${k}]`;
        if (!isObj(s)) throw new Error(`${r} must be an object`);
        if (typeof s.traceId !== "string" || !HEX32.test(s.traceId) || /^0+$/.test(s.traceId))
          throw new Error(
            `${r}.traceId must be 32 lowercase hex digits, not all zero (got ${JSON.stringify(s.traceId)})`,
          );
        if (typeof s.spanId !== "string" || !HEX16.test(s.spanId) || /^0+$/.test(s.spanId))
          throw new Error(
            `${r}.spanId must be 16 lowercase hex digits, not all zero (got ${JSON.stringify(s.spanId)})`,
          );
        if (s.parentSpanId !== undefined && s.parentSpanId !== "" && !HEX16.test(s.parentSpanId))
          throw new Error(`${r}.parentSpanId must be 16 hex digits`);
        if (typeof s.name !== "string" || s.name === "") throw new Error(`${r}.name must be a non-empty string`);
        if (!Number.isInteger(s.kind) || s.kind < 0 || s.kind > 5)
          throw new Error(`${r}.kind must be a SpanKind integer 0-5`);
        for (const t of ["startTimeUnixNano", "endTimeUnixNano"]) {
          if (typeof s[t] !== "string" || !NANOS.test(s[t]))
            throw new Error(`${r}.${t} must be a decimal string of nanoseconds (got ${JSON.stringify(s[t])})`);
        }
        if (BigInt(s.endTimeUnixNano) < BigInt(s.startTimeUnixNano))
          throw new Error(`${r}: endTimeUnixNano is before startTimeUnixNano`);
        const nowNs = BigInt(Date.now() + 86_400_000) * 1_000_000n;
        if (BigInt(s.endTimeUnixNano) > nowNs || BigInt(s.startTimeUnixNano) < 946_684_800_000_000_000n)
          throw new Error(`${r}: times are not plausible Unix nanoseconds`);
        if (!isObj(s.status) || !Number.isInteger(s.status.code) || s.status.code < 0 || s.status.code > 2)
          throw new Error(`${r}.status.code must be 0, 1 or 2`);
        if (s.status.message !== undefined && typeof s.status.message !== "string")
          throw new Error(`${r}.status.message must be a string`);
        const attributes = checkAttributes(s.attributes ?? [], `${r}.attributes`);
        const events = (s.events ?? []).map((e: unknown, m: number) => {
          const ep = `${r}.events[${m}]`;
          if (
            !isObj(e) ||
            typeof e.name !== "string" ||
            typeof e.timeUnixNano !== "string" ||
            !NANOS.test(e.timeUnixNano)
          )
            throw new Error(`${ep} must have a name and a string timeUnixNano`);
          return {
            name: e.name,
            timeUnixNano: e.timeUnixNano,
            attributes: checkAttributes(e.attributes ?? [], `${ep}.attributes`),
          };
        });
        for (const key of Object.keys(s)) {
          if (
            ![
              "traceId",
              "spanId",
              "parentSpanId",
              "traceState",
              "flags",
              "name",
              "kind",
              "startTimeUnixNano",
              "endTimeUnixNano",
              "attributes",
              "droppedAttributesCount",
              "events",
              "droppedEventsCount",
              "links",
              "droppedLinksCount",
              "status",
            ].includes(key)
          )
            throw new Error(`${r}: unknown Span field ${key}`);
        }
        spans.push({
          traceId: s.traceId,
          spanId: s.spanId,
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: s.startTimeUnixNano,
          endTimeUnixNano: s.endTimeUnixNano,
          status: s.status as ReceivedSpan["status"],
          attributes,
          events,
          resource,
          scope: ss.scope ?? { name: "" },
        });
      });
    });
  });
  return spans;
}

export class OtlpReceiver {
  spans: ReceivedSpan[] = [];
  requests: ReceiverRequest[] = [];
  invalid: string[] = [];
  /** Replies for the next requests, in order; then `defaultReply`. */
  replies: Reply[] = [];
  defaultReply: Reply = 200;
  port = 0;
  private server: Server | undefined;
  private hanging: ServerResponse[] = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens on 127.0.0.1 (on the same port as before when restarted). */
  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 100;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Stops listening: connections are refused until start() again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const res of this.hanging.splice(0)) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  spanIds(): string[] {
    return this.spans.map((s) => s.spanId);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = this.replies.length ? this.replies.shift()! : this.defaultReply;
      let spans: ReceivedSpan[] = [];
      try {
        if (req.method !== "POST") throw new Error(`method ${req.method}`);
        if (req.url !== "/v1/traces") throw new Error(`path ${req.url}`);
        if (!/^application\/json\b/.test(req.headers["content-type"] ?? ""))
          throw new Error(`content-type ${req.headers["content-type"]}`);
        let raw = Buffer.concat(chunks);
        if (req.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
        else if (req.headers["content-encoding"])
          throw new Error(`content-encoding ${req.headers["content-encoding"]}`);
        spans = checkTraceRequest(JSON.parse(raw.toString("utf8")));
      } catch (err) {
        this.invalid.push((err as Error).message);
        this.requests.push({ headers: req.headers, spans: 0, status: 400 });
        res
          .writeHead(400, { "content-type": "application/json" })
          .end(JSON.stringify({ code: 3, message: (err as Error).message }));
        return;
      }
      if (reply === "hang") {
        this.hanging.push(res);
        this.requests.push({ headers: req.headers, spans: spans.length, status: 0 });
        return;
      }
      if (reply === "reset") {
        this.requests.push({ headers: req.headers, spans: spans.length, status: 0 });
        req.socket.destroy();
        return;
      }
      const r = typeof reply === "number" ? { status: reply } : reply;
      this.requests.push({ headers: req.headers, spans: spans.length, status: r.status });
      if (r.status >= 200 && r.status < 300) {
        const rejected = Number(
          (r.body as { partialSuccess?: { rejectedSpans?: string } } | undefined)?.partialSuccess?.rejectedSpans ?? 0,
        );
        this.spans.push(...spans.slice(0, spans.length - rejected));
      }
      res
        .writeHead(r.status, { "content-type": "application/json", ...(r.headers ?? {}) })
        .end(JSON.stringify(r.body ?? {}));
    });
  }
}

/** Polls `check` every 50 ms until it holds or `ms` pass; returns whether it held. */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
