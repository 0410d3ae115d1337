// Rules → decision. Rules run in order; each sees the input the previous modifications produced (as
// axio's guard tuples do). Block beats escalate beats modify beats allow. Audit-mode rules only record
// what they would have done. The engine never names a rule.
import type { ActiveRule, RuleFinding } from "./rule.js";
import type { Action, Decision, RuleVerdict, ToolCall } from "./types.js";
import { failureDecision, type FailMode } from "./fail-mode.js";
import { DeadlineExceeded, runBounded, withDeadline } from "../util/deadline.js";
import { callViews } from "./mcp-views.js";
import { dispatchOf, dispatchProbe, type ShellSubjectsOf } from "./dispatch.js";

export interface EvaluateOptions {
  failMode: FailMode;
  /** Rebuilds the call around a rewritten input (the host adapter's withInput). */
  withInput: (call: ToolCall, input: Record<string, unknown>) => ToolCall;
  /** Rebuilds the call around a rewritten output (the host adapter's withOutput), for post events. */
  withOutput?: (call: ToolCall, output: unknown) => ToolCall;
  /** Milliseconds the whole evaluation may take (Infinity: no deadline). */
  deadlineMs: number;
  /**
   * Run the rules' synchronous stretches under the deadline's watchdog (util/deadline.ts), which stops even
   * work that counts no steps. It costs a thread per stretch: for large calls, where such work could grow.
   */
  watchdog?: boolean;
  /** Called with one human sentence for each problem that did not stop the evaluation (fail mode open). */
  warn?: (message: string) => void;
  /**
   * Asked when enforced rules could not decide (RuleFinding.unsure) and nothing blocked: its answer
   * stands in for the fail mode on them. Without it, or when it answers undefined, the fail mode decides.
   */
  grayZone?: (call: ToolCall, unsure: UnsureFinding[]) => Promise<GrayZoneAnswer | undefined>;
  /**
   * What a shell call runs (the pipeline's shell analysis), for the dispatch (dispatch.ts): a rule that
   * declares the programs, inline code or redirects it looks at runs only on a call that has one. Without
   * it, those declarations dispatch nothing (every such rule runs on every shell call).
   */
  shellSubjects?: ShellSubjectsOf;
}

/** A rule that said it could not decide, and why. */
interface UnsureFinding {
  ruleId: string;
  reason: string;
}

/** The gray zone's answer: allow clears the unsure findings; block or escalate also decides, as a rule would. */
interface GrayZoneAnswer {
  action: "allow" | "block" | "escalate";
  reason: string;
  ruleId: string;
}

const RANK: Record<Action, number> = { allow: 0, modify: 1, escalate: 2, block: 3 };

export async function evaluate(call: ToolCall, rules: ActiveRule[], opts: EvaluateOptions): Promise<Decision> {
  const deadlineMs = Math.max(0, opts.deadlineMs);
  const deadlineAt = performance.now() + deadlineMs;
  // The timer covers the waits (a plugin's rule in its worker, a judge's model); the synchronous work in
  // between is stopped by the step budgets and the watchdog (util/deadline.ts), which a timer cannot interrupt.
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const run = runRules(call, rules, opts, deadlineAt);
    // No deadline (Infinity): a caller whose rules have nothing asynchronous a timer could cut short (a
    // replay without plugin rules) skips the timer and the race, once per call.
    if (deadlineMs === Number.POSITIVE_INFINITY) return await run;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceeded()), deadlineMs);
    });
    return await Promise.race([run, deadline]);
  } catch (err) {
    const within = deadlineMs < 1000 ? `${Math.round(deadlineMs)} ms` : `${Math.round(deadlineMs / 100) / 10} s`;
    const what =
      err instanceof DeadlineExceeded
        ? `the rules did not finish within ${within}`
        : `the rules failed (${(err as Error).message})`;
    opts.warn?.(`staso: ${what}.`);
    return failureDecision(opts.failMode, what);
  } finally {
    clearTimeout(timer);
  }
}

type CheckResult = ReturnType<ActiveRule["rule"]["check"]>;
const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof (v as { then?: unknown } | null | undefined)?.then === "function";

