// The configs' inline tests (`tests: [{tool, input, expect}]`), each call decided through the whole policy
// as the hook would decide it. `staso test` runs them, and so does the Staso server before it saves a
// new version of a team's policy.
import { isAbsolute, resolve } from "node:path";
import { deepEqual, valuesAt } from "../analysis/when/match.js";
import type { RuleSet } from "../policy/active-rules.js";
import { projectDir, type Policy } from "../policy/load.js";
import { parseFieldPath } from "../policy/schema.js";
import { buildCall, simulate, toolShapeProblem } from "./simulate.js";

export interface TestResult {
  source: string;
  name: string;
  expect: string;
  got: string;
  rule?: string;
  ok: boolean;
  /** What differed, when it failed. */
  problem?: string;
}

/** Every layer's tests; relative test cwds are relative to the project (project layers) or `cwd`. */
export async function runConfigTests(policy: Policy, set: RuleSet, cwd: string): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const layer of policy.layers) {
    const tests = layer.config.tests ?? [];
    for (const [i, t] of tests.entries()) {
      const base = layer.origin === "project" ? projectDir(layer.file) : cwd;
      const callCwd = t.cwd ? (isAbsolute(t.cwd) ? t.cwd : resolve(base, t.cwd)) : base;
      const name = t.name ?? `${t.tool} ${JSON.stringify(t.input).slice(0, 80)}`;
      const source = `${layer.file}: tests[${i}]`;
      try {
        const { call, host } = buildCall({
          tool: t.tool,
          input: t.input,
          host: t.host,
          event: t.event,
          cwd: callCwd,
        });
        // A test of a call no agent would send (a typo in the tool or its input) proves nothing: it fails.
        const shape = toolShapeProblem(host, t.tool, t.input);
        if (shape) throw new Error(shape);
        const { decision } = await simulate(call, host, policy, set);
        const problems: string[] = [];
        if (decision.action !== t.expect)
          problems.push(
            `expected ${t.expect}, got ${decision.action}${decision.reason ? ` (${decision.reason})` : ""}`,
          );
        else if (t.rule && t.expect !== "allow" && decision.ruleId !== t.rule)
          problems.push(`expected rule ${t.rule} to decide, but ${decision.ruleId ?? "no rule"} did`);
        if (t.expectInput && decision.action === t.expect) {
          const after = decision.modifiedInput ?? call.input;
          for (const [path, want] of Object.entries(t.expectInput)) {
            const got = valuesAt(after, parseFieldPath(path))[0];
            if (!deepEqual(got, want))
              problems.push(`expected ${path} = ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
          }
        }
        results.push({
          source,
          name,
          expect: t.expect,
          got: decision.action,
          ...(decision.ruleId ? { rule: decision.ruleId } : {}),
          ok: problems.length === 0,
          ...(problems.length ? { problem: problems.join("; ") } : {}),
        });
      } catch (err) {
        results.push({ source, name, expect: t.expect, got: "error", ok: false, problem: (err as Error).message });
      }
    }
  }
  return results;
}
