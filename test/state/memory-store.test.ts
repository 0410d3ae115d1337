// The in-memory session store a replay uses answers every read exactly as the file store does after the
// same appends: the same summary, raw events and raw size, compacting at the same moments.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { tempHome } from "../support/hook-process.js";
import { appendEvent, readSession, sessionFile, type SessionData } from "../../src/state/store.js";
import { MemorySessionStore } from "../../src/state/memory-store.js";
import { foldEvents, type SessionSummary, type StateEvent } from "../../src/state/events.js";
import { callsOf, type CallView } from "../../src/state/session.js";

/** A small deterministic generator, so a failure can be reproduced from its seed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

/** Pre events and their results, with bursts, long pauses, stateful marks, escalations and failures. */
function session(seed: number, calls: number): StateEvent[] {
  const r = rng(seed);
  const out: StateEvent[] = [];
  let t = 1_700_000_000_000;
  for (let i = 0; i < calls; i++) {
    t += r() < 0.05 ? 20 * 60_000 : Math.floor(r() * 30_000);
    const sig = `sig${Math.floor(r() * 6)}`;
    const u = `u${i}`;
    const a = r() < 0.05 ? "escalate" : r() < 0.1 ? "block" : "allow";
    out.push({
      id: `p${seed}-${i}`,
      t,
      e: "pre",
      tool: r() < 0.5 ? "Bash" : "mcp__db__query",
      ...(r() < 0.3 ? { srv: "db" } : {}),
      sig,
      near: sig.slice(0, 4),
      u,
      a,
      ...(a === "escalate"
        ? { w: ["session/runaway=escalate"] }
        : r() < 0.02
          ? { w: ["session/time-budget=modify"] }
          : {}),
    });
    if (a === "block" || r() < 0.1) continue;
    t += Math.floor(r() * 5000);
    out.push(
      r() < 0.15
        ? { id: `f${seed}-${i}`, t, e: "fail", tool: "Bash", sig, u, ran: 1, c: "permission", d: 12 }
        : { id: `q${seed}-${i}`, t, e: "post", tool: "Bash", sig, u, ran: 1, b: Math.floor(r() * 100_000), d: 40 },
    );
  }
  return out;
}

/** A read as the session view uses it: the file's parts, and the fold and pairs of them (kept or computed). */
function asRead(d: SessionData & { folded?: SessionSummary; calls?: CallView[] }) {
  return {
    summary: d.summary,
    events: d.events,
    rawBytes: d.rawBytes,
    folded: d.folded ?? foldEvents(d.summary, d.events),
    calls: d.calls ?? callsOf(d.events),
  };
}

describe("memory session store", () => {
  for (const [seed, calls, disorder] of [
    [1, 40, false],
    [7, 500, false],
    [42, 900, false],
    // Now and then an event older than the one before (parallel hooks append in about, not exactly, time order).
    [9, 500, true],
  ] as const) {
    it(`reads as the file store after every append (seed ${seed}, ${calls} calls${disorder ? ", out of order at times" : ""})`, () => {
      const file = sessionFile(tempHome("staso-memstore-"), "s");
      const memory = new MemorySessionStore();
      let compactions = 0;
      let last = 0;
      let step = 0;
      const events = session(seed, calls).map((ev, i) => (disorder && i % 37 === 36 ? { ...ev, t: ev.t - 4000 } : ev));
      for (const ev of events) {
        // As the pipeline does: read (for the rules), then append with the raw size that read saw.
        const fromFile = readSession(file);
        const fromMemory = memory.read("s");
        const compacted = fromFile.rawBytes < last;
        if (compacted) compactions++;
        last = fromFile.rawBytes;
        // The raw size every time (it decides the next compaction); all of it around compactions and often:
        // the file's summary, raw events and size, and what the rules get from them (the fold, the pairs).
        expect(fromMemory.rawBytes).toBe(fromFile.rawBytes);
        if (compacted || step++ % 20 === 0) expect(asRead(fromMemory)).toEqual(asRead(fromFile));
        appendEvent(file, ev, { rawBytes: fromFile.rawBytes, now: ev.t });
        memory.append("s", ev, { rawBytes: fromFile.rawBytes, now: ev.t });
      }
      expect(asRead(memory.read("s"))).toEqual(asRead(readSession(file)));
      if (calls > 100) expect(compactions).toBeGreaterThan(1);
      expect(asRead(memory.read("other"))).toEqual(asRead(readSession(join(file, "..", "other.jsonl"))));
    }, 120_000);
  }

  it("keeps sessions apart, and nobody can change what it keeps", () => {
    const memory = new MemorySessionStore();
    const ev: StateEvent = { id: "a", t: 1, e: "pre", tool: "Bash", sig: "x", a: "allow", w: ["r=block"] };
    memory.append("one", ev);
    expect(() => ev.w!.push("changed later")).toThrow(TypeError);
    const read = memory.read("one");
    expect(() => {
      read.events[0]!.tool = "mutated";
    }).toThrow(TypeError);
    expect(() => read.folded!.marks.push("mutated")).toThrow(TypeError);
    expect(memory.read("one").events).toEqual([
      { id: "a", t: 1, e: "pre", tool: "Bash", sig: "x", a: "allow", w: ["r=block"] },
    ]);
    expect(memory.read("one").folded!.marks).toEqual(["r=block"]);
    expect(memory.read("two").events).toEqual([]);
  });
});