async function runRules(
  original: ToolCall,
  rules: ActiveRule[],
  opts: EvaluateOptions,
  deadlineAt: number,
): Promise<Decision> {
  const verdicts: RuleVerdict[] = [];
  let call = original;
  let action = "allow" as Action;
  let decider = undefined as { ruleId: string; reason: string } | undefined;
  let modified = false;
  // What kept a rule from deciding, in order; `unsure` marks a rule that said it could not decide (the
  // gray zone), as opposed to one that failed.
  const failures: { what: string; unsure?: UnsureFinding }[] = [];

  if (call.problems.length > 0) failures.push({ what: call.problems.join(" ") });

  const failed = (active: ActiveRule, err: unknown) => {
    // Out of time is the whole evaluation's failure, not one rule's.
    if (err instanceof DeadlineExceeded) throw err;
    failures.push({ what: `rule ${active.rule.meta.id} failed: ${(err as Error)?.message ?? String(err)}` });
  };

  const settle = (active: ActiveRule, finding: RuleFinding | null | undefined, started: number) => {
    const id = active.rule.meta.id;
    const ms = Math.round((performance.now() - started) * 1000) / 1000;
    if (!finding) return;
    if (finding.unsure) {
      if (active.mode === "enforce")
        failures.push({
          what: `rule ${id} could not decide: ${finding.reason}`,
          unsure: { ruleId: id, reason: finding.reason },
        });
      return;
    }
    let ruleAction = active.action ?? finding.action ?? active.rule.meta.defaultAction;
    // A modification needs what it modifies: a new input before the tool runs, a new output after.
    // Without it the safe reading is a block.
    const rewritesOutput = call.event !== "pre";
    if (ruleAction === "modify" && (rewritesOutput ? finding.output === undefined || !opts.withOutput : !finding.input))
      ruleAction = "block";
    verdicts.push({ ruleId: id, action: ruleAction, mode: active.mode, reason: finding.reason, ms });
    if (active.mode === "audit") return;
    if (ruleAction === "modify") {
      call = rewritesOutput ? opts.withOutput!(call, finding.output) : opts.withInput(call, finding.input!);
      modified = true;
    }
    if (RANK[ruleAction] > RANK[action]) {
      action = ruleAction;
      decider = { ruleId: id, reason: finding.reason };
    }
  };

  // The everyday rules run in synchronous stretches with the deadline current (and, for a large call, its
  // watchdog): a stretch ends at the end of the list or at a rule that answers with a promise, awaited
  // outside it. The costly ones (judges) are kept for last.
  // Only the rules that can apply to the call run (dispatch.ts), in the list's order. Under the tests'
  // probe every rule of the call's events and kinds runs, and one that speaks (finds, fails) on a call the
  // index would have kept it from is reported: with "shadow" its finding is then dropped, so the decision
  // is the dispatched one; with "off" it counts, as before the index.
  const dispatch = dispatchOf(rules, opts.shellSubjects);
  const probing = dispatchProbe.mode !== "on";
  const shadow = dispatchProbe.mode === "shadow";
  const unseen = (k: number, c: ToolCall) => probing && !dispatch.applies(k, c);
  const spoke = (active: ActiveRule, c: ToolCall) => dispatchProbe.skipped?.(active.rule.meta.id, c);
  const costly: ActiveRule[] = [];
  const stretch = opts.watchdog ? runBounded : withDeadline;
  let i = 0;
  while (i < rules.length) {
    const pending = stretch(deadlineAt, () => {
      for (; i < rules.length; i++) {
        const active = rules[i]!;
        if (!(probing ? dispatch.appliesByKind(i, call) : dispatch.applies(i, call))) continue;
        if (active.rule.meta.costly) {
          costly.push(active);
          continue;
        }
        const hidden = unseen(i, call);
        const started = performance.now();
        let result: CheckResult;
        try {
          result = active.rule.check(call, { params: active.params });
        } catch (err) {
          if (hidden) spoke(active, call);
          if (!(hidden && shadow) || err instanceof DeadlineExceeded) failed(active, err);
          continue;
        }
        if (isThenable(result)) return { active, started, result, hidden, seen: call };
        if (hidden && result) spoke(active, call);
        if (!(hidden && shadow)) settle(active, result, started);
      }
      return undefined;
    });
    if (!pending) break;
    i++;
    let finding: RuleFinding | null | undefined;
    try {
      finding = await pending.result;
    } catch (err) {
      if (pending.hidden) spoke(pending.active, pending.seen);
      if (!(pending.hidden && shadow) || err instanceof DeadlineExceeded) failed(pending.active, err);
      continue;
    }
    if (pending.hidden && finding) spoke(pending.active, pending.seen);
    if (!(pending.hidden && shadow)) settle(pending.active, finding, pending.started);
  }

  // An MCP tool that runs a command, reads or writes files is also judged as that command, read or write
  // (mcp-views.ts) by the rules for that kind, so a server gets the verdict the built-in tool would. A view
  // can only stop the call: its rewrites have no input to go to, and a rule unsure of a view leaves it.
  for (const view of callViews(original)) {
    const seen: ToolCall = { ...original, ...view, urls: [] };
    for (const [k, active] of rules.entries()) {
      const kinds = active.rule.meta.kinds;
      if (!kinds || kinds.includes("mcp") || active.rule.meta.costly) continue;
      if (!(probing ? dispatch.appliesByKind(k, seen) : dispatch.appliesToView(k, seen))) continue;
      const hidden = probing && !dispatch.appliesToView(k, seen);
      const started = performance.now();
      let finding: RuleFinding | null | undefined;
      try {
        // Under the deadline's step budgets, as the everyday rules' stretches are.
        const out = (opts.watchdog ? runBounded : withDeadline)(deadlineAt, () =>
          active.rule.check(seen, { params: active.params }),
        );
        finding = isThenable(out) ? await out : out;
      } catch (err) {
        if (err instanceof DeadlineExceeded) throw err;
        continue;
      }
      if (!finding || finding.unsure) continue;
      if (hidden) spoke(active, seen);
      if (hidden && shadow) continue;
      let ruleAction = active.action ?? finding.action ?? active.rule.meta.defaultAction;
      if (ruleAction === "modify") ruleAction = "block";
      const id = active.rule.meta.id;
      const reason = `The ${original.kind === "mcp" ? "MCP tool" : "tool"} ${original.tool} ${view.what}${view.shell ? "" : " a file"}, judged as such: ${finding.reason}`;
      const ms = Math.round((performance.now() - started) * 1000) / 1000;
      verdicts.push({ ruleId: id, action: ruleAction, mode: active.mode, reason, ms });
      if (active.mode === "audit") continue;
      if (RANK[ruleAction] > RANK[action]) {
        action = ruleAction;
        decider = { ruleId: id, reason };
      }
    }
  }

  // The costly rules side by side, so two judges cost the slower one's time, not the sum, and none runs
  // once the call is blocked anyway; each sees the input the everyday rules left.
  if (costly.length > 0 && action !== "block") {
    const seen = call;
    const results = await Promise.all(
      costly.map(async (active) => {
        const started = performance.now();
        try {
          return { started, finding: await active.rule.check(seen, { params: active.params }) };
        } catch (err) {
          return { started, err };
        }
      }),
    );
    results.forEach((r, k) => {
      if ("err" in r) failed(costly[k]!, r.err);
      else settle(costly[k]!, r.finding, r.started);
    });
  }

  // Rules that could not decide: the gray-zone judge, when one is configured, decides in the fail mode's
  // stead; not when a rule failed under fail mode closed, which blocks whatever the judge would say.
  const unsure = failures.flatMap((f) => (f.unsure ? [f.unsure] : []));
  const blockedAnyway = opts.failMode === "closed" && unsure.length < failures.length;
  if (unsure.length > 0 && action !== "block" && !blockedAnyway && opts.grayZone) {
    const started = performance.now();
    let answer: GrayZoneAnswer | undefined;
    try {
      answer = await opts.grayZone(call, unsure);
    } catch (err) {
      failures.push({ what: `the gray-zone judge failed: ${(err as Error)?.message ?? String(err)}` });
    }
    if (answer) {
      for (let k = failures.length - 1; k >= 0; k--) if (failures[k]!.unsure) failures.splice(k, 1);
      if (answer.action !== "allow") {
        const ms = Math.round((performance.now() - started) * 1000) / 1000;
        verdicts.push({ ruleId: answer.ruleId, action: answer.action, mode: "enforce", reason: answer.reason, ms });
        if (RANK[answer.action] > RANK[action]) {
          action = answer.action;
          decider = { ruleId: answer.ruleId, reason: answer.reason };
        }
      }
    }
  }

  const failure = failures.map((f) => f.what).join("; ");
  if (failures.length > 0 && action !== "block") {
    if (opts.failMode === "closed") return { ...failureDecision("closed", failure), verdicts };
    opts.warn?.(`staso: ${failure}; allowing because fail mode is open.`);
  }

  if (action === "allow") return { action, reason: "", verdicts, ...(failures.length ? { failure } : {}) };
  const enforced = verdicts.filter((v) => v.mode === "enforce" && v.action === action);
  const more =
    enforced.length > 1
      ? ` (${enforced.length - 1} more rule${enforced.length > 2 ? "s" : ""} agreed: ${enforced
          .slice(1)
          .map((v) => v.ruleId)
          .join(", ")})`
      : "";
  return {
    action,
    reason: `${decider!.reason} [rule ${decider!.ruleId}]${more}`,
    ruleId: decider!.ruleId,
    // An escalated call keeps its rewrite: what the human approves is what runs.
    ...(modified && action !== "block"
      ? call.event === "pre"
        ? { modifiedInput: call.input }
        : { modifiedOutput: call.output }
      : {}),
    verdicts,
  };
}
