// `staso test`: policy CI. Runs the inline tests of the configs in force (`tests: [{tool, input, expect}]`
// in the user's and the project's config, each through the whole policy, as the hook would decide) and
// the built-in packs' own tests (each rule alone); exits 1 when any fails.
import { builtinRules } from "../rules/index.js";
import { buildCall, runRuleAlone, type PolicyFlags } from "../pipeline/simulate.js";
import { PACK_TESTS } from "../policy/pack-tests.js";
import { runConfigTests, type TestResult } from "../pipeline/config-tests.js";
import { loadPolicyForCli } from "./load-policy.js";
import { notApplied } from "../policy/active-rules.js";
import { paintFor, visible } from "../util/terminal.js";

export interface TestFlags extends PolicyFlags {
  json?: boolean;
  builtin?: boolean;
}

export async function testCommand(flags: TestFlags): Promise<void> {
  const loaded = await loadPolicyForCli(flags);
  const { policy, set, cwd } = loaded;
  const results: TestResult[] = [];
  try {
    results.push(...(await runConfigTests(policy, set, cwd)));
    if (flags.builtin !== false) {
      for (const t of PACK_TESTS) {
        const rule = builtinRules.find((r) => r.meta.id === t.rule);
        const source = `built-in ${t.rule}`;
        if (!rule) {
          results.push({
            source,
            name: t.name,
            expect: t.expect,
            got: "missing",
            ok: false,
            problem: `no built-in rule ${t.rule}`,
          });
          continue;
        }
        const { call, host } = buildCall({ tool: t.tool, input: t.input, host: t.host, cwd: "/home/dev/proj" });
        const d = await runRuleAlone(rule, call, host);
        const ok = t.expect === "fires" ? d.action !== "allow" : d.action === t.expect;
        results.push({
          source,
          name: t.name,
          expect: t.expect,
          got: d.action,
          ...(d.ruleId ? { rule: d.ruleId } : {}),
          ok,
          ...(ok ? {} : { problem: `expected ${t.expect}, got ${d.action}${d.reason ? ` (${d.reason})` : ""}` }),
        });
      }
    }
  } finally {
    await set.close();
  }
  const ignored = notApplied(policy, set);
  const failed = results.filter((r) => !r.ok).length;
  const passed = results.length - failed;
  if (flags.json)
    process.stdout.write(`${JSON.stringify({ passed, failed, results, notApplied: ignored }, null, 2)}\n`);
  else {
    const p = paintFor(process.stdout);
    const out: string[] = [];
    for (const r of results)
      out.push(
        `${r.ok ? p.green("✓") : p.red("✗")} ${visible(r.source)}: ${visible(r.name)}${r.ok ? p.dim(` (${r.got})`) : `\n    ${p.red(visible(r.problem ?? ""))}`}`,
      );
    if (results.length === 0) out.push("No tests: add `tests: [{ tool, input, expect }]` to the config.");
    if (ignored.length) out.push("", p.yellow("Not applied:"), ...ignored.map((n) => `  ${visible(n)}`));
    out.push("", `${p.bold(`${passed} passed`)}, ${failed ? p.red(p.bold(`${failed} failed`)) : "0 failed"}`);
    process.stdout.write(`${out.join("\n")}\n`);
  }
  if (failed > 0) process.exitCode = 1;
}
