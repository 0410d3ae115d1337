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

/**
 * A call in a host-neutral form, which the rule tester renders into each host's own payload: Claude Code's
 * Bash/Write/Edit/Read/Grep/WebFetch and Codex's Bash/apply_patch. A form one host has no tool for is
 * tested in the other's shape only (Codex reads files and fetches URLs with shell commands).
 */
type ExampleCall =
  | { shell: string }
  | { write: string; content: string }
  | { edit: string; old: string; new: string }
  | { read: string }
  | { grep: string; path?: string; glob?: string }
  | { fetch: string }
  | { search: string }
  | { mcp: string; args: Record<string, unknown> }
  /** A payload of one host exactly as it sends it. */
  | { tool: string; input: Record<string, unknown>; host: "claude-code" | "codex" };

/** What a call the example runs after: a step of the same session (for the rules that remember one). */
type ExampleStep = ExampleCall & {
  /** The tool ran (its PostToolUse arrived, with this output); default true. */
  ran?: boolean;
  output?: unknown;
  /** The tool failed with this error (its PostToolUseFailure arrived instead). */
  error?: string;
  /** Milliseconds before the example's call that this step was made (default: a second per step, in order). */
  ago?: number;
};

export type RuleExample = ExampleCall & {
  /** The action the rule takes (must-block examples; default its defaultAction). */
  action?: RuleAction;
  /** A PostToolUse call, with what the tool returned. */
  output?: unknown;
  /** The call's working directory (default a project folder, /home/dev/proj). */
  cwd?: string;
  /** Parameters, over the defaults. */
  params?: Record<string, unknown>;
  /** Calls made earlier in the same session, oldest first. */
  session?: ExampleStep[];
  /** Why the example matters, when the call does not say it. */
  note?: string;
};

/** Calls a rule must stop and near misses it must let through: its documentation and its tests. */
export interface RuleExamples {
  /** Calls the rule fires on (blocks, escalates or rewrites, as each example's `action` says). */
  block: RuleExample[];
  /** Calls it must allow, near misses first. */
  allow: RuleExample[];
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
   * Must-block and must-allow examples, run by the rule tester and `staso test` and shown in the rules
   * reference. Built-in rules give a function, so the hook never builds them; plugins may give the data.
   */
  examples?: RuleExamples | (() => RuleExamples);
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

/** A rule's examples (none when it has none). */
export function examplesOf(meta: RuleMeta): RuleExamples {
  const e = typeof meta.examples === "function" ? meta.examples() : meta.examples;
  return { block: e?.block ?? [], allow: e?.allow ?? [] };
}

/** Parameters with their defaults filled in. */
export function resolveParams(meta: RuleMeta, given: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(meta.params ?? {})) out[name] = spec.default;
  return { ...out, ...(given ?? {}) };
}
