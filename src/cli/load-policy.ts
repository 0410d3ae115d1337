// The policy and rule set the policy commands (check, rules, test) work with, as the hook would load
// them for the directory; a bad --level/--environment/--fail-mode/--timeout is a usage error (exit 2).
import { builtinRules } from "../rules/index.js";
import { FlagError, loadForCommand, type PolicyFlags } from "../pipeline/simulate.js";
import { UsageError } from "./errors.js";

export async function loadPolicyForCli(flags: PolicyFlags): ReturnType<typeof loadForCommand> {
  try {
    return await loadForCommand(flags, builtinRules);
  } catch (err) {
    if (err instanceof FlagError) throw new UsageError(err.message);
    throw err;
  }
}
