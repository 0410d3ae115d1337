// `staso test`: policy CI. Runs the inline tests of the configs in force (`tests: [{tool, input, expect}]`
// in the user's and the project's config, each through the whole policy, as the hook would decide) and
// the built-in packs' own tests (each rule alone); exits 1 when any fails.
import { builtinRules } from "../rules/index.js";
import {
  buildCall,
  overridesFromFlags,
  runRuleAlone,
  simulate,
  toolShapeProblem,
  type PolicyFlags,
} from "../pipeline/simulate.js";
import { PACK_TESTS } from "../policy/pack-tests.js";
import { parseFieldPath } from "../policy/schema.js";
import { deepEqual, valuesAt } from "../policy/custom/match.js";
import { projectDir } from "../policy/load.js";
import { isAbsolute, resolve } from "node:path";
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

export async function testCommand(flags: TestFlags): Promise<void> {
  const loaded = await loadPolicyForCli(flags);
  const { policy, set, cwd } = loaded;
  const results: TestResult[] = [];
  try {
    for (const layer of policy.layers) {
      const tests = layer.config.tests ?? [];
      for (const [i, t] of tests.entries()) {
        const base = layer.origin === "project" ? projectDir(layer.file) : cwd;
        const callCwd = t.cwd ? (isAbsolute(t.cwd) ? t.cwd : resolve(base, t.cwd)) : base;
        const name = t.name ?? `${t.tool} ${jsonForTerminal(t.input).slice(0, 80)}`;
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
                problems.push(`expected ${path} = ${jsonForTerminal(want)}, got ${jsonForTerminal(got)}`);
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
