// Replay: what a candidate policy would have decided on the calls the audit trail recorded, and where
// that differs from what was decided. A plain function over records and a candidate, shared by
// `staso replay`, `staso test --replay` and (later) a server's policy editor; it prints nothing, and
// reads and writes nothing of the user's: the session memory is replayed into a store of its own, in
// memory, that answers as the file store would (state/memory-store.ts).
//
// Each recorded call is rebuilt as its host's adapter read it (replay-call.ts) and decided by the
// candidate's rules, in the order the calls were made, each at the time it was made, so session rules
// see every session from its start. Tool results (PostToolUse, failures) are remembered, not decided
// again: the audit trail keeps their size, not the output. Where the record cannot give the call back
// exactly (a secret was masked, the input was cut), the call is decided and counted apart: its outcome
// is shown as a lead, never as a change.
import { maskText } from "../audit/mask.js";
import type { AuditRecord, InputLoss } from "../audit/record.js";
import { decidedAction, inputLossOfRecord, roleOf, type SkipReason } from "../audit/replay-facts.js";
import { evaluate } from "../engine/evaluate.js";
import type { ActiveRule } from "../engine/rule.js";
import type { Action, Decision, ToolCall } from "../engine/types.js";
import type { RuleSet } from "../policy/active-rules.js";
import type { Policy } from "../policy/load.js";
import { MemorySessionStore } from "../state/memory-store.js";
import { bindSessionStore, isStatefulRule, rememberCall } from "../state/session.js";
import { VERSION } from "../version.js";
import { callOf, recordedDecision } from "./replay-call.js";
import { projectOf, rememberedFiles, shellOf, shellSubjects, type ShellAnalysis } from "../analysis/shell/index.js";

/** The candidate policy for calls made in one directory, with its rules in force. */
export interface CandidateRules {
  policy: Policy;
  set: RuleSet;
  /** The rules in force, in order (activeRules). */
  rules: ActiveRule[];
  /** Rules of the set not in force, and why ("mode off", "only in prod …"). */
  inactive: Map<string, string>;
  /** What the configs tried and could not do, and files ignored (as `staso rules` lists them). */
  notes: string[];
}

/** Where the candidate policy comes from: one per working directory (a project config may differ). */
export interface ReplayCandidate {
  forCwd(cwd: string): Promise<CandidateRules>;
}

export interface ReplayOptions {
  /**
   * Older records of the sessions being replayed (before the window): decided and remembered, never
   * compared, so session rules see each session from its start.
   */
  warmup?: AuditRecord[];
  /** Examples kept per group (default 3). */
  examples?: number;
}

/** One recorded call whose action would change, as an example of its group (the input is the stored, masked one). */
interface ChangeExample {
  id?: string;
  time: string;
  host: string;
  session?: string;
  toolUseId?: string;
  cwd?: string;
  tool: string;
  input: unknown;
  from: Action;
  to: Action;
  /** The reason of whichever decision stops the call (the candidate's, or the recorded one). */
  reason: string;
}

/** The calls one rule changes, the same way. */
export interface ChangeGroup {
  /** The rule that makes the difference: the candidate's decider when the call is stopped harder, the recorded one when less; "(fail mode)" when no rule decided. */
  rule: string;
  /** What changed about the rule: "fires now", "off now", "audit only now", … */
  why: string;
  /** The rule reads the session memory: it saw the session as recorded. */
  session: boolean;
  count: number;
  /** Counts per "from→to". */
  transitions: Record<string, number>;
  examples: ChangeExample[];
}

