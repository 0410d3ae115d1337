// The shape of a staso policy file, and its validation. Every error names the file, the path inside it
// and what was expected, in one sentence.
import type { FailMode } from "../engine/fail-mode.js";
import type { RuleAction } from "../engine/rule.js";
import type { RuleMode } from "../engine/types.js";

export interface RuleSetting {
  mode?: RuleMode;
  action?: RuleAction;
  params?: Record<string, unknown>;
}

export interface PolicyConfig {
  failMode?: FailMode;
  /** Seconds the rules may take (STASO_GUARD_TIMEOUT overrides). */
  timeout?: number;
  rules?: Record<string, RuleSetting | RuleMode>;
  audit?: { record?: "all" | "non-allow"; enabled?: boolean };
}

export class PolicyError extends Error {}

const MODES = ["enforce", "audit", "off"];
const ACTIONS = ["block", "modify", "escalate"];

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : `a ${typeof v}`);

function fail(file: string, path: string, expected: string, got: unknown): never {
  throw new PolicyError(`${file}: ${path} must be ${expected}, not ${typeof got === "string" ? JSON.stringify(got) : typeOf(got)}.`);
}

function onlyKeys(file: string, path: string, obj: Record<string, unknown>, keys: string[]) {
  for (const k of Object.keys(obj)) {
    if (!keys.includes(k)) throw new PolicyError(`${file}: unknown key ${path ? path + "." : ""}${k} (expected one of: ${keys.join(", ")}).`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export function validatePolicy(file: string, value: unknown): PolicyConfig {
  if (!isObject(value)) fail(file, "the top level", "an object", value);
  onlyKeys(file, "", value, ["$schema", "failMode", "timeout", "rules", "audit"]);
  if (value.failMode !== undefined && value.failMode !== "open" && value.failMode !== "closed") fail(file, "failMode", '"closed" or "open"', value.failMode);
  if (value.timeout !== undefined && (typeof value.timeout !== "number" || !(value.timeout > 0) || value.timeout > 600)) fail(file, "timeout", "a number of seconds above 0 and at most 600", value.timeout);
  if (value.rules !== undefined) {
    if (!isObject(value.rules)) fail(file, "rules", "an object keyed by rule id", value.rules);
    for (const [id, setting] of Object.entries(value.rules)) {
      const path = `rules["${id}"]`;
      if (typeof setting === "string") {
        if (!MODES.includes(setting)) fail(file, path, `one of ${MODES.join(", ")}`, setting);
        continue;
      }
      if (!isObject(setting)) fail(file, path, "a mode string or an object", setting);
      onlyKeys(file, path, setting, ["mode", "action", "params"]);
      if (setting.mode !== undefined && !MODES.includes(setting.mode as string)) fail(file, `${path}.mode`, `one of ${MODES.join(", ")}`, setting.mode);
      if (setting.action !== undefined && !ACTIONS.includes(setting.action as string)) fail(file, `${path}.action`, `one of ${ACTIONS.join(", ")}`, setting.action);
      if (setting.params !== undefined && !isObject(setting.params)) fail(file, `${path}.params`, "an object", setting.params);
    }
  }
  if (value.audit !== undefined) {
    if (!isObject(value.audit)) fail(file, "audit", "an object", value.audit);
    onlyKeys(file, "audit", value.audit, ["record", "enabled"]);
    if (value.audit.record !== undefined && value.audit.record !== "all" && value.audit.record !== "non-allow") fail(file, "audit.record", '"all" or "non-allow"', value.audit.record);
    if (value.audit.enabled !== undefined && typeof value.audit.enabled !== "boolean") fail(file, "audit.enabled", "true or false", value.audit.enabled);
  }
  return value as PolicyConfig;
}
