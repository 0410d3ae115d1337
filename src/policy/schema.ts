// The shape of a staso policy file, and its validation. Every error names the file, the path inside it
// and what was expected, in one sentence. Runs only when a config file changed (the hook otherwise
// reads the compiled policy from its cache, policy/cache.ts).
import type { FailMode } from "../engine/fail-mode.js";
import type { RuleAction } from "../engine/rule.js";
import type { HookEvent, RuleMode, ToolKind } from "../engine/types.js";
import { AUDIT_CONFIG_KEYS, AUDIT_EXPORT_CONFIG_KEYS, type AuditConfig } from "../audit/settings.js";
import { compileGlob, compileRegex } from "../util/linear-regex.js";
import {
  JUDGE_PROVIDERS,
  JUDGE_VERDICTS,
  MAX_TRANSCRIPT_MESSAGES,
  type GrayZoneConfig,
  type JudgeSpec,
} from "../judges/config.js";
import { ESCALATION_KEYS, HOST_IDS, type HostId } from "../hosts/cards.js";
import { parseFieldPath, type Environment, type WhenConfig } from "../analysis/when/conditions.js";

// The condition language (`when`) lives below the rules, which write table-shaped rules in it too.
export {
  parseFieldPath,
  type Environment,
  type NameMatch,
  type PathStep,
  type ShellMatch,
  type ValueCondition,
  type ValueTest,
  type WhenConfig,
} from "../analysis/when/conditions.js";

export type Level = "standard" | "strict" | "paranoid";

export const LEVELS: Level[] = ["standard", "strict", "paranoid"];
export const ENVIRONMENTS: Environment[] = ["dev", "staging", "prod"];

export interface RuleSetting {
  mode?: RuleMode;
  action?: RuleAction;
  params?: Record<string, unknown>;
  /** The rule is in force only in these environments (e.g. side-effect rules: ["prod"]). */
  environments?: Environment[];
}

export interface ModifyConfig {
  set?: Record<string, unknown>;
  remove?: string[];
  replace?: { path: string; regex: string; flags?: string; with: string }[];
  /** Shell flags to drop from the command (e.g. --no-verify). */
  dropFlags?: string[];
}

type CustomAction = RuleAction | "allow";

export interface CustomRuleConfig {
  /** "<pack>/<name>", e.g. "team/no-npm-publish". */
  id: string;
  description?: string;
  /** For the model: what is wrong and what to do instead. */
  reason: string;
  action: CustomAction;
  mode?: RuleMode;
  when: WhenConfig;
  modify?: ModifyConfig;
  /** For action "allow": the rule ids (globs) it lets through (default: every rule). */
  allows?: string[];
  /** For action "allow": the date (YYYY-MM-DD, through that day UTC) or time after which it no longer applies. */
  expires?: string;
}

export interface AllowEntryConfig {
  /** Rule ids or globs ("git/*"); default every rule. */
  rules?: string[];
  /** The calls it lets through; default every call (the rule is then as good as off). */
  when?: WhenConfig;
  reason: string;
  expires?: string;
}

type Expectation = "allow" | "block" | "escalate" | "modify";

export interface PolicyTestConfig {
  name?: string;
  tool: string;
  input: Record<string, unknown>;
  /** The agent whose payload shape the test sends (default claude-code). */
  host?: HostId;
  event?: "pre" | "post";
  /** The call's working directory (default: the config file's directory). */
  cwd?: string;
  expect: Expectation;
  /** The rule expected to decide. */
  rule?: string;
  /** For expect "modify": fields the rewritten input must have (by path). */
  expectInput?: Record<string, unknown>;
}

/** How staso gets a human's answer: the host's own prompt, holding the call, or blocking it with an id to approve. */
export type EscalationMode = "ask" | "wait" | "fire-and-forget";

/**
 * Per agent, by the registry's escalation keys (src/hosts/): Claude Code in a terminal ("claude-code"),
 * Claude Code without one ("claude-code-headless": `claude -p`, the Agent SDK), "codex", "gemini-cli", …
 * "ask" only where a human can answer it in the agent's own prompt.
 */
export type EscalationModeByHost = Partial<Record<string, EscalationMode>>;

export interface EscalationConfig {
  /** Seconds a human has to answer. */
  timeout?: number;
  /** What happens when nobody answers in time. */
  onTimeout?: "block" | "allow";
  /** ask (default: Claude Code's own prompt where it has one, else fire-and-forget), wait or fire-and-forget; or per agent. */
  mode?: EscalationMode | EscalationModeByHost;
  /** Seconds between two looks at the escalation while a call waits (default 3). */
  pollInterval?: number;
  /** Seconds a human's answer lasts: an approve-once waits this long for the retry, a deny answers retries this long, and approve --for is capped to it (default 3600). */
  approvalTtl?: number;
  /** How a human is told that an escalation is waiting (default auto: a desktop notification where there is one). */
  notify?: "auto" | "desktop" | "bell" | "off";
}

