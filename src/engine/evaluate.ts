// Rules → decision. Rules run in order; each sees the input the previous modifications produced (as
// axio's guard tuples do). Block beats escalate beats modify beats allow. Audit-mode rules only record
// what they would have done. The engine never names a rule.
import type { ActiveRule, RuleFinding } from "./rule.js";
import type { Action, Decision, RuleVerdict, ToolCall } from "./types.js";
import { failureDecision, type FailMode } from "./fail-mode.js";
import { DeadlineExceeded, runBounded, withDeadline } from "../util/deadline.js";

export interface EvaluateOptions {
  failMode: FailMode;
  /** Rebuilds the call around a rewritten input (the host adapter's withInput). */
  withInput: (call: ToolCall, input: Record<string, unknown>) => ToolCall;
  /** Rebuilds the call around a rewritten output (the host adapter's withOutput), for post events. */
  withOutput?: (call: ToolCall, output: unknown) => ToolCall;
  /** Milliseconds the whole evaluation may take. */
  deadlineMs: number;
  /**
   * Run the rules' synchronous stretches under the deadline's watchdog (util/deadline.ts), which stops even
   * work that counts no steps. It costs a thread per stretch: for large calls, where such work could grow.
   */
  watchdog?: boolean;
  /** Called with one human sentence for each problem that did not stop the evaluation (fail mode open). */
  warn?: (message: string) => void;
}

const RANK: Record<Action, number> = { allow: 0, modify: 1, escalate: 2, block: 3 };

export async function evaluate(call: ToolCall, rules: ActiveRule[], opts: EvaluateOptions): Promise<Decision> {
  const deadlineMs = Math.max(0, opts.deadlineMs);
  const deadlineAt = performance.now() + deadlineMs;
  // The timer covers the waits (a plugin's rule in its worker); the synchronous work in between is
  // stopped by the step budgets and the watchdog (util/deadline.ts), which a timer cannot interrupt.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded()), deadlineMs);
  });
  try {
    return await Promise.race([runRules(call, rules, opts, deadlineAt), deadline]);
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

function applies(active: ActiveRule, call: ToolCall): boolean {
  const meta = active.rule.meta;
  if (!(meta.events ?? ["pre"]).includes(call.event)) return false;
  return !meta.kinds || meta.kinds.includes(call.kind);
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
  const failures: string[] = [];

  if (call.problems.length > 0) failures.push(call.problems.join(" "));

  const failed = (active: ActiveRule, err: unknown) => {
    // Out of time is the whole evaluation's failure, not one rule's.
    if (err instanceof DeadlineExceeded) throw err;
    failures.push(`rule ${active.rule.meta.id} failed: ${(err as Error)?.message ?? String(err)}`);
  };

  const settle = (active: ActiveRule, finding: RuleFinding | null | undefined, started: number) => {
    const id = active.rule.meta.id;
    const ms = Math.round((performance.now() - started) * 1000) / 1000;
    if (!finding) return;
    if (finding.unsure) {
      if (active.mode === "enforce") failures.push(`rule ${id} could not decide: ${finding.reason}`);
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

  // The rules run in synchronous stretches with the deadline current (and, for a large call, its watchdog):
  // a stretch ends at the end of the list or at a rule that answers with a promise, awaited outside it.
  let i = 0;
  while (i < rules.length) {
    const pending = (opts.watchdog ? runBounded : withDeadline)(deadlineAt, () => {
      for (; i < rules.length; i++) {
        const active = rules[i]!;
        if (!applies(active, call)) continue;
        const started = performance.now();
        let result: CheckResult;
        try {
          result = active.rule.check(call, { params: active.params });
        } catch (err) {
          failed(active, err);
          continue;
        }
        if (isThenable(result)) return { active, started, result };
        settle(active, result, started);
      }
      return undefined;
    });
    if (!pending) break;
    i++;
    let finding: RuleFinding | null | undefined;
    try {
      finding = await pending.result;
    } catch (err) {
      failed(pending.active, err);
      continue;
    }
    settle(pending.active, finding, pending.started);
  }

  if (failures.length > 0 && action !== "block") {
    const what = failures.join("; ");
    if (opts.failMode === "closed") return { ...failureDecision("closed", what), verdicts };
    opts.warn?.(`staso: ${what}; allowing because fail mode is open.`);
  }

  if (action === "allow")
    return { action, reason: "", verdicts, ...(failures.length ? { failure: failures.join("; ") } : {}) };
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