export interface ReplayReport {
  /** Records read (in the window; warm-up records not counted). */
  records: number;
  /** Calls (PreToolUse) decided again. */
  calls: number;
  /** Of them, the ones the record gives back exactly. */
  exact: number;
  /** Exact calls whose action would change, grouped by the rule that makes the difference. */
  changed: number;
  groups: ChangeGroup[];
  /** Calls the record cannot give back exactly: counted apart, their changes shown as leads only. */
  inexact: { calls: number; secret: number; capped: number; changed: number; groups: ChangeGroup[] };
  /** Exact calls that were allowed (the everyday ones), and how many of them the candidate would stop (block or escalate). */
  everyday: { calls: number; stopped: number };
  /** Exact changes made by session rules, which see the session as recorded. */
  sessionChanges: number;
  /** Calls the candidate could only decide by its fail mode (a rule failed, a command it cannot read). */
  failModeDecisions: number;
  /** Tool results remembered for the session rules, not decided again (the trail keeps no outputs). */
  results: number;
  /** Records passed over, by reason. */
  skipped: Partial<Record<SkipReason, number>>;
  /** Records written before the replay facts existed (version 1). */
  oldRecords: number;
  /** Staso versions other than this one that decided records, with how many each. */
  otherVersions: Record<string, number>;
  /** The first and last record's time. */
  from?: string;
  to?: string;
}

const RANK: Record<Action, number> = { allow: 0, modify: 1, escalate: 2, block: 3 };
const STOPS = (a: Action) => a === "block" || a === "escalate";
const FAIL_MODE = "(fail mode)";

/** The rule that makes the difference between the recorded decision and the candidate's, and what changed about it. */
function attribute(r: AuditRecord, from: Action, d: Decision, c: CandidateRules): { rule: string; why: string } {
  if (RANK[d.action] > RANK[from]) {
    const rule = d.ruleId;
    if (!rule) return { rule: FAIL_MODE, why: "the candidate cannot decide these calls" };
    const before = (r.rules ?? []).find((v) => v.ruleId === rule);
    if (!before) return { rule, why: "fires now" };
    if (before.mode === "audit") return { rule, why: "enforced now (it only audited)" };
    return { rule, why: `${d.action} now (it was ${before.action})` };
  }
  const rule = r.ruleId;
  if (!rule)
    return { rule: FAIL_MODE, why: "decided by the rules now (the recorded decision came from the fail mode)" };
  const active = c.rules.find((a) => a.rule.meta.id === rule);
  if (!active) {
    const inactive = c.inactive.get(rule);
    return { rule, why: inactive === "mode off" ? "off now" : inactive ? `${inactive} now` : "not in the policy now" };
  }
  if (active.mode === "audit") return { rule, why: "audit only now" };
  const now = d.verdicts.find((v) => v.ruleId === rule && v.mode === "enforce");
  if (now) return { rule, why: `${now.action} now (it was ${from})` };
  return { rule, why: "does not fire now" };
}

function exampleOf(r: AuditRecord, from: Action, d: Decision): ChangeExample {
  const reason = RANK[d.action] > RANK[from] ? d.reason : (r.reason ?? r.failure ?? "");
  return {
    ...(r.id ? { id: r.id } : {}),
    time: r.time,
    host: r.host,
    ...(r.session ? { session: r.session } : {}),
    ...(r.toolUseId ? { toolUseId: r.toolUseId } : {}),
    ...(r.cwd ? { cwd: r.cwd } : {}),
    tool: r.tool,
    input: r.input,
    from,
    to: d.action,
    reason: maskText(reason, 500),
  };
}

