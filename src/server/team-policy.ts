// Checking a team policy before it is saved: the same schema as a user's config.json (validated with the
// same code), the rules it names must exist, and its inline tests (`staso test` cases) must pass when it
// is the only config on top of the built-in defaults. Code cannot be part of it: the policy runs on every
// machine of the team, so plugins are refused, and so are the settings that are each user's own.
import { activeRules, loadRuleSet } from "../policy/active-rules.js";
import { runConfigTests, type TestResult } from "../pipeline/config-tests.js";
import { policyOfConfig } from "../policy/load.js";
import { PolicyError, type PolicyConfig } from "../policy/schema.js";
import { validateTeamConfig } from "../policy/team.js";
import { builtinRules } from "../rules/index.js";

const TEAM_POLICY_FILE = "team policy";

export type PolicyCheck =
  | { ok: true; config: PolicyConfig; tests: TestResult[] }
  | { ok: false; error: string; tests?: TestResult[] };

export async function checkTeamPolicy(text: string): Promise<PolicyCheck> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `${TEAM_POLICY_FILE}: not valid JSON (${(err as Error).message})` };
  }
  let config: PolicyConfig;
  try {
    config = validateTeamConfig(TEAM_POLICY_FILE, raw);
  } catch (err) {
    if (err instanceof PolicyError) return { ok: false, error: err.message };
    throw err;
  }
  const policy = policyOfConfig(TEAM_POLICY_FILE, config);
  let set: Awaited<ReturnType<typeof loadRuleSet>> | undefined;
  try {
    set = await loadRuleSet(policy, builtinRules, { deadlineAt: performance.now() + 10_000 });
    activeRules(policy, set);
    const tests = await runConfigTests(policy, set, "/home/dev/project");
    const failed = tests.filter((t) => !t.ok);
    if (failed.length)
      return {
        ok: false,
        error: `${failed.length} of ${tests.length} tests failed: ${failed.map((t) => `${t.name}: ${t.problem}`).join("; ")}`,
        tests,
      };
    return { ok: true, config, tests };
  } catch (err) {
    if (err instanceof PolicyError) return { ok: false, error: err.message };
    throw err;
  } finally {
    await set?.close();
  }
}