export const ESCALATION_MODES: readonly EscalationMode[] = ["ask", "wait", "fire-and-forget"];
const ESCALATION_MODE_HOSTS = ESCALATION_KEYS.map((k) => k.key);

export interface PolicyConfig {
  $schema?: string;
  level?: Level;
  failMode?: FailMode;
  /** Seconds the rules may take (STASO_GUARD_TIMEOUT overrides). */
  timeout?: number;
  environment?: Environment;
  rules?: Record<string, RuleSetting | RuleMode>;
  customRules?: CustomRuleConfig[];
  allow?: AllowEntryConfig[];
  /** Modules exporting rules: paths relative to the config file, or package names. */
  plugins?: string[];
  tests?: PolicyTestConfig[];
  escalation?: EscalationConfig;
  /** User config only: project directories (globs) whose config may also loosen the user's settings. */
  trustedProjects?: string[];
  audit?: AuditConfig;
  /** Rules whose check asks a model (src/judges/). */
  judges?: JudgeConfig[];
  /** The built-in gray-zone judge: where static rules cannot decide, this model decides instead of the fail mode. */
  grayZone?: GrayZoneConfig;
}

/** A judge in a policy file: the model, its instructions, and the calls it looks at. */
export interface JudgeConfig extends JudgeSpec {
  description?: string;
  /** The custom-rule matcher: calls it does not match never reach the model. */
  when: WhenConfig;
  mode?: RuleMode;
}

export class PolicyError extends Error {}

export const MODES = ["enforce", "audit", "off"];
export const ACTIONS = ["block", "modify", "escalate"];
export const CUSTOM_ACTIONS = ["allow", "block", "escalate", "modify"];
export const KINDS: ToolKind[] = [
  "shell",
  "write",
  "edit",
  "patch",
  "read",
  "search",
  "fetch",
  "web-search",
  "mcp",
  "agent",
  "other",
];
export const EVENTS: HookEvent[] = ["pre", "post", "post-failure"];
export const TOP_KEYS = [
  "$schema",
  "level",
  "failMode",
  "timeout",
  "environment",
  "rules",
  "customRules",
  "allow",
  "plugins",
  "tests",
  "escalation",
  "trustedProjects",
  "audit",
  "judges",
  "grayZone",
];
const JUDGE_MODEL_KEYS = [
  "provider",
  "model",
  "baseUrl",
  "apiKeyEnv",
  "budgetMs",
  "onTimeout",
  "context",
  "structuredOutput",
  "maxTokens",
];
const VALUE_TEST_KEYS = [
  "equals",
  "notEquals",
  "in",
  "glob",
  "regex",
  "flags",
  "contains",
  "startsWith",
  "endsWith",
  "exists",
  "gt",
  "gte",
  "lt",
  "lte",
  "not",
];
const WHEN_KEYS = [
  "tool",
  "kind",
  "event",
  "host",
  "environment",
  "input",
  "shell",
  "path",
  "url",
  "cwd",
  "all",
  "any",
  "not",
];
export const RULE_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)+$/;

const typeOf = (v: unknown) =>
  v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : `a ${typeof v}`;
const list = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(", ");

function fail(file: string, path: string, expected: string, got: unknown): never {
  if (got === undefined) throw new PolicyError(`${file}: ${path} must be ${expected}, but it is missing.`);
  throw new PolicyError(
    `${file}: ${path} must be ${expected}, not ${typeof got === "string" ? JSON.stringify(got) : typeOf(got)}.`,
  );
}

