// `staso replay`: what a policy change would have decided on the calls the audit trail recorded. Reads
// the trail (never writes it), re-decides the calls with the candidate policy (pipeline/replay.ts) and
// prints what would change, grouped by the rule that makes the difference. Exit 1 when any recorded call
// would change (a CI gate for a policy change), 2 for a usage error or a candidate that does not load.
import { statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { queryRecords, type RecordFilter } from "../audit/query.js";
import type { AuditRecord } from "../audit/record.js";
import { readRecords } from "../audit/store.js";
import { actionColor, inputSummary, localTime } from "../audit/table.js";
import { paintFor, truncate, type Paint } from "../util/terminal.js";
import { forTerminal } from "../util/terminal-text.js";
import { auditDir, stasoPaths } from "../paths.js";
import {
  replayRecords,
  type CandidateRules,
  type ChangeGroup,
  type ReplayCandidate,
  type ReplayReport,
} from "../pipeline/replay.js";
import { candidatePolicy, type CandidateSpec } from "../pipeline/replay-policy.js";
import { LEVELS, PolicyError, type Level } from "../policy/schema.js";
import { UsageError } from "./errors.js";
import { filterFromOptions, quietOnClosedPipe } from "./logs.js";

export interface ReplayFlags {
  since?: string;
  session?: string;
  project?: string;
  policy?: string;
  level?: string;
  json?: boolean;
}

/** The candidate policy as the report shows it, once per distinct policy the calls' directories load. */
interface PolicySummary {
  cwd: string;
  sources: string[];
  level: string;
  environment: string;
  failMode: string;
  notes: string[];
}

export interface ReplayRun {
  report: ReplayReport;
  policies: PolicySummary[];
  /** The audit dir read. */
  trail: string;
  /** Unreadable lines of the trail. */
  unreadableLines: number;
}

/** The candidate from the flags (a usage error for a bad level or a policy file that is not there). */
export function candidateSpec(flags: Pick<ReplayFlags, "policy" | "level">, cwd = process.cwd()): CandidateSpec {
  const spec: CandidateSpec = {};
  if (flags.level !== undefined) {
    if (!LEVELS.includes(flags.level as Level))
      throw new UsageError(`--level must be one of ${LEVELS.join(", ")}, not ${JSON.stringify(flags.level)}.`);
    spec.overrides = { level: flags.level as Level };
  }
  if (flags.policy !== undefined) {
    const file = isAbsolute(flags.policy) ? flags.policy : resolve(cwd, flags.policy);
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      // not there
    }
    if (!isFile) throw new UsageError(`--policy ${flags.policy}: no such file.`);
    spec.policyFile = file;
  }
  return spec;
}

/**
 * The records the filter selects, oldest first, and the earlier records of their sessions (so session
 * rules see each session from its start), replayed under the candidate.
 */
export async function runReplay(
  filter: RecordFilter,
  spec: CandidateSpec,
  checkCwd = process.cwd(),
): Promise<ReplayRun> {
  const trail = auditDir(stasoPaths());
  const candidate = candidatePolicy(spec);
  try {
    try {
      // A candidate that does not load is the answer, even when no call was recorded.
      await candidate.forCwd(filter.project ?? checkCwd);
      const { records, skipped } = queryRecords(trail, filter);
      const warmup = filter.since ? earlierOfSessions(trail, records, filter.since) : [];
      const report = await replayRecords(records, candidate, { warmup });
      return {
        report,
        policies: await policiesOf(candidate, records, filter.project ?? checkCwd),
        trail,
        unreadableLines: skipped,
      };
    } catch (err) {
      if (err instanceof PolicyError) throw new UsageError(`the candidate policy does not load: ${err.message}`);
      throw err;
    }
  } finally {
    await candidate.close();
  }
}

