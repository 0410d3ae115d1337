// The per-session store under <data dir>/state: one JSON-lines file per session, named by the host's
// session id. Every hook process of a session reads it once and appends one line; processes run
// concurrently (an agent's parallel tool calls). Nothing is ever rewritten, so no writer can lose a line
// or write one twice:
//
//   - an event is ONE write() on a file opened with O_APPEND: lines never tear or interleave;
//   - compaction appends a summary line {"snap":1,"k":K,"s":…}: the fold of every event before byte
//     offset K (the previous summary plus the events between its K and this one). Readers take the last
//     summary line in the file and the events from its K on: the recent events stay raw, and a read
//     costs the summary plus the recent part, however long the session. Any summary line is true on its
//     own, so two compactions racing (an O_EXCL lock file usually keeps it to one) only waste work;
//   - sessions untouched for STATE_TTL_MS are deleted when a new session starts.
//
// Directories are 0700, files 0600. Only node: built-ins (the native hook runs this under Bun).
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { emptySummary, foldEvents, type SessionSummary, type StateEvent } from "./events.js";
import { shortHash } from "./signature.js";

/** A session whose file nobody touched for this long is forgotten. */
export const STATE_TTL_MS = 7 * 24 * 3600_000;
/** Once the raw part (from the last summary's K to the end) is past this size, the next append compacts. */
export const COMPACT_OVER_BYTES = 48 * 1024;
/** A compaction keeps raw the events of the last KEEP_MS, at least KEEP_MIN and at most KEEP_MAX of them. */
const KEEP_MS = 10 * 60_000;
export const KEEP_MIN = 32;
export const KEEP_MAX = 150;
/** How much of the file's end a read looks at first for the last summary line. */
const TAIL_READ_BYTES = 512 * 1024;
/** A compaction lock older than this belongs to a process that died. */
const STALE_LOCK_MS = 30_000;

const stateDir = (dataDir: string): string => join(dataDir, "state");

/** The file name for a session id: the id itself when it is a safe name, else a readable prefix and a hash. */
export function sessionFileName(sessionId: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/.test(sessionId)) return `${sessionId}.jsonl`;
  const readable = sessionId
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._-]+/, "")
    .slice(0, 60);
  return `${readable}~${shortHash(sessionId)}.jsonl`;
}

export const sessionFile = (dataDir: string, sessionId: string): string =>
  join(stateDir(dataDir), sessionFileName(sessionId));

export interface SessionData {
  /** The fold of every event before the raw part (empty when nothing was compacted yet). */
  summary: SessionSummary;
  /** The raw events, oldest first. */
  events: StateEvent[];
  /** Bytes of the raw part: from the last summary's K to the end of the file. */
  rawBytes: number;
  /** Lines of the raw part that are not staso's (a file changed by hand or by the agent): ignored. */
  broken?: number;
}

const SNAP = Buffer.from('{"snap":1,');
const NL = 10;

interface SummaryLine {
  snap: 1;
  /** Byte offset: every event line before it is folded into s. */
  k: number;
  s: SessionSummary;
}

function readRange(fd: number, from: number, to: number): Buffer {
  const buf = Buffer.allocUnsafe(Math.max(0, to - from));
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, from + got);
    if (n <= 0) break;
    got += n;
  }
  return got === buf.length ? buf : buf.subarray(0, got);
}

/** The last summary line in buf (a line starting {"snap":1,), as [start, end) offsets. */
function lastSummaryLine(buf: Buffer, atFileStart: boolean): [number, number] | undefined {
  let i = buf.length;
  for (;;) {
    i = buf.lastIndexOf(SNAP, i - 1);
    if (i < 0) return undefined;
    if (i === 0 ? atFileStart : buf[i - 1] === NL) {
      const end = buf.indexOf(NL, i);
      if (end >= 0) return [i, end];
    }
    if (i === 0) return undefined;
  }
}

interface Line {
  /** Byte offset of the line in the file. */
  at: number;
  ev: StateEvent;
}

