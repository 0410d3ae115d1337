// Checking a rule's parameters (`rules["<id>"].params` in a policy) against the schema its metadata
// declares (rule.ts ParamSpec), and checking such a schema itself (a plugin's). The policy loader turns a
// problem into an error naming the file and the path; the rules never see a value of the wrong shape.
import { closest } from "../util/did-you-mean.js";
import type { ParamItems, ParamSpec } from "./rule.js";

/** What is wrong with one parameter value: where (relative to params), what was expected, what came. */
export interface ParamProblem {
  /** `.protectedBranches`, `.per_tool[2]`. */
  path: string;
  message: string;
}

const TYPES = ["string", "number", "integer", "boolean", "array"] as const;
const ITEM_TYPES = ["string", "number", "integer", "boolean"] as const;

const shown = (v: unknown): string =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "an array"
      : typeof v === "object"
        ? "an object"
        : typeof v === "string"
          ? JSON.stringify(v)
          : typeof v === "number" || typeof v === "boolean"
            ? String(v)
            : `a ${typeof v}`;

const list = (xs: readonly unknown[]) => xs.map((x) => JSON.stringify(x)).join(", ");

/** "a string", "a whole number from 1 to 600", "one of "a", "b"". */
function expected(spec: ParamSpec | ParamItems): string {
  if (spec.enum) return `one of ${list(spec.enum)}`;
  const range =
    spec.minimum !== undefined && spec.maximum !== undefined
      ? ` from ${spec.minimum} to ${spec.maximum}`
      : spec.minimum !== undefined
        ? ` of at least ${spec.minimum}`
        : spec.maximum !== undefined
          ? ` of at most ${spec.maximum}`
          : "";
  switch (spec.type) {
    case "string":
      return "pattern" in spec && spec.pattern ? `a string matching /${spec.pattern}/` : "a string";
    case "number":
      return `a number${range}`;
    case "integer":
      return `a whole number${range}`;
    case "boolean":
      return "true or false";
    case "array": {
      const s = spec as ParamSpec;
      const items = s.items ? ` of ${plural(s.items)}` : "";
      return `${s.minItems ? `an array of at least ${s.minItems}` : "an array"}${items}`;
    }
  }
}

function plural(items: ParamItems): string {
  if (items.enum) return `values among ${list(items.enum)}`;
  return { string: "strings", number: "numbers", integer: "whole numbers", boolean: "booleans" }[items.type];
}

/** Whether one value fits a scalar spec. */
function fits(spec: ParamSpec | ParamItems, v: unknown): boolean {
  if (spec.enum) return spec.enum.includes(v as string | number);
  switch (spec.type) {
    case "string":
      return typeof v === "string" && (!("pattern" in spec) || !spec.pattern || new RegExp(spec.pattern).test(v));
    case "boolean":
      return typeof v === "boolean";
    case "number":
    case "integer":
      return (
        typeof v === "number" &&
        Number.isFinite(v) &&
        (spec.type === "number" || Number.isInteger(v)) &&
        (spec.minimum === undefined || v >= spec.minimum) &&
        (spec.maximum === undefined || v <= spec.maximum)
      );
    default:
      return false;
  }
}

/** The first problem with a policy's params for a rule, or undefined when they fit its schema. */
export function checkParams(specs: Record<string, ParamSpec> | undefined, given: unknown): ParamProblem | undefined {
  if (given === undefined) return undefined;
  if (given === null || typeof given !== "object" || Array.isArray(given))
    return { path: "", message: `must be an object, not ${shown(given)}` };
  const known = Object.keys(specs ?? {});
  for (const [name, value] of Object.entries(given)) {
    const spec = specs?.[name];
    const at = /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
    if (!spec) {
      const hint = closest(name, known);
      return {
        path: at,
        message: `is not a parameter of this rule (${
          hint ? `did you mean "${hint}"?` : known.length ? `it has ${list(known)}` : "it has none"
        })`,
      };
    }
    if (spec.type === "array") {
      if (!Array.isArray(value)) return { path: at, message: `must be ${expected(spec)}, not ${shown(value)}` };
      if (spec.minItems !== undefined && value.length < spec.minItems)
        return { path: at, message: `must be ${expected(spec)}, not ${value.length === 0 ? "empty" : "shorter"}` };
      if (spec.items)
        for (const [i, item] of value.entries())
          if (!fits(spec.items, item))
            return {
              path: `${at}[${i}]`,
              message: `must be ${spec.items.description ?? expected(spec.items)}, not ${shown(item)}`,
            };
      continue;
    }
    if (!fits(spec, value)) return { path: at, message: `must be ${expected(spec)}, not ${shown(value)}` };
  }
  for (const [name, spec] of Object.entries(specs ?? {}))
    if (spec.required && (given as Record<string, unknown>)[name] === undefined)
      return { path: `.${name}`, message: `must be set (${spec.description})` };
  return undefined;
}

/** What is wrong with a parameter's schema (a plugin's metadata), or undefined. */
export function paramSpecProblem(spec: unknown): string | undefined {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) return "is not an object";
  const s = spec as Record<string, unknown>;
  if (!TYPES.includes(s.type as (typeof TYPES)[number])) return `has no type (${TYPES.join(", ")})`;
  if (typeof s.description !== "string") return "has no description (one line for `staso rules`)";
  if (s.enum !== undefined && !(Array.isArray(s.enum) && s.enum.length > 0)) return "has an enum that is not a list";
  if (s.type === "array" && s.items !== undefined) {
    const items = s.items as Record<string, unknown> | null;
    if (!items || typeof items !== "object" || !ITEM_TYPES.includes(items.type as (typeof ITEM_TYPES)[number]))
      return `has items without a type (${ITEM_TYPES.join(", ")})`;
    if (items.pattern !== undefined) {
      try {
        new RegExp(items.pattern as string);
      } catch {
        return "has items.pattern that is not a regular expression";
      }
    }
  }
  if (s.default !== undefined) {
    const problem = checkParams({ p: spec as ParamSpec }, { p: s.default });
    if (problem) return `has a default that ${problem.message.replace(/^must/, "should")}`;
  }
  return undefined;
}
