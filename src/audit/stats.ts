// `staso stats`: the audit trail summarised. Counts per action, top rules and tools, the sessions staso
// had to stop, hook latency percentiles, and when the decisions happened.
import type { AuditRecord, RecordAction } from "./record.js";
import { RECORD_ACTIONS } from "./record.js";
import { actionColor, localTime } from "./table.js";
import { bar, padEnd, padStart, sparkline, truncate, type Paint } from "../util/terminal.js";
import { forTerminal } from "../util/terminal-text.js";

export interface AuditStats {
  total: number;
  /** First and last decision (ISO). */
  from?: string;
  to?: string;
  actions: Record<RecordAction, number>;
  rules: { id: string; count: number; enforce: number; audit: number }[];
  tools: { tool: string; count: number; blocked: number }[];
  blockedSessions: { session: string; host: string; blocks: number; decisions: number; last: string }[];
  latencyMs: { count: number; p50: number; p95: number; p99: number; max: number; mean: number };
  /** Per judge (a rule that asks a model): its verdicts, how often the model answered, its time and tokens. */
  judges: JudgeStats[];
  /** Decisions per hour (spans up to two days) or per day. */
  activity: { unit: "hour" | "day"; start?: string; counts: number[] };
  skipped: number;
}

interface JudgeStats {
  id: string;
  models: string[];
  calls: number;
  verdicts: { allow: number; block: number; escalate: number };
  /** From the verdict cache (a retried call, no request). */
  cached: number;
  /** No usable answer in time (timeout, rate limit, error, nonsense): the judge's onTimeout applied. */
  noAnswer: number;
  /** For the gray-zone judge: calls it decided instead of the fail mode. */
  grayZone: number;
  /** Of the calls the model was asked about (not cached). */
  latencyMs: { p50: number; p95: number };
  tokens: { input: number; output: number };
}

const TOP = 10;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function computeStats(all: AuditRecord[], skipped = 0): AuditStats {
  // An escalation's answer is recorded on its own (event "escalation"); it is not a decision of its own.
  const records = all.filter((r) => r.event !== "escalation");
  const actions = Object.fromEntries(RECORD_ACTIONS.map((a) => [a, 0])) as Record<RecordAction, number>;
  const rules = new Map<string, { id: string; count: number; enforce: number; audit: number }>();
  const tools = new Map<string, { tool: string; count: number; blocked: number }>();
  const sessions = new Map<
    string,
    { session: string; host: string; blocks: number; decisions: number; last: string }
  >();
  const latencies: number[] = [];
  const judges = new Map<string, JudgeStats & { times: number[] }>();
  let from: string | undefined;
  let to: string | undefined;

  for (const r of records) {
    if (r.action in actions) actions[r.action]++;
    if (!from || r.time < from) from = r.time;
    if (!to || r.time > to) to = r.time;
    for (const v of r.rules ?? []) {
      const e = rules.get(v.ruleId) ?? { id: v.ruleId, count: 0, enforce: 0, audit: 0 };
      e.count++;
      if (v.mode === "audit") e.audit++;
      else e.enforce++;
      rules.set(v.ruleId, e);
    }
    const t = tools.get(r.tool) ?? { tool: r.tool, count: 0, blocked: 0 };
    t.count++;
    if (r.action === "block") t.blocked++;
    tools.set(r.tool, t);
    if (r.session) {
      const key = `${r.host}\u0000${r.session}`;
      const s = sessions.get(key) ?? { session: r.session, host: r.host, blocks: 0, decisions: 0, last: r.time };
      s.decisions++;
      if (r.action === "block") s.blocks++;
      if (r.time > s.last) s.last = r.time;
      sessions.set(key, s);
    }
    if (typeof r.latencyMs === "number" && Number.isFinite(r.latencyMs)) latencies.push(r.latencyMs);
    for (const j of r.judges ?? []) {
      const e = judges.get(j.ruleId) ?? newJudgeEntry(j.ruleId);
      e.calls++;
      if (j.verdict in e.verdicts) e.verdicts[j.verdict]++;
      if (!e.models.includes(j.model)) e.models.push(j.model);
      if (j.outcome === "cached") e.cached++;
      else {
        if (j.outcome !== "answered") e.noAnswer++;
        if (typeof j.latencyMs === "number") e.times.push(j.latencyMs);
      }
      if (j.grayZone?.length) e.grayZone++;
      e.tokens.input += j.tokens?.input ?? 0;
      e.tokens.output += j.tokens?.output ?? 0;
      judges.set(j.ruleId, e);
    }
  }
  latencies.sort((a, b) => a - b);
  const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  return {
    total: records.length,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    actions,
    rules: [...rules.values()].sort((a, b) => byCount(a, b) || a.id.localeCompare(b.id)).slice(0, TOP),
    tools: [...tools.values()].sort((a, b) => byCount(a, b) || a.tool.localeCompare(b.tool)).slice(0, TOP),
    blockedSessions: [...sessions.values()]
      .filter((s) => s.blocks > 0)
      .sort((a, b) => b.blocks - a.blocks || b.last.localeCompare(a.last))
      .slice(0, TOP),
    latencyMs: {
      count: latencies.length,
      p50: round2(percentile(latencies, 50)),
      p95: round2(percentile(latencies, 95)),
      p99: round2(percentile(latencies, 99)),
      max: round2(latencies[latencies.length - 1] ?? 0),
      mean: round2(latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : 0),
    },
    judges: [...judges.values()]
      .sort((a, b) => b.calls - a.calls || a.id.localeCompare(b.id))
      .map(({ times, ...j }) => {
        const sorted = times.sort((a, b) => a - b);
        return { ...j, latencyMs: { p50: round2(percentile(sorted, 50)), p95: round2(percentile(sorted, 95)) } };
      }),
    activity: activity(records, from, to),
    skipped,
  };
}

