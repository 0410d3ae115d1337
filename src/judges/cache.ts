// Judges' verdicts, kept per session by the hash of the exact request, so a retried call (the same input in
// the same session, the user having said nothing new) costs no second request. One small JSON-lines file
// per session under <data dir>/judges/ (the data dir is a protected path: an agent cannot write a verdict
// there). Only real answers are kept: a timeout is tried again on the retry. Failures here are never
// errors: without the cache the model is simply asked.
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { JudgeVerdictAction } from "./config.js";

export interface CachedVerdict {
  decision: JudgeVerdictAction;
  reason: string;
  tokens?: { input: number; output: number };
}

/** How long a verdict stands for the same call. */
const TTL_MS = 24 * 3600 * 1000;
/** A session file this large is started over (a session that judged thousands of different calls). */
const MAX_FILE_BYTES = 512 * 1024;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** The request's identity: where it goes and everything it says (model, instructions, the masked call, the user's messages). */
export const requestKey = (url: string, body: string): string => sha256(`${url}\n${body}`);

const dirOf = (dataDir: string) => join(dataDir, "judges");
const fileOf = (dataDir: string, session: string | undefined) =>
  join(dirOf(dataDir), `${sha256(session ?? "").slice(0, 32)}.jsonl`);

export function readCachedVerdict(
  dataDir: string,
  session: string | undefined,
  key: string,
): CachedVerdict | undefined {
  let text: string;
  try {
    text = readFileSync(fileOf(dataDir, session), "utf8");
  } catch {
    return undefined;
  }
  const now = Date.now();
  let found: CachedVerdict | undefined;
  for (const line of text.split("\n")) {
    if (!line.includes(key)) continue;
    try {
      const e = JSON.parse(line) as { k: string; at: number; v: CachedVerdict };
      if (e.k === key && now - e.at < TTL_MS && ["allow", "block", "escalate"].includes(e.v?.decision)) found = e.v;
    } catch {
      // a torn line: skip it
    }
  }
  return found;
}

export function writeCachedVerdict(dataDir: string, session: string | undefined, key: string, v: CachedVerdict): void {
  const file = fileOf(dataDir, session);
  try {
    let size = -1;
    try {
      size = statSync(file).size;
    } catch {
      // a new session: a good moment to drop other sessions' old files
      pruneOld(dirOf(dataDir));
    }
    mkdirSync(dirOf(dataDir), { recursive: true, mode: 0o700 });
    if (size > MAX_FILE_BYTES) rmSync(file, { force: true });
    appendFileSync(file, `${JSON.stringify({ k: key, at: Date.now(), v })}\n`, { mode: 0o600 });
  } catch {
    // read-only or full disk: the next retry asks the model again
  }
}

function pruneOld(dir: string): void {
  try {
    const now = Date.now();
    for (const name of readdirSync(dir)) {
      const f = join(dir, name);
      if (now - statSync(f).mtimeMs > TTL_MS) rmSync(f, { force: true });
    }
  } catch {
    // no folder yet, or a file that went away meanwhile
  }
}
