// The contract every rule keeps, built-in or plugin. Modelled on ESLint rules: metadata plus one small
// check. The engine iterates rules and never names one; a rule knows nothing of hosts.
import type { Action, HookEvent, RuleMode, ToolCall, ToolKind } from "./types.js";

export type RuleAction = Exclude<Action, "allow">;

/**
 * A parameter a user may set in their policy (`rules["<id>"].params`): a subset of JSON Schema, so the
 * policy validator checks every value against it and the policy's JSON Schema (for editors) carries it.
 */
export interface ParamSpec {
  type: "string" | "number" | "integer" | "boolean" | "array";
  /** One line for `staso rules <id>` and the rules reference. */
  description: string;
  /** The value when the policy sets none; a parameter without one must be set (see `required`). */
  default?: unknown;
  /** The parameter must be set in the policy (it has no sensible default). */
  required?: boolean;
  /** The only values allowed (strings or numbers). */
  enum?: readonly (string | number)[];
  /** Bounds of a number (inclusive). */
  minimum?: number;
  maximum?: number;
  /** For "array": what every item is. */
  items?: ParamItems;
  /** For "array": at least this many items. */
  minItems?: number;
}

/** What each item of an array parameter is. */
export interface ParamItems {
  type: "string" | "number" | "integer" | "boolean";
  enum?: readonly (string | number)[];
  minimum?: number;
  maximum?: number;
  /** For strings: a regular expression every item matches (JavaScript syntax, anchored by the rule's author). */
  pattern?: string;
  /** What an item is, for error messages ('a limit such as "WebFetch=3"'); default from the type. */
  description?: string;
}

/**
 * What a rule looks at, beyond its events and tool kinds: shown by `staso rules` and the rules reference,
 * and meant as the engine's dispatch index (run a rule only on calls that have one of these). Every list is
 * a necessary condition of the rule's check: a call the check could fire on always has one of them.
 */
interface RuleSubjects {
  /** Tool names as the hosts send them ("WebFetch", "mcp__*"): the call's tool matches one (a trailing * is a prefix). */
  tools?: string[];
  /**
   * Shell calls: programs (basenames, as the shell analysis reports them; a trailing * is a prefix, "" a
   * command with no program such as a bare redirection) one of the call's commands runs, wrappers unwrapped.
   */
  programs?: string[];
  /**
   * Shell calls: per program, the subcommands (case-insensitive) one of which a command of that program
   * must run for the rule to (git's, as `git -C dir push` names them; a `git-push` program is matched by
   * `programs` alone). A program whose subcommands the analysis does not read is matched by `programs`.
   */
  subcommands?: Record<string, string[]>;
  /** Shell calls: also every call with inline interpreter code (`python -c …`, a heredoc fed to node). */
  inlineCode?: boolean;
  /** Shell calls: also every call where a command redirects to or from a file (not a bare `2>&1`). */
  redirects?: boolean;
  /** Texts (case-insensitive) one of which the call's text holds (its command line, written text, URL or arguments). */
  keywords?: string[];
  /**
   * Calls that carry files (a Write, an edit, a patch, an MCP file server's write; not shell calls): one of
   * their files' absolute paths matches this. Checked before `keywords`, so that a rule about a few config
   * files never searches a large write to any other file for its keywords.
   */
  files?: RegExp;
}

/**
 * A call in a host-neutral form, which the rule tester renders into each host's own payload: Claude Code's
 * Bash/Write/Edit/Read/Grep/WebFetch and Codex's Bash/apply_patch. A form one host has no tool for is
 * tested in the other's shape only (Codex reads files and fetches URLs with shell commands).
 */
export type ExampleCall =
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
  /** Every action its findings may take (default: only defaultAction). */
  actions?: RuleAction[];
  /** "enforce" unless stated: an "audit" rule only records what it would have done. */
  defaultMode?: RuleMode;
  /** Events the rule looks at; default: pre only. */
  events?: HookEvent[];
  /** Tool kinds the rule looks at; default: every kind. */
  kinds?: ToolKind[];
  /** What it looks at within those calls (the engine's dispatch index); default: every such call. */
  looksAt?: RuleSubjects;
  params?: Record<string, ParamSpec>;
  /**
   * The check is slow or paid (it asks a model): it runs after every other rule, alongside the other
   * costly ones rather than after them, and not at all once an enforced rule has blocked the call.
   */
  costly?: boolean;
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

/** Every action a rule's findings may take. */
export const actionsOf = (meta: RuleMeta): RuleAction[] => meta.actions ?? [meta.defaultAction];

/** A rule's examples (none when it has none). */
export function examplesOf(meta: RuleMeta): RuleExamples {
  const e = typeof meta.examples === "function" ? meta.examples() : meta.examples;
  return { block: e?.block ?? [], allow: e?.allow ?? [] };
}

/** The example's call in one line: the command, or the tool and its main argument. */
export function describeExample(e: ExampleCall): string {
  if ("shell" in e) return e.shell;
  if ("write" in e) return `write ${e.write}`;
  if ("edit" in e) return `edit ${e.edit}`;
  if ("read" in e) return `read ${e.read}`;
  if ("grep" in e)
    return `grep ${JSON.stringify(e.grep)}${e.path ? ` in ${e.path}` : ""}${e.glob ? ` (${e.glob})` : ""}`;
  if ("fetch" in e) return `fetch ${e.fetch}`;
  if ("search" in e) return `search ${JSON.stringify(e.search)}`;
  if ("mcp" in e) return `${e.mcp} ${JSON.stringify(e.args)}`;
  return `${e.host} ${e.tool} ${JSON.stringify(e.input)}`;
}

/** Parameters with their defaults filled in. */
export function resolveParams(meta: RuleMeta, given: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(meta.params ?? {}))
    if (spec.default !== undefined) out[name] = spec.default;
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