function onlyKeys(file: string, path: string, obj: Record<string, unknown>, keys: string[]) {
  for (const k of Object.keys(obj)) {
    if (!keys.includes(k))
      throw new PolicyError(
        `${file}: unknown key ${path ? `${path}.` : ""}${k} (expected one of: ${keys.join(", ")}).`,
      );
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** `a.b` for identifier-like keys, `a["x.y"]` otherwise. */
const key = (path: string, k: string) =>
  /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;

/** Checks one file; `origin` says whether it is the user's config or a project's. */
export function validatePolicy(file: string, value: unknown, origin: "user" | "project" = "user"): PolicyConfig {
  const v: Validator = new Validator(file);
  if (!isObject(value)) fail(file, "the top level", "an object", value);
  onlyKeys(file, "", value, TOP_KEYS);
  // An editor's pointer to the policy's JSON Schema (docs/staso.schema.json); staso itself ignores it.
  if (value.$schema !== undefined && typeof value.$schema !== "string")
    fail(file, "$schema", "the URL or path of the policy's JSON Schema (a string)", value.$schema);
  if (value.level !== undefined && !LEVELS.includes(value.level as Level))
    fail(file, "level", `one of ${list(LEVELS)}`, value.level);
  if (value.failMode !== undefined && value.failMode !== "open" && value.failMode !== "closed")
    fail(file, "failMode", '"closed" or "open"', value.failMode);
  if (value.timeout !== undefined && (typeof value.timeout !== "number" || !(value.timeout > 0) || value.timeout > 600))
    fail(file, "timeout", "a number of seconds above 0 and at most 600", value.timeout);
  if (value.environment !== undefined && !ENVIRONMENTS.includes(value.environment as Environment))
    fail(file, "environment", `one of ${list(ENVIRONMENTS)}`, value.environment);
  if (value.rules !== undefined) {
    if (!isObject(value.rules)) fail(file, "rules", "an object keyed by rule id", value.rules);
    for (const [id, setting] of Object.entries(value.rules)) v.ruleSetting(`rules["${id}"]`, setting);
  }
  if (value.customRules !== undefined) {
    v.array("customRules", value.customRules, "an array of rules");
    const seen = new Map<string, number>();
    (value.customRules as unknown[]).forEach((r, i) => {
      const id = v.customRule(`customRules[${i}]`, r);
      if (seen.has(id))
        throw new PolicyError(
          `${file}: customRules[${i}].id "${id}" is already the id of customRules[${seen.get(id)}].`,
        );
      seen.set(id, i);
    });
  }
  if (value.allow !== undefined) {
    v.array("allow", value.allow, "an array of allow-list entries");
    (value.allow as unknown[]).forEach((e, i) => v.allowEntry(`allow[${i}]`, e));
  }
  if (value.plugins !== undefined) {
    v.array("plugins", value.plugins, "an array of module paths or package names");
    (value.plugins as unknown[]).forEach((p, i) => {
      if (typeof p !== "string" || p.trim() === "")
        fail(file, `plugins[${i}]`, 'a module path ("./guards.mjs") or a package name', p);
    });
  }
  if (value.tests !== undefined) {
    v.array("tests", value.tests, "an array of tests");
    (value.tests as unknown[]).forEach((t, i) => v.test(`tests[${i}]`, t));
  }
  if (value.escalation !== undefined) {
    const e = value.escalation;
    if (!isObject(e)) fail(file, "escalation", "an object", e);
    onlyKeys(file, "escalation", e, ["timeout", "onTimeout", "mode", "pollInterval", "approvalTtl", "notify"]);
    if (e.timeout !== undefined && (typeof e.timeout !== "number" || !(e.timeout > 0) || e.timeout > 86400))
      fail(file, "escalation.timeout", "a number of seconds above 0 and at most 86400", e.timeout);
    if (e.onTimeout !== undefined && e.onTimeout !== "block" && e.onTimeout !== "allow")
      fail(file, "escalation.onTimeout", '"block" or "allow"', e.onTimeout);
    if (e.mode !== undefined) {
      if (isObject(e.mode)) {
        onlyKeys(file, "escalation.mode", e.mode, [...ESCALATION_MODE_HOSTS]);
        for (const [host, m] of Object.entries(e.mode)) {
          const canAsk = ESCALATION_KEYS.some((k) => k.key === host && k.ask);
          const allowed = canAsk ? ESCALATION_MODES : ESCALATION_MODES.filter((x) => x !== "ask");
          if (!allowed.includes(m as EscalationMode))
            fail(
              file,
              key("escalation.mode", host),
              `one of ${list(allowed)}${canAsk ? "" : " (it has no prompt of its own to ask in)"}`,
              m,
            );
        }
      } else if (!ESCALATION_MODES.includes(e.mode as EscalationMode))
        fail(
          file,
          "escalation.mode",
          `one of ${list(ESCALATION_MODES)}, or an object with ${list(ESCALATION_MODE_HOSTS)}`,
          e.mode,
        );
    }
    if (
      e.pollInterval !== undefined &&
      (typeof e.pollInterval !== "number" || !(e.pollInterval >= 0.05) || e.pollInterval > 60)
    )
      fail(file, "escalation.pollInterval", "a number of seconds from 0.05 to 60", e.pollInterval);
    if (
      e.approvalTtl !== undefined &&
      (typeof e.approvalTtl !== "number" || !(e.approvalTtl > 0) || e.approvalTtl > 604800)
    )
      fail(file, "escalation.approvalTtl", "a number of seconds above 0 and at most 604800 (7 days)", e.approvalTtl);
    if (e.notify !== undefined && !["auto", "desktop", "bell", "off"].includes(e.notify as string))
      fail(file, "escalation.notify", '"auto", "desktop", "bell" or "off"', e.notify);
  }
  if (value.trustedProjects !== undefined) {
    if (origin === "project")
      throw new PolicyError(`${file}: trustedProjects can only be set in the user's own config, not in a project's.`);
    v.array("trustedProjects", value.trustedProjects, "an array of directory globs");
    (value.trustedProjects as unknown[]).forEach((g, i) => v.glob(`trustedProjects[${i}]`, g));
  }
  if (value.audit !== undefined) validateAuditConfig(file, value.audit);
  if (value.judges !== undefined) {
    v.array("judges", value.judges, "an array of judges");
    const seen = new Map<string, number>();
    (value.judges as unknown[]).forEach((j, i) => {
      const id = v.judge(`judges[${i}]`, j);
      const other = seen.get(id);
      if (other !== undefined)
        throw new PolicyError(`${file}: judges[${i}].id "${id}" is already the id of judges[${other}].`);
      seen.set(id, i);
    });
  }
  if (value.grayZone !== undefined) {
    const g = value.grayZone;
    if (!isObject(g)) fail(file, "grayZone", "an object (provider, model, …)", g);
    onlyKeys(file, "grayZone", g, [...JUDGE_MODEL_KEYS, "instructions"]);
    v.judgeModel("grayZone", g);
    if (g.instructions !== undefined && typeof g.instructions !== "string")
      fail(file, "grayZone.instructions", "a string (added to the built-in instructions)", g.instructions);
  }
  return value as PolicyConfig;
}

class Validator {
  constructor(readonly file: string) {}

  array(path: string, value: unknown, expected: string): asserts value is unknown[] {
    if (!Array.isArray(value)) fail(this.file, path, expected, value);
  }

  strings(path: string, value: unknown, expected = "an array of strings"): asserts value is string[] {
    if (!Array.isArray(value) || value.some((x) => typeof x !== "string")) fail(this.file, path, expected, value);
  }

  ruleSetting(path: string, setting: unknown) {
    const file = this.file;
    if (typeof setting === "string") {
      if (!MODES.includes(setting)) fail(file, path, `one of ${MODES.join(", ")}`, setting);
      return;
    }
    if (!isObject(setting)) fail(file, path, "a mode string or an object", setting);
    onlyKeys(file, path, setting, ["mode", "action", "params", "environments"]);
    if (setting.mode !== undefined && !MODES.includes(setting.mode as string))
      fail(file, `${path}.mode`, `one of ${MODES.join(", ")}`, setting.mode);
    if (setting.action !== undefined && !ACTIONS.includes(setting.action as string))
      fail(file, `${path}.action`, `one of ${ACTIONS.join(", ")}`, setting.action);
    if (setting.params !== undefined && !isObject(setting.params))
      fail(file, `${path}.params`, "an object", setting.params);
    if (setting.environments !== undefined) this.environments(`${path}.environments`, setting.environments);
  }

  environments(path: string, value: unknown) {
    const ok = Array.isArray(value) && value.length > 0 && value.every((e) => ENVIRONMENTS.includes(e));
    if (!ok) fail(this.file, path, `a non-empty array of ${list(ENVIRONMENTS)}`, value);
  }

  regex(path: string, source: unknown, flags: unknown) {
    if (typeof source !== "string") fail(this.file, path, "a regular expression (a string)", source);
    if (flags !== undefined && typeof flags !== "string")
      fail(this.file, path.replace(/regex$/, "flags"), 'a string of regex flags ("i", "m", "s")', flags);
    try {
      compileRegex(source, (flags as string | undefined) ?? "");
    } catch (err) {
      throw new PolicyError(
        `${this.file}: ${path} must be a regular expression staso can match in linear time, not ${JSON.stringify(source)} (${(err as Error).message}).`,
      );
    }
  }

  glob(path: string, g: unknown) {
    if (typeof g !== "string" || g === "") fail(this.file, path, "a glob (a non-empty string)", g);
    try {
      compileGlob(g);
    } catch (err) {
      throw new PolicyError(
        `${this.file}: ${path} must be a valid glob, not ${JSON.stringify(g)} (${(err as Error).message}).`,
      );
    }
  }

  nameMatch(path: string, m: unknown) {
    if (typeof m === "string") return this.glob(path, m);
    if (Array.isArray(m)) {
      if (m.length === 0) fail(this.file, path, "a name, a glob, an array of them or {regex}", m);
      return m.forEach((g, i) => this.glob(`${path}[${i}]`, g));
    }
    if (!isObject(m)) fail(this.file, path, "a name, a glob, an array of them or {regex}", m);
    onlyKeys(this.file, path, m, ["glob", "regex", "flags"]);
    if (m.glob === undefined && m.regex === undefined)
      throw new PolicyError(`${this.file}: ${path} must have a glob or a regex.`);
    if (m.glob !== undefined)
      (Array.isArray(m.glob) ? m.glob : [m.glob]).forEach((g, i) =>
        this.glob(Array.isArray(m.glob) ? `${path}.glob[${i}]` : `${path}.glob`, g),
      );
    if (m.regex !== undefined) this.regex(`${path}.regex`, m.regex, m.flags);
    else if (m.flags !== undefined)
      throw new PolicyError(`${this.file}: ${path}.flags is only meaningful with a regex.`);
  }

  oneOrMany(path: string, value: unknown, allowed: readonly string[]) {
    const items = Array.isArray(value) ? value : [value];
    if (items.length === 0 || !items.every((x) => typeof x === "string" && allowed.includes(x)))
      fail(this.file, path, `one of ${list(allowed)} or an array of them`, value);
  }

  condition(path: string, c: unknown) {
    const file = this.file;
    if (c === null || typeof c === "string" || typeof c === "number" || typeof c === "boolean") return;
    if (!isObject(c))
      fail(file, path, "a value to equal or an object of tests (equals, glob, regex, contains, exists, gt, …)", c);
    onlyKeys(file, path, c, VALUE_TEST_KEYS);
    if (Object.keys(c).length === 0 || (Object.keys(c).length === 1 && c.flags !== undefined))
      throw new PolicyError(
        `${file}: ${path} must have at least one test (${VALUE_TEST_KEYS.filter((k) => k !== "flags").join(", ")}).`,
      );
    if (c.in !== undefined && !Array.isArray(c.in)) fail(file, `${path}.in`, "an array of values", c.in);
    if (c.glob !== undefined)
      (Array.isArray(c.glob) ? c.glob : [c.glob]).forEach((g, i) =>
        this.glob(Array.isArray(c.glob) ? `${path}.glob[${i}]` : `${path}.glob`, g),
      );
    if (c.regex !== undefined) this.regex(`${path}.regex`, c.regex, c.flags);
    else if (c.flags !== undefined) throw new PolicyError(`${file}: ${path}.flags is only meaningful with a regex.`);
    if (c.contains !== undefined && !["string", "number", "boolean"].includes(typeof c.contains))
      fail(file, `${path}.contains`, "a string (or a number or boolean, for arrays)", c.contains);
    for (const k of ["startsWith", "endsWith"])
      if (c[k] !== undefined && typeof c[k] !== "string") fail(file, `${path}.${k}`, "a string", c[k]);
    if (c.exists !== undefined && typeof c.exists !== "boolean")
      fail(file, `${path}.exists`, "true or false", c.exists);
    for (const k of ["gt", "gte", "lt", "lte"])
      if (c[k] !== undefined && (typeof c[k] !== "number" || !Number.isFinite(c[k])))
        fail(file, `${path}.${k}`, "a number", c[k]);
    if (c.not !== undefined) this.condition(`${path}.not`, c.not);
  }

  path(path: string, p: unknown) {
    if (typeof p !== "string" || p === "")
      fail(this.file, path, 'a field path such as "command" or "edits[*].new_string"', p);
    try {
      parseFieldPath(p);
    } catch (err) {
      throw new PolicyError(
        `${this.file}: ${path} must be a field path such as "command" or "edits[*].new_string", not ${JSON.stringify(p)} (${(err as Error).message}).`,
      );
    }
  }

  when(path: string, w: unknown) {
    const file = this.file;
    if (!isObject(w))
      fail(file, path, "an object of conditions (tool, kind, event, input, shell, path, url, cwd, all, any, not)", w);
    onlyKeys(file, path, w, WHEN_KEYS);
    if (w.tool !== undefined) this.nameMatch(`${path}.tool`, w.tool);
    if (w.kind !== undefined) this.oneOrMany(`${path}.kind`, w.kind, KINDS);
    if (w.event !== undefined) this.oneOrMany(`${path}.event`, w.event, EVENTS);
    if (
      w.host !== undefined &&
      !(
        typeof w.host === "string" ||
        (Array.isArray(w.host) && w.host.length > 0 && w.host.every((h) => typeof h === "string"))
      )
    )
      fail(file, `${path}.host`, "a host name or an array of them", w.host);
    if (w.environment !== undefined) this.oneOrMany(`${path}.environment`, w.environment, ENVIRONMENTS);
    if (w.input !== undefined) {
      if (!isObject(w.input)) fail(file, `${path}.input`, "an object of field paths to conditions", w.input);
      for (const [field, c] of Object.entries(w.input)) {
        this.path(key(`${path}.input`, field), field);
        this.condition(key(`${path}.input`, field), c);
      }
    }
    if (w.shell !== undefined) {
      const s = w.shell;
      if (!isObject(s))
        fail(file, `${path}.shell`, "an object (program, subcommand, flags, withoutFlags, args, words)", s);
      onlyKeys(file, `${path}.shell`, s, ["program", "subcommand", "flags", "withoutFlags", "args", "words"]);
      if (Object.keys(s).length === 0)
        throw new PolicyError(
          `${file}: ${path}.shell must have at least one of program, subcommand, flags, withoutFlags, args, words.`,
        );
      if (s.program !== undefined) this.nameMatch(`${path}.shell.program`, s.program);
      if (s.subcommand !== undefined) this.nameMatch(`${path}.shell.subcommand`, s.subcommand);
      for (const k of ["flags", "withoutFlags"]) {
        if (s[k] === undefined) continue;
        const ok =
          Array.isArray(s[k]) &&
          (s[k] as unknown[]).length > 0 &&
          (s[k] as unknown[]).every((f) => typeof f === "string" && /^--?[^\s-][^\s=]*$/.test(f));
        if (!ok) fail(file, `${path}.shell.${k}`, 'a non-empty array of flags such as "--force" or "-f"', s[k]);
      }
      if (s.args !== undefined) this.condition(`${path}.shell.args`, s.args);
      if (s.words !== undefined) this.condition(`${path}.shell.words`, s.words);
    }
    if (w.path !== undefined) this.condition(`${path}.path`, w.path);
    if (w.url !== undefined) this.condition(`${path}.url`, w.url);
    if (w.cwd !== undefined) this.condition(`${path}.cwd`, w.cwd);
    for (const k of ["all", "any"]) {
      if (w[k] === undefined) continue;
      if (!Array.isArray(w[k]) || (w[k] as unknown[]).length === 0)
        fail(file, `${path}.${k}`, "a non-empty array of conditions", w[k]);
      (w[k] as unknown[]).forEach((sub, i) => this.when(`${path}.${k}[${i}]`, sub));
    }
    if (w.not !== undefined) this.when(`${path}.not`, w.not);
  }

  expires(path: string, value: unknown) {
    if (
      typeof value !== "string" ||
      !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ||
      Number.isNaN(Date.parse(value))
    ) {
      fail(this.file, path, 'a date such as "2025-12-31" (or a date and time)', value);
    }
  }

  id(path: string, value: unknown): string {
    if (typeof value !== "string" || !RULE_ID.test(value))
      fail(this.file, path, 'a rule id of the form "<pack>/<name>", such as "team/no-npm-publish"', value);
    return value;
  }

  customRule(path: string, r: unknown): string {
    const file = this.file;
    if (!isObject(r)) fail(file, path, "an object (id, reason, action, when, …)", r);
    onlyKeys(file, path, r, ["id", "description", "reason", "action", "mode", "when", "modify", "allows", "expires"]);
    const id = this.id(`${path}.id`, r.id);
    if (r.description !== undefined && typeof r.description !== "string")
      fail(file, `${path}.description`, "a string", r.description);
    if (typeof r.reason !== "string" || r.reason.trim() === "")
      fail(file, `${path}.reason`, "a sentence for the model saying what is wrong and what to do instead", r.reason);
    if (!CUSTOM_ACTIONS.includes(r.action as string))
      fail(file, `${path}.action`, `one of ${CUSTOM_ACTIONS.join(", ")}`, r.action);
    if (r.mode !== undefined && !MODES.includes(r.mode as string))
      fail(file, `${path}.mode`, `one of ${MODES.join(", ")}`, r.mode);
    if (r.when === undefined)
      throw new PolicyError(
        `${file}: ${path}.when is missing (the conditions a call must meet for the rule to apply).`,
      );
    this.when(`${path}.when`, r.when);
    if (r.action === "modify") {
      if (r.modify === undefined)
        throw new PolicyError(
          `${file}: ${path}.modify is missing (action "modify" needs set, remove, replace or dropFlags).`,
        );
      this.modify(`${path}.modify`, r.modify);
    } else if (r.modify !== undefined)
      throw new PolicyError(`${file}: ${path}.modify is only meaningful with action "modify".`);
    if (r.action === "allow") {
      if (r.allows !== undefined) this.ruleGlobs(`${path}.allows`, r.allows);
      if (r.expires !== undefined) this.expires(`${path}.expires`, r.expires);
    } else {
      if (r.allows !== undefined)
        throw new PolicyError(`${file}: ${path}.allows is only meaningful with action "allow".`);
      if (r.expires !== undefined)
        throw new PolicyError(
          `${file}: ${path}.expires is only meaningful with action "allow" (turn a rule off with mode "off").`,
        );
    }
    return id;
  }

  judge(path: string, j: unknown): string {
    const file = this.file;
    if (!isObject(j)) fail(file, path, "an object (id, provider, model, instructions, when, …)", j);
    onlyKeys(file, path, j, ["id", "description", "instructions", "when", "mode", ...JUDGE_MODEL_KEYS]);
    const id = this.id(`${path}.id`, j.id);
    if (j.description !== undefined && typeof j.description !== "string")
      fail(file, `${path}.description`, "a string", j.description);
    if (typeof j.instructions !== "string" || j.instructions.trim() === "")
      fail(
        file,
        `${path}.instructions`,
        "what the judge should decide, in a sentence or two for the model",
        j.instructions,
      );
    if (j.mode !== undefined && !MODES.includes(j.mode as string))
      fail(file, `${path}.mode`, `one of ${MODES.join(", ")}`, j.mode);
    if (j.when === undefined)
      throw new PolicyError(
        `${file}: ${path}.when is missing (the calls the judge looks at; {} for every call, each one then a request to the model).`,
      );
    this.when(`${path}.when`, j.when);
    const event = (j.when as Record<string, unknown>).event;
    if (event !== undefined && (Array.isArray(event) ? event : [event]).some((e) => e !== "pre"))
      fail(file, `${path}.when.event`, '"pre" (a judge decides before the tool runs)', event);
    this.judgeModel(path, j);
    return id;
  }

  /** The model settings a judge and the gray zone share. */
  judgeModel(path: string, m: Record<string, unknown>) {
    const file = this.file;
    if (!JUDGE_PROVIDERS.includes(m.provider as never))
      fail(file, `${path}.provider`, `one of ${list(JUDGE_PROVIDERS)}`, m.provider);
    if (typeof m.model !== "string" || m.model.trim() === "")
      fail(file, `${path}.model`, 'the model\'s name, such as "claude-haiku-4-5" or "gpt-4.1-mini"', m.model);
    if (m.baseUrl !== undefined) {
      let url: URL | undefined;
      try {
        url = typeof m.baseUrl === "string" ? new URL(m.baseUrl) : undefined;
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
        fail(file, `${path}.baseUrl`, "an http:// or https:// URL, as the provider's SDK takes it", m.baseUrl);
      if (url.username || url.password)
        throw new PolicyError(
          `${file}: ${path}.baseUrl must not hold credentials: put the key in an environment variable and name it in apiKeyEnv.`,
        );
    }
    if (m.apiKeyEnv !== undefined && (typeof m.apiKeyEnv !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(m.apiKeyEnv)))
      fail(file, `${path}.apiKeyEnv`, 'the name of an environment variable, such as "ANTHROPIC_API_KEY"', m.apiKeyEnv);
    if (
      m.budgetMs !== undefined &&
      (typeof m.budgetMs !== "number" || !Number.isFinite(m.budgetMs) || m.budgetMs < 100 || m.budgetMs > 600_000)
    )
      fail(file, `${path}.budgetMs`, "a number of milliseconds from 100 to 600000", m.budgetMs);
    if (m.onTimeout !== undefined && !JUDGE_VERDICTS.includes(m.onTimeout as never))
      fail(file, `${path}.onTimeout`, `one of ${list(JUDGE_VERDICTS)}`, m.onTimeout);
    if (m.context !== undefined) {
      const c = m.context;
      if (!isObject(c)) fail(file, `${path}.context`, "an object ({ transcript: N })", c);
      onlyKeys(file, `${path}.context`, c, ["transcript"]);
      if (
        c.transcript !== undefined &&
        (typeof c.transcript !== "number" ||
          !Number.isInteger(c.transcript) ||
          c.transcript < 0 ||
          c.transcript > MAX_TRANSCRIPT_MESSAGES)
      )
        fail(
          file,
          `${path}.context.transcript`,
          `a whole number of the user's last messages, from 0 to ${MAX_TRANSCRIPT_MESSAGES}`,
          c.transcript,
        );
    }
    if (m.structuredOutput !== undefined) {
      if (m.structuredOutput !== "tool" && m.structuredOutput !== "json_schema")
        fail(file, `${path}.structuredOutput`, '"tool" or "json_schema"', m.structuredOutput);
      if (m.provider !== "openai")
        throw new PolicyError(
          `${file}: ${path}.structuredOutput is only meaningful with provider "openai" (Anthropic's answer always comes through a tool).`,
        );
    }
    if (
      m.maxTokens !== undefined &&
      (typeof m.maxTokens !== "number" || !Number.isInteger(m.maxTokens) || m.maxTokens < 16 || m.maxTokens > 65536)
    )
      fail(file, `${path}.maxTokens`, "a whole number of tokens from 16 to 65536", m.maxTokens);
  }

  ruleGlobs(path: string, value: unknown) {
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      !value.every((x) => typeof x === "string" && /^[\w.*/-]+$/.test(x))
    )
      fail(this.file, path, 'a non-empty array of rule ids or globs such as "git/*"', value);
  }

  modify(path: string, m: unknown) {
    const file = this.file;
    if (!isObject(m)) fail(file, path, "an object (set, remove, replace, dropFlags)", m);
    onlyKeys(file, path, m, ["set", "remove", "replace", "dropFlags"]);
    if (Object.keys(m).length === 0)
      throw new PolicyError(`${file}: ${path} must have at least one of set, remove, replace, dropFlags.`);
    if (m.set !== undefined) {
      if (!isObject(m.set)) fail(file, `${path}.set`, "an object of field paths to values", m.set);
      for (const p of Object.keys(m.set)) this.path(key(`${path}.set`, p), p);
    }
    if (m.remove !== undefined) {
      this.strings(`${path}.remove`, m.remove, "an array of field paths");
      m.remove.forEach((p, i) => this.path(`${path}.remove[${i}]`, p));
    }
    if (m.replace !== undefined) {
      this.array(`${path}.replace`, m.replace, "an array of {path, regex, with}");
      m.replace.forEach((r, i) => {
        const at = `${path}.replace[${i}]`;
        if (!isObject(r)) fail(file, at, "an object {path, regex, with}", r);
        onlyKeys(file, at, r, ["path", "regex", "flags", "with"]);
        this.path(`${at}.path`, r.path);
        this.regex(`${at}.regex`, r.regex, r.flags);
        if (typeof r.with !== "string")
          fail(file, `${at}.with`, "the replacement text (a string; $1, $<name> and $& refer to the match)", r.with);
      });
    }
    if (m.dropFlags !== undefined) {
      const ok =
        Array.isArray(m.dropFlags) &&
        m.dropFlags.length > 0 &&
        m.dropFlags.every((f) => typeof f === "string" && /^--?[^\s-][^\s=]*$/.test(f));
      if (!ok) fail(file, `${path}.dropFlags`, 'a non-empty array of flags such as "--no-verify"', m.dropFlags);
    }
  }

  allowEntry(path: string, e: unknown) {
    const file = this.file;
    if (!isObject(e)) fail(file, path, "an object (rules, when, reason, expires)", e);
    onlyKeys(file, path, e, ["rules", "when", "reason", "expires"]);
    if (e.rules !== undefined) this.ruleGlobs(`${path}.rules`, e.rules);
    if (e.when !== undefined) this.when(`${path}.when`, e.when);
    if (typeof e.reason !== "string" || e.reason.trim() === "")
      fail(file, `${path}.reason`, "a sentence saying why these calls are allowed", e.reason);
    if (e.expires !== undefined) this.expires(`${path}.expires`, e.expires);
  }

  test(path: string, t: unknown) {
    const file = this.file;
    if (!isObject(t)) fail(file, path, "an object (tool, input, expect)", t);
    onlyKeys(file, path, t, ["name", "tool", "input", "host", "event", "cwd", "expect", "rule", "expectInput"]);
    if (t.name !== undefined && typeof t.name !== "string") fail(file, `${path}.name`, "a string", t.name);
    if (typeof t.tool !== "string" || t.tool === "") fail(file, `${path}.tool`, 'a tool name such as "Bash"', t.tool);
    if (!isObject(t.input)) fail(file, `${path}.input`, "the tool input (an object)", t.input);
    if (t.host !== undefined && !HOST_IDS.includes(t.host as HostId))
      fail(file, `${path}.host`, list(HOST_IDS), t.host);
    if (t.event !== undefined && t.event !== "pre" && t.event !== "post")
      fail(file, `${path}.event`, '"pre" or "post"', t.event);
    if (t.cwd !== undefined && typeof t.cwd !== "string") fail(file, `${path}.cwd`, "a directory (a string)", t.cwd);
    if (!["allow", "block", "escalate", "modify"].includes(t.expect as string))
      fail(file, `${path}.expect`, "one of allow, block, escalate, modify", t.expect);
    if (t.rule !== undefined && typeof t.rule !== "string") fail(file, `${path}.rule`, "a rule id", t.rule);
    if (t.expectInput !== undefined) {
      if (!isObject(t.expectInput))
        fail(file, `${path}.expectInput`, "an object of field paths to values", t.expectInput);
      for (const p of Object.keys(t.expectInput)) this.path(key(`${path}.expectInput`, p), p);
    }
  }
}

/** The `audit` section: recording, rotation, retention and export (resolved by audit/settings.ts). */
function validateAuditConfig(file: string, audit: unknown): AuditConfig {
  if (!isObject(audit)) fail(file, "audit", "an object", audit);
  onlyKeys(file, "audit", audit, AUDIT_CONFIG_KEYS);
  if (audit.record !== undefined && audit.record !== "all" && audit.record !== "non-allow")
    fail(file, "audit.record", '"all" or "non-allow"', audit.record);
  if (audit.enabled !== undefined && typeof audit.enabled !== "boolean")
    fail(file, "audit.enabled", "true or false", audit.enabled);
  if (
    audit.maxFileMB !== undefined &&
    (typeof audit.maxFileMB !== "number" || !(audit.maxFileMB > 0) || audit.maxFileMB > 4096)
  )
    fail(file, "audit.maxFileMB", "a number of megabytes above 0 and at most 4096", audit.maxFileMB);
  if (
    audit.retentionDays !== undefined &&
    (typeof audit.retentionDays !== "number" ||
      !Number.isInteger(audit.retentionDays) ||
      audit.retentionDays < 1 ||
      audit.retentionDays > 3650)
  )
    fail(file, "audit.retentionDays", "a whole number of days from 1 to 3650", audit.retentionDays);
  if (audit.export !== undefined) {
    const exp = audit.export;
    if (!isObject(exp)) fail(file, "audit.export", "an object", exp);
    onlyKeys(file, "audit.export", exp, AUDIT_EXPORT_CONFIG_KEYS);
    if (exp.enabled !== undefined && typeof exp.enabled !== "boolean")
      fail(file, "audit.export.enabled", "true or false", exp.enabled);
    if (exp.endpoint !== undefined && (typeof exp.endpoint !== "string" || !/^https?:\/\/[^\s/]+/i.test(exp.endpoint)))
      fail(file, "audit.export.endpoint", "an http:// or https:// URL", exp.endpoint);
    if (exp.headers !== undefined) {
      if (!isObject(exp.headers))
        fail(file, "audit.export.headers", "an object of header names to string values", exp.headers);
      for (const [name, v] of Object.entries(exp.headers)) {
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
          throw new PolicyError(
            `${file}: audit.export.headers has ${JSON.stringify(name)}, which is not a valid HTTP header name.`,
          );
        if (typeof v !== "string") fail(file, `audit.export.headers["${name}"]`, "a string", v);
      }
    }
  }
  return audit as AuditConfig;
}
