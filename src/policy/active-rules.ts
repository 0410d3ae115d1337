// The rules in force under a policy: each built-in rule with the mode, action and parameters the
// policy gives it. Unknown rule ids are an error, so a typo never silently disables nothing.
import { resolveParams, type ActiveRule, type Rule } from "../engine/rule.js";
import type { Policy } from "./load.js";
import { PolicyError } from "./schema.js";

export function activeRules(policy: Policy, rules: Rule<any>[]): ActiveRule[] {
  const known = new Set(rules.map((r) => r.meta.id));
  for (const id of Object.keys(policy.rules)) {
    if (!known.has(id)) throw new PolicyError(`${policy.sources[0] ?? "The policy"}: rules["${id}"] names no known rule (run \`staso rules\` for the list).`);
  }
  const out: ActiveRule[] = [];
  for (const rule of rules) {
    const raw = policy.rules[rule.meta.id];
    const setting = typeof raw === "string" ? { mode: raw } : (raw ?? {});
    const mode = setting.mode ?? rule.meta.defaultMode ?? "enforce";
    if (mode === "off") continue;
    out.push({ rule, mode, ...(setting.action ? { action: setting.action } : {}), params: resolveParams(rule.meta, setting.params) });
  }
  return out;
}