class Groups {
  private byKey = new Map<string, ChangeGroup>();
  constructor(private readonly keep: number) {}
  add(r: AuditRecord, from: Action, d: Decision, c: CandidateRules): ChangeGroup {
    const { rule, why } = attribute(r, from, d, c);
    const key = `${rule}\u0000${why}`;
    let g = this.byKey.get(key);
    if (!g) {
      g = { rule, why, session: isStatefulRule(rule), count: 0, transitions: {}, examples: [] };
      this.byKey.set(key, g);
    }
    g.count++;
    const t = `${from}→${d.action}`;
    g.transitions[t] = (g.transitions[t] ?? 0) + 1;
    if (g.examples.length < this.keep) g.examples.push(exampleOf(r, from, d));
    return g;
  }
  list(): ChangeGroup[] {
    return [...this.byKey.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
  }
}

const useKey = (r: AuditRecord) => (r.toolUseId ? `${r.session ?? ""}\u0000${r.toolUseId}` : undefined);

/**
 * What of the session memory a shell call's findings depend on. The rules cached here (none reads the
 * session memory itself: those are stateful, never cached) see the memory only through the call's shell
 * analysis, so two calls whose analyses are alike find alike however the rest of the memory differs. An
 * agent's session writes a file every few calls: keyed on the whole memory, a session's `npm test` after
 * each edit was a new call. The analysis is written out whole (minus the memory it was given); where it
 * cannot be, the whole memory is the key.
 */
function memoryKey(call: ToolCall): string {
  const files = rememberedFiles(call);
  if (!files.length) return "";
  const analysis = shellOf(call);
  try {
    return analysis ? analysisText(analysis) : JSON.stringify(files);
  } catch {
    return JSON.stringify(files);
  }
}

/** The analysis as text: maps, sets and patterns spelled out, an object met again named by its number (no cycle). */
function analysisText(a: ShellAnalysis): string {
  const seen = new Map<object, number>();
  const { remembered: _given, ...rest } = a;
  return JSON.stringify(rest, (_key: string, value: unknown) => {
    if (typeof value === "function") return "#fn";
    if (typeof value !== "object" || value === null) return value;
    const at = seen.get(value);
    if (at !== undefined) return `#${at}`;
    seen.set(value, seen.size);
    if (value instanceof Map) return { "#map": [...value] };
    if (value instanceof Set) return { "#set": [...value] };
    if (value instanceof RegExp) return `#re:${String(value)}`;
    return value;
  });
}

/**
 * Distinct calls, each with what the candidate's rules found on it. A call is what a rule that does not
 * read the session memory can see of it: host, event, tool, cwd, MCP server, problems and input (the
 * call's views all derive from these), and for a shell command its project and its analysis when the
 * session remembers files (memoryKey). Each distinct call gets a number, so each rule looks its finding
 * up by number, not by the call's text.
 */
class Findings {
  private readonly ids = new Map<string, number>();
  private readonly byCall = new WeakMap<ToolCall, unknown[]>();
  private readonly rows: unknown[][] = [];

  row(call: ToolCall): unknown[] {
    let row = this.byCall.get(call);
    if (row) return row;
    const key = JSON.stringify([
      call.host,
      call.event,
      call.tool,
      call.session.cwd,
      call.mcp?.server,
      call.problems,
      call.input,
      // A shell call is read with what earlier calls of its session made and where the session started.
      ...(call.shell && call.event === "pre" ? [projectOf(call), memoryKey(call)] : []),
    ]);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.rows.length;
      this.ids.set(key, id);
      this.rows.push([]);
    }
    row = this.rows[id]!;
    this.byCall.set(call, row);
    return row;
  }
}

const NOTHING = Symbol("no finding");

/**
 * The candidate's rules, each rule that neither reads the session memory nor comes from a plugin (whose
 * code may keep state of its own) answering an identical call from what it found before: an agent's
 * history repeats itself (the same test run, the same file read), and such a rule's check is a function
 * of the call. The rules' order and the engine's evaluation stay as they are.
 */
function withMemory(c: CandidateRules): ActiveRule[] {
  const plugins = new Set(c.set.rules.filter((r) => r.source === "plugin").map((r) => r.rule.meta.id));
  const findings = new Findings();
  return c.rules.map((active, i) => {
    const id = active.rule.meta.id;
    if (isStatefulRule(id) || plugins.has(id)) return active;
    const inner = active.rule;
    type Finding = Awaited<ReturnType<typeof inner.check>>;
    return {
      ...active,
      rule: {
        meta: inner.meta,
        check(call, ctx) {
          const row = findings.row(call);
          const known = row[i];
          if (known !== undefined) return known === NOTHING ? null : (known as Finding);
          const out = inner.check(call, ctx);
          const keep = (finding: Finding) => {
            row[i] = finding ?? NOTHING;
            return finding;
          };
          return out instanceof Promise ? out.then(keep) : keep(out as Finding);
        },
      },
    };
  });
}

