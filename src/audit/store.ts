// JSON-lines audit files under <data dir>/audit, append-only and never renamed:
//
//   2025-06-01.jsonl      the day's first segment (days are UTC, from the record's time)
//   2025-06-01.1.jsonl    the next one, started once the previous reached the rotation size
//   2025-06-01.2.jsonl    …
//
// Each record is ONE write() on a file opened with O_APPEND, so hundreds of concurrent hook processes
// never tear or interleave lines (the kernel appends each write whole, at the end, under the inode
// lock). Rotation never renames or truncates: a writer that finds the newest segment full opens the
// next number, so no writer, reader or exporter ever loses its place. Retention deletes whole days.
// Directories are 0700, files 0600.
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { maskValue } from "./mask.js";
import { inputLossOf, type AuditRecord, type InputLoss } from "./record.js";
import { DEFAULT_MAX_FILE_BYTES } from "./settings.js";

/** A line longer than this is shrunk (shorter strings, then no input) so one record stays one write. */
export const MAX_RECORD_BYTES = 64 * 1024;

export interface Segment {
  name: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  seq: number;
}

const SEGMENT = /^(\d{4}-\d{2}-\d{2})(?:\.(\d{1,9}))?\.jsonl$/;

export function parseSegmentName(name: string): Segment | undefined {
  const m = SEGMENT.exec(name);
  if (!m) return undefined;
  return { name, day: m[1]!, seq: m[2] === undefined ? 0 : Number(m[2]) };
}

export const segmentName = (day: string, seq: number): string => (seq === 0 ? `${day}.jsonl` : `${day}.${seq}.jsonl`);

export function compareSegments(a: Segment, b: Segment): number {
  return a.day < b.day ? -1 : a.day > b.day ? 1 : a.seq - b.seq;
}

/** The audit files in order (oldest day first, then by sequence); none when the dir does not exist. */
export function listSegments(dir: string): Segment[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Segment[] = [];
  for (const n of names) {
    const s = parseSegmentName(n);
    if (s) out.push(s);
  }
  return out.sort(compareSegments);
}

/** The first segment of a record's day (kept for callers that name files by date). */
export function auditFileFor(dir: string, time: Date): string {
  return join(dir, segmentName(time.toISOString().slice(0, 10), 0));
}

