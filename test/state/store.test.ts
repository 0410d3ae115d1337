// The session store: one O_APPEND line per event, compaction under an O_EXCL lock, nothing lost or read
// twice with many writer processes at once, expiry, permissions.
import { describe, expect, it } from "vitest";
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempHome } from "../support/hook-process.js";
import {
  appendEvent,
  COMPACT_OVER_BYTES,
  compactSession,
  KEEP_MAX,
  KEEP_MIN,
  keptFrom,
  readSession,
  sessionFile,
  sessionFileName,
  STATE_TTL_MS,
  sweepExpired,
} from "../../src/state/store.js";
import { emptySummary, foldEvents, IDLE_GAP_MS, type StateEvent } from "../../src/state/events.js";
import { callsOf } from "../../src/state/session.js";
import { LONG_SESSION_CALL_MS, LONG_SESSION_OUTPUT_BYTES, longSession } from "../support/long-session.js";
import { buildAppender, runNode } from "./support.js";

const ev = (i: number, extra: Partial<StateEvent> = {}): StateEvent => ({
  id: `e${i}`,
  t: 1_000_000 + i * 1000,
  e: "pre",
  tool: "Bash",
  sig: "s",
  a: "allow",
  ...extra,
});
const preCount = (file: string) => {
  const { summary, events } = readSession(file);
  return summary.calls + events.filter((e) => e.e === "pre").length;
};

