// A pause of the guard: `staso pause --for 30m` writes pause.json into the user's staso state; until it
// expires, the hook allows every call (and records it as made while paused). Only a human may pause: the
// command refuses to run without the human's terminal, the hook blocks an agent that runs it, and the file
// sits in staso's own state, which paths/protected-write keeps agents from writing.
//
// That last fence is only as good as the rules' reading of every command that could write the file, so
// the pause is also *signed*, like an answer to an escalation: `staso pause` unlocks the approval key with
// the passphrase typed at the terminal and signs the pause's times, user and reason (approval-key.ts). The
// hook honours only a pause whose signature verifies against the stored public key; a file an agent wrote
// by any path the rules missed, or an old pause with its times changed, pauses nothing.
//
// The hook reads the file on every call, so reading it must cost nearly nothing: one stat that finds no
// file (no exception thrown, measured in bench/) on the everyday path. The signature's check (pause-proof.ts,
// with node:crypto and the key file) is loaded only while a pause file exists.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { StasoPaths } from "../paths.js";
import type { Pause } from "./types.js";

/** The longest pause: a forgotten one must not leave the agents unguarded for days. */
export const MAX_PAUSE_SECONDS = 24 * 3600;

export const pauseFile = (p: StasoPaths): string => join(p.dataDir, "pause.json");

/**
 * The pause in force at `now`, if any. Anything else (no file, an expired pause, a file staso did not
 * write) is no pause: the guard stays on. `problem` says what was wrong with a file that is not a pause.
 */
export async function activePause(p: StasoPaths, now = Date.now()): Promise<{ pause?: Pause; problem?: string }> {
  const file = pauseFile(p);
  // statSync without throwing: the everyday path (no pause) costs no Error object and no stack.
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) return {};
  if (!st.isFile() || st.size > 4096) return { problem: `${file} is not a pause staso wrote` };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { problem: `${file} is not a pause staso wrote` };
  }
  const v = value as Partial<Pause> | null;
  const until = typeof v?.until === "string" ? Date.parse(v.until) : Number.NaN;
  const since = typeof v?.since === "string" ? Date.parse(v.since) : Number.NaN;
  if (!Number.isFinite(until) || !Number.isFinite(since)) return { problem: `${file} is not a pause staso wrote` };
  // A pause longer than staso ever writes, or one dated in the future, was not written by `staso pause`.
  if (until - since > MAX_PAUSE_SECONDS * 1000 + 60_000 || since > now + 60_000)
    return { problem: `${file} holds a pause staso would not write (longer than 24 h, or not begun yet); ignored` };
  if (until <= now) return {};
  const pause = v as Pause;
  if ([pause.by, pause.reason].some((x) => x !== undefined && typeof x !== "string"))
    return { problem: `${file} is not a pause staso wrote` };
  const { signedByPassphrase } = await import("./pause-proof.js");
  if (!signedByPassphrase(p, pause))
    return {
      problem: `${file} is not signed with your approval passphrase, so it pauses nothing: only staso pause, run in your own terminal, makes a pause`,
    };
  return { pause };
}

/** Writes the pause (atomically: the hook never reads half a file). */
export function writePause(p: StasoPaths, pause: Pause): string {
  const file = pauseFile(p);
  mkdirSync(p.dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(pause, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return file;
}

/** Ends a pause; true when there was a file to remove. */
export function removePause(p: StasoPaths): boolean {
  const file = pauseFile(p);
  if (!statSync(file, { throwIfNoEntry: false })) return false;
  rmSync(file, { force: true });
  return true;
}