const newJudgeEntry = (id: string): JudgeStats & { times: number[] } => ({
  id,
  models: [],
  calls: 0,
  verdicts: { allow: 0, block: 0, escalate: 0 },
  cached: 0,
  noAnswer: 0,
  grayZone: 0,
  latencyMs: { p50: 0, p95: 0 },
  tokens: { input: 0, output: 0 },
  times: [],
});

function activity(records: AuditRecord[], from?: string, to?: string): AuditStats["activity"] {
  if (!from || !to) return { unit: "hour", counts: [] };
  const hour = 3_600_000;
  const day = 86_400_000;
  const span = Date.parse(to) - Date.parse(from);
  const unit = span <= 2 * day ? "hour" : "day";
  const size = unit === "hour" ? hour : day;
  const start = Math.floor(Date.parse(from) / size) * size;
  const n = Math.min(400, Math.floor((Date.parse(to) - start) / size) + 1);
  const counts = new Array<number>(n).fill(0);
  for (const r of records) {
    const i = Math.floor((Date.parse(r.time) - start) / size);
    if (i >= 0 && i < n) counts[i]!++;
  }
  return { unit, start: new Date(start).toISOString(), counts };
}

const LATENCY_BUCKETS = [5, 10, 25, 50, 100, 250, 1000, Infinity];

function latencyHistogram(records: AuditRecord[]): { label: string; count: number }[] {
  const counts = LATENCY_BUCKETS.map(() => 0);
  for (const r of records) {
    if (typeof r.latencyMs !== "number") continue;
    const i = LATENCY_BUCKETS.findIndex((b) => r.latencyMs < b);
    counts[i]!++;
  }
  return LATENCY_BUCKETS.map((b, i) => ({
    label: b === Infinity ? `≥${LATENCY_BUCKETS[i - 1]} ms` : `<${b} ms`,
    count: counts[i]!,
  }));
}

const fmtMs = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;