describe("session files", () => {
  it("names: a safe id is the file name; anything else gets a readable prefix and a hash", () => {
    expect(sessionFileName("cb29f1fd-0000-4000-8000-000000000001")).toBe("cb29f1fd-0000-4000-8000-000000000001.jsonl");
    const odd = sessionFileName("../../etc/passwd");
    expect(odd).toMatch(/^etc_passwd~[0-9a-f]{8}\.jsonl$/);
    expect(sessionFileName("a/b")).not.toBe(sessionFileName("a:b"));
    expect(sessionFileName(".hidden")).not.toMatch(/^\./);
  });

  it("appends one line per event, creates the dir 0700 and the file 0600, and reads them back in time order", () => {
    const file = sessionFile(tempHome(), "s1");
    appendEvent(file, ev(2));
    appendEvent(file, ev(1));
    appendEvent(file, ev(3));
    expect(readFileSync(file, "utf8").split("\n").filter(Boolean)).toHaveLength(3);
    expect(readSession(file).events.map((e) => e.id)).toEqual(["e1", "e2", "e3"]);
    if (process.platform !== "win32") {
      expect(statSync(join(file, "..")).mode & 0o777).toBe(0o700);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
  });

  it("a missing session reads as empty; a torn last line (being written) and garbage are skipped", () => {
    const file = sessionFile(tempHome(), "s2");
    expect(readSession(file).events).toEqual([]);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, [JSON.stringify(ev(1)), "not json", JSON.stringify(ev(2)), '{"id":"e3","t":1'].join("\n"));
    expect(readSession(file).events.map((e) => e.id)).toEqual(["e1", "e2"]);
  });

  it("compaction appends a summary of the old events and keeps the recent ones raw: the totals do not change, reads get small", () => {
    const file = sessionFile(tempHome(), "s3");
    const now = 1_000_000 + 1000 * 1000;
    for (let i = 0; i < 1000; i++)
      appendEvent(file, ev(i, i % 2 ? { e: "post", b: 10, ran: 1 } : {}), { now, compactOverBytes: Infinity });
    const before = readSession(file);
    const totalsBefore = foldEvents(before.summary, before.events);
    expect(compactSession(file, now)).toBe(true);
    const after = readSession(file);
    expect(after.events.length).toBe(KEEP_MAX);
    expect(after.rawBytes).toBeLessThan(before.rawBytes / 2);
    // Nothing is rewritten: the summary is one more line.
    expect(readFileSync(file, "utf8").split("\n").filter(Boolean)).toHaveLength(1001);
    const totalsAfter = foldEvents(after.summary, after.events);
    expect(totalsAfter).toEqual(totalsBefore);
    expect(totalsAfter).toMatchObject({ calls: 500, ran: 500, outputBytes: 5000 });
  });

  it("keeps the last 10 minutes raw, at least KEEP_MIN events, at most KEEP_MAX", () => {
    const now = 10_000_000;
    const old = Array.from({ length: 100 }, (_, i) => ({ ...ev(i), t: now - 3600_000 + i }));
    expect(old.length - keptFrom(old, now)).toBe(KEEP_MIN);
    const recent = Array.from({ length: 500 }, (_, i) => ({ ...ev(i), t: now - 1000 + i }));
    expect(recent.length - keptFrom(recent, now)).toBe(KEEP_MAX);
    const mixed = [...old, ...Array.from({ length: 100 }, (_, i) => ({ ...ev(1000 + i), t: now - 1000 + i }))];
    expect(mixed.length - keptFrom(mixed, now)).toBe(100); // between the two: the last 10 minutes
  });

  it("a held lock makes another compaction step aside; a stale one is cleared", () => {
    const file = sessionFile(tempHome(), "s4");
    for (let i = 0; i < 100; i++) appendEvent(file, ev(i), { compactOverBytes: Infinity });
    writeFileSync(`${file}.lock`, "");
    expect(compactSession(file)).toBe(false);
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(`${file}.lock`, old, old);
    expect(compactSession(file)).toBe(false); // clears the stale lock…
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(compactSession(file)).toBe(true); // …so the next one runs
    expect(readSession(file).events).toHaveLength(KEEP_MIN);
  });

  it("racing summaries: any summary line is true on its own; a read uses the last one", () => {
    const file = sessionFile(tempHome(), "s5");
    const now = 1_000_000 + 2000 * 1000; // every event older than the 10 minutes kept raw
    for (let i = 0; i < 200; i++) appendEvent(file, ev(i), { compactOverBytes: Infinity });
    expect(compactSession(file, now)).toBe(true); // keeps 32
    for (let i = 200; i < 300; i++) appendEvent(file, ev(i), { compactOverBytes: Infinity });
    expect(compactSession(file, now)).toBe(true);
    expect(preCount(file)).toBe(300);
    // A slow compactor's line (an older cut) appended last still reads right.
    const first = readFileSync(file, "utf8")
      .split("\n")
      .find((l) => l.startsWith('{"snap":1,'))!;
    appendFileSync(file, `${first}\n`);
    expect(preCount(file)).toBe(300);
    appendEvent(file, ev(300), { compactOverBytes: Infinity });
    expect(preCount(file)).toBe(301);
  });

  it("sessions untouched for the TTL are deleted when a new session starts", () => {
    const home = tempHome();
    const stale = sessionFile(home, "old");
    appendEvent(stale, ev(1));
    const then = (Date.now() - STATE_TTL_MS - 60_000) / 1000;
    utimesSync(stale, then, then);
    const kept = sessionFile(home, "recent");
    appendEvent(kept, ev(1));
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(kept)).toBe(true);
    expect(sweepExpired(join(kept, ".."))).toBe(0);
  });

  it("active time: gaps count, pauses over 5 minutes only while a tool runs", () => {
    const t0 = 1_000_000;
    const s = foldEvents(emptySummary(), [
      { ...ev(1), t: t0 },
      { ...ev(2), e: "post", t: t0 + 60_000 }, // a 1 min tool run
      { ...ev(3), t: t0 + 60_000 + IDLE_GAP_MS + 1 }, // the user was away: not counted
      { ...ev(4), e: "post", t: t0 + 60_000 + IDLE_GAP_MS + 1 + 20 * 60_000 }, // a 20 min tool run: counted
    ]);
    expect(s.activeMs).toBe(60_000 + 20 * 60_000);
  });

  it("a long session (2000 calls that ran, compacted along the way): each read, fold and append keeps the totals and the pairs right", () => {
    const file = longSession(tempHome(), "long", 2000);
    for (let i = 0; i < 3; i++) {
      const data = readSession(file);
      expect(data.summary.calls).toBeGreaterThan(0); // it did compact
      expect(data.rawBytes).toBeLessThan(COMPACT_OVER_BYTES); // reads stay small
      const summary = foldEvents(data.summary, data.events);
      expect(summary).toMatchObject({ calls: 2000 + i, ran: 2000, outputBytes: 2000 * LONG_SESSION_OUTPUT_BYTES });
      // Two seconds apart, none idle: active from the first call to the last one's end.
      if (i === 0) expect(summary.activeMs).toBe(1999 * 2000 + LONG_SESSION_CALL_MS);
      // Every raw call of the session is paired with its post; the calls appended here have none.
      const calls = callsOf(data.events);
      expect(
        calls.filter((c) => c.ev.id.startsWith("p") && !(c.ran && c.result?.b === LONG_SESSION_OUTPUT_BYTES)),
      ).toEqual([]);
      expect(calls.filter((c) => c.ev.id.startsWith("x")).map((c) => c.ran)).toEqual(Array(i).fill(false));
      appendEvent(
        file,
        { id: `x${i}`, t: Date.now(), e: "pre", tool: "Bash", sig: "0", a: "allow" },
        { rawBytes: data.rawBytes },
      );
    }
  });
});

describe("many writer processes at once", () => {
  it("8 processes × 250 appends, compacting all along: every event read exactly once, no torn line", async () => {
    const script = buildAppender();
    const file = sessionFile(tempHome(), "busy");
    const PROCS = 8;
    const EACH = 250;
    // A small compaction threshold: compactions run all the time, racing the other writers' appends.
    const runs = await Promise.all(
      Array.from({ length: PROCS }, (_, p) => runNode(script, [file, String(EACH), `p${p}`, String(8 * 1024)])),
    );
    for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0 });
    const { summary, events } = readSession(file);
    expect(summary.calls).toBeGreaterThan(0); // it did compact
    expect(preCount(file)).toBe(PROCS * EACH);
    // Raw events: none twice.
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    expect(existsSync(`${file}.lock`)).toBe(false);
  }, 60_000);
});
