// JSON-lines audit files, one per day, under <data dir>/audit. Each record is one write() on a file
// opened with O_APPEND, so hundreds of concurrent hook processes never tear or interleave lines.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync, constants } from "node:fs";
import { join } from "node:path";
import type { AuditRecord } from "./record.js";

/** A record longer than this is stored without its input, so one line stays one atomic write. */
export const MAX_RECORD_BYTES = 64 * 1024;

export function auditFileFor(dir: string, time: Date): string {
  return join(dir, `${time.toISOString().slice(0, 10)}.jsonl`);
}

export function appendRecord(dir: string, record: AuditRecord): void {
  let line = JSON.stringify(record) + "\n";
  if (Buffer.byteLength(line) > MAX_RECORD_BYTES) {
    line = JSON.stringify({ ...record, input: "[omitted: record too large]", modifiedInput: undefined }) + "\n";
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = openSync(auditFileFor(dir, new Date(record.time)), constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
  try {
    const buf = Buffer.from(line);
    const written = writeSync(fd, buf, 0, buf.length);
    if (written !== buf.length) throw new Error(`only ${written} of ${buf.length} bytes were written`);
  } finally {
    closeSync(fd);
  }
}

/** Every record in the audit dir, oldest file first. Lines that do not parse are skipped and counted. */
export function readRecords(dir: string): { records: AuditRecord[]; skipped: number } {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort();
  } catch {
    return { records: [], skipped: 0 };
  }
  const records: AuditRecord[] = [];
  let skipped = 0;
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (!line) continue;
      try {
        records.push(JSON.parse(line) as AuditRecord);
      } catch {
        skipped++;
      }
    }
  }
  return { records, skipped };
}
