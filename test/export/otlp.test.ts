import { describe, expect, it } from "vitest";
import { gunzipSync } from "node:zlib";
import { buildRecord } from "../../src/audit/record.js";
import { describeTarget, otlpTarget, parseKeyValueList } from "../../src/export/config.js";
import {
  OtlpHttpExporter,
  anyValue,
  resourceAttributes,
  retryAfterMs,
  spanIdOf,
  toOtlpRequest,
  traceIdOf,
} from "../../src/export/otlp.js";
import { resolveAuditSettings } from "../../src/audit/settings.js";
import { allow, block, call, record } from "../audit/fixtures.js";
import { OtlpReceiver, checkAnyValue, checkTraceRequest } from "./otlp-receiver.js";

const settings = (exp: Record<string, unknown> = {}) => resolveAuditSettings({ export: exp }).export;

describe("OTLP mapping", () => {
  it("turns records into a request the strict receiver accepts, named and statused as the seeds", () => {
    const when = new Date("2025-06-01T10:00:00.500Z");
    const blocked = buildRecord(call({ tool: "Write" }), block("secrets/aws", "Blocked: a secret"), 12.5, when);
    const modified = buildRecord(
      call(),
      {
        action: "modify",
        reason: "flag removed",
        ruleId: "x/y",
        modifiedInput: { command: "ls" },
        verdicts: [{ ruleId: "x/y", action: "modify", mode: "enforce", reason: "flag removed", ms: 0.5 }],
      },
      3,
      when,
    );
    const wouldBlock = buildRecord(
      call({ tool: "Edit" }),
      {
        action: "allow",
        reason: "",
        verdicts: [{ ruleId: "r/a", action: "block", mode: "audit", reason: "would block", ms: 1 }],
      },
      3,
      when,
    );
    const allowed = buildRecord(call(), allow(), 2, when);
    const req = toOtlpRequest([blocked, modified, wouldBlock, allowed]);
    const spans = checkTraceRequest(JSON.parse(JSON.stringify(req)));
    expect(spans.map((s) => [s.name, s.status.code])).toEqual([
      ["guard:blocked:Write", 2],
      ["guard:modified:Bash", 1],
      ["guard:would-block:Edit", 1],
      ["guard:allowed:Bash", 1],
    ]);
    const b = spans[0]!;
    expect(b.status.message).toBe("Blocked: a secret");
    expect(b.attributes).toMatchObject({
      "guard.action": "block",
      "guard.tool_name": "Write",
      "guard.reason": "Blocked: a secret",
      "guard.rules_triggered": ["secrets/aws"],
      "guard.rule_name": "secrets/aws",
      "guard.latency_ms": 12.5,
      "session.id": "sess-aaaa-1111",
      "gen_ai.tool.name": "Write",
      "guard.agent": "claude-code",
    });
    expect(JSON.parse(b.attributes["guard.tool_input"] as string)).toEqual({ command: "ls -la" });
    expect(JSON.parse(spans[1]!.attributes["guard.modified_input"] as string)).toEqual({ command: "ls" });
    expect(b.events).toEqual([
      {
        name: "guard.rule",
        timeUnixNano: b.endTimeUnixNano,
        attributes: {
          "guard.rule.id": "secrets/aws",
          "guard.rule.action": "block",
          "guard.rule.mode": "enforce",
          "guard.rule.reason": "Blocked: a secret",
          "guard.rule.ms": 0.12,
        },
      },
    ]);
    expect(spans[2]!.events[0]!.attributes["guard.rule.mode"]).toBe("audit");
    // times: end = record time, start = end - latency, in nanoseconds as strings
    expect(b.endTimeUnixNano).toBe("1748772000500000000");
    expect(BigInt(b.endTimeUnixNano) - BigInt(b.startTimeUnixNano)).toBe(12_500_000n);
    expect(b.resource["service.name"]).toBe("staso");
    expect(b.scope.name).toBe("staso.guard");
  });

  it("one session is one trace; span ids are the record ids", () => {
    const a = record({ session: "s-1" });
    const b = record({ session: "s-1" });
    const c = record({ session: "s-2" });
    expect(traceIdOf(a)).toBe(traceIdOf(b));
    expect(traceIdOf(a)).not.toBe(traceIdOf(c));
    expect(traceIdOf(a)).toMatch(/^[0-9a-f]{32}$/);
    expect(spanIdOf(a)).toBe(a.id);
    const old = record({ session: undefined, id: undefined });
    expect(spanIdOf(old)).toMatch(/^[0-9a-f]{16}$/);
    expect(traceIdOf(old)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("typed AnyValues", () => {
    for (const v of ["s", true, 3, 2.5, [1, "a"], { k: { n: 1 } }])
      expect(() => checkAnyValue(anyValue(v), "v")).not.toThrow();
    expect(anyValue(3)).toEqual({ intValue: "3" });
    expect(anyValue(Number.NaN)).toEqual({ stringValue: "NaN" });
  });

  it("the strict receiver refuses what a collector would", () => {
    const good = JSON.parse(JSON.stringify(toOtlpRequest([record()])));
    const bad = (mutate: (span: any, req: any) => void) => {
      const req = JSON.parse(JSON.stringify(good));
      mutate(req.resourceSpans[0].scopeSpans[0].spans[0], req);
      return () => checkTraceRequest(req);
    };
    expect(bad(() => {})).not.toThrow();
    expect(bad((s) => (s.traceId = "ABC"))).toThrow(/traceId/);
    expect(bad((s) => (s.spanId = Buffer.from("12345678").toString("base64")))).toThrow(/spanId/);
    expect(bad((s) => (s.startTimeUnixNano = 1))).toThrow(/startTimeUnixNano/);
    expect(bad((s) => (s.status = { code: "STATUS_CODE_OK" }))).toThrow(/status/);
    expect(bad((s) => (s.attributes[0].value = "plain"))).toThrow(/AnyValue/);
    expect(bad((s) => (s.attributes[0].value = { stringValue: "a", intValue: "1" }))).toThrow(/exactly one/);
    expect(bad((_, req) => delete req.resourceSpans)).toThrow(/resourceSpans/);
  });

  it("resource: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES", () => {
    const attrs = Object.fromEntries(
      resourceAttributes({
        OTEL_SERVICE_NAME: "guard",
        OTEL_RESOURCE_ATTRIBUTES: "team=infra,deployment.environment=dev%20box",
      }).map((a) => [a.key, (a.value as { stringValue: string }).stringValue]),
    );
    expect(attrs).toMatchObject({ "service.name": "guard", team: "infra", "deployment.environment": "dev box" });
    expect(attrs["host.name"]).toBeTruthy();
  });
});

describe("OTLP target from the environment and the config", () => {
  it("signal endpoint as is, general endpoint + /v1/traces, then the config; env wins", () => {
    expect(otlpTarget(settings(), {})).toBeUndefined();
    expect(otlpTarget(settings(), { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" })!.url).toBe(
      "http://c:4318/v1/traces",
    );
    expect(otlpTarget(settings(), { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318/" })!.url).toBe(
      "http://c:4318/v1/traces",
    );
    expect(
      otlpTarget(settings(), {
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://t:9/custom",
      })!.url,
    ).toBe("http://t:9/custom");
    expect(otlpTarget(settings({ endpoint: "https://cfg.example/otlp" }), {})).toMatchObject({
      url: "https://cfg.example/otlp/v1/traces",
      source: "audit.export.endpoint",
    });
    expect(
      otlpTarget(settings({ endpoint: "https://cfg.example/v1/traces" }), {
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://env:4318",
      })!.url,
    ).toBe("http://env:4318/v1/traces");
  });

  it("can be switched off: audit.export.enabled false, OTEL_SDK_DISABLED", () => {
    expect(otlpTarget(settings({ enabled: false }), { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" })).toBeUndefined();
    expect(
      otlpTarget(settings(), { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SDK_DISABLED: "true" }),
    ).toBeUndefined();
  });

  it("headers: config, then OTEL_EXPORTER_OTLP_HEADERS, then the traces ones; values percent-decoded; hidden in descriptions", () => {
    const t = otlpTarget(settings({ headers: { "x-team": "a", authorization: "cfg" } }), {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://c",
      OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20tok,x-a=1",
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-a=2",
    })!;
    expect(t.headers).toEqual({ "x-team": "a", authorization: "Bearer tok", "x-a": "2" });
    expect(describeTarget(t)).not.toContain("tok");
    expect(parseKeyValueList("a=1,,=x,b = 2 ,c")).toEqual({ a: "1", b: "2" });
  });

  it("timeout, compression, and a clear problem for gRPC or a bad URL", () => {
    expect(
      otlpTarget(settings(), {
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://c",
        OTEL_EXPORTER_OTLP_TIMEOUT: "250",
        OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
      }),
    ).toMatchObject({ timeoutMs: 250, compression: "gzip" });
    expect(
      otlpTarget(settings(), { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })!.problem,
    ).toMatch(/OTLP over HTTP only/);
    expect(otlpTarget(settings(), { OTEL_EXPORTER_OTLP_ENDPOINT: "localhost:4318" })!.problem).toMatch(/not an http/);
  });

  it("Retry-After in seconds or as a date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe("OtlpHttpExporter against the strict receiver on 127.0.0.1", () => {
  it("2xx acknowledges (partial success counted), 503/429 are retryable, 400 is not, a dead port is retryable", async () => {
    const rx = await new OtlpReceiver().start();
    try {
      const target = otlpTarget(settings(), {
        OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
        OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20t0k",
      })!;
      const exp = new OtlpHttpExporter(target);
      const batch = { records: [record(), record()] };
      expect(await exp.ship(batch)).toEqual({ ok: true, accepted: 2, rejected: 0 });
      expect(rx.requests[0]!.headers.authorization).toBe("Bearer t0k");
      expect(rx.requests[0]!.headers["user-agent"]).toMatch(/^staso\//);
      rx.replies.push({ status: 200, body: { partialSuccess: { rejectedSpans: "1", errorMessage: "one too old" } } });
      expect(await exp.ship(batch)).toEqual({ ok: true, accepted: 1, rejected: 1, message: "one too old" });
      rx.replies.push({ status: 503, headers: { "retry-after": "1" } });
      expect(await exp.ship(batch)).toMatchObject({ ok: false, retryable: true, status: 503, retryAfterMs: 1000 });
      rx.replies.push(429);
      expect(await exp.ship(batch)).toMatchObject({ ok: false, retryable: true, status: 429 });
      rx.replies.push(401);
      expect(await exp.ship(batch)).toMatchObject({ ok: false, retryable: false, status: 401 });
      rx.replies.push("reset");
      expect(await exp.ship(batch)).toMatchObject({ ok: false, retryable: true });
      expect(rx.invalid).toEqual([]);
    } finally {
      await rx.stop();
    }
    const down = new OtlpHttpExporter(otlpTarget(settings(), { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url })!);
    expect(await down.ship({ records: [record()] })).toMatchObject({
      ok: false,
      retryable: true,
      message: expect.stringMatching(/could not be reached \(ECONNREFUSED\)/),
    });
  });

  it("gzip when asked; a hanging receiver times out as retryable", async () => {
    const rx = await new OtlpReceiver().start();
    try {
      const gz = new OtlpHttpExporter(
        otlpTarget(settings(), {
          OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
          OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
          OTEL_EXPORTER_OTLP_TIMEOUT: "300",
        })!,
      );
      expect(await gz.ship({ records: [record()] })).toMatchObject({ ok: true, accepted: 1 });
      expect(rx.requests[0]!.headers["content-encoding"]).toBe("gzip");
      rx.replies.push("hang");
      const started = Date.now();
      expect(await gz.ship({ records: [record()] })).toMatchObject({
        ok: false,
        retryable: true,
        message: expect.stringMatching(/no answer within 300 ms/),
      });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(gunzipSync).toBeTypeOf("function");
    } finally {
      await rx.stop();
    }
  });
});