/** The complete event lines of buf (which starts at file offset base); summaries and broken lines skipped. */
function eventLines(buf: Buffer, base: number): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start < buf.length) {
    const end = buf.indexOf(NL, start);
    // A line without its newline is being written right now (or was cut by a crash): not an event yet.
    if (end < 0) break;
    if (
      end > start &&
      buf[start] === 0x7b /* { */ &&
      !(buf[start + 1] === 0x22 && buf.subarray(start, start + SNAP.length).equals(SNAP))
    ) {
      try {
        const ev = JSON.parse(buf.toString("utf8", start, end)) as StateEvent;
        if (ev && typeof ev.id === "string" && typeof ev.t === "number" && typeof ev.e === "string")
          out.push({ at: base + start, ev });
      } catch {
        // not a line of ours
      }
    }
    start = end + 1;
  }
  return out;
}

/** The events in time order (sorted in place when they are not). */
export const byTime = (events: StateEvent[]): StateEvent[] => {
  // Concurrent writers append in about, not exactly, time order.
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.t < events[i - 1]!.t) return events.sort((a, b) => a.t - b.t);
  }
  return events;
};

function summaryOf(
  buf: Buffer,
  found: [number, number] | undefined,
  size: number,
): { summary: SessionSummary; k: number } {
  if (found) {
    try {
      const line = JSON.parse(buf.toString("utf8", found[0], found[1])) as SummaryLine;
      if (line.s && typeof line.s === "object" && typeof line.k === "number" && line.k >= 0 && line.k <= size)
        return { summary: { ...emptySummary(), ...line.s }, k: line.k };
    } catch {
      // a broken summary line: read as if there were none
    }
  }
  return { summary: emptySummary(), k: 0 };
}

/** The summary in force and the raw part after it: the bytes from K to the end of the file. */
interface RawPart {
  summary: SessionSummary;
  /** K of the summary in force (0 without one). */
  k: number;
  /** The file from K on. */
  raw: Buffer;
  size: number;
}

function readRawPart(fd: number): RawPart {
  const size = fstatSync(fd).size;
  let from = Math.max(0, size - TAIL_READ_BYTES);
  let buf = readRange(fd, from, size);
  let found = lastSummaryLine(buf, from === 0);
  if (!found && from > 0) {
    // No summary in the last part: read it all (a session whose compactions keep failing).
    from = 0;
    buf = readRange(fd, 0, size);
    found = lastSummaryLine(buf, true);
  }
  const { summary, k } = summaryOf(buf, found, size);
  if (k < from) {
    buf = Buffer.concat([readRange(fd, k, from), buf]);
    from = k;
  }
  return { summary, k, raw: k > from ? buf.subarray(k - from) : buf, size };
}

/**
 * The events of complete lines in text (summary and broken lines skipped), fast: one JSON.parse for all;
 * with the count of lines that are neither events nor summaries.
 */
function parseEvents(text: string): { events: StateEvent[]; broken: number } {
  const end = text.lastIndexOf("\n");
  if (end < 0) return { events: [], broken: 0 };
  const all = text.slice(0, end).split("\n");
  const lines = all.filter((l) => l.startsWith('{"id":'));
  const other = all.length - lines.length - all.filter((l) => l === "" || l.startsWith('{"snap":1,')).length;
  try {
    const events = JSON.parse(`[${lines.join(",")}]`) as StateEvent[];
    if (events.every((ev) => ev && typeof ev.id === "string" && typeof ev.t === "number" && typeof ev.e === "string"))
      return { events, broken: other };
  } catch {
    // a broken line (a crash mid-write long ago): parse them one by one
  }
  const events = eventLines(Buffer.from(text.slice(0, end + 1)), 0).map((l) => l.ev);
  return { events, broken: other + lines.length - events.length };
}

