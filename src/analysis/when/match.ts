// The `when` of a declarative rule or allow-list entry, compiled once into a predicate over a ToolCall.
// Cheap conditions (tool, kind, event) run first; shell structure comes from the shell analyser (shared
// with the built-in rules, computed once per call), never from the raw text. Every regex and glob runs
// on the linear-time engine, compiled on first use, and counts its steps against the call's deadline.
import type { ToolCall } from "../../engine/types.js";
import { shellOf } from "../shell/index.js";
import type { SimpleCommand } from "../shell/types.js";
import { compileGlob, compileRegex, globShortcut, type LinearRegex } from "../../util/linear-regex.js";
import {
  parseFieldPath,
  type Environment,
  type NameMatch,
  type PathStep,
  type ShellMatch,
  type ValueCondition,
  type WhenConfig,
} from "./conditions.js";

export interface MatchContext {
  /** The environment the policy runs in (dev / staging / prod). */
  environment: Environment;
  /** Per regex ("<flags>/<source>"), a text every match contains (policy/load.ts computes them with the cache). */
  hints?: Record<string, string>;
}

export type CallPredicate = (call: ToolCall) => boolean;
type ValuePredicate = (value: unknown) => boolean;

/** A regex or glob compiled on first use (a large config pays only for the patterns it reaches). */
function lazy(make: () => LinearRegex): () => LinearRegex {
  let re: LinearRegex | undefined;
  return () => (re ??= make());
}

/** A glob test that answers from its fixed prefix/suffix when it can, compiling the glob only otherwise. */
function globTest(glob: string): (s: string) => boolean {
  const quick = globShortcut(glob);
  const re = lazy(() => compileGlob(glob));
  return (s) => quick(s) ?? re().test(s);
}

let lowered: { text: string; lower: string } | undefined;
const lowerOf = (text: string) =>
  lowered?.text === text ? lowered.lower : (lowered = { text, lower: text.toLowerCase() }).lower;

/** A regex test that first looks for the text every match must contain (skipping compile and run when absent). */
function regexTest(source: string, flags: string, ctx: MatchContext): (s: string) => boolean {
  const re = lazy(() => compileRegex(source, flags));
  const hint = ctx.hints?.[`${flags}/${source}`];
  const ci = flags.includes("i");
  return (s) => {
    if (hint !== undefined && !(ci ? lowerOf(s) : s).includes(hint)) return false;
    return re().test(s);
  };
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a))
    return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

const toNumber = (v: unknown): number =>
  typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;

// ---------------------------------------------------------------------------------------------- values

function compileValue(cond: ValueCondition, ctx: MatchContext): ValuePredicate {
  if (cond === null || typeof cond !== "object") return (v) => deepEqual(v, cond);
  const tests: ValuePredicate[] = [];
  if ("equals" in cond) tests.push((v) => deepEqual(v, cond.equals));
  if ("notEquals" in cond) tests.push((v) => !deepEqual(v, cond.notEquals));
  if (cond.in) {
    const options = cond.in;
    tests.push((v) => options.some((o) => deepEqual(v, o)));
  }
  if (cond.glob !== undefined) {
    const globs = (Array.isArray(cond.glob) ? cond.glob : [cond.glob]).map((g) => globTest(g));
    tests.push((v) => typeof v === "string" && globs.some((g) => g(v)));
  }
  if (cond.regex !== undefined) {
    const re = regexTest(cond.regex, cond.flags ?? "", ctx);
    tests.push((v) => typeof v === "string" && re(v));
  }
  if (cond.contains !== undefined) {
    const needle = cond.contains;
    tests.push((v) =>
      typeof v === "string"
        ? v.includes(String(needle))
        : Array.isArray(v)
          ? v.some((x) => deepEqual(x, needle))
          : false,
    );
  }
  if (cond.startsWith !== undefined) tests.push((v) => typeof v === "string" && v.startsWith(cond.startsWith!));
  if (cond.endsWith !== undefined) tests.push((v) => typeof v === "string" && v.endsWith(cond.endsWith!));
  if (cond.gt !== undefined) tests.push((v) => toNumber(v) > cond.gt!);
  if (cond.gte !== undefined) tests.push((v) => toNumber(v) >= cond.gte!);
  if (cond.lt !== undefined) tests.push((v) => toNumber(v) < cond.lt!);
  if (cond.lte !== undefined) tests.push((v) => toNumber(v) <= cond.lte!);
  if (cond.not !== undefined) {
    const inner = compileValue(cond.not, ctx);
    tests.push((v) => !inner(v));
  }
  return (v) => tests.every((t) => t(v));
}

