// `staso test`: policy CI. Runs the inline tests of the configs in force (`tests: [{tool, input, expect}]`
// in the user's and the project's config, each through the whole policy, as the hook would decide) and
// the built-in packs' own tests (each rule alone); exits 1 when any fails.
import { builtinRules } from "../rules/index.js";
import { buildCall, overridesFromFlags, runRuleAlone, type PolicyFlags } from "../pipeline/simulate.js";
import { PACK_TESTS } from "../policy/pack-tests.js";
import { runConfigTests, type TestResult } from "../pipeline/config-tests.js";
import { loadPolicyForCli } from "./load-policy.js";
import { notApplied } from "../policy/active-rules.js";
import { paintFor } from "../util/terminal.js";
import { projectOf } from "../audit/project.js";
import { renderReplay, replayJson, runReplay, type ReplayRun } from "./replay.js";
import { print, printLines } from "./output.js";
import { forTerminal, jsonForTerminal } from "../util/terminal-text.js";

export interface TestFlags extends PolicyFlags {
  json?: boolean;
  builtin?: boolean;
  /** Also replay the project's recorded calls under the policy it loads now. */
  replay?: boolean;
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
  // The project's own history: every call recorded in it, decided again under the policy it loads now.
  const project = projectOf(cwd);
  const replay: ReplayRun | undefined = flags.replay
    ? await runReplay({ project }, { overrides: overridesFromFlags(flags) }, cwd)
    : undefined;
  const failed = results.filter((r) => !r.ok).length;
  const passed = results.length - failed;
  const changed = replay?.report.changed ?? 0;
  if (flags.json)
    print(
      `${jsonForTerminal({ passed, failed, results, notApplied: ignored, ...(replay ? { replay: replayJson(replay, { project }) } : {}) }, 2)}\n`,
    );
  else {
    const p = paintFor(process.stdout);
    const out: string[] = [];
    for (const r of results) {
      out.push(
        `${r.ok ? p.green("✓") : p.red("✗")} ${forTerminal(r.source)}: ${forTerminal(r.name)}${r.ok ? p.dim(` (${r.got})`) : ""}`,
      );
      if (!r.ok) out.push(`    ${p.red(forTerminal(r.problem ?? ""))}`);
    }
    if (results.length === 0) out.push("No tests: add `tests: [{ tool, input, expect }]` to the config.");
    if (ignored.length) out.push("", p.yellow("Not applied:"), ...ignored.map((n) => `  ${forTerminal(n)}`));
    if (replay) {
      const width = process.stdout.isTTY ? process.stdout.columns : undefined;
      out.push(
        "",
        p.bold(`Replay of the calls recorded in ${forTerminal(project)}`),
        ...renderReplay(replay, p, width),
      );
    }
    out.push(
      "",
      `${p.bold(`${passed} passed`)}, ${failed ? p.red(p.bold(`${failed} failed`)) : "0 failed"}${replay ? `; ${changed ? p.red(p.bold(`${changed} recorded call${changed === 1 ? "" : "s"} would change`)) : "0 recorded calls would change"}` : ""}`,
    );
    printLines(out);
  }
  if (failed > 0 || changed > 0) process.exitCode = 1;
}