/** The session's summary and raw events; an empty session when the file does not exist. */
export function readSession(file: string): SessionData {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { summary: emptySummary(), events: [], rawBytes: 0 };
    throw err;
  }
  try {
    const { summary, k, raw, size } = readRawPart(fd);
    const { events, broken } = parseEvents(raw.toString("utf8"));
    return { summary, events: byTime(events), rawBytes: size - k, ...(broken ? { broken } : {}) };
  } finally {
    closeSync(fd);
  }
}

function openForAppend(file: string): number {
  const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;
  try {
    return openSync(file, flags, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    return openSync(file, flags, 0o600);
  }
}

function appendLine(file: string, data: Buffer): { sizeBefore: number } {
  const fd = openForAppend(file);
  try {
    const sizeBefore = fstatSync(fd).size;
    writeSync(fd, data);
    return { sizeBefore };
  } finally {
    closeSync(fd);
  }
}

export interface AppendOptions {
  now?: number;
  /** The raw part's size when the caller read the session (readSession().rawBytes): decides compaction. */
  rawBytes?: number;
  /** Compaction threshold (tests use a small one). */
  compactOverBytes?: number;
}

/** Appends one event (one write), then compacts when the raw part grew past the limit. Throws on I/O errors. */
export function appendEvent(file: string, event: StateEvent, opts: AppendOptions = {}): void {
  const line = Buffer.from(`${JSON.stringify(event)}\n`);
  const { sizeBefore } = appendLine(file, line);
  const now = opts.now ?? Date.now();
  if (sizeBefore === 0) sweepExpired(dirname(file), now);
  const raw = (opts.rawBytes ?? sizeBefore) + line.length;
  if (raw > (opts.compactOverBytes ?? COMPACT_OVER_BYTES)) compactSession(file, now);
}

/** The events a compaction keeps raw: the last KEEP_MS of them, at least KEEP_MIN, at most KEEP_MAX. */
export function keptFrom(events: StateEvent[], now: number): number {
  let from = events.length;
  while (from > 0 && events[from - 1]!.t >= now - KEEP_MS) from--;
  from = Math.min(from, Math.max(0, events.length - KEEP_MIN));
  return Math.max(from, events.length - KEEP_MAX);
}

/**
 * Appends a summary line folding the older raw events (the recent ones stay raw). Returns false when
 * another process holds the lock (it is compacting), when there is nothing to fold, or on an I/O problem.
 */
export function compactSession(file: string, now = Date.now()): boolean {
  const lock = `${file}.lock`;
  let lockFd: number;
  try {
    lockFd = openSync(lock, "wx", 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) unlinkSync(lock);
      } catch {
        // gone already
      }
    }
    return false;
  }
  try {
    const fd = openSync(file, "r");
    let p: RawPart;
    try {
      p = readRawPart(fd);
    } finally {
      closeSync(fd);
    }
    // Line by line here (compaction needs each event's offset). Kept in file order (what K can cut),
    // folded in time order.
    const lines = eventLines(p.raw, p.k);
    const from = keptFrom(
      lines.map((l) => l.ev),
      now,
    );
    if (from <= 0) return false;
    const k = from < lines.length ? lines[from]!.at : p.size;
    const folded = foldEvents(p.summary, byTime(lines.slice(0, from).map((l) => l.ev)));
    appendLine(file, Buffer.from(`${JSON.stringify({ snap: 1, k, s: folded } satisfies SummaryLine)}\n`));
    return true;
  } catch {
    return false;
  } finally {
    closeSync(lockFd);
    try {
      unlinkSync(lock);
    } catch {
      // removed as stale by another process
    }
  }
}

/** Deletes session files (and leftover locks) untouched for STATE_TTL_MS. Returns how many went. */
export function sweepExpired(dir: string, now = Date.now(), ttlMs = STATE_TTL_MS): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const lock = name.endsWith(".lock");
    if (!name.endsWith(".jsonl") && !lock) continue;
    const path = join(dir, name);
    try {
      const age = now - statSync(path).mtimeMs;
      if (age > ttlMs || (lock && age > STALE_LOCK_MS * 10)) {
        unlinkSync(path);
        removed++;
      }
    } catch {
      // removed meanwhile
    }
  }
  return removed;
}
