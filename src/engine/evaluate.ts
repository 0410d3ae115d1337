// Rules → decision. Rules run in order; each sees the input the previous modifications produced (as
// axio's guard tuples do). Block beats escalate beats modify beats allow. Audit-mode rules only record
// what they would have done. The engine never names a rule.
import type { ActiveRule, RuleFinding } from "./rule.js";
import type { Action, Decision, RuleVerdict, ToolCall } from "./types.js";
import { failureDecision, type FailMode } from "./fail-mode.js";

export interface EvaluateOptions {
  failMode: FailMode;
  /** Rebuilds the call around a rewritten input (the host adapter's withInput). */
  withInput: (call: ToolCall, input: Record<string, unknown>) => ToolCall;
  /** Rebuilds the call around a rewritten output (the host adapter's withOutput), for post events. */
  withOutput?: (call: ToolCall, output: unknown) => ToolCall;
  /** Milliseconds the whole evaluation may take (Infinity: no deadline). */
  deadlineMs: number;
  /** Called with one human sentence for each problem that did not stop the evaluation (fail mode open). */
  warn?: (message: string) => void;
  /**
   * Asked when enforced rules could not decide (RuleFinding.unsure) and nothing blocked: its answer
   * stands in for the fail mode on them. Without it, or when it answers undefined, the fail mode decides.
   */
  grayZone?: (call: ToolCall, unsure: UnsureFinding[]) => Promise<GrayZoneAnswer | undefined>;
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

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null && typeof v === "object" && typeof (v as { then?: unknown }).then === "function";

class DeadlineExceeded extends Error {}

export async function evaluate(call: ToolCall, rules: ActiveRule[], opts: EvaluateOptions): Promise<Decision> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const run = runRules(call, rules, opts);
    // No deadline (Infinity): a caller whose rules have nothing asynchronous a timer could cut short (a
    // replay without plugin rules) skips the timer and the race, once per call.
    if (opts.deadlineMs === Number.POSITIVE_INFINITY) return await run;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceeded()), Math.max(0, opts.deadlineMs));
    });
    return await Promise.race([run, deadline]);
  } catch (err) {
    const seconds = Math.round(opts.deadlineMs / 100) / 10;
    const what =
      err instanceof DeadlineExceeded
        ? `the rules did not finish within ${seconds} s`
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

type Checked = { finding: RuleFinding | null | undefined; ms: number } | { error: string };

// Most checks are synchronous: only a promise is awaited (a replay runs millions of checks).
function check(active: ActiveRule, call: ToolCall): Checked | Promise<Checked> {
  const started = performance.now();
  const failed = (err: unknown): Checked => ({
    error: `rule ${active.rule.meta.id} failed: ${(err as Error)?.message ?? String(err)}`,
  });
  const done = (finding: RuleFinding | null | undefined): Checked => ({
    finding,
    ms: Math.round((performance.now() - started) * 1000) / 1000,
  });
  try {
    const out = active.rule.check(call, { params: active.params });
    return isThenable(out) ? Promise.resolve(out).then(done, failed) : done(out);
  } catch (err) {
    return failed(err);
  }
}

async function runRules(original: ToolCall, rules: ActiveRule[], opts: EvaluateOptions): Promise<Decision> {
  const verdicts: RuleVerdict[] = [];
  let call = original;
  let action = "allow" as Action; // (not narrowed: take() below changes it)
  let decider: { ruleId: string; reason: string } | undefined;
  let modified = false;
  // What kept a rule from deciding, in order; `unsure` marks a rule that said it could not decide (the
  // gray zone), as opposed to one that failed.
  const failures: { what: string; unsure?: UnsureFinding }[] = [];

  if (call.problems.length > 0) failures.push({ what: call.problems.join(" ") });

  const take = (active: ActiveRule, checked: Checked) => {
    if ("error" in checked) return failures.push({ what: checked.error });
    const { finding, ms } = checked;
    const id = active.rule.meta.id;
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

  // The everyday rules one after the other, each seeing the input the previous rewrites left; the costly
  // ones (judges) last and side by side, so two judges cost the slower one's time, not the sum, and none
  // runs once the call is blocked anyway.
  const costly: ActiveRule[] = [];
  for (const active of rules) {
    if (!applies(active, call)) continue;
    if (active.rule.meta.costly) costly.push(active);
    else {
      const checked = check(active, call);
      take(active, isThenable(checked) ? await checked : checked);
    }
  }
  if (costly.length > 0 && action !== "block") {
    const seen = call;
    const results = await Promise.all(costly.map((active) => check(active, seen)));
    results.forEach((checked, i) => take(costly[i]!, checked));
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
      for (let i = failures.length - 1; i >= 0; i--) if (failures[i]!.unsure) failures.splice(i, 1);
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
