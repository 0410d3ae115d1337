import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendRecord } from "../../src/audit/store.js";
import { buildRecord } from "../../src/audit/record.js";
import { computeStats, percentile } from "../../src/audit/stats.js";
import type { Decision } from "../../src/engine/types.js";
import { staso } from "../audit/staso-cli.js";
import { call } from "../audit/fixtures.js";

const v = (ruleId: string, action: "block" | "modify" | "escalate", mode: "enforce" | "audit" = "enforce") => ({
  ruleId,
  action,
  mode,
  reason: `${ruleId} fired`,
  ms: 0.4,
});
const d = (action: Decision["action"], verdicts: Decision["verdicts"] = []): Decision => ({
  action,
  reason: verdicts.length ? "why" : "",
  verdicts,
});

/** 100 decisions over the last two hours with latencies 1..100 ms, plus one old one. */
function home() {
  const h = mkdtempSync(join(tmpdir(), "staso-stats-"));
  const dir = join(h, "audit");
  const now = Date.now();
  for (let i = 1; i <= 100; i++) {
    const at = new Date(now - (100 - i) * 60_000);
    let decision: Decision = d("allow");
    let tool = "Read";
    let session = "sess-ok";
    if (i % 10 === 0)
      [decision, tool, session] = [
        d("block", [v("filesystem/rm-root-or-home", "block")]),
        "Bash",
        i % 20 === 0 ? "sess-bad-1" : "sess-bad-2",
      ];
    else if (i % 10 === 1)
      [decision, tool] = [d("allow", [v("remote-exec/curl-pipe-shell", "block", "audit")]), "Bash"];
    else if (i % 25 === 2) [decision, tool] = [d("escalate", [v("git/force-push", "escalate")]), "Bash"];
    else if (i % 25 === 3) [decision, tool] = [d("modify", [v("secrets/redact", "modify")]), "Write"];
    appendRecord(dir, buildRecord(call({ tool, session: { id: session } }), decision, i, at));
  }
  appendRecord(
    dir,
    buildRecord(call({ tool: "Old" }), d("block", [v("old/rule", "block")]), 999, new Date(now - 10 * 86_400_000)),
  );
  return { STASO_HOME: h };
}

describe("staso stats", () => {
  it("--json: counts per action, top rules and tools, blocked sessions, latency percentiles", async () => {
    const env = home();
    const r = await staso(["stats", "--since", "1d", "--json"], env);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.total).toBe(100);
    expect(s.actions).toEqual({ block: 10, modify: 4, escalate: 4, audit: 10, allow: 72 });
    expect(s.rules[0]).toEqual({ id: "filesystem/rm-root-or-home", count: 10, enforce: 10, audit: 0 });
    expect(s.rules.find((x: { id: string }) => x.id === "remote-exec/curl-pipe-shell")).toEqual({
      id: "remote-exec/curl-pipe-shell",
      count: 10,
      enforce: 0,
      audit: 10,
    });
    expect(s.tools[0]).toEqual({ tool: "Read", count: 72, blocked: 0 });
    expect(s.tools[1]).toEqual({ tool: "Bash", count: 24, blocked: 10 });
    expect(s.blockedSessions.map((b: { session: string; blocks: number }) => [b.session, b.blocks])).toEqual([
      ["sess-bad-1", 5], // most recent block first on a tie
      ["sess-bad-2", 5],
    ]);
    expect(s.latencyMs).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(s.activity.unit).toBe("hour");
    expect(s.activity.counts.reduce((a: number, b: number) => a + b, 0)).toBe(100);
    expect(s.since).toBeTruthy();

    const all = JSON.parse((await staso(["stats", "--json"], env)).stdout);
    expect(all.total).toBe(101);
    expect(all.activity.unit).toBe("day");
    expect(JSON.parse((await staso(["stats", "--json", "--tool", "Write"], env)).stdout).total).toBe(4);
  });

  it("the report: sections, bars and a sparkline; plain in a pipe", async () => {
    const r = await staso(["stats", "--since", "1d"], home());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^100 decisions from /);
    expect(r.stdout).toMatch(/Decisions\n {2}block +10 +10% {2}█+/);
    expect(r.stdout).toMatch(/allow +72 +72% {2}█{40}/);
    expect(r.stdout).toMatch(/Activity \(per hour/);
    expect(r.stdout).toMatch(/[▁▂▃▄▅▆▇█]{2,}/);
    expect(r.stdout).toMatch(/Hook latency \(100 calls[^)]*\)\n {2}p50 50 ms {3}p95 95 ms {3}p99 99 ms {3}max 100 ms/);
    expect(r.stdout).toMatch(/Top rules\n {2}filesystem\/rm-root-or-home +10 {2}10 enforced/);
    expect(r.stdout).toMatch(/remote-exec\/curl-pipe-shell +10 {2}10 audit only/);
    expect(r.stdout).toMatch(/Top tools\n {2}Read +72\n {2}Bash +24 {2}10 blocked/);
    expect(r.stdout).toMatch(/Blocked sessions\n {2}sess-bad-1 +claude {2}5 blocked of 5/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect((await staso(["stats"], { ...home(), FORCE_COLOR: "1" })).stdout).toMatch(/\x1b\[31m/);
  });

  it("empty, and bad flags", async () => {
    const empty = { STASO_HOME: mkdtempSync(join(tmpdir(), "staso-stats-e-")) };
    expect((await staso(["stats"], empty)).stdout).toBe("No guard decisions recorded in this window.\n");
    expect(JSON.parse((await staso(["stats", "--json"], empty)).stdout)).toMatchObject({
      total: 0,
      latencyMs: { count: 0, p50: 0 },
    });
    const bad = await staso(["stats", "--since", "soon"], empty);
    expect(bad.code).toBe(2);
  });

  it("percentiles are nearest-rank", () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
    expect(computeStats([]).total).toBe(0);
  });
});
