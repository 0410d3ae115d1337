// The contract every rule keeps, built-in or plugin. Modelled on ESLint rules: metadata plus one small
// check. The engine iterates rules and never names one; a rule knows nothing of hosts.
import type { Action, HookEvent, RuleMode, ToolCall, ToolKind } from "./types.js";

export type RuleAction = Exclude<Action, "allow">;

/** A parameter a user may set in their policy, with its default. */
export interface ParamSpec {
  type: "string" | "number" | "boolean" | "string[]";
  default: unknown;
  description: string;
}

export interface RuleMeta {
  /** "<pack>/<name>", e.g. "git/force-push". Stable: policies and audit records refer to it. */
  id: string;
  /** One line for `staso rules`. */
  description: string;
  /** What the rule does when it fires, unless the finding or the policy says otherwise. */
  defaultAction: RuleAction;
  /** "enforce" unless stated: an "audit" rule only records what it would have done. */
  defaultMode?: RuleMode;
  /** Events the rule looks at; default: pre only. */
  events?: HookEvent[];
  /** Tool kinds the rule looks at; default: every kind. */
  kinds?: ToolKind[];
  params?: Record<string, ParamSpec>;
  /**
   * The check is slow or paid (it asks a model): it runs after every other rule, alongside the other
   * costly ones rather than after them, and not at all once an enforced rule has blocked the call.
   */
  costly?: boolean;
}

/** What a rule reports when it fires. Returning null/undefined means "nothing to say". */
export interface RuleFinding {
  /** For the model: what is wrong and what to do instead. Never contains a secret in clear. */
  reason: string;
  /** Overrides meta.defaultAction for this finding (e.g. force-push: block on main, escalate elsewhere). */
  action?: RuleAction;
  /** The rewritten tool input, for action "modify" on a call before it runs. */
  input?: Record<string, unknown>;
  /**
   * The rewritten tool output, for action "modify" after the tool ran (PostToolUse): what the model
   * should read instead (e.g. secrets redacted). Each host shows it in its own way.
   */
  output?: unknown;
  /**
   * The rule could not decide (e.g. a command it cannot analyse with confidence): the engine applies the
   * fail mode instead of the action, with `reason` saying why.
   */
  unsure?: boolean;
}

export interface RuleContext<P = Record<string, unknown>> {
  /** Parameters with the policy's values over the defaults. */
  params: P;
}

export interface Rule<P = Record<string, unknown>> {
  meta: RuleMeta;
  check(call: ToolCall, ctx: RuleContext<P>): RuleFinding | null | undefined | Promise<RuleFinding | null | undefined>;
}

/**
 * A rule of any parameter shape, for lists that hold many rules. A rule's check takes its own params
 * type, so Rule<P> for different P are not one type; the engine passes each rule the params its own
 * metadata resolved, which is what makes the widening safe.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above (params are contravariant in check)
export type AnyRule = Rule<any>;

/** A rule as the policy put it in force. */
export interface ActiveRule {
  rule: AnyRule;
  mode: Exclude<RuleMode, "off">;
  /** The policy's action override; otherwise the finding's or the rule's own. */
  action?: RuleAction;
  params: Record<string, unknown>;
}

export function defineRule<P = Record<string, unknown>>(rule: Rule<P>): Rule<P> {
  return rule;
}

/** Parameters with their defaults filled in. */
export function resolveParams(meta: RuleMeta, given: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(meta.params ?? {})) out[name] = spec.default;
  return { ...out, ...(given ?? {}) };
}

type Finding = RuleFinding | null | undefined;

/**
 * Runs a check and hands its finding (or its error) on: at once when the check answered synchronously, so
 * a wrapper around a synchronous rule stays synchronous (the engine runs synchronous rules in one stretch
 * under the deadline's watchdog), after the promise otherwise.
 */
export function afterCheck<T>(
  run: () => Finding | Promise<Finding>,
  then: (finding: Finding) => T,
  failed: (err: unknown) => T,
): T | Promise<T> {
  let result: Finding | Promise<Finding>;
  try {
    result = run();
  } catch (err) {
    return failed(err);
  }
  if (result && typeof (result as Promise<Finding>).then === "function")
    return (result as Promise<Finding>).then(then, failed);
  return then(result as Finding);
}
