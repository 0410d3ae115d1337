// `npm run redteam -- --rule-costs N`: a timer around every built-in rule's check while the cases are
// scored in one process, to find the rules that cost most on the calls they run on (first the everyday
// classes: what every call pays). The first call of each rule is counted apart (cold: its module's lazy
// set-up, the JIT); the rest are warm. With --no-dispatch every rule runs on every call of its kinds, as
// before the engine's dispatch (src/engine/dispatch.ts), for a before/after in one run.
import type { AnyRule } from "../../src/engine/rule.js";

interface Cost {
  id: string;
  runs: number;
  coldMs: number;
  warmMs: number;
}

/** Wraps every rule's check with a timer; returns the table's printer. */
export function timeRules(rules: AnyRule[]): () => string {
  const costs = new Map<string, Cost>();
  for (const rule of rules) {
    const cost: Cost = { id: rule.meta.id, runs: 0, coldMs: 0, warmMs: 0 };
    costs.set(rule.meta.id, cost);
    const check = rule.check.bind(rule);
    rule.check = (call, ctx) => {
      const t = performance.now();
      try {
        return check(call, ctx);
      } finally {
        const ms = performance.now() - t;
        if (cost.runs++ === 0) cost.coldMs = ms;
        else cost.warmMs += ms;
      }
    };
  }
  return () => {
    const all = [...costs.values()].sort((a, b) => b.coldMs + b.warmMs - (a.coldMs + a.warmMs));
    const total = all.reduce((n, c) => n + c.coldMs + c.warmMs, 0);
    const runs = all.reduce((n, c) => n + c.runs, 0);
    const cold = all.reduce((n, c) => n + c.coldMs, 0);
    const row = (c: Cost) =>
      `${c.id.padEnd(40)} ${String(c.runs).padStart(7)} ${c.coldMs.toFixed(2).padStart(9)} ${(c.runs > 1 ? (c.warmMs * 1000) / (c.runs - 1) : 0).toFixed(1).padStart(10)} ${(c.coldMs + c.warmMs).toFixed(1).padStart(10)}`;
    return [
      `${"rule".padEnd(40)} ${"runs".padStart(7)} ${"cold ms".padStart(9)} ${"warm µs".padStart(10)} ${"total ms".padStart(10)}`,
      ...all.map(row),
      `${runs} checks, ${total.toFixed(1)} ms in all, ${cold.toFixed(1)} ms of them first runs`,
    ].join("\n");
  };
}
