// What the exporter remembers, under <data dir>/export (0700, files 0600):
//   cursor.json  per audit file, the byte offset up to which every record was acknowledged (2xx);
//                written atomically (temp file + rename) only after an acknowledgement
//   state.json   consecutive failures, the next attempt's time, the last error and success
//   lock         held by the one export running (pid), refreshed while it runs
import {
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
  linkSync,
} from "node:fs";
import { join } from "node:path";

export const exportDirOf = (dataDir: string): string => join(dataDir, "export");
export const cursorFile = (exportDir: string): string => join(exportDir, "cursor.json");
export const stateFile = (exportDir: string): string => join(exportDir, "state.json");
export const lockFile = (exportDir: string): string => join(exportDir, "lock");
/** Made by the hook that starts a background export, removed by that export: one spawn per burst. */
export const startingFile = (exportDir: string): string => join(exportDir, "starting");
/** A starting marker older than this is from an export that never ran (it is replaced). */
export const STARTING_FRESH_MS = 10_000;

/** A lock refreshed within this long belongs to a live export. */
export const LOCK_FRESH_MS = 20_000;
/** The running export refreshes its lock this often. */
export const LOCK_HEARTBEAT_MS = 5_000;
/** A lock this old is taken over even if its pid still exists (a hung process, or a reused pid). */
export const LOCK_STALE_MS = 120_000;

export interface Cursor {
  v: 1;
  /** Audit file name → bytes acknowledged. */
  files: Record<string, number>;
}

export interface ExportState {
  v: 1;
  failures: number;
  nextAttemptAt?: string;
  lastError?: string;
  lastErrorAt?: string;
  lastSuccessAt?: string;
  /** Spans acknowledged since the state began. */
  shipped: number;
}

function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
  try {
    const buf = Buffer.from(text);
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

export function ensureExportDir(exportDir: string): void {
  mkdirSync(exportDir, { recursive: true, mode: 0o700 });
}

export function loadCursor(exportDir: string): Cursor {
  const c = readJson<Cursor>(cursorFile(exportDir));
  const files: Record<string, number> = {};
  if (c?.files && typeof c.files === "object")
    for (const [k, v] of Object.entries(c.files)) if (Number.isInteger(v) && v >= 0) files[k] = v;
  return { v: 1, files };
}

export function saveCursor(exportDir: string, cursor: Cursor): void {
  ensureExportDir(exportDir);
  writeFileAtomic(cursorFile(exportDir), `${JSON.stringify(cursor)}\n`);
}

export function loadState(exportDir: string): ExportState {
  const s = readJson<Partial<ExportState>>(stateFile(exportDir)) ?? {};
  return {
    v: 1,
    failures: Number.isInteger(s.failures) ? s.failures! : 0,
    shipped: Number.isInteger(s.shipped) ? s.shipped! : 0,
    ...(typeof s.nextAttemptAt === "string" ? { nextAttemptAt: s.nextAttemptAt } : {}),
    ...(typeof s.lastError === "string" ? { lastError: s.lastError } : {}),
    ...(typeof s.lastErrorAt === "string" ? { lastErrorAt: s.lastErrorAt } : {}),
    ...(typeof s.lastSuccessAt === "string" ? { lastSuccessAt: s.lastSuccessAt } : {}),
  };
}

export function saveState(exportDir: string, state: ExportState): void {
  ensureExportDir(exportDir);
  writeFileAtomic(stateFile(exportDir), `${JSON.stringify(state)}\n`);
}

export interface LockInfo {
  pid: number;
  started: string;
}

export function readLock(exportDir: string): (LockInfo & { ageMs: number }) | undefined {
  const file = lockFile(exportDir);
  try {
    const st = statSync(file);
    const info = readJson<LockInfo>(file) ?? { pid: 0, started: "" };
    return { ...info, ageMs: Date.now() - st.mtimeMs };
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface Lock {
  /** Refreshes the lock's time; false when it is no longer ours (taken over as stale). */
  refresh(): boolean;
  /** Whether the lock file is still ours (checked before every batch is sent). */
  owned(): boolean;
  release(): void;
}

/** Takes the export lock, or returns undefined when a live export holds it. */
export function tryLock(exportDir: string): Lock | undefined {
  ensureExportDir(exportDir);
  const file = lockFile(exportDir);
  const mine = JSON.stringify({ pid: process.pid, started: new Date().toISOString() } satisfies LockInfo);
  // The lock appears whole or not at all: written to a private file first, then hard-linked into place
  // (link fails when the lock exists), so no one ever reads a half-written lock and thinks it stale.
  const draft = `${file}.${process.pid}.draft`;
  writeFileAtomic(draft, mine);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(draft, file);
        return ownLock(file, mine);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const held = readLock(exportDir);
      if (!held) continue; // released meanwhile
      if (!isStale(held)) return undefined;
      if (!takeOverStale(exportDir)) return undefined;
    }
    return undefined;
  } finally {
    unlinkQuiet(draft);
  }
}

const isStale = (held: LockInfo & { ageMs: number }): boolean =>
  (held.pid > 0 && !pidAlive(held.pid)) || held.ageMs > LOCK_STALE_MS;

/** A takeover marker older than this was left by a process that died in the middle of one. */
const BREAK_STALE_MS = 10_000;

/**
 * Removes a stale lock so the caller can link its own. Takeovers are serialised by a break file made with
 * O_EXCL: without it a second taker could move aside the fresh lock a first taker had just linked, and a
 * third link its own before that one was put back, leaving two exports that each believed they held the
 * lock. Under the break file the lock is judged stale again (another taker may have replaced it since it
 * was read), and only a lock still stale is removed; a fresh lock cannot appear meanwhile except after its
 * stale owner released it, which moves it aside and puts back what was not the stale one.
 */
function takeOverStale(exportDir: string): boolean {
  const file = lockFile(exportDir);
  const breaker = `${file}.break`;
  let fd: number;
  try {
    fd = openSync(breaker, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch {
    // Someone else is taking it over; a marker left by a crash is cleared for the next attempt.
    try {
      if (Date.now() - statSync(breaker).mtimeMs > BREAK_STALE_MS) unlinkQuiet(breaker);
    } catch {
      // gone meanwhile
    }
    return false;
  }
  try {
    closeSync(fd);
    const held = readLock(exportDir);
    if (!held) return true; // released meanwhile: try to take it
    if (!isStale(held)) return false;
    const aside = `${file}.stale.${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      return true; // gone already
    }
    const moved = readJson<LockInfo>(aside);
    if (moved && (moved.pid !== held.pid || moved.started !== held.started)) {
      try {
        linkSync(aside, file);
      } catch {
        // taken meanwhile: that lock stands, and the one moved sees it is no longer its own
      }
      unlinkQuiet(aside);
      return false;
    }
    unlinkQuiet(aside);
    return true;
  } finally {
    unlinkQuiet(breaker);
  }
}

export function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

function ownLock(file: string, mine: string): Lock {
  const stillMine = () => {
    try {
      return readFileSync(file, "utf8") === mine;
    } catch {
      return false;
    }
  };
  return {
    owned: stillMine,
    refresh() {
      if (!stillMine()) return false;
      const now = new Date();
      try {
        utimesSync(file, now, now);
      } catch {
        return false;
      }
      return true;
    },
    release() {
      if (stillMine()) unlinkQuiet(file);
    },
  };
}
