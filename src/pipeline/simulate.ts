// One tool call through the real pipeline without an agent: the host adapter parses a payload of the
// host's own shape, the policy's rules run in the engine, and every rule leaves a trace line (fired,
// quiet, allowed by a list, skipped, failed). Used by `staso check` and `staso test`.
import { evaluate } from "../engine/evaluate.js";
import type { ActiveRule, AnyRule } from "../engine/rule.js";
import { afterCheck } from "../engine/rule.js";
import type { Decision, RuleMode, ToolCall } from "../engine/types.js";
import { hostById, type HostId } from "../hosts/index.js";
import type { HostAdapter } from "../hosts/types.js";
import { isExpired } from "../policy/custom/compile.js";
import { withAllowList } from "../policy/custom/compile.js";
import { resolve as resolvePath } from "node:path";
import { loadRuleSet, resolveRules, type RuleSet, type RuleSource } from "../policy/active-rules.js";
import { resolvePolicy, type Policy } from "../policy/load.js";
import type { Overrides } from "../policy/merge.js";
import { stasoPaths } from "../paths.js";
import { grayZoneOf, withJudgeRecords } from "./judges.js";
import { ENVIRONMENTS, LEVELS, type Environment, type Level } from "../policy/schema.js";
import { closest } from "../util/did-you-mean.js";
import { shellSubjects } from "../analysis/shell/index.js";

export interface CallSpec {
  tool: string;
  input: Record<string, unknown>;
  host?: HostId;
  event?: "pre" | "post" | "post-failure";
  cwd: string;
  /** For event "post": what the tool returned. */
  output?: unknown;
  /** For event "post-failure": the error. */
  error?: string;
  /** The session id (default "staso-check"). */
  session?: string;
  toolUseId?: string;
}

/** The call as the host adapter reads it from a payload of that host's own shape. */
export function buildCall(spec: CallSpec): { call: ToolCall; host: HostAdapter } {
  const host = hostById(spec.host ?? "claude-code");
  const payload = host.payload({
    tool: spec.tool,
    input: spec.input,
    event: spec.event,
    cwd: spec.cwd,
    output: spec.output,
    ...(spec.error !== undefined ? { error: spec.error } : {}),
    ...(spec.session !== undefined ? { session: spec.session } : {}),
    ...(spec.toolUseId !== undefined ? { toolUseId: spec.toolUseId } : {}),
  });
  const call = host.parse(payload);
  if (!call) throw new Error("the payload did not describe a tool call");
  return { call, host };
}

/**
 * What is wrong with a tool call an agent would never send (a tool name in the wrong case, `{"cmd": …}`),
 * as one sentence with a did-you-mean; undefined for a call in the host's own shape. MCP tools
 * (mcp__server__tool) take any input.
 */
export function toolShapeProblem(host: HostAdapter, tool: string, input: Record<string, unknown>): string | undefined {
  const tools = host.toolInputs;
  if (!tools || /^mcp__.+__.+/.test(tool)) return undefined;
  const spec = tools[tool];
  if (!spec) {
    const near = closest(tool, Object.keys(tools));
    return `${host.id} has no tool ${JSON.stringify(tool)}${near ? ` (did you mean ${near}?)` : ""}; its tools are ${Object.keys(tools).join(", ")}, and MCP tools are mcp__<server>__<tool>.`;
  }
  const known = [...spec.required, ...spec.optional];
  for (const key of Object.keys(input)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    return `${tool} on ${host.id} takes ${known.join(", ")}, not ${JSON.stringify(key)}${near ? ` (did you mean ${near}?)` : ""}.`;
  }
  const missing = spec.required.filter((k) => input[k] === undefined);
  if (missing.length) return `${tool} on ${host.id} needs ${missing.join(" and ")} in its input.`;
  return undefined;
}

type TraceStatus = "fired" | "quiet" | "allowed" | "skipped" | "failed" | "unsure" | "off";

interface TraceEntry {
  id: string;
  source: RuleSource;
  mode: RuleMode;
  action: string;
  status: TraceStatus;
  /** The finding's reason, the allow entry, the error, or why the rule did not look at the call. */
  detail?: string;
  ms?: number;
}

export interface SimulationResult {
  decision: Decision;
  trace: TraceEntry[];
}

