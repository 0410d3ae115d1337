// A long session's memory as hooks leave it: pre/post pairs of varied Bash calls, two seconds apart,
// compacted along the way by the same store the hook uses. test/state/store.test.ts checks what it
// folds to; bench/scenarios.mjs measures reading it and hook processes deciding in it.
import { appendEvent, readSession, sessionFile } from "../../src/state/store.js";
import type { StateEvent } from "../../src/state/events.js";
import { callSignatures } from "../../src/state/signature.js";

/** Output bytes of every call that ran, and how long it ran. */
export const LONG_SESSION_OUTPUT_BYTES = 1234;
export const LONG_SESSION_CALL_MS = 900;

/** Writes `calls` calls that ran into session `id` under STASO_HOME `home`, ending now; returns the file. */
export function longSession(home: string, id: string, calls: number): string {
  const file = sessionFile(home, id);
  const t0 = Date.now() - calls * 2000;
  let rawBytes = 0;
  for (let i = 0; i < calls; i++) {
    const sig = callSignatures("Bash", { command: `npm test -- src/file${i % 37}.test.ts` });
    const pre: StateEvent = {
      id: `p${i}`,
      t: t0 + i * 2000,
      e: "pre",
      tool: "Bash",
      sig: sig.exact,
      near: sig.near,
      u: `toolu_${i}`,
      a: "allow",
    };
    const post: StateEvent = {
      id: `q${i}`,
      t: t0 + i * 2000 + LONG_SESSION_CALL_MS,
      e: "post",
      tool: "Bash",
      sig: sig.exact,
      u: `toolu_${i}`,
      ran: 1,
      b: LONG_SESSION_OUTPUT_BYTES,
      d: LONG_SESSION_CALL_MS,
    };
    for (const ev of [pre, post]) {
      // As a hook process does: the raw size it read decides when its append compacts.
      appendEvent(file, ev, { rawBytes, now: ev.t });
      rawBytes = readSession(file).rawBytes;
    }
  }
  return file;
}
