// A judge's verdict as a rule's finding: what the agent's model reads. Allow says nothing (the record in
// the decision still shows it); block and escalate carry the judge's reason, or why there was none.
import type { RuleFinding } from "../engine/rule.js";
import type { JudgeRecord } from "../engine/types.js";

export function judgeFinding(record: JudgeRecord): RuleFinding | null {
  if (record.verdict === "allow") return null;
  const answered = record.outcome === "answered" || record.outcome === "cached";
  return {
    action: record.verdict,
    reason: answered
      ? `${record.reason} (judged by ${record.model})`
      : `staso's judge ${record.ruleId} gave no verdict (${record.reason}), so the call was ${record.verdict === "block" ? "blocked" : "escalated"} as the judge's onTimeout says. Retry the call; if it keeps happening, ask the user to check the judge's model.`,
  };
}
