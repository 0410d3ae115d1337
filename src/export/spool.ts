// The audit files are the spool: the exporter reads them from the cursor on, in file order, and cuts
// batches. Nothing is copied, and a record written while an export runs is simply found next time.
// Offsets are per file, so a record appended late to an older file (a writer that chose it just before
// the next one was started) is still shipped.
import { statSync } from "node:fs";
import { join } from "node:path";
import type { AuditRecord } from "../audit/record.js";
import { listSegments, parseRecordLine, readLinesFrom } from "../audit/store.js";
import type { Cursor } from "./state.js";

export const DEFAULT_MAX_BATCH_SPANS = 512;
export const DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;

export interface SpoolBatch {
  records: AuditRecord[];
  /** Audit file → offset the cursor moves to once this batch is acknowledged. */
  advance: Record<string, number>;
  /** Lines that did not parse (skipped, and passed over with the batch). */
  skipped: number;
}

/** Offsets of files that no longer exist (retention) are dropped; a file shorter than its offset starts over. */
function startOffset(cursor: Cursor, name: string, size: number): number {
  const at = cursor.files[name] ?? 0;
  return at > size ? 0 : at;
}

/** Each audit file with bytes past its acknowledged offset, oldest first. */
function* unacknowledged(
  auditDir: string,
  cursor: Cursor,
): Generator<{ name: string; file: string; size: number; from: number }> {
  for (const seg of listSegments(auditDir)) {
    const file = join(auditDir, seg.name);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      continue; // removed by retention since the listing
    }
    const from = startOffset(cursor, seg.name, size);
    if (from < size) yield { name: seg.name, file, size, from };
  }
}

export function nextBatch(
  auditDir: string,
  cursor: Cursor,
  maxSpans = DEFAULT_MAX_BATCH_SPANS,
  maxBytes = DEFAULT_MAX_BATCH_BYTES,
): SpoolBatch {
  const batch: SpoolBatch = { records: [], advance: {}, skipped: 0 };
  let bytes = 0;
  for (const { name, file, from } of unacknowledged(auditDir, cursor)) {
    if (batch.records.length >= maxSpans || bytes >= maxBytes) break;
    const { data } = readLinesFrom(file, from, Math.max(1, maxBytes - bytes));
    if (data.length === 0) continue;
    let pos = 0;
    while (pos < data.length && batch.records.length < maxSpans) {
      const nl = data.indexOf(10, pos);
      if (nl < 0) break;
      const line = data.subarray(pos, nl).toString("utf8");
      pos = nl + 1;
      if (!line) continue;
      const parsed = parseRecordLine(line);
      if (parsed.record) batch.records.push(parsed.record);
      batch.skipped += parsed.skipped;
    }
    batch.advance[name] = from + pos;
    bytes += pos;
  }
  return batch;
}

/** The cursor with a batch's advance applied, and offsets of deleted files dropped. */
export function advanceCursor(cursor: Cursor, advance: Record<string, number>, auditDir: string): Cursor {
  const present = new Set(listSegments(auditDir).map((s) => s.name));
  const files: Record<string, number> = {};
  for (const [name, at] of Object.entries({ ...cursor.files, ...advance })) if (present.has(name)) files[name] = at;
  return { v: 1, files };
}

/** Whether any audit file holds a complete line past its acknowledged offset (an unfinished last line does not count). */
export function hasCompleteLines(auditDir: string, cursor: Cursor): boolean {
  for (const { file, from } of unacknowledged(auditDir, cursor)) {
    if (readLinesFrom(file, from, 64 * 1024).data.length > 0) return true;
  }
  return false;
}

/** Bytes (and, when counted, records) not yet acknowledged. */
export function pending(auditDir: string, cursor: Cursor, countRecords = false): { bytes: number; records: number } {
  let bytes = 0;
  let records = 0;
  for (const { file, size, from } of unacknowledged(auditDir, cursor)) {
    bytes += size - from;
    if (countRecords) {
      for (let at = from; at < size; ) {
        const { data, end } = readLinesFrom(file, at);
        if (data.length === 0) break;
        for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) records++;
        at = end;
      }
    }
  }
  return { bytes, records };
}
