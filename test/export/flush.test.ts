// The spool → batches → exporter loop against the strict receiver on 127.0.0.1: batching, retries with
// backoff, no loss while the receiver is down, nothing sent twice once acknowledged.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendRecord, listSegments } from "../../src/audit/store.js";
import { otlpTarget } from "../../src/export/config.js";
import { backoffDelay, flush, hasPending, nextAttemptDelay, recordOutcome } from "../../src/export/flush.js";
import { OtlpHttpExporter } from "../../src/export/otlp.js";
import { exportInBackground, exportNow, type ExportContext } from "../../src/export/run.js";
import { nextBatch, pending } from "../../src/export/spool.js";
import { cursorFile, loadCursor, loadState, lockFile, tryLock } from "../../src/export/state.js";
import { resolveAuditSettings } from "../../src/audit/settings.js";
import type { Exporter } from "../../src/export/types.js";
import { record } from "../audit/fixtures.js";
import { OtlpReceiver } from "./otlp-receiver.js";

function setup(n = 0, opts: { maxFileBytes?: number } = {}) {
  const home = mkdtempSync(join(tmpdir(), "staso-flush-"));
  const auditDir = join(home, "audit");
  const exportDir = join(home, "export");
  const ids: string[] = [];
  const add = (count: number, time?: string) => {
    for (let i = 0; i < count; i++) {
      const r = record(time ? { time } : {});
      ids.push(r.id!);
      appendRecord(auditDir, r, opts);
    }
  };
  add(n);
  return { home, auditDir, exportDir, ids, add };
}

const exporterFor = (rx: OtlpReceiver, env: Record<string, string> = {}) =>
  new OtlpHttpExporter(otlpTarget(resolveAuditSettings().export, { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, ...env })!);
const noSleep = async () => {};

function ctxOf(s: ReturnType<typeof setup>, rx: OtlpReceiver): ExportContext {
  const settings = resolveAuditSettings();
  return {
    auditDir: s.auditDir,
    exportDir: s.exportDir,
    settings,
    target: otlpTarget(settings.export, { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url })!,
    retryBaseMs: 20,
  };
}