/** Evaluates one call under the policy, tracing every rule in force (and listing the ones that are off). */
export async function simulate(
  call: ToolCall,
  host: HostAdapter,
  policy: Policy,
  set: RuleSet,
): Promise<SimulationResult> {
  const { rules } = resolveRules(policy, set);
  const trace: TraceEntry[] = [];
  const active: ActiveRule[] = [];
  for (const r of rules) {
    const meta = r.sourced.rule.meta;
    const entry: TraceEntry = {
      id: meta.id,
      source: r.sourced.source,
      mode: r.mode,
      action: r.action ?? meta.defaultAction,
      status: "skipped",
    };
    trace.push(entry);
    if (r.inactive) {
      entry.status = "off";
      entry.detail = r.inactive;
      continue;
    }
    const events = meta.events ?? ["pre"];
    if (!events.includes(call.event)) entry.detail = `looks at ${events.join(", ")} events only`;
    else if (meta.kinds && !meta.kinds.includes(call.kind))
      entry.detail = `looks at ${meta.kinds.join(", ")} calls only (this is ${call.kind})`;
    const inner: AnyRule = r.sourced.rule;
    const entries = r.allow.map((a) => a.entry);
    const traced: AnyRule = {
      meta,
      check(c, ctx) {
        const started = performance.now();
        return afterCheck(
          () => inner.check(c, ctx),
          (finding) => {
            entry.ms = Math.round((performance.now() - started) * 1000) / 1000;
            if (finding?.unsure) {
              entry.status = "unsure";
              entry.detail = finding.reason;
            } else if (finding) {
              entry.status = "fired";
              entry.detail = finding.reason;
              if (finding.action) entry.action = r.action ?? finding.action;
            } else entry.status = "quiet";
            return finding;
          },
          (err) => {
            entry.status = "failed";
            entry.detail = (err as Error)?.message ?? String(err);
            throw err;
          },
        );
      },
    };
    // The allow-list wraps the traced rule: a finding (or failure) on a call an entry matches is dropped.
    const wrapped = withAllowList(traced, entries);
    active.push({
      rule: {
        meta,
        check: (c, ctx) =>
          afterCheck(
            () => wrapped.check(c, ctx),
            (out) => {
              if (!out && (entry.status === "fired" || entry.status === "failed" || entry.status === "unsure")) {
                const by = entries.find((e) => !isExpired(e) && e.matches(c));
                entry.status = "allowed";
                if (by) entry.detail = `${by.source}: ${by.reason}`;
              }
              return out;
            },
            (err) => {
              throw err;
            },
          ),
      },
      mode: r.mode as Exclude<RuleMode, "off">,
      ...(r.action ? { action: r.action } : {}),
      params: r.params,
    });
  }
  // Judges' budgets count from this call, as they would from the hook's start; their verdicts are this call's.
  const now = performance.now();
  if (set.judges)
    Object.assign(set.judges, { startedAt: now, deadlineAt: now + policy.timeoutSeconds * 1000, records: [] });
  const decision = await evaluate(call, active, {
    failMode: policy.failMode,
    withInput: host.withInput,
    withOutput: host.withOutput,
    deadlineMs: policy.timeoutSeconds * 1000,
    shellSubjects,
    grayZone: grayZoneOf(policy, set.judges),
  });
  return { decision: withJudgeRecords(decision, set.judges), trace };
}

/** Command flags shared by `staso rules`, `check` and `test`: they act like the environment, and win over it. */
export interface PolicyFlags {
  cwd?: string;
  level?: string;
  environment?: string;
  failMode?: string;
  timeout?: string;
}

export class FlagError extends Error {}

export function overridesFromFlags(flags: PolicyFlags): Overrides {
  const out: Overrides = {};
  if (flags.level !== undefined) {
    if (!LEVELS.includes(flags.level as Level))
      throw new FlagError(`--level must be one of ${LEVELS.join(", ")}, not ${JSON.stringify(flags.level)}.`);
    out.level = flags.level as Level;
  }
  if (flags.environment !== undefined) {
    if (!ENVIRONMENTS.includes(flags.environment as Environment))
      throw new FlagError(
        `--environment must be one of ${ENVIRONMENTS.join(", ")}, not ${JSON.stringify(flags.environment)}.`,
      );
    out.environment = flags.environment as Environment;
  }
  if (flags.failMode !== undefined) {
    if (flags.failMode !== "open" && flags.failMode !== "closed")
      throw new FlagError(`--fail-mode must be closed or open, not ${JSON.stringify(flags.failMode)}.`);
    out.failMode = flags.failMode;
  }
  if (flags.timeout !== undefined) {
    const n = Number(flags.timeout);
    if (!Number.isFinite(n) || n <= 0 || n > 600)
      throw new FlagError(
        `--timeout must be a number of seconds above 0 and at most 600, not ${JSON.stringify(flags.timeout)}.`,
      );
    out.timeoutSeconds = n;
  }
  return out;
}

/** The policy as the hook would see it for a call made in `cwd` (read fresh, refreshing the cache), with its rules. */
export async function loadForCommand(
  flags: PolicyFlags,
  builtins: AnyRule[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ policy: Policy; set: RuleSet; cwd: string }> {
  const cwd = resolvePath(flags.cwd ?? process.cwd());
  const policy = await resolvePolicy({ cwd, env, flags: overridesFromFlags(flags), fresh: true });
  const set = await loadRuleSet(policy, builtins, {
    deadlineAt: performance.now() + Math.max(policy.timeoutSeconds * 1000, 10_000),
    dataDir: stasoPaths(env).dataDir,
    // A command shows what the judge says now: no verdict from the hook's cache.
    judges: { env, cache: false },
  });
  return { policy, set, cwd };
}