/** The oldest day a retention of `days` keeps: files of earlier days hold only older records. */
export function retentionCutoffDay(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/** The record's inputLoss with "capped" added (its input was shortened or dropped to fit one write). */
const cappedLoss = (record: AuditRecord): InputLoss[] =>
  record.inputLoss?.includes("capped") ? record.inputLoss : [...(record.inputLoss ?? []), "capped"];

/** The record as one line, at most MAX_RECORD_BYTES: strings shortened first, then the inputs dropped. */
export function serializeRecord(record: AuditRecord): string {
  let line = `${JSON.stringify(record)}\n`;
  if (Buffer.byteLength(line) <= MAX_RECORD_BYTES) return line;
  const shorter: AuditRecord = { ...maskValue(record, 512), id: record.id };
  if (inputLossOf(record.input, shorter.input).length) shorter.inputLoss = cappedLoss(record);
  line = `${JSON.stringify(shorter)}\n`;
  if (Buffer.byteLength(line) <= MAX_RECORD_BYTES) return line;
  const bare: AuditRecord = {
    ...shorter,
    input: "[omitted: record too large]",
    modifiedInput: undefined,
    inputLoss: cappedLoss(record),
  };
  line = `${JSON.stringify(bare)}\n`;
  if (Buffer.byteLength(line) <= MAX_RECORD_BYTES) return line;
  const essentials: AuditRecord = { ...maskValue({ ...bare, rules: bare.rules.slice(0, 20) }, 200), id: record.id };
  return `${JSON.stringify(essentials)}\n`;
}

export interface AppendOptions {
  /** Start a new segment once the current one holds this many bytes. */
  maxFileBytes?: number;
  /** Delete days older than this many days (0 or undefined: keep everything). */
  retentionDays?: number;
  now?: Date;
}

export interface AppendResult {
  /** The file the record went to. */
  file: string;
  /** Files deleted by retention. */
  removed: string[];
}

/** Appends one record. Throws (ENOSPC, EACCES, …) when it cannot be stored; the caller reports it. */
export function appendRecord(dir: string, record: AuditRecord, opts: AppendOptions = {}): AppendResult {
  const line = Buffer.from(serializeRecord(record));
  const maxFileBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const day = record.time.slice(0, 10);
  const segments = listSegments(dir);
  let seq = 0;
  for (const s of segments) if (s.day === day && s.seq > seq) seq = s.seq;

  let file = "";
  for (let tries = 0; tries < 1000; tries++, seq++) {
    file = join(dir, segmentName(day, seq));
    const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
    try {
      const st = fstatSync(fd);
      if (st.isFile() && st.size > 0 && st.size >= maxFileBytes) continue; // full: the next number
      if (st.isFile() && (st.mode & 0o077) !== 0) fchmodSync(fd, 0o600);
      const written = writeSync(fd, line, 0, line.length);
      if (written !== line.length)
        throw Object.assign(new Error(`only ${written} of ${line.length} bytes were written`), { code: "ENOSPC" });
      break;
    } finally {
      closeSync(fd);
    }
  }

  const removed =
    opts.retentionDays && opts.retentionDays > 0
      ? pruneSegments(dir, opts.retentionDays, opts.now ?? new Date(), segments)
      : [];
  return { file, removed };
}

/** Deletes the days older than the retention; returns the files removed. */
export function pruneSegments(
  dir: string,
  retentionDays: number,
  now = new Date(),
  segments: Segment[] = listSegments(dir),
): string[] {
  const cutoff = retentionCutoffDay(now, retentionDays);
  const removed: string[] = [];
  for (const s of segments) {
    if (s.day >= cutoff) break;
    try {
      unlinkSync(join(dir, s.name));
      removed.push(s.name);
    } catch {
      // another process removed it first, or it cannot be removed: not this call's problem
    }
  }
  return removed;
}

const RECORD_START = '{"v":';

/**
 * Parses JSON lines into records. A line that does not parse is counted as skipped; when a write was cut
 * short (a full disk) and the next record was appended to its remains, the intact record at the end of
 * the line is still recovered.
 */
export function parseRecordLines(text: string): { records: AuditRecord[]; skipped: number } {
  const records: AuditRecord[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (!line) continue;
    const r = parseRecordLine(line);
    if (r.record) records.push(r.record);
    skipped += r.skipped;
  }
  return { records, skipped };
}

export function parseRecordLine(line: string): { record?: AuditRecord; skipped: number } {
  try {
    const value = JSON.parse(line) as AuditRecord;
    if (value && typeof value === "object" && typeof value.time === "string") return { record: value, skipped: 0 };
  } catch {
    const at = line.lastIndexOf(RECORD_START);
    if (at > 0) {
      try {
        return { record: JSON.parse(line.slice(at)) as AuditRecord, skipped: 1 };
      } catch {
        // fall through
      }
    }
  }
  return { skipped: 1 };
}

export interface ReadOptions {
  /** Skip whole files of days before this one (YYYY-MM-DD). */
  sinceDay?: string;
}

/** Every record in the audit dir, oldest file first. Lines that do not parse are skipped and counted. */
export function readRecords(dir: string, opts: ReadOptions = {}): { records: AuditRecord[]; skipped: number } {
  const records: AuditRecord[] = [];
  let skipped = 0;
  for (const s of listSegments(dir)) {
    if (opts.sinceDay && s.day < opts.sinceDay) continue;
    let text: string;
    try {
      text = readFileSync(join(dir, s.name), "utf8");
    } catch {
      continue; // removed by retention meanwhile
    }
    const parsed = parseRecordLines(text);
    for (const r of parsed.records) records.push(r);
    skipped += parsed.skipped;
  }
  return { records, skipped };
}

/**
 * The complete lines of a segment from `offset`, at most `maxBytes` of them (a single longer line is
 * returned whole). `end` is the offset just past the last complete line; a line still being written
 * is left for next time.
 */
export function readLinesFrom(file: string, offset: number, maxBytes = 4 * 1024 * 1024): { data: Buffer; end: number } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY);
  } catch {
    return { data: Buffer.alloc(0), end: offset };
  }
  try {
    const size = fstatSync(fd).size;
    if (size <= offset) return { data: Buffer.alloc(0), end: offset };
    let want = Math.min(size - offset, maxBytes);
    for (;;) {
      const buf = Buffer.alloc(want);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, buf, got, want - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      const data = buf.subarray(0, got);
      const lastNewline = data.lastIndexOf(10);
      if (lastNewline >= 0) return { data: data.subarray(0, lastNewline + 1), end: offset + lastNewline + 1 };
      if (offset + got >= size) return { data: Buffer.alloc(0), end: offset }; // an unfinished line
      want = Math.min(size - offset, want * 2); // one line longer than maxBytes: read it whole
    }
  } finally {
    closeSync(fd);
  }
}