/** The distinct candidate policies the records' directories load (or the one for `fallbackCwd` when none). */
async function policiesOf(
  candidate: ReplayCandidate,
  records: AuditRecord[],
  fallbackCwd: string,
): Promise<PolicySummary[]> {
  const cwds = [...new Set(records.map((r) => r.cwd).filter((c): c is string => !!c))];
  const seen = new Map<CandidateRules, string>();
  for (const cwd of cwds.length ? cwds : [fallbackCwd]) {
    const c = await candidate.forCwd(cwd);
    if (!seen.has(c)) seen.set(c, cwd);
  }
  return [...seen].map(([{ policy, notes }, cwd]) => ({
    cwd,
    sources: policy.sources,
    level: policy.level,
    environment: policy.environment,
    failMode: policy.failMode,
    notes,
  }));
}

/** Records before `since` of the sessions among `records`. */
function earlierOfSessions(trail: string, records: AuditRecord[], since: Date): AuditRecord[] {
  const sessions = new Set(records.map((r) => r.session).filter((s): s is string => !!s));
  if (sessions.size === 0) return [];
  const t = since.getTime();
  return readRecords(trail)
    .records.filter((r) => r.session !== undefined && sessions.has(r.session) && Date.parse(r.time) < t)
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
const pct = (part: number, whole: number) => {
  if (whole === 0) return "0 %";
  const p = (part / whole) * 100;
  return `${p === 0 ? "0" : p < 0.1 ? "<0.1" : p < 10 ? p.toFixed(1) : p.toFixed(0)} %`;
};

function transitions(g: ChangeGroup, p: Paint): string {
  return Object.entries(g.transitions)
    .map(([t, n]) => {
      const [from, to] = t.split("→") as [string, string];
      return `${actionColor(p, from)(from)} → ${actionColor(p, to)(to)} ${n}`;
    })
    .join(", ");
}

function renderGroups(groups: ChangeGroup[], p: Paint, width: number | undefined, indent = "  "): string[] {
  const out: string[] = [];
  const cut = (s: string) => (width ? truncate(s, Math.max(20, width - indent.length - 4)) : s);
  for (const g of groups) {
    out.push(
      `${indent}${p.bold(forTerminal(g.rule))}  ${forTerminal(g.why)}${g.session ? p.dim(" (session rule)") : ""}: ${plural(g.count, "call")} (${transitions(g, p)})`,
    );
    for (const e of g.examples) {
      const what = cut(
        `${localTime(e.time)}  ${forTerminal(e.host === "claude-code" ? "claude" : e.host)}  ${forTerminal(e.tool)}  ${forTerminal(inputSummary(e.input))}`,
      );
      out.push(`${indent}    ${what}`);
      if (e.reason) out.push(`${indent}      ${p.dim(cut(forTerminal(e.reason.replace(/\s+/g, " "))))}`);
    }
  }
  return out;
}

const SKIPPED: Record<string, string> = {
  "escalation-answer": "escalation answers (a human's, not a call)",
  unreadable: "payloads the hook could not read as a call",
  "unknown-host": "calls from agents this staso has no adapter for",
  "no-cwd": "calls without a recorded working directory",
};

export function renderReplay(run: ReplayRun, p: Paint, width?: number): string[] {
  const r = run.report;
  const out: string[] = [];
  if (r.records === 0) {
    out.push(`No recorded calls match (${run.trail}).`);
    return out;
  }
  out.push(
    p.bold(`Replayed ${plural(r.calls, "recorded call")}`) +
      p.dim(` from ${localTime(r.from!)} to ${localTime(r.to!)}`) +
      (r.calls !== r.exact ? p.dim(` (${r.exact.toLocaleString("en-US")} exactly)`) : ""),
  );
  for (const pol of run.policies) {
    const sources = pol.sources.length ? forTerminal(pol.sources.join(" + ")) : "built-in defaults";
    const where = run.policies.length > 1 ? ` (for ${forTerminal(pol.cwd)})` : "";
    out.push(p.dim(`Candidate policy${where}: ${sources} · level ${pol.level} · fail mode ${pol.failMode}`));
    for (const n of pol.notes) out.push(p.yellow(`  note: ${forTerminal(n)}`));
  }
  out.push("");
  if (r.changed === 0) out.push(p.green(`No recorded call would change.`));
  else {
    out.push(p.bold(`${plural(r.changed, "call")} would change:`));
    out.push(...renderGroups(r.groups, p, width));
  }
  out.push(
    "",
    `Everyday calls that would now be stopped (blocked or escalated): ${r.everyday.stopped.toLocaleString("en-US")} of ${r.everyday.calls.toLocaleString("en-US")} (${pct(r.everyday.stopped, r.everyday.calls)}).`,
  );

  const limits: string[] = [];
  if (r.inexact.calls) {
    limits.push(
      `${plural(r.inexact.calls, "call")} cannot be replayed exactly and ${r.inexact.calls === 1 ? "is" : "are"} not counted as changes:`,
    );
    if (r.inexact.secret)
      limits.push(
        `  ${plural(r.inexact.secret, "call")}: a secret was masked in the trail, and a masked secret cannot be detected again`,
      );
    if (r.inexact.capped)
      limits.push(`  ${plural(r.inexact.capped, "call")}: the input was cut for size (or dropped) in the trail`);
    if (r.inexact.changed) {
      limits.push(
        `  ${plural(r.inexact.changed, "of them decide", "of them decide")} differently on what the trail kept:`,
      );
      limits.push(...renderGroups(r.inexact.groups, p, width, "    "));
    }
  }
  if (r.sessionChanges)
    limits.push(
      `${plural(r.sessionChanges, "change")} come${r.sessionChanges === 1 ? "s" : ""} from session rules, which see each session as it was recorded: after an earlier change the agent might have acted differently.`,
    );
  if (r.failModeDecisions)
    limits.push(
      `${plural(r.failModeDecisions, "call")} could only be decided by the fail mode (a rule failed or could not read the call).`,
    );
  if (r.results)
    limits.push(
      `${plural(r.results, "tool result")} fed the session rules' memory but ${r.results === 1 ? "was" : "were"} not decided again: the trail keeps an output's size, not the output, so output rules are not replayed.`,
    );
  for (const [why, n] of Object.entries(r.skipped))
    limits.push(`${plural(n!, "record")} passed over: ${SKIPPED[why] ?? why}.`);
  if (r.oldRecords)
    limits.push(
      `${plural(r.oldRecords, "record")} from before the trail kept replay facts (version 1): masking is read from the stored text, and a result's output size is unknown.`,
    );
  const versions = Object.entries(r.otherVersions);
  if (versions.length)
    limits.push(
      `Recorded by another staso version (its built-in rules may differ from this one's): ${versions.map(([v, n]) => `${forTerminal(v)} (${n.toLocaleString("en-US")})`).join(", ")}.`,
    );
  if (run.unreadableLines) limits.push(`${plural(run.unreadableLines, "unreadable line")} in the trail skipped.`);
  if (limits.length)
    out.push("", p.bold("Where this replay is not exact"), ...limits.map((l) => (l.startsWith(" ") ? l : `- ${l}`)));
  return out;
}

/** The run as one JSON object: the report, the window and the candidate policies. */
export function replayJson(run: ReplayRun, filter: RecordFilter): Record<string, unknown> {
  return {
    ...(filter.since ? { since: filter.since.toISOString() } : {}),
    ...(filter.session ? { session: filter.session } : {}),
    ...(filter.project ? { project: filter.project } : {}),
    policies: run.policies,
    ...run.report,
    unreadableLines: run.unreadableLines,
  };
}

export async function replayCommand(flags: ReplayFlags): Promise<void> {
  quietOnClosedPipe();
  const filter = filterFromOptions(flags);
  const spec = candidateSpec(flags);
  const run = await runReplay(filter, spec);
  if (flags.json) process.stdout.write(`${JSON.stringify(replayJson(run, filter))}\n`);
  else {
    const width = process.stdout.isTTY ? process.stdout.columns : undefined;
    process.stdout.write(`${renderReplay(run, paintFor(process.stdout), width).join("\n")}\n`);
  }
  if (run.report.changed > 0) process.exitCode = 1;
}
