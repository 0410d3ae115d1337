// The judges' part of deciding one call, shared by the hook, the library and `staso check`: the gray-zone
// judge standing in for the fail mode where static rules could not decide, and every judge's verdict
// (allow included) carried in the decision for the audit trail and the commands.
import type { EvaluateOptions } from "../engine/evaluate.js";
import type { Decision } from "../engine/types.js";
import { GRAY_ZONE_ID, grayZoneSpec } from "../judges/config.js";
import type { JudgeContext } from "../judges/context.js";
import { judgeFinding } from "../judges/finding.js";
import type { Policy } from "../policy/policy.js";

/** The gray zone for evaluate(): undefined (the fail mode decides) until a provider is configured. */
export function grayZoneOf(policy: Policy, judges: JudgeContext | undefined): EvaluateOptions["grayZone"] {
  const config = policy.grayZone;
  if (!config || !judges) return undefined;
  return async (call, unsure) => {
    const { runJudge } = await import("../judges/run.js");
    const record = await runJudge(grayZoneSpec(config), call, judges, { unsure });
    return { action: record.verdict, reason: judgeFinding(record)?.reason ?? record.reason, ruleId: GRAY_ZONE_ID };
  };
}

/** The decision with what each judge said, when any was asked. */
export function withJudgeRecords(decision: Decision, judges: JudgeContext | undefined): Decision {
  return judges?.records.length ? { ...decision, judges: [...judges.records] } : decision;
}
