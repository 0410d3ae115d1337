// The condition language of custom rules, allow-list entries, judges and the built-in table rules: which
// calls a `when` selects. Validated by policy/schema.ts, compiled by ./match.ts.
import type { HookEvent, ToolKind } from "../../engine/types.js";

export type Environment = "dev" | "staging" | "prod";

/** A test on one value: several keys must all hold. A bare string/number/boolean/null means equals. */
export interface ValueTest {
  equals?: unknown;
  notEquals?: unknown;
  in?: unknown[];
  glob?: string | string[];
  regex?: string;
  /** Regex flags: i, m, s. */
  flags?: string;
  contains?: string | number | boolean;
  startsWith?: string;
  endsWith?: string;
  exists?: boolean;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  not?: ValueCondition;
}
export type ValueCondition = string | number | boolean | null | ValueTest;

/** A name (tool, program, subcommand): a glob, any of several globs, or a regex. */
export type NameMatch = string | string[] | { glob?: string | string[]; regex?: string; flags?: string };

/** Shell structure, through the shell analyser: all given keys must hold for one and the same command. */
export interface ShellMatch {
  program?: NameMatch;
  subcommand?: NameMatch;
  /** At least one of these flags is given (`--no-verify`, `-n`; `-f` also matches inside `-fd`; `--x` also `--x=…`). */
  flags?: string[];
  /** None of these flags is given. */
  withoutFlags?: string[];
  /** Some argument satisfies this. */
  args?: ValueCondition;
  /**
   * The arguments without options, joined by single spaces ("repo delete owner/x"), satisfy this: a
   * subcommand path, e.g. `{ regex: "^project (rm|remove)\\b" }`.
   */
  words?: ValueCondition;
}

export interface WhenConfig {
  tool?: NameMatch;
  kind?: ToolKind | ToolKind[];
  event?: HookEvent | HookEvent[];
  host?: string | string[];
  environment?: Environment | Environment[];
  /** Fields of the tool input by path ("command", "edits[*].new_string", "amount"): each must hold. */
  input?: Record<string, ValueCondition>;
  shell?: ShellMatch;
  /** Some file the call writes or reads (absolute path). */
  path?: ValueCondition;
  /** Some URL the call fetches. */
  url?: ValueCondition;
  /** The folder the call is made in (the agent's working directory, absolute): `staso allow --here` scopes by it. */
  cwd?: ValueCondition;
  all?: WhenConfig[];
  any?: WhenConfig[];
  not?: WhenConfig;
}

/** One step of a field path: a key, an array index, or * (every element or value). */
export type PathStep = string | number | { any: true };

/** "a.b[0].c", "edits[*].new_string", 'headers["x-api-key"]', "a.*". */
export function parseFieldPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let i = 0;
  const n = path.length;
  while (i < n) {
    const c = path[i]!;
    if (c === "[") {
      const close = path.indexOf("]", i);
      if (close < 0) throw new Error("an unclosed [");
      const inner = path.slice(i + 1, close).trim();
      if (inner === "*") steps.push({ any: true });
      else if (/^\d+$/.test(inner)) steps.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner) || /^'[^']*'$/.test(inner)) {
        if (inner.startsWith("'")) steps.push(inner.slice(1, -1));
        else steps.push(JSON.parse(inner) as string);
      } else throw new Error(`[${inner}] is neither an index, * nor a quoted key`);
      i = close + 1;
      if (path[i] === ".") i++;
      continue;
    }
    let j = i;
    while (j < n && path[j] !== "." && path[j] !== "[") j++;
    const name = path.slice(i, j);
    if (name === "") throw new Error("an empty key");
    steps.push(name === "*" ? { any: true } : name);
    i = j;
    if (path[i] === ".") {
      i++;
      if (i === n) throw new Error("a trailing dot");
    }
  }
  if (steps.length === 0) throw new Error("an empty path");
  return steps;
}
