// The rule tester: every example in a rule's metadata (engine/rule.ts RuleExamples), in the shape of every
// host that has a tool for it, through the real pipeline: the host adapter parses the payload, the engine
// dispatches and runs the rule alone (enforce mode, its default parameters under the example's), and a
// session's earlier steps go through the session memory first. A must-block example must get its action
// from the rule, a must-allow one nothing. Run by test/rules/examples.test.ts and by `staso test`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate } from "../engine/evaluate.js";
import {
  actionsOf,
  describeExample,
  examplesOf,
  resolveParams,
  type ActiveRule,
  type AnyRule,
  type ExampleCall,
  type RuleAction,
  type RuleExample,
} from "../engine/rule.js";
import type { Action, Decision, ToolCall } from "../engine/types.js";
import type { HostAdapter } from "../hosts/types.js";
import { hostByName } from "../hosts/index.js";
import { rememberCall } from "../state/session.js";
import { buildCall } from "./simulate.js";
import { shellSubjects } from "../analysis/shell/index.js";

/** Where the examples' calls are made from, unless an example says otherwise. */
const EXAMPLE_CWD = "/home/dev/proj";

const HOSTS = ["claude-code", "codex"];

export interface ExampleResult {
  rule: string;
  /** Which list the example is in, and where. */
  list: "block" | "allow";
  index: number;
  host: string;
  /** The example's call in one line. */
  name: string;
  expect: Action;
  got: Action | "error";
  ok: boolean;
  /** What differed, when it failed. */
  problem?: string;
}

let sessionSeq = 0;

/** One example in one host's shape: the rule's decision, or undefined when the host has no tool for it. */
async function runOne(
  rule: AnyRule,
  example: RuleExample,
  host: HostAdapter,
): Promise<{ decision: Decision } | undefined> {
  const cwd = example.cwd ?? EXAMPLE_CWD;
  const shape = (e: ExampleCall) => host.exampleCall?.(e, cwd);
  const own = shape(example);
  if (!own) return undefined;
  const steps = example.session ?? [];
  const stepShapes = steps.map(shape);
  // A session the host cannot replay (a step with no tool in its shape) is not this host's example.
  if (stepShapes.some((s) => s === undefined)) return undefined;
  const active: ActiveRule[] = [{ rule, mode: "enforce", params: resolveParams(rule.meta, example.params) }];
  const session = `staso-example-${process.pid}-${++sessionSeq}`;
  const decide = (call: ToolCall) =>
    evaluate(call, active, {
      failMode: "closed",
      withInput: host.withInput,
      withOutput: host.withOutput,
      deadlineMs: 10_000,
      shellSubjects,
    });
  const now = Date.now();
  for (const [i, step] of steps.entries()) {
    const at = now - (step.ago ?? (steps.length - i) * 1000);
    const { tool, input } = stepShapes[i]!;
    const toolUseId = `${session}-${i}`;
    const pre = buildCall({ tool, input, host: host.id as "claude-code", cwd, session, toolUseId }).call;
    const d = await decide(pre);
    rememberCall(pre, d, active, { now: at });
    if (step.ran === false || d.action === "block") continue;
    const after = buildCall({
      tool,
      input,
      host: host.id as "claude-code",
      cwd,
      session,
      toolUseId,
      ...(step.error !== undefined
        ? { event: "post-failure", error: step.error }
        : { event: "post", output: step.output }),
    }).call;
    rememberCall(after, await decide(after), active, { now: at + 1 });
  }
  const { call } = buildCall({
    tool: own.tool,
    input: own.input,
    host: host.id as "claude-code",
    cwd,
    session,
    toolUseId: `${session}-final`,
    ...(example.output !== undefined ? { event: "post", output: example.output } : {}),
  });
  return { decision: await decide(call) };
}

/**
 * Runs every example of a rule in every host's shape. The session memory of examples with earlier steps
 * lives in a folder of its own, removed afterwards (never the user's data dir).
 */
export async function runRuleExamples(rule: AnyRule, hosts: string[] = HOSTS): Promise<ExampleResult[]> {
  const { block, allow } = examplesOf(rule.meta);
  const results: ExampleResult[] = [];
  const needsState = [...block, ...allow].some((e) => e.session?.length);
  const savedHome = process.env.STASO_HOME;
  const home = needsState ? mkdtempSync(join(tmpdir(), "staso-examples-")) : undefined;
  if (home) process.env.STASO_HOME = home;
  try {
    for (const [list, examples] of [
      ["block", block],
      ["allow", allow],
    ] as const) {
      for (const [index, example] of examples.entries()) {
        const expect: Action = list === "allow" ? "allow" : (example.action ?? rule.meta.defaultAction);
        // A block example shows an action the rule declares its findings may take.
        if (list === "block" && !actionsOf(rule.meta).includes(expect as RuleAction)) {
          results.push({
            rule: rule.meta.id,
            list,
            index,
            host: "any",
            name: describeExample(example),
            expect,
            got: "error",
            ok: false,
            problem: `the rule declares its actions as ${actionsOf(rule.meta).join(", ")}, not ${expect}`,
          });
          continue;
        }
        for (const id of hosts) {
          const host = hostByName(id);
          if (!host) continue;
          const base = { rule: rule.meta.id, list, index, host: host.id, name: describeExample(example), expect };
          try {
            const run = await runOne(rule, example, host);
            if (!run) continue;
            const d = run.decision;
            // An unsure finding (the rule cannot decide) applies the fail mode, which is its action here;
            // any other failure (the rule threw, the payload did not parse) is a broken example.
            const unsure = d.failure?.startsWith(`rule ${rule.meta.id} could not decide:`) ?? false;
            const ok = d.action === expect && (!d.failure || (list === "block" && unsure));
            results.push({
              ...base,
              got: d.action,
              ok,
              ...(ok
                ? {}
                : {
                    problem: `expected ${expect}, got ${d.action}${d.failure ? ` (${d.failure})` : d.reason ? ` (${d.reason})` : ""}`,
                  }),
            });
          } catch (err) {
            results.push({ ...base, got: "error", ok: false, problem: (err as Error).message });
          }
        }
      }
    }
  } finally {
    if (home) {
      if (savedHome === undefined) delete process.env.STASO_HOME;
      else process.env.STASO_HOME = savedHome;
      rmSync(home, { recursive: true, force: true });
    }
  }
  return results;
}
