// The rewrite of a declarative "modify" rule, in this order: drop shell flags (on the command as sent),
// remove fields, set fields, regex-replace in strings. Works on a copy of the input. Returns undefined when the rewrite cannot be made safely (e.g. a
// flag hidden inside `bash -c '…'` or a bundle such as `-nm`): the engine then blocks the call instead.
import type { ToolCall } from "../../engine/types.js";
import { shellOf } from "../../analysis/shell/index.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";
import { compileRegex, type LinearRegex } from "../../util/linear-regex.js";
import { parseFieldPath, type ModifyConfig, type PathStep } from "../schema.js";
import { deepEqual, hasFlag } from "../../analysis/when/match.js";

type Container = Record<string, unknown> | unknown[];

/** Calls fn(container, key) for every place a path reaches; with create, missing objects are made on the way. */
function visit(
  root: Container,
  steps: PathStep[],
  fn: (parent: Container, key: string | number) => void,
  create: boolean,
): void {
  const walk = (node: unknown, i: number) => {
    if (node === null || typeof node !== "object") return;
    const step = steps[i]!;
    const last = i === steps.length - 1;
    const keys: (string | number)[] =
      typeof step === "object" ? (Array.isArray(node) ? node.map((_, k) => k) : Object.keys(node)) : [step];
    for (const k of keys) {
      if (typeof k === "number" && !Array.isArray(node)) continue;
      if (typeof k === "string" && Array.isArray(node)) continue;
      if (last) {
        fn(node as Container, k);
        continue;
      }
      let child = (node as Record<string | number, unknown>)[k];
      if ((child === undefined || child === null) && create && typeof steps[i + 1] === "string") {
        child = {};
        (node as Record<string | number, unknown>)[k] = child;
      }
      walk(child, i + 1);
    }
  };
  walk(root, 0);
}

export interface CompiledModify {
  apply(call: ToolCall): Record<string, unknown> | undefined;
}

export function compileModify(m: ModifyConfig, selects?: (cmd: SimpleCommand) => boolean): CompiledModify {
  const removes = (m.remove ?? []).map(parseFieldPath);
  const sets = Object.entries(m.set ?? {}).map(([p, v]) => [parseFieldPath(p), v] as const);
  const replaces = (m.replace ?? []).map((r) => {
    let re: LinearRegex | undefined;
    return { steps: parseFieldPath(r.path), with: r.with, re: () => (re ??= compileRegex(r.regex, r.flags ?? "")) };
  });
  const dropFlags = m.dropFlags ?? [];

  return {
    apply(call) {
      const input = structuredClone(call.input) as Record<string, unknown>;
      // dropFlags first: it works on the command exactly as sent, where the analyser's word offsets hold.
      if (dropFlags.length > 0) {
        if (!call.shell || typeof input.command !== "string" || input.command !== call.shell.command) return undefined;
        const rewritten = dropShellFlags(call, dropFlags, selects);
        if (rewritten === undefined) return undefined;
        input.command = rewritten;
      }
      for (const steps of removes) {
        visit(
          input,
          steps,
          (parent, key) => {
            if (Array.isArray(parent)) parent.splice(key as number, 1);
            else delete parent[key as string];
          },
          false,
        );
      }
      for (const [steps, value] of sets)
        visit(
          input,
          steps,
          (parent, key) => ((parent as Record<string | number, unknown>)[key] = structuredClone(value)),
          typeof steps.at(-1) !== "object",
        );
      for (const r of replaces) {
        visit(
          input,
          r.steps,
          (parent, key) => {
            const v = (parent as Record<string | number, unknown>)[key];
            if (typeof v === "string")
              (parent as Record<string | number, unknown>)[key] = r.re().replace(v, r.with, true);
          },
          false,
        );
      }
      return input;
    },
  };
}

/**
 * The command line without the given flags, for the commands the rule selects (all when it selects none),
 * using the analyser's word offsets. Undefined when a flag cannot be removed exactly: a word without an
 * offset (inside `bash -c`, an expansion), a bundle of short flags, or a flag still there on re-analysis.
 */
function dropShellFlags(
  call: ToolCall,
  flags: string[],
  selects?: (cmd: SimpleCommand) => boolean,
): string | undefined {
  const analysis = shellOf(call);
  if (!analysis || !call.shell) return undefined;
  const source = call.shell.command;
  const cut: [number, number][] = [];
  const isDropped = (word: string) => flags.some((f) => word === f || (f.startsWith("--") && word.startsWith(`${f}=`)));
  const relevant = (cmd: SimpleCommand) => (selects ? selects(cmd) : true);
  for (const cmd of analysis.commands) {
    if (!relevant(cmd) || !flags.some((f) => hasFlag(cmd.args, f))) continue;
    const end = cmd.argv.indexOf("--");
    for (let i = 1; i < cmd.argv.length && (end < 0 || i < end); i++) {
      const word = cmd.argv[i]!;
      if (!isDropped(word)) {
        if (flags.some((f) => hasFlag([word], f))) return undefined; // a bundle such as -nm
        continue;
      }
      const span = cmd.wordSpans?.[i];
      if (!span) return undefined;
      cut.push(span);
    }
  }
  if (cut.length === 0) return undefined;
  let out = source;
  for (const [start, end] of [...new Map(cut.map((s) => [s[0], s])).values()].sort((a, b) => b[0] - a[0])) {
    // Take the word and the blank before it (or after it, at the start of a line).
    let s = start;
    let e = end;
    if (s > 0 && /[ \t]/.test(out[s - 1]!)) s--;
    else if (/[ \t]/.test(out[e] ?? "")) e++;
    out = out.slice(0, s) + out.slice(e);
  }
  const after = shellOf({ ...call, shell: { command: out } });
  if (!after || after.commands.some((cmd) => relevant(cmd) && flags.some((f) => hasFlag(cmd.args, f))))
    return undefined;
  return out;
}

export const sameInput = (a: Record<string, unknown>, b: Record<string, unknown>) => deepEqual(a, b);
