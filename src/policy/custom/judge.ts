// A judge from a policy file, compiled into a rule like any other (the engine cannot tell it apart, except
// that it is costly: it runs last, beside the other judges, and not once the call is blocked). Only its
// metadata and its `when` live here; the code that masks the call and asks the model (src/judges/) is
// imported when a call first matches, so calls no judge looks at never load it, let alone reach a model.
import type { Rule, RuleMeta } from "../../engine/rule.js";
import type { JudgeContext } from "../../judges/context.js";
import { judgeFinding } from "../../judges/finding.js";
import type { JudgeConfig } from "../schema.js";
import { selection } from "./compile.js";
import { compileWhen, type CallPredicate, type MatchContext } from "../../analysis/when/match.js";

export function compileJudgeRule(def: JudgeConfig, ctx: MatchContext, judges: JudgeContext): Rule {
  let match: CallPredicate | undefined;
  const meta: RuleMeta = {
    id: def.id,
    description: def.description ?? `Judge (${def.provider} ${def.model}): ${def.instructions}`,
    defaultAction: "block",
    events: ["pre"],
    costly: true,
  };
  if (def.mode) meta.defaultMode = def.mode;
  selection(def.when, meta);
  return {
    meta,
    async check(call) {
      if (!(match ??= compileWhen(def.when, ctx))(call)) return null;
      const { runJudge } = await import("../../judges/run.js");
      return judgeFinding(await runJudge(def, call, judges));
    },
  };
}
