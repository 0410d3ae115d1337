// Small helpers rules use to read a SimpleCommand: options, operands, subcommands, and a one-line
// description of where a command came from (for reasons the model reads).
import type { SimpleCommand } from "./types.js";
import { step } from "../../util/deadline.js";

/**
 * Whether args hold a short option letter (alone or in a cluster: -rf has r) or a long option (exact or
 * --opt=value). Stops at "--". `valueShorts`: short options whose value follows, so their value is skipped.
 */
export function hasOption(args: string[], shorts: string, longs: string[] = [], valueShorts = ""): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") return false;
    if (a.startsWith("--")) {
      const name = a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
      if (longs.includes(name)) return true;
      continue;
    }
    if (a.startsWith("-") && a.length > 1 && !/^-\d+$/.test(a)) {
      for (let k = 1; k < a.length; k++) {
        const ch = a[k]!;
        if (shorts.includes(ch)) return true;
        if (valueShorts.includes(ch)) {
          if (k === a.length - 1) i++;
          break;
        }
      }
    }
  }
  return false;
}

/** The value of an option: `-o v`, `-ov`, `--opt v`, `--opt=v` (first occurrence). */
export function optionValue(args: string[], names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") return undefined;
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (n.startsWith("--") && a.startsWith(`${n}=`)) return a.slice(n.length + 1);
      if (!n.startsWith("--") && n.length === 2 && a.startsWith(n) && a.length > 2 && !a.startsWith("--"))
        return a.slice(2);
    }
  }
  return undefined;
}

/**
 * Operands (non-option words) with their indexes in args. `valueOptions`: options whose value is the
 * next word. Everything after "--" is an operand.
 */
export function operands(args: string[], valueOptions: string[] = []): { word: string; index: number }[] {
  const out: { word: string; index: number }[] = [];
  let after = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!after && a === "--") {
      after = true;
      continue;
    }
    if (!after && a.startsWith("-") && a.length > 1) {
      if (valueOptions.includes(a)) i++;
      continue;
    }
    out.push({ word: a, index: i });
  }
  return out;
}

/**
 * A CLI's subcommand path, skipping global options: `aws --profile x s3 rm …` → ["s3", "rm"], rest.
 * `globalValue`: global options that take a value.
 */
export function subcommands(
  args: string[],
  depth: number,
  globalValue: string[] = [],
): { path: string[]; rest: string[] } {
  const path: string[] = [];
  let i = 0;
  while (i < args.length && path.length < depth) {
    const a = args[i]!;
    if (a.startsWith("-")) {
      i += globalValue.includes(a) ? 2 : 1;
      continue;
    }
    path.push(a);
    i++;
  }
  return { path, rest: args.slice(i) };
}

const GIT_VALUE_OPTIONS = new Set([
  "-C",
  "-c",
  "--git-dir",
  "--work-tree",
  "--namespace",
  "--exec-path",
  "--config-env",
  "--super-prefix",
  "--list-cmds",
]);

/** A git invocation: its subcommand and the arguments after it (global options skipped), or undefined. */
export function gitSubcommand(args: string[]): { sub: string; rest: string[]; chdir?: string } | undefined {
  let i = 0;
  let chdir: string | undefined;
  while (i < args.length && args[i]!.startsWith("-")) {
    if (args[i] === "-C") chdir = args[i + 1];
    i += GIT_VALUE_OPTIONS.has(args[i]!) ? 2 : 1;
  }
  return i < args.length
    ? { sub: args[i]!, rest: args.slice(i + 1), ...(chdir !== undefined ? { chdir } : {}) }
    : undefined;
}

/** The command as the model wrote it, with how staso reached it when it was wrapped. */
export function describe(cmd: SimpleCommand, max = 160): string {
  const text = cmd.text.replace(/\s+/g, " ").trim();
  const short = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  const via = cmd.wrappers.length ? ` (reached through ${cmd.wrappers.join(" → ")})` : "";
  return `\`${short}\`${via}`;
}

/**
 * Every command upstream of `cmd` that feeds its stdin, its substitutions, the files it runs or reads
 * as code (fileSources), and theirs, nearest first. Complete (a pipeline of thousands of members is
 * followed to its start) and linear: each command is visited once, its steps counted against the call's
 * deadline.
 */
export function feeders(cmd: SimpleCommand): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const seen = new Set<SimpleCommand>();
  const queue: SimpleCommand[] = [];
  const enqueue = (list: SimpleCommand[] | undefined) => {
    if (!list) return;
    for (const c of list) {
      if (seen.has(c)) continue;
      seen.add(c);
      queue.push(c);
    }
  };
  enqueue(cmd.stdin?.kind !== "file" ? cmd.stdin?.from : undefined);
  enqueue(cmd.fileSources);
  for (let i = 0; i < queue.length; i++) {
    step();
    const c = queue[i]!;
    out.push(c);
    enqueue(c.substitutions);
    if (c.stdin?.kind !== "file") enqueue(c.stdin?.from);
    enqueue(c.fileSources);
  }
  return out;
}

/** Glob-style match of a name against patterns like "release/*". */
export function matchesAny(name: string, patterns: string[]): boolean {
  for (const p of patterns) {
    if (p === name) return true;
    if (p.includes("*")) {
      const re = new RegExp(
        "^" +
          p
            .split("*")
            .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
            .join(".*") +
          "$",
      );
      if (re.test(name)) return true;
    }
  }
  return false;
}

/**
 * The variables one command sets, in order: its own assignments (`VAR=v cmd`) and the NAME=value words of
 * export/declare/typeset/env/setenv (`export RAILS_ENV=production`, `env DATABASE_URL=… cmd`).
 */
export function variablesSet(cmd: SimpleCommand): [string, string][] {
  const out: [string, string][] = Object.entries(cmd.assignments ?? {});
  const p = cmd.program;
  if (p === "export" || p === "declare" || p === "typeset" || p === "env" || p === "setenv")
    for (const a of cmd.args) {
      const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(a);
      if (m) out.push([m[1]!, m[2]!]);
    }
  return out;
}