/** A condition over the values found at a path (or a call's paths/URLs/arguments): some value must satisfy it. */
function compileValues(cond: ValueCondition, ctx: MatchContext): (values: unknown[]) => boolean {
  if (cond !== null && typeof cond === "object" && cond.exists === false) return (values) => values.length === 0;
  const one = compileValue(cond, ctx);
  return (values) => values.some(one);
}

// ---------------------------------------------------------------------------------------------- paths

/** The values at a field path; * and [*] fan out over arrays and objects. Missing fields give none. */
export function valuesAt(root: unknown, steps: PathStep[]): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || typeof v !== "object") continue;
      if (typeof step === "object") next.push(...(Array.isArray(v) ? v : Object.values(v)));
      else if (typeof step === "number") {
        if (Array.isArray(v) && step < v.length) next.push(v[step]);
      } else if (!Array.isArray(v) && Object.hasOwn(v, step)) next.push((v as Record<string, unknown>)[step]);
    }
    current = next.filter((x) => x !== undefined);
  }
  return current;
}

// ---------------------------------------------------------------------------------------------- names

function compileName(m: NameMatch, ctx: MatchContext): (name: string) => boolean {
  if (typeof m === "string") return globTest(m);
  if (Array.isArray(m)) {
    const each = m.map((x) => compileName(x, ctx));
    return (name) => each.some((f) => f(name));
  }
  const parts: ((name: string) => boolean)[] = [];
  if (m.glob !== undefined) parts.push(compileName(m.glob, ctx));
  if (m.regex !== undefined) parts.push(regexTest(m.regex, m.flags ?? "", ctx));
  return (name) => parts.some((f) => f(name));
}

// ---------------------------------------------------------------------------------------------- shell

/** The options of platform CLIs that take a value (the app after -a, the project after --project, …). */
const PLATFORM_VALUE_OPTIONS = ["-a", "-r", "-p", "-c", "-n", "-o", "-e"].concat(
  "app remote project context name org scope token cwd config region team env environment account bootstrap-server topic zone"
    .split(" ")
    .map((o) => `--${o}`),
);

/** Global options that take a value, per program, so `git -C dir push` has the subcommand push. */
const VALUE_OPTIONS: Record<string, string[]> = {
  git: ["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env"],
  docker: ["-H", "--host", "--context", "-c", "--config", "-l", "--log-level"],
  podman: ["--connection", "-c", "--url", "--root", "--runroot"],
  kubectl: [
    "-n",
    "--namespace",
    "--context",
    "--kubeconfig",
    "-s",
    "--server",
    "--cluster",
    "--user",
    "-l",
    "--selector",
  ],
  helm: ["-n", "--namespace", "--kube-context", "--kubeconfig"],
  npm: ["-w", "--workspace", "--prefix", "-C"],
  pnpm: ["-C", "--dir", "--filter", "-F", "-w"],
  yarn: ["--cwd"],
  gh: ["-R", "--repo"],
  aws: ["--profile", "--region", "--output", "--endpoint-url"],
  gcloud: ["--project", "--account", "--configuration"],
  cargo: ["--manifest-path", "-Z", "--config"],
  ...Object.fromEntries(
    [
      "firebase",
      "vercel",
      "netlify",
      "heroku",
      "supabase",
      "fly",
      "flyctl",
      "railway",
      "render",
      "wrangler",
      "cloudflare-cli",
      "cfcli",
      "flarectl",
      "turso",
      "planetscale",
      "pscale",
      "neonctl",
      "neon",
      "argocd",
      "sam",
      "cdk",
      "serverless",
      "sls",
      "doctl",
      "linode-cli",
      "hcloud",
      "vultr-cli",
      "scw",
      "influx",
      "kafka-topics",
      "kafka-topics.sh",
      "kafka-delete-records",
      "kafka-delete-records.sh",
    ].map((p) => [p, PLATFORM_VALUE_OPTIONS]),
  ),
};

