// Ships what the spool holds, batch by batch, through one Exporter. The cursor moves only after an
// acknowledgement (2xx), so a batch is never sent again once taken, and nothing is skipped while the
// receiver is down: a failed batch is retried with exponential backoff (and jitter), then left for the
// next run. One export runs at a time (the lock in state.ts).
import {
  DEFAULT_MAX_BATCH_BYTES,
  DEFAULT_MAX_BATCH_SPANS,
  advanceCursor,
  hasCompleteLines,
  nextBatch,
} from "./spool.js";
import { loadCursor, loadState, saveCursor, saveState, type ExportState } from "./state.js";
import type { Ack, Exporter } from "./types.js";

export interface FlushOptions {
  auditDir: string;
  exportDir: string;
  exporter: Exporter;
  maxBatchSpans?: number;
  maxBatchBytes?: number;
  /** Tries per batch in this run (default 5). */
  attempts?: number;
  /** First retry delay; doubles each time up to maxDelayMs (defaults 500 ms and 8 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Asked between batches: true stops the run (the lock was lost). */
  shouldStop?: () => boolean;
  onBatch?: (info: { spans: number; rejected: number; attempt: number }) => void;
  onRetry?: (info: { attempt: number; delayMs: number; message: string }) => void;
}

export interface FlushResult {
  /** Spans acknowledged in this run. */
  shipped: number;
  batches: number;
  /** Spans the receiver acknowledged but refused (partial success): not retried. */
  rejected: number;
  /** Lines that were not records. */
  skipped: number;
  /** Set when the run stopped on a failure: what went wrong, and whether a later try may succeed. */
  error?: string;
  retryable?: boolean;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2)); // "equal jitter": never less than half
}

export async function flush(opts: FlushOptions): Promise<FlushResult> {
  const attempts = Math.max(1, opts.attempts ?? 5);
  const base = opts.baseDelayMs ?? 500;
  const max = opts.maxDelayMs ?? 8000;
  const wait = opts.sleep ?? sleep;
  const result: FlushResult = { shipped: 0, batches: 0, rejected: 0, skipped: 0 };
  let cursor = loadCursor(opts.exportDir);

  for (let guard = 0; guard < 1_000_000; guard++) {
    if (opts.shouldStop?.()) break;
    const batch = nextBatch(
      opts.auditDir,
      cursor,
      opts.maxBatchSpans ?? DEFAULT_MAX_BATCH_SPANS,
      opts.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES,
    );
    if (Object.keys(batch.advance).length === 0) break; // nothing left
    result.skipped += batch.skipped;
    if (batch.records.length === 0) {
      cursor = advanceCursor(cursor, batch.advance, opts.auditDir);
      saveCursor(opts.exportDir, cursor);
      continue;
    }
    let ack: Ack | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      ack = await opts.exporter.ship({ records: batch.records });
      if (ack.ok || !ack.retryable || attempt === attempts) {
        if (ack.ok) opts.onBatch?.({ spans: ack.accepted, rejected: ack.rejected, attempt });
        break;
      }
      const delayMs = Math.max(ack.retryAfterMs ?? 0, backoffDelay(attempt, base, max));
      opts.onRetry?.({ attempt, delayMs, message: ack.message });
      await wait(delayMs);
    }
    if (!ack?.ok) {
      result.error = ack?.message ?? "the batch was not sent";
      result.retryable = ack ? ack.retryable : true;
      return result;
    }
    cursor = advanceCursor(cursor, batch.advance, opts.auditDir);
    saveCursor(opts.exportDir, cursor); // only now: acknowledged
    result.shipped += ack.accepted;
    result.rejected += ack.rejected;
    result.batches++;
  }
  return result;
}

/** Backoff between runs after a failed one: 5 s, 10 s, 20 s, … up to 5 minutes (non-retryable: 5 minutes). */
export function nextAttemptDelay(failures: number, retryable: boolean, baseMs = 5000): number {
  if (!retryable) return 300_000;
  return Math.min(300_000, baseMs * 2 ** Math.max(0, failures - 1));
}

/** Folds a run's outcome into state.json. */
export function recordOutcome(exportDir: string, result: FlushResult, now = new Date(), baseMs?: number): ExportState {
  const state = loadState(exportDir);
  state.shipped += result.shipped;
  if (result.error) {
    state.failures += 1;
    state.lastError = result.error;
    state.lastErrorAt = now.toISOString();
    state.nextAttemptAt = new Date(
      now.getTime() + nextAttemptDelay(state.failures, result.retryable ?? true, baseMs),
    ).toISOString();
  } else {
    state.failures = 0;
    delete state.nextAttemptAt;
    if (result.shipped > 0) state.lastSuccessAt = now.toISOString();
  }
  saveState(exportDir, state);
  return state;
}

/** Whether a complete record waits to be shipped. */
export function hasPending(auditDir: string, exportDir: string): boolean {
  return hasCompleteLines(auditDir, loadCursor(exportDir));
}
