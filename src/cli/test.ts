// `staso test`: policy CI. Runs the inline tests of the configs in force (`tests: [{tool, input, expect}]`
// in the user's and the project's config, each through the whole policy, as the hook would decide) and
// every built-in rule's must-block and must-allow examples (each rule alone, in each host's shape); exits 1
// when any fails.
import { builtinRules } from "../rules/index.js";
import { overridesFromFlags, type PolicyFlags } from "../pipeline/simulate.js";
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
      // Every built-in rule's must-block and must-allow examples, alone, in each host's shape.
      const { runRuleExamples } = await import("../pipeline/rule-examples.js");
      for (const rule of builtinRules)
        for (const e of await runRuleExamples(rule))
          results.push({
            source: `built-in ${e.rule}`,
            name: `${e.list === "block" ? "stops" : "allows"} ${e.name.split("\n")[0]} (${e.host})`,
            expect: e.expect,
            got: e.got,
            ...(e.expect !== "allow" ? { rule: e.rule } : {}),
            ok: e.ok,
            ...(e.problem ? { problem: e.problem } : {}),
          });
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
    // A built-in rule whose examples all pass is one line; a failing one shows each of its examples.
    const failing = new Set(results.filter((r) => !r.ok).map((r) => r.source));
    const summarised = new Set<string>();
    for (const r of results) {
      if (r.source.startsWith("built-in ") && !failing.has(r.source)) {
        if (summarised.has(r.source)) continue;
        summarised.add(r.source);
        const n = results.filter((x) => x.source === r.source).length;
        out.push(`${p.green("✓")} ${forTerminal(r.source)}: ${p.dim(`${n} example${n === 1 ? "" : "s"} passed`)}`);
        continue;
      }
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