function subcommandOf(cmd: SimpleCommand): string | undefined {
  const valueOpts = VALUE_OPTIONS[cmd.program] ?? [];
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") return args[i + 1];
    if (a.startsWith("-")) {
      if (valueOpts.includes(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

/** The command's arguments without its options (and their values), joined by single spaces: "repo delete owner/x". */
function wordsOf(cmd: SimpleCommand): string {
  const valueOpts = VALUE_OPTIONS[cmd.program] ?? [];
  const words: string[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i]!;
    if (!a.startsWith("-")) words.push(a);
    else if (valueOpts.includes(a)) i++;
  }
  return words.join(" ");
}

/** `--x` matches `--x` and `--x=…`; a one-letter `-f` also matches inside a bundle such as `-fd`. Stops at `--`. */
export function hasFlag(args: string[], flag: string): boolean {
  const short = /^-[A-Za-z0-9]$/.test(flag) ? flag[1]! : undefined;
  for (const a of args) {
    if (a === "--") return false;
    if (a === flag) return true;
    if (flag.startsWith("--") && a.startsWith(`${flag}=`)) return true;
    if (short && /^-[A-Za-z0-9]{2,}$/.test(a) && a.includes(short)) return true;
  }
  return false;
}

export function compileShell(s: ShellMatch, ctx: MatchContext): (cmd: SimpleCommand) => boolean {
  const tests: ((cmd: SimpleCommand) => boolean)[] = [];
  if (s.program !== undefined) {
    const f = compileName(s.program, ctx);
    tests.push((cmd) => f(cmd.program));
  }
  if (s.subcommand !== undefined) {
    const f = compileName(s.subcommand, ctx);
    tests.push((cmd) => {
      const sub = subcommandOf(cmd);
      return sub !== undefined && f(sub);
    });
  }
  if (s.flags) {
    const flags = s.flags;
    tests.push((cmd) => flags.some((f) => hasFlag(cmd.args, f)));
  }
  if (s.withoutFlags) {
    const flags = s.withoutFlags;
    tests.push((cmd) => !flags.some((f) => hasFlag(cmd.args, f)));
  }
  if (s.args !== undefined) {
    const f = compileValues(s.args, ctx);
    tests.push((cmd) => f(cmd.args));
  }
  if (s.words !== undefined) {
    const f = compileValue(s.words, ctx);
    tests.push((cmd) => f(wordsOf(cmd)));
  }
  return (cmd) => tests.every((t) => t(cmd));
}

// ---------------------------------------------------------------------------------------------- when

const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

export function compileWhen(w: WhenConfig, ctx: MatchContext): CallPredicate {
  const tests: CallPredicate[] = [];
  if (w.tool !== undefined) {
    const f = compileName(w.tool, ctx);
    tests.push((call) => f(call.tool));
  }
  if (w.kind !== undefined) {
    const kinds = asList(w.kind);
    tests.push((call) => kinds.includes(call.kind));
  }
  if (w.event !== undefined) {
    const events = asList(w.event);
    tests.push((call) => events.includes(call.event));
  }
  if (w.host !== undefined) {
    const hosts = asList(w.host);
    tests.push((call) => hosts.includes(call.host));
  }
  if (w.environment !== undefined) {
    const ok = asList(w.environment).includes(ctx.environment);
    tests.push(() => ok);
  }
  if (w.input !== undefined) {
    for (const [path, cond] of Object.entries(w.input)) {
      const steps = parseFieldPath(path);
      const f = compileValues(cond, ctx);
      tests.push((call) => f(valuesAt(call.input, steps)));
    }
  }
  if (w.path !== undefined) {
    const f = compileValues(w.path, ctx);
    tests.push((call) =>
      f([...call.files.flatMap((c) => (c.moveTo ? [c.path, c.moveTo] : [c.path])), ...call.reads.map((r) => r.path)]),
    );
  }
  if (w.url !== undefined) {
    const f = compileValues(w.url, ctx);
    tests.push((call) => f(call.urls));
  }
  if (w.cwd !== undefined) {
    const f = compileValues(w.cwd, ctx);
    tests.push((call) => f([call.session.cwd]));
  }
  if (w.shell !== undefined) {
    const f = compileShell(w.shell, ctx);
    tests.push((call) => {
      const analysis = shellOf(call);
      return analysis?.commands.some(f) === true;
    });
  }
  if (w.all) {
    const subs = w.all.map((x) => compileWhen(x, ctx));
    tests.push((call) => subs.every((f) => f(call)));
  }
  if (w.any) {
    const subs = w.any.map((x) => compileWhen(x, ctx));
    tests.push((call) => subs.some((f) => f(call)));
  }
  if (w.not) {
    const sub = compileWhen(w.not, ctx);
    tests.push((call) => !sub(call));
  }
  return (call) => tests.every((t) => t(call));
}