describe("export flush", () => {
  it("ships in batches (by span count and by bytes), each span exactly once, across rotated files", async () => {
    const s = setup(1200, { maxFileBytes: 64 * 1024 });
    expect(listSegments(s.auditDir).length).toBeGreaterThan(5);
    const rx = await new OtlpReceiver().start();
    try {
      const res = await flush({
        auditDir: s.auditDir,
        exportDir: s.exportDir,
        exporter: exporterFor(rx),
        maxBatchSpans: 500,
      });
      expect(res).toMatchObject({ shipped: 1200, batches: 3, rejected: 0, skipped: 0 });
      expect(rx.requests.map((r) => r.spans)).toEqual([500, 500, 200]);
      expect(rx.spanIds().sort()).toEqual([...s.ids].sort());
      expect(rx.invalid).toEqual([]);
      expect(pending(s.auditDir, loadCursor(s.exportDir)).bytes).toBe(0);
      expect(statSync(cursorFile(s.exportDir)).mode & 0o777).toBe(0o600);
      expect(statSync(s.exportDir).mode & 0o777).toBe(0o700);

      // by bytes: ~700-byte records, 16 KB batches
      const t = setup(100);
      const rx2 = await new OtlpReceiver().start();
      await flush({
        auditDir: t.auditDir,
        exportDir: t.exportDir,
        exporter: exporterFor(rx2),
        maxBatchBytes: 8 * 1024,
      });
      const total = listSegments(t.auditDir).reduce((n, seg) => n + statSync(join(t.auditDir, seg.name)).size, 0);
      expect(rx2.requests.length).toBeGreaterThanOrEqual(Math.ceil(total / (8 * 1024)));
      expect(rx2.requests.length).toBeGreaterThan(3);
      expect(rx2.spanIds().sort()).toEqual([...t.ids].sort());
      await rx2.stop();

      // nothing is sent twice: a second run ships nothing; new records only are shipped next
      expect(await flush({ auditDir: s.auditDir, exportDir: s.exportDir, exporter: exporterFor(rx) })).toMatchObject({
        shipped: 0,
        batches: 0,
      });
      s.add(7);
      expect(await flush({ auditDir: s.auditDir, exportDir: s.exportDir, exporter: exporterFor(rx) })).toMatchObject({
        shipped: 7,
        batches: 1,
      });
      expect(rx.spans).toHaveLength(1207);
      expect(new Set(rx.spanIds()).size).toBe(1207);
    } finally {
      await rx.stop();
    }
  });

  it("retries with backoff: 503, 503 (Retry-After honoured), then 200; nothing duplicated", async () => {
    const s = setup(10);
    const rx = await new OtlpReceiver().start();
    try {
      rx.replies.push(503, { status: 429, headers: { "retry-after": "0.05" } });
      const delays: number[] = [];
      const res = await flush({
        auditDir: s.auditDir,
        exportDir: s.exportDir,
        exporter: exporterFor(rx),
        baseDelayMs: 10,
        onRetry: (r) => delays.push(r.delayMs),
      });
      expect(res).toMatchObject({ shipped: 10, batches: 1 });
      expect(rx.requests.map((r) => r.status)).toEqual([503, 429, 200]);
      expect(delays).toHaveLength(2);
      expect(delays[1]).toBeGreaterThanOrEqual(50);
      expect(rx.spans).toHaveLength(10);
    } finally {
      await rx.stop();
    }
    for (let a = 1; a <= 8; a++) {
      const d = backoffDelay(a, 500, 8000);
      expect(d).toBeGreaterThanOrEqual(Math.min(8000, 500 * 2 ** (a - 1)) / 2);
      expect(d).toBeLessThanOrEqual(Math.min(8000, 500 * 2 ** (a - 1)));
    }
    expect([1, 2, 3, 10].map((f) => nextAttemptDelay(f, true))).toEqual([5000, 10000, 20000, 300000]);
  });

  it("receiver down then up: nothing acknowledged is lost or resent, the cursor moves only on 2xx", async () => {
    const s = setup(30);
    const rx = await new OtlpReceiver().start();
    const port = rx.port;
    await rx.stop(); // down: connections refused
    const exporter = exporterFor(rx);
    const down = await flush({ auditDir: s.auditDir, exportDir: s.exportDir, exporter, attempts: 3, sleep: noSleep });
    expect(down).toMatchObject({ shipped: 0, retryable: true, error: expect.stringMatching(/ECONNREFUSED/) });
    expect(loadCursor(s.exportDir).files).toEqual({});
    const state = recordOutcome(s.exportDir, down);
    expect(state).toMatchObject({ failures: 1, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(Date.parse(state.nextAttemptAt!)).toBeGreaterThan(Date.now());

    s.add(20); // more records while it is down
    rx.port = port;
    await rx.start(); // up again, same port
    try {
      rx.replies.push(503); // and still flaky at first
      const up = await flush({
        auditDir: s.auditDir,
        exportDir: s.exportDir,
        exporter,
        maxBatchSpans: 16,
        sleep: noSleep,
      });
      expect(up).toMatchObject({ shipped: 50, batches: 4 });
      expect(rx.spanIds().sort()).toEqual([...s.ids].sort());
      expect(recordOutcome(s.exportDir, up)).toMatchObject({ failures: 0, shipped: 50 });
      expect(loadState(s.exportDir).nextAttemptAt).toBeUndefined();
    } finally {
      await rx.stop();
    }
  });

  it("a batch the receiver refuses for good (400/401) stops the run without moving the cursor", async () => {
    const s = setup(5);
    const rx = await new OtlpReceiver().start();
    try {
      rx.replies.push(401);
      const res = await flush({
        auditDir: s.auditDir,
        exportDir: s.exportDir,
        exporter: exporterFor(rx),
        sleep: noSleep,
      });
      expect(res).toMatchObject({ shipped: 0, retryable: false, error: expect.stringMatching(/HTTP 401/) });
      expect(rx.requests).toHaveLength(1); // not retried
      expect(pending(s.auditDir, loadCursor(s.exportDir), true).records).toBe(5);
      expect(nextAttemptDelay(1, false)).toBe(300_000);
      expect(await flush({ auditDir: s.auditDir, exportDir: s.exportDir, exporter: exporterFor(rx) })).toMatchObject({
        shipped: 5,
      });
    } finally {
      await rx.stop();
    }
  });

  it("partial success: refused spans are counted and not sent again", async () => {
    const s = setup(4);
    const rx = await new OtlpReceiver().start();
    try {
      rx.replies.push({ status: 200, body: { partialSuccess: { rejectedSpans: "1", errorMessage: "too old" } } });
      expect(await flush({ auditDir: s.auditDir, exportDir: s.exportDir, exporter: exporterFor(rx) })).toMatchObject({
        shipped: 3,
        rejected: 1,
      });
      expect(await flush({ auditDir: s.auditDir, exportDir: s.exportDir, exporter: exporterFor(rx) })).toMatchObject({
        shipped: 0,
      });
      expect(rx.requests).toHaveLength(1);
    } finally {
      await rx.stop();
    }
  });

  it("a record appended late to an older file is still shipped (offsets are per file)", async () => {
    const s = setup();
    s.add(3, "2025-06-01T10:00:00.000Z");
    s.add(3, "2025-06-02T10:00:00.000Z");
    const rx = await new OtlpReceiver().start();
    try {
      await flush({ auditDir: s.auditDir, exportDir: s.exportDir, exporter: exporterFor(rx) });
      s.add(1, "2025-06-01T23:59:59.999Z"); // written after the next day's file began
      expect(await flush({ auditDir: s.auditDir, exportDir: s.exportDir, exporter: exporterFor(rx) })).toMatchObject({
        shipped: 1,
      });
      expect(rx.spanIds().sort()).toEqual([...s.ids].sort());
    } finally {
      await rx.stop();
    }
  });

  it("skips unreadable lines (counted), waits for a line still being written, forgets deleted files", async () => {
    const s = setup(2);
    const file = join(s.auditDir, listSegments(s.auditDir)[0]!.name);
    const { appendFileSync } = await import("node:fs");
    appendFileSync(file, `garbage\n${JSON.stringify(record()).slice(0, 30)}`);
    const batch = nextBatch(s.auditDir, loadCursor(s.exportDir));
    expect(batch.records).toHaveLength(2);
    expect(batch.skipped).toBe(1);
    expect(batch.advance[listSegments(s.auditDir)[0]!.name]).toBe(readFileSync(file, "utf8").lastIndexOf("\n") + 1);
    const rx = await new OtlpReceiver().start();
    try {
      expect(await flush({ auditDir: s.auditDir, exportDir: s.exportDir, exporter: exporterFor(rx) })).toMatchObject({
        shipped: 2,
        skipped: 1,
      });
      expect(hasPending(s.auditDir, s.exportDir)).toBe(false); // an unfinished last line keeps no export busy
      unlinkSync(file);
      s.add(1, "2025-01-01T00:00:00.000Z");
      await flush({ auditDir: s.auditDir, exportDir: s.exportDir, exporter: exporterFor(rx) });
      expect(Object.keys(loadCursor(s.exportDir).files)).toEqual(["2025-01-01.jsonl"]);
    } finally {
      await rx.stop();
    }
  });

  it("one export at a time: a second waits for the lock, two background flushes never double-send", async () => {
    const s = setup(300);
    const rx = await new OtlpReceiver().start();
    try {
      const ctx = ctxOf(s, rx);
      // a slow exporter holding the lock
      let calls = 0;
      const slow: Exporter = {
        describe: "slow",
        async ship(batch) {
          calls++;
          await new Promise((r) => setTimeout(r, 100));
          return exporterFor(rx).ship(batch);
        },
      };
      const [a, b] = await Promise.all([
        exportNow(ctx, slow, { maxBatchSpans: 50 }),
        exportNow(ctx, slow, { maxBatchSpans: 50, waitMs: 5000 }),
      ]);
      expect([a, b].map((r) => ("busy" in r ? -1 : r.shipped)).sort((x, y) => x - y)).toEqual([0, 300]);
      expect(calls).toBe(6);
      expect(new Set(rx.spanIds()).size).toBe(300);
      expect(rx.spans).toHaveLength(300);

      s.add(200);
      await Promise.all([
        exportInBackground(ctx, { lingerMs: 100, pollMs: 20 }),
        exportInBackground(ctx, { lingerMs: 100, pollMs: 20 }),
        exportInBackground(ctx, { lingerMs: 100, pollMs: 20 }),
      ]);
      expect(rx.spans).toHaveLength(500);
      expect(new Set(rx.spanIds()).size).toBe(500);

      // a busy lock that does not go away
      const held = tryLock(s.exportDir)!;
      expect(await exportNow(ctx, slow, { waitMs: 300 })).toEqual({ busy: { pid: process.pid } });
      held.release();
    } finally {
      await rx.stop();
    }
  });

  it("a stale lock (dead pid) is taken over; a live one is respected", async () => {
    const s = setup(1);
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(s.exportDir, { recursive: true });
    writeFileSync(lockFile(s.exportDir), JSON.stringify({ pid: 2 ** 22 + 12345, started: "x" }));
    const lock = tryLock(s.exportDir);
    expect(lock).toBeDefined();
    expect(JSON.parse(readFileSync(lockFile(s.exportDir), "utf8")).pid).toBe(process.pid);
    expect(tryLock(s.exportDir)).toBeUndefined(); // ours, alive
    expect(lock!.refresh()).toBe(true);
    lock!.release();
    expect(() => statSync(lockFile(s.exportDir))).toThrow();
  });

  it("the background flush lingers for a burst's stragglers, and backs off (state) when the receiver is down", async () => {
    const s = setup(5);
    const rx = await new OtlpReceiver().start();
    try {
      const ctx = ctxOf(s, rx);
      const run = exportInBackground(ctx, { lingerMs: 600, pollMs: 20 });
      await new Promise((r) => setTimeout(r, 150));
      s.add(5); // arrives while it lingers
      await run;
      expect(rx.spans).toHaveLength(10);
      expect(rx.requests.length).toBe(2);
      await rx.stop();
      s.add(3);
      const started = Date.now();
      await exportInBackground(ctx, { lingerMs: 50, pollMs: 20 });
      expect(Date.now() - started).toBeLessThan(5000); // 4 tries with 20 ms doubling, then gives up
      const st = loadState(s.exportDir);
      expect(st.failures).toBe(1);
      expect(Date.parse(st.nextAttemptAt!)).toBeGreaterThan(Date.now());
      expect(pending(s.auditDir, loadCursor(s.exportDir), true).records).toBe(3);
      expect(() => statSync(lockFile(s.exportDir))).toThrow(); // released
    } finally {
      await rx.stop();
    }
  });
});
