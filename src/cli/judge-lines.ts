// One judge's verdict for a terminal, as `staso check` and `staso explain` show it: who judged (model),
// what it said and why, how it got there (answered, from the cache, or its onTimeout), time and tokens.
import type { JudgeRecord } from "../engine/types.js";

const OUTCOME: Record<JudgeRecord["outcome"], string> = {
  answered: "answered",
  cached: "the same call's earlier verdict (no request)",
  timeout: "no answer in time: its onTimeout",
  "rate-limited": "rate-limited: its onTimeout",
  error: "no answer: its onTimeout",
  malformed: "no usable answer: its onTimeout",
};

export function judgeLines(j: JudgeRecord): string[] {
  const tokens = j.tokens ? `, ${j.tokens.input} in + ${j.tokens.output} out tokens` : "";
  const head = `${j.verdict.toUpperCase().padEnd(9)} ${j.ruleId} (${j.provider} ${j.model}) — ${OUTCOME[j.outcome]}, ${Math.round(j.latencyMs)} ms${tokens}`;
  const lines = [head, `            ${j.reason}`];
  if (j.grayZone?.length)
    lines.push(`            decided for ${j.grayZone.join(", ")}, which could not decide, instead of the fail mode`);
  return lines;
}
