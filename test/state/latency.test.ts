// The session memory costs the hook next to nothing: in process (a read and an append on a long session),
// and as agents pay it (a whole hook process, the session pack in force vs off, interleaved).
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { claudePayload } from "../support/calls.js";
import { LAUNCHER, tempHome } from "../support/hook-process.js";
import { appendEvent, readSession, sessionFile } from "../../src/state/store.js";
import { foldEvents, type StateEvent } from "../../src/state/events.js";
import { callsOf } from "../../src/state/session.js";
import { callSignatures } from "../../src/state/signature.js";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** A long session as hooks leave it: pre/post pairs of varied calls, compacted along the way. */
function longSession(home: string, id: string, calls: number): string {
  const file = sessionFile(home, id);
  const t0 = Date.now() - calls * 2000;
  let rawBytes = 0;
  for (let i = 0; i < calls; i++) {
    const sig = callSignatures("Bash", { command: `npm test -- src/file${i % 37}.test.ts` });
    const pre: StateEvent = { id: `p${i}`, t: t0 + i * 2000, e: "pre", tool: "Bash", sig: sig.exact, near: sig.near, u: `toolu_${i}`, a: "allow" };
    const post: StateEvent = { id: `q${i}`, t: t0 + i * 2000 + 900, e: "post", tool: "Bash", sig: sig.exact, u: `toolu_${i}`, ran: 1, b: 1234, d: 900 };
    for (const ev of [pre, post]) {
      appendEvent(file, ev, { rawBytes, now: ev.t });
      rawBytes = readSession(file).rawBytes;
    }
  }
  return file;
}

/** Milliseconds for a whole process; it must allow silently (anything printed means it did not decide an everyday call). */
function timed(args: string[], stdin: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (out) reject(new Error(`expected a silent allow, got: ${out.slice(0, 300)}`));
      else resolve(ms);
    });
    child.stdin!.end(stdin);
  });
}

describe("session memory latency", () => {
  it("reading a 2000-call session (summary + recent events), folding it and appending one event: well under a millisecond or two", () => {
    const home = tempHome();
    const file = longSession(home, "long", 2000);
    const samples: number[] = [];
    let events = 0;
    for (let i = 0; i < 60; i++) {
      const t = performance.now();
      const data = readSession(file);
      const summary = foldEvents(data.summary, data.events);
      callsOf(data.events);
      appendEvent(file, { id: `x${i}`, t: Date.now(), e: "pre", tool: "Bash", sig: "0", a: "allow" }, { rawBytes: data.rawBytes });
      samples.push(performance.now() - t);
      events = data.events.length;
      expect(summary.calls).toBe(2000 + i);
    }
    const m = median(samples);
    console.log(`[state latency] read + fold + pair + append, 2000-call session (${events} raw events): median ${m.toFixed(3)} ms`);
    expect(m).toBeLessThan(3);
  }, 60_000);

  it("signatures of a 1 MiB Write: sampled, about a millisecond", () => {
    const content = "export const x = 1; // padding padding padding\n".repeat(22_000);
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      callSignatures("Write", { file_path: "/p/big.ts", content });
      samples.push(performance.now() - t);
    }
    console.log(`[state latency] signatures of a ${(content.length / 1048576).toFixed(1)} MiB Write: median ${median(samples).toFixed(3)} ms`);
    expect(median(samples)).toBeLessThan(2);
    // Sampled, yet a change anywhere in the head or tail, or of length, is a different call.
    expect(callSignatures("Write", { file_path: "/p/big.ts", content: content + "x" }).exact).not.toBe(callSignatures("Write", { file_path: "/p/big.ts", content }).exact);
  });

  it("a whole hook process in a 900-call session, session pack in force vs off: within noise", async () => {
    // 900: a long session still under session/runaway's max_calls (past it, the escalation step runs).
    const on = tempHome();
    const off = tempHome();
    longSession(on, "cb29f1fd-0000-4000-8000-000000000001", 900);
    longSession(off, "cb29f1fd-0000-4000-8000-000000000001", 900);
    const ids = ["session/retry-loop", "session/runaway", "session/rate-limit", "session/time-budget", "session/output-budget"];
    writeFileSync(join(off, "config.json"), JSON.stringify({ rules: Object.fromEntries(ids.map((id) => [id, "off"])) }));
    writeFileSync(join(on, "config.json"), JSON.stringify({ rules: {} }));
    let i = 0;
    const payload = () => JSON.stringify(claudePayload("Bash", { command: `git status --short ${i++ % 5}` }, { tool_use_id: `toolu_lat_${i}` }));
    const variants: Record<string, () => Promise<number>> = {
      "node -e 0": () => timed(["-e", "0"], "", {}),
      "hook, session pack off": () => timed([LAUNCHER, "hook"], payload(), { STASO_HOME: off }),
      "hook, session pack on": () => timed([LAUNCHER, "hook"], payload(), { STASO_HOME: on }),
    };
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
    for (const run of Object.values(variants)) await run();
    for (let r = 0; r < 25; r++) for (const [name, run] of Object.entries(variants)) samples[name]!.push(await run());
    const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
    const base = m["node -e 0"]!;
    console.log(`[state latency] 25 interleaved rounds\n${Object.entries(m).map(([k, v]) => `${k.padEnd(24)} median ${v.toFixed(1).padStart(6)} ms  ${(v / base).toFixed(2)}× node`).join("\n")}`);
    // Loose on purpose: other test files share the cores; the in-process figure above is the precise one.
    expect(m["hook, session pack on"]!).toBeLessThan(m["hook, session pack off"]! * 1.15 + 5);
  }, 180_000);
});