export function renderStats(
  s: AuditStats,
  records: AuditRecord[],
  p: Paint,
  width = 80,
  agentLabel: (host: string) => string = (h) => h,
): string[] {
  const out: string[] = [];
  const barWidth = Math.max(10, Math.min(40, width - 30));
  if (s.total === 0) return ["No guard decisions recorded in this window."];
  out.push(
    `${p.bold(`${s.total} decision${s.total === 1 ? "" : "s"}`)} ${p.dim(`from ${localTime(s.from!)} to ${localTime(s.to!)}`)}`,
  );
  if (s.skipped) out.push(p.yellow(`(${s.skipped} unreadable line${s.skipped === 1 ? "" : "s"} skipped)`));

  out.push("", p.bold("Decisions"));
  const maxAction = Math.max(...Object.values(s.actions));
  for (const a of RECORD_ACTIONS) {
    const n = s.actions[a];
    const share = (n / s.total) * 100;
    const pct = ` ${padStart(share > 0 && share < 10 ? share.toFixed(1) : share.toFixed(0), 4)}%`;
    out.push(
      `  ${actionColor(p, a)(padEnd(a, 8))} ${padStart(String(n), 6)}${p.dim(pct)}  ${actionColor(p, a)(bar(n, maxAction, barWidth))}`,
    );
  }

  if (s.activity.counts.length > 1) {
    out.push("", `${p.bold("Activity")} ${p.dim(`(per ${s.activity.unit}, from ${localTime(s.activity.start!)})`)}`);
    const counts = s.activity.counts.length > width - 4 ? s.activity.counts.slice(-(width - 4)) : s.activity.counts;
    out.push(`  ${p.cyan(sparkline(counts))}  ${p.dim(`peak ${Math.max(...counts)}`)}`);
  }

  const l = s.latencyMs;
  if (l.count > 0) {
    out.push("", `${p.bold("Hook latency")} ${p.dim(`(${l.count} calls, payload read to decision)`)}`);
    out.push(
      `  p50 ${p.bold(fmtMs(l.p50))}   p95 ${p.bold(fmtMs(l.p95))}   p99 ${p.bold(fmtMs(l.p99))}   max ${fmtMs(l.max)}`,
    );
    const hist = latencyHistogram(records);
    const maxH = Math.max(...hist.map((h) => h.count));
    const last = hist.reduce((acc, h, i) => (h.count > 0 ? i : acc), 0);
    for (const h of hist.slice(0, last + 1))
      out.push(`  ${padStart(h.label, 9)} ${padStart(String(h.count), 6)}  ${p.blue(bar(h.count, maxH, barWidth))}`);
  }

  if (s.rules.length) {
    out.push("", p.bold("Top rules"));
    const w = Math.min(40, Math.max(...s.rules.map((r) => forTerminal(r.id).length)));
    for (const r of s.rules) {
      const modes = [r.enforce ? `${r.enforce} enforced` : "", r.audit ? `${r.audit} audit only` : ""]
        .filter(Boolean)
        .join(", ");
      out.push(`  ${padEnd(truncate(forTerminal(r.id), w), w)} ${padStart(String(r.count), 6)}  ${p.dim(modes)}`);
    }
  }

  if (s.judges.length) {
    out.push("", `${p.bold("Judges")} ${p.dim("(rules that ask a model)")}`);
    for (const j of s.judges) {
      const v = j.verdicts;
      const verdicts = [
        v.block ? p.red(`${v.block} block`) : "",
        v.escalate ? p.magenta(`${v.escalate} escalate`) : "",
        v.allow ? p.green(`${v.allow} allow`) : "",
      ]
        .filter(Boolean)
        .join(" · ");
      const how = [
        j.cached ? `${j.cached} cached` : "",
        j.noAnswer ? p.yellow(`${j.noAnswer} without an answer (onTimeout)`) : "",
        j.grayZone ? `${j.grayZone} in the gray zone` : "",
      ]
        .filter(Boolean)
        .join(", ");
      out.push(`  ${p.bold(j.id)} ${p.dim(j.models.join(", "))}`);
      out.push(`    ${j.calls} call${j.calls === 1 ? "" : "s"}: ${verdicts}${how ? p.dim(`  (${how})`) : ""}`);
      out.push(
        `    p50 ${fmtMs(j.latencyMs.p50)}   p95 ${fmtMs(j.latencyMs.p95)}   tokens ${j.tokens.input} in / ${j.tokens.output} out`,
      );
    }
  }

  if (s.tools.length) {
    out.push("", p.bold("Top tools"));
    const w = Math.min(30, Math.max(...s.tools.map((t) => forTerminal(t.tool).length)));
    for (const t of s.tools)
      out.push(
        `  ${padEnd(truncate(forTerminal(t.tool), w), w)} ${padStart(String(t.count), 6)}  ${t.blocked ? p.red(`${t.blocked} blocked`) : ""}`.trimEnd(),
      );
  }

  out.push("", p.bold("Blocked sessions"));
  if (s.blockedSessions.length === 0) out.push(p.dim("  none"));
  for (const b of s.blockedSessions) {
    out.push(
      `  ${padEnd(forTerminal(b.session), 36)}  ${padEnd(forTerminal(agentLabel(b.host)), 6)}  ${p.red(`${b.blocks} blocked`)} of ${b.decisions}  ${p.dim(`last ${localTime(b.last)}`)}`,
    );
  }
  return out;
}
