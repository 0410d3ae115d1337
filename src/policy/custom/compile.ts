// Declarative rules from a policy file, compiled into Rule objects of the same shape as the built-ins
// (the engine cannot tell them apart), and allow-list entries into predicates the policy wraps rules with.
import { afterCheck, type Rule, type RuleAction, type RuleMeta, type AnyRule } from "../../engine/rule.js";
import { DeadlineExceeded } from "../../util/deadline.js";
import type { ToolCall } from "../../engine/types.js";
import { compileGlob, type LinearRegex } from "../../util/linear-regex.js";
import type { AllowEntryConfig, CustomRuleConfig, WhenConfig } from "../schema.js";
import { compileShell, compileWhen, type CallPredicate, type MatchContext } from "../../analysis/when/match.js";
import { compileModify, sameInput } from "./modify.js";

export type { MatchContext } from "../../analysis/when/match.js";

/** Sets the kinds and events the engine filters on before running the check (cheap pre-selection). */
export function selection(when: WhenConfig, meta: RuleMeta): void {
  if (when.event !== undefined) meta.events = Array.isArray(when.event) ? when.event : [when.event];
  if (when.kind !== undefined) meta.kinds = Array.isArray(when.kind) ? when.kind : [when.kind];
  else if (when.shell) meta.kinds = ["shell"];
  else if (
    typeof when.tool === "string"
      ? when.tool.startsWith("mcp__")
      : Array.isArray(when.tool) && when.tool.every((t) => t.startsWith("mcp__"))
  )
    meta.kinds = ["mcp"];
}

/**
 * Only the metadata is built up front; the conditions are compiled on the rule's first check, so a large
 * config pays nothing for the rules the engine skips (another tool kind or event) on a given call.
 */
export function compileCustomRule(def: CustomRuleConfig & { action: RuleAction }, ctx: MatchContext): Rule {
  let compiled: { match: CallPredicate; modify?: ReturnType<typeof compileModify> } | undefined;
  const get = () => {
    if (compiled) return compiled;
    const selects = def.when.shell ? compileShell(def.when.shell, ctx) : undefined;
    compiled = {
      match: compileWhen(def.when, ctx),
      ...(def.action === "modify" && def.modify ? { modify: compileModify(def.modify, selects) } : {}),
    };
    return compiled;
  };
  const meta: RuleMeta = {
    id: def.id,
    description: def.description ?? def.reason,
    defaultAction: def.action,
    events: ["pre"],
  };
  if (def.mode) meta.defaultMode = def.mode;
  selection(def.when, meta);
  return {
    meta,
    check(call) {
      const { match, modify } = get();
      if (!match(call)) return null;
      if (!modify) return { reason: def.reason };
      const input = modify.apply(call);
      if (!input)
        return {
          reason: `${def.reason} (staso could not rewrite this call exactly, so it was blocked instead)`,
          action: "block",
        };
      if (sameInput(input, call.input)) return null;
      return { reason: def.reason, input };
    },
  };
}

/** A compiled allow-list entry (from `allow` or a custom rule with action "allow"). */
export interface AllowEntry {
  /** Where it came from, e.g. "/home/me/.config/staso/config.json: allow[0]". */
  source: string;
  reason: string;
  /** Epoch ms after which it no longer applies. */
  expiresAt?: number;
  /** The exact rule ids it names, when it names no glob (lets the policy index entries by rule). */
  ids?: string[];
  appliesTo(ruleId: string): boolean;
  matches: CallPredicate;
}

/** "2025-06-30" runs through that day (UTC); a date with a time is exact. */
function expiryTime(expires: string | undefined): number | undefined {
  if (expires === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(expires) ? Date.parse(`${expires}T23:59:59.999Z`) : Date.parse(expires);
}

/** Rule-id globs: * matches any run of characters, "/" included. */
function ruleIdMatcher(globs: string[] | undefined): (id: string) => boolean {
  if (!globs || globs.includes("*")) return () => true;
  const exact = new Set(globs.filter((g) => !g.includes("*")));
  const patterns = globs.filter((g) => g.includes("*"));
  if (patterns.length === 0) return (id) => exact.has(id);
  let compiled: LinearRegex[] | undefined;
  return (id) =>
    exact.has(id) || (compiled ??= patterns.map((g) => compileGlob(g.replace(/\*+/g, "**")))).some((re) => re.test(id));
}

export function compileAllowEntry(entry: AllowEntryConfig, source: string, ctx: MatchContext): AllowEntry {
  let matches: CallPredicate | undefined;
  let expiresAt: number | undefined | null = null;
  return {
    source,
    reason: entry.reason,
    // Parsed on first use: most entries are never consulted on a given call.
    get expiresAt() {
      if (expiresAt === null) expiresAt = expiryTime(entry.expires);
      return expiresAt;
    },
    ...(entry.rules && !entry.rules.some((g) => g.includes("*")) ? { ids: entry.rules } : {}),
    appliesTo: ruleIdMatcher(entry.rules),
    matches: (call) => (matches ??= entry.when ? compileWhen(entry.when, ctx) : () => true)(call),
  };
}

/** A custom rule with action "allow" is an allow-list entry under another name. */
export function allowEntryOfRule(def: CustomRuleConfig, source: string, ctx: MatchContext): AllowEntry {
  return compileAllowEntry(
    { rules: def.allows, when: def.when, reason: def.reason, expires: def.expires },
    source,
    ctx,
  );
}

export const isExpired = (entry: { expiresAt?: number }, now = Date.now()) =>
  entry.expiresAt !== undefined && now > entry.expiresAt;

/**
 * Wraps a rule with the entries that apply to it: when the rule fires (or fails) on a call an unexpired
 * entry matches, it says nothing instead. The entries are only matched when the rule has something to say
 * (a costly rule's, before it is asked).
 */
export function withAllowList(rule: AnyRule, entries: AllowEntry[]): AnyRule {
  if (entries.length === 0) return rule;
  const allowed = (call: ToolCall) => {
    const now = Date.now();
    return entries.some((e) => !isExpired(e, now) && e.matches(call));
  };
  return {
    meta: rule.meta,
    check: (call: ToolCall, ctx) => {
      // A costly rule (a judge) is not asked at all about a call an entry lets through: no request is paid
      // for a verdict that would be dropped.
      if (rule.meta.costly && allowed(call)) return null;
      return afterCheck(
        () => rule.check(call, ctx),
        (finding) => (finding && allowed(call) ? null : finding),
        (err) => {
          if (err instanceof DeadlineExceeded || !allowed(call)) throw err;
          return null;
        },
      );
    },
  };
}