/** Re-decides the recorded calls (oldest first) with the candidate policy and reports what would change. */
export async function replayRecords(
  records: AuditRecord[],
  candidate: ReplayCandidate,
  opts: ReplayOptions = {},
): Promise<ReplayReport> {
  const report: ReplayReport = {
    records: records.length,
    calls: 0,
    exact: 0,
    changed: 0,
    groups: [],
    inexact: { calls: 0, secret: 0, capped: 0, changed: 0, groups: [] },
    everyday: { calls: 0, stopped: 0 },
    sessionChanges: 0,
    failModeDecisions: 0,
    results: 0,
    skipped: {},
    oldRecords: 0,
    otherVersions: {},
    ...(records.length ? { from: records[0]!.time, to: records[records.length - 1]!.time } : {}),
  };
  const exact = new Groups(opts.examples ?? 3);
  const inexact = new Groups(opts.examples ?? 3);
  const memory = new MemorySessionStore();
  const remembering = new Map<CandidateRules, { rules: ActiveRule[]; deadlineMs: number }>();
  // Calls the candidate blocks never run: their results are left out of the session memory.
  const blocked = new Set<string>();
  const warmup = opts.warmup ?? [];
  for (let i = 0; i < warmup.length + records.length; i++) {
    const compare = i >= warmup.length;
    const r = compare ? records[i - warmup.length]! : warmup[i]!;
    const role = roleOf(r);
    if (compare) {
      if (r.v < 2) report.oldRecords++;
      else if (r.staso && r.staso !== VERSION) report.otherVersions[r.staso] = (report.otherVersions[r.staso] ?? 0) + 1;
    }
    if (role.role === "skip") {
      if (compare) report.skipped[role.why] = (report.skipped[role.why] ?? 0) + 1;
      continue;
    }
    const rebuilt = callOf(r);
    if (!rebuilt) {
      if (compare) report.skipped.unreadable = (report.skipped.unreadable ?? 0) + 1;
      continue;
    }
    const { call, host } = rebuilt;
    const now = Date.parse(r.time);
    bindSessionStore(call, { backend: memory, now: Number.isFinite(now) ? now : Date.now() });
    const c = await candidate.forCwd(r.cwd!);

    if (role.role === "result") {
      const use = useKey(r);
      if (!(use && blocked.has(use)))
        rememberCall(call, recordedDecision(r), c.rules, {
          ...(r.outputBytes !== undefined ? { outputBytes: r.outputBytes } : {}),
        });
      if (compare) report.results++;
      continue;
    }

    let run = remembering.get(c);
    if (!run)
      remembering.set(
        c,
        (run = {
          rules: withMemory(c),
          // Plugin rules answer from a worker and may hang: the policy's deadline. Every other rule runs to
          // its end without waiting on anything a timer could interrupt (the microtasks of an async check
          // all run before a timer), so the deadline's timer and race would only cost (the work a replay
          // does per call is linear in the recorded input: util/deadline.ts's step budgets are not needed).
          deadlineMs: c.set.rules.some((r) => r.source === "plugin")
            ? c.policy.timeoutSeconds * 1000
            : Number.POSITIVE_INFINITY,
        }),
      );
    const d = await evaluate(call, run.rules, {
      failMode: c.policy.failMode,
      withInput: host.withInput,
      withOutput: host.withOutput,
      deadlineMs: run.deadlineMs,
      shellSubjects,
    });
    rememberCall(call, d, c.rules);
    const use = useKey(r);
    if (use && d.action === "block") blocked.add(use);
    if (!compare) continue;

    report.calls++;
    if (d.failure && !d.ruleId) report.failModeDecisions++;
    const from = decidedAction(r);
    const loss: InputLoss[] = inputLossOfRecord(r);
    if (loss.length) {
      report.inexact.calls++;
      if (loss.includes("secret")) report.inexact.secret++;
      if (loss.includes("capped")) report.inexact.capped++;
      if (d.action !== from) {
        report.inexact.changed++;
        inexact.add(r, from, d, c);
      }
      continue;
    }
    report.exact++;
    if (from === "allow") {
      report.everyday.calls++;
      if (STOPS(d.action)) report.everyday.stopped++;
    }
    if (d.action === from) continue;
    report.changed++;
    if (exact.add(r, from, d, c).session) report.sessionChanges++;
  }
  report.groups = exact.list();
  report.inexact.groups = inexact.list();
  return report;
}
