// Rules → decision. Rules run in order; each sees the input the previous modifications produced (as
// axio's guard tuples do). Block beats escalate beats modify beats allow. Audit-mode rules only record
// what they would have done. The engine never names a rule.
import type { ActiveRule, RuleFinding } from "./rule.js";
import type { Action, Decision, RuleVerdict, ToolCall } from "./types.js";
import { failureDecision, type FailMode } from "./fail-mode.js";
import { mcpViews } from "./mcp-views.js";

export interface EvaluateOptions {
  failMode: FailMode;
  /** Rebuilds the call around a rewritten input (the host adapter's withInput). */
  withInput: (call: ToolCall, input: Record<string, unknown>) => ToolCall;
  /** Rebuilds the call around a rewritten output (the host adapter's withOutput), for post events. */
  withOutput?: (call: ToolCall, output: unknown) => ToolCall;
  /** Milliseconds the whole evaluation may take. */
  deadlineMs: number;
  /** Called with one human sentence for each problem that did not stop the evaluation (fail mode open). */
  warn?: (message: string) => void;
}

const RANK: Record<Action, number> = { allow: 0, modify: 1, escalate: 2, block: 3 };

class DeadlineExceeded extends Error {}

export async function evaluate(call: ToolCall, rules: ActiveRule[], opts: EvaluateOptions): Promise<Decision> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded()), Math.max(0, opts.deadlineMs));
  });
  try {
    return await Promise.race([runRules(call, rules, opts), deadline]);
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

async function runRules(original: ToolCall, rules: ActiveRule[], opts: EvaluateOptions): Promise<Decision> {
  const verdicts: RuleVerdict[] = [];
  let call = original;
  let action: Action = "allow";
  let decider: { ruleId: string; reason: string } | undefined;
  let modified = false;
  const failures: string[] = [];

  if (call.problems.length > 0) failures.push(call.problems.join(" "));

  for (const active of rules) {
    if (!applies(active, call)) continue;
    const id = active.rule.meta.id;
    const started = performance.now();
    let finding: RuleFinding | null | undefined;
    try {
      finding = await active.rule.check(call, { params: active.params });
    } catch (err) {
      failures.push(`rule ${id} failed: ${(err as Error)?.message ?? String(err)}`);
      continue;
    }
    const ms = Math.round((performance.now() - started) * 1000) / 1000;
    if (!finding) continue;
    if (finding.unsure) {
      if (active.mode === "enforce") failures.push(`rule ${id} could not decide: ${finding.reason}`);
      continue;
    }
    let ruleAction = active.action ?? finding.action ?? active.rule.meta.defaultAction;
    // A modification needs what it modifies: a new input before the tool runs, a new output after.
    // Without it the safe reading is a block.
    const rewritesOutput = call.event !== "pre";
    if (ruleAction === "modify" && (rewritesOutput ? finding.output === undefined || !opts.withOutput : !finding.input))
      ruleAction = "block";
    verdicts.push({ ruleId: id, action: ruleAction, mode: active.mode, reason: finding.reason, ms });
    if (active.mode === "audit") continue;
    if (ruleAction === "modify") {
      call = rewritesOutput ? opts.withOutput!(call, finding.output) : opts.withInput(call, finding.input!);
      modified = true;
    }
    if (RANK[ruleAction] > RANK[action]) {
      action = ruleAction;
      decider = { ruleId: id, reason: finding.reason };
    }
  }

  // An MCP tool that runs a command, reads or writes files is also judged as that command, read or write
  // (mcp-views.ts) by the rules for that kind, so a server gets the verdict the built-in tool would. A view
  // can only stop the call: its rewrites have no input to go to, and a rule unsure of a view leaves it.
  for (const view of mcpViews(original)) {
    const seen: ToolCall = { ...original, ...view, urls: [] };
    for (const active of rules) {
      const kinds = active.rule.meta.kinds;
      if (!kinds || kinds.includes("mcp") || !applies(active, seen)) continue;
      const started = performance.now();
      let finding: RuleFinding | null | undefined;
      try {
        finding = await active.rule.check(seen, { params: active.params });
      } catch {
        continue;
      }
      if (!finding || finding.unsure) continue;
      let ruleAction = active.action ?? finding.action ?? active.rule.meta.defaultAction;
      if (ruleAction === "modify") ruleAction = "block";
      const id = active.rule.meta.id;
      const reason = `The MCP tool ${original.tool} ${view.what}${view.shell ? "" : " a file"}, judged as such: ${finding.reason}`;
      const ms = Math.round((performance.now() - started) * 1000) / 1000;
      verdicts.push({ ruleId: id, action: ruleAction, mode: active.mode, reason, ms });
      if (active.mode === "audit") continue;
      if (RANK[ruleAction] > RANK[action]) {
        action = ruleAction;
        decider = { ruleId: id, reason };
      }
    }
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
