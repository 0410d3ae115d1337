// Runs the parsed command "on paper": walks the syntax tree in execution order with an environment
// (variables, positional parameters, cwd, functions, aliases), expands every word the way the shell
// would where that can be known statically, and records each simple command that would run — then
// unwraps the commands that run other commands (unwrap.ts) and interpreters' inline code (inline.ts).
import {
  MAX_COMMANDS,
  parseShell,
  type Cmd,
  type List,
  type Part,
  type Redir,
  type Word,
  type Pipeline,
} from "./parse.js";
import { step } from "../../util/deadline.js";
import type { Redirect, SimpleCommand, WordInfo } from "./types.js";
import { staticOutput } from "./static-output.js";
import { resolvePathWord } from "./paths.js";
import { readFileSync } from "node:fs";
import { expandGlob, pathPattern } from "../fs/glob.js";
import { COMMAND_VARIABLES, commandOfVariable, listedFolder, mayRunOthers, SHELLS, unwrap } from "./unwrap.js";
import { madeFileText, recordWrites, runsMadeFile } from "./files.js";
import { analyzeInlineCode, inlinePrinted } from "./inline.js";
import { noteSetVar } from "./variables.js";
import {
  addCommand,
  basename,
  copyEnv,
  MAX_DEPTH,
  problem,
  programName,
  type Ctx,
  type Env,
  type WalkState,
} from "./walk-state.js";

/** Nested shell code (bash -c, eval, heredocs fed to sh, …) re-parsed, in characters, before the analysis stops. */
const MAX_REPARSED = 2_000_000;
/** Brace expansion producing more words than this is cut (and reported). */
const MAX_BRACE_WORDS = 1024;
/** A for loop over more values than this walks its body once with the variable unknown. */
const MAX_LOOP_VALUES = 16;

/** Marks the place of an expansion whose value is unknown, inside an expanded word (removed at the end). */
const UNKNOWN = "\u0000";
/**
 * Brackets the name of a variable that comes from the environment the command starts with (the user's,
 * not set by anything the command runs): kept in a dynamic word's template as U+0003 NAME U+0003, so a
 * rule that knows that environment can fill it in.
 */
const ENV_REF = "\u0003";
/** Separates the arguments of "$@" inside an expanded word. */
const ARG_BREAK = "\u0002";
/** Marks an empty quoted string ("" or ''), so that it survives field splitting as an empty word. */
const EMPTY_QUOTED = "\u0001";

/** Parses `text` and walks it; the commands found are pushed to state and returned. */
export function analyzeText(
  state: WalkState,
  text: string,
  env: Env,
  ctx: Ctx,
  keepProblems = true,
): { commands: SimpleCommand[]; output: string | undefined } {
  if (ctx.depth > MAX_DEPTH) {
    problem(state, `The command nests more than ${MAX_DEPTH} levels of shells, eval and wrappers.`);
    return { commands: [], output: undefined };
  }
  state.reparsed += text.length;
  if (state.reparsed > MAX_REPARSED) {
    problem(
      state,
      `The command re-parses more than ${MAX_REPARSED} characters of nested shell code (eval, bash -c, …).`,
    );
    state.stopped = true;
    return { commands: [], output: undefined };
  }
  const parsed = parseShell(text);
  if (keepProblems) for (const p of parsed.problems) problem(state, p);
  const before = state.commands.length;
  const output = walkList(state, parsed.list, env, { ...ctx, src: text, top: false });
  return { commands: state.commands.slice(before), output };
}

// ---- lists and compound commands --------------------------------------------------------------

/** Walks a list; returns what it prints when that is known statically. */
function walkList(state: WalkState, list: List, env: Env, ctx: Ctx): string | undefined {
  let output: string | undefined = "";
  for (const ao of list) {
    if (state.stopped) return undefined;
    for (const pl of ao.pipelines) {
      const out = walkPipeline(state, pl, env, ctx, ao.background);
      output = output !== undefined && out !== undefined ? output + out : undefined;
    }
  }
  return output;
}

function walkPipeline(state: WalkState, pl: Pipeline, env: Env, ctx: Ctx, background: boolean): string | undefined {
  const id = ++state.pipelineSeq;
  const length = pl.cmds.length;
  let upstream: SimpleCommand[] = [];
  let upstreamText: string | undefined;
  let output: string | undefined;
  for (let index = 0; index < length; index++) {
    const cmd = pl.cmds[index]!;
    // Each member of a multi-command pipeline runs in its own subshell: cd and assignments do not leak.
    const e = length > 1 ? copyEnv(env) : env;
    const pipe = { id, index, length, upstream, upstreamText, background };
    const before = state.commands.length;
    const memberCtx = index > 0 && cmd.t !== "simple" ? { ...ctx, stdin: { from: upstream, text: upstreamText } } : ctx;
    output = walkCmd(state, cmd, e, memberCtx, pipe);
    // What this member ran (nested commands of a subshell or group member included) feeds the next, nearest
    // first. What fed this member is reached through those commands' own stdin (feeders() in commands.ts),
    // so each member holds only its neighbour: a pipeline of n commands costs n, not n².
    upstream = state.commands.slice(before).reverse();
    upstreamText = output;
  }
  return output;
}

interface PipeInfo {
  id: number;
  index: number;
  length: number;
  /** The commands of the pipeline member before, nearest first (theirs are in their own stdin). */
  upstream: SimpleCommand[];
  upstreamText: string | undefined;
  background: boolean;
}

function walkCmd(state: WalkState, cmd: Cmd, env: Env, ctx: Ctx, pipe: PipeInfo): string | undefined {
  if (state.stopped) return undefined;
  switch (cmd.t) {
    case "simple":
      return walkSimple(state, cmd, env, ctx, pipe);
    case "subshell": {
      const inner = fedFrom(ctx, walkRedirs(state, cmd.redirs, env, ctx));
      return walkList(state, cmd.body, copyEnv(env), {
        ...inner,
        subshell: true,
        context: ctx.context === "top" ? "subshell" : ctx.context,
      });
    }
    case "group": {
      const inner = fedFrom(ctx, walkRedirs(state, cmd.redirs, env, ctx));
      return walkList(state, cmd.body, env, { ...inner, context: ctx.context === "top" ? "subshell" : ctx.context });
    }
    case "if": {
      const inner = fedFrom(ctx, walkRedirs(state, cmd.redirs, env, ctx));
      for (const l of cmd.lists) walkList(state, l, env, inner);
      return undefined;
    }
    case "loop": {
      const inner = fedFrom(ctx, walkRedirs(state, cmd.redirs, env, ctx));
      walkList(state, cmd.cond, env, inner);
      walkList(state, cmd.body, env, inner);
      return undefined;
    }
    case "for": {
      const inner = fedFrom(ctx, walkRedirs(state, cmd.redirs, env, ctx));
      let values: (string | null)[] = [null];
      if (cmd.items) {
        const subs: SimpleCommand[] = [];
        const fields = cmd.items.flatMap((w) => expandWord(state, w, env, ctx, subs).fields);
        // A glob among the items is what it matches on disk when the loop runs, as bash expands it (the
        // pattern itself when nothing matches): `for d in ~/.local/share/st*` reaches staso's own folder.
        const items = fields.flatMap((f): (string | null)[] => {
          if (f.info.dynamic) return [null];
          if (!f.info.glob || !f.text.startsWith("/")) return [f.text];
          // The pattern stays one of the values: what a rule reads from it (`for p in /proc/[0-9]*`: every
          // process) does not depend on what this machine holds right now.
          const disk = expandGlob(f.text);
          return disk.complete && disk.matches.length < MAX_LOOP_VALUES ? [f.text, ...disk.matches.sort()] : [f.text];
        });
        if (items.length > 0 && items.length <= MAX_LOOP_VALUES) values = items;
      }
      if (!cmd.name) values = [null];
      for (const v of values) {
        if (cmd.name) env.vars.set(cmd.name, v);
        walkList(state, cmd.body, env, inner);
      }
      return undefined;
    }
    case "case": {
      const inner = fedFrom(ctx, walkRedirs(state, cmd.redirs, env, ctx));
      expandWord(state, cmd.word, env, ctx, []);
      for (const arm of cmd.arms) walkList(state, arm.body, env, inner);
      return undefined;
    }
    case "func":
      state.definedFuncs.set(cmd.name, { body: cmd.body, ctx });
      env.funcs.set(cmd.name, cmd.body);
      return "";
    case "test": {
      walkRedirs(state, cmd.redirs, env, ctx);
      for (const w of cmd.words) expandWord(state, w, env, ctx, []);
      return "";
    }
    case "arith":
      walkRedirs(state, cmd.redirs, env, ctx);
      for (const b of cmd.bodies ?? [])
        walkList(state, b, copyEnv(env), { ...ctx, top: false, context: "command-substitution" });
      return "";
  }
}

/** Expands a compound command's redirections; returns the file its `< FILE` feeds the commands inside. */
function walkRedirs(state: WalkState, redirs: Redir[], env: Env, ctx: Ctx): string | undefined {
  let input: string | undefined;
  for (const r of redirs) {
    if (r.target && r.op !== "<<" && r.op !== "<<-") {
      const e = expandWord(state, r.target, env, ctx, []);
      if (r.op === "<" && (r.fd === undefined || r.fd === 0) && e.fields.length === 1 && !e.procs?.length)
        input = e.fields[0]!.text;
    }
    if (r.heredoc?.body) expandWord(state, r.heredoc.body, env, ctx, [], { noSplit: true });
  }
  return input;
}

/**
 * The context for the commands inside a compound whose stdin is redirected from a file
 * (`while read l; do …; done < FILE`): they read that file, not the pipe before.
 */
function fedFrom(ctx: Ctx, file: string | undefined): Ctx {
  if (file === undefined) return ctx;
  const { stdin: _pipe, ...rest } = ctx;
  return { ...rest, stdinFile: file };
}

// ---- simple commands --------------------------------------------------------------------------

interface Field {
  text: string;
  info: WordInfo;
  span?: [number, number];
}

const ASSIGNING_BUILTINS = new Set(["export", "declare", "typeset", "local", "readonly"]);
/** Programs whose output static-output.ts can work out. */
const STATIC_PROGRAMS = new Set([
  "echo",
  "printf",
  "true",
  ":",
  "pwd",
  "cat",
  "base64",
  "base32",
  "basenc",
  "gunzip",
  "zcat",
  "gzip",
  "openssl",
  "xxd",
  "rev",
  "tac",
  "tr",
  "basename",
  "dirname",
  "mktemp",
  "which",
  "command",
  "type",
  "git",
  "sed",
]);

function walkSimple(
  state: WalkState,
  cmd: Extract<Cmd, { t: "simple" }>,
  env: Env,
  ctx: Ctx,
  pipe: PipeInfo,
): string | undefined {
  step();
  // The same limit as the parser's, over the commands that would run (loops, functions, wrappers included).
  if (state.commands.length >= MAX_COMMANDS) {
    problem(state, `The command expands to more than ${MAX_COMMANDS} commands.`);
    state.stopped = true;
    return undefined;
  }
  const subs: SimpleCommand[] = [];
  const procs: { commands: SimpleCommand[]; output: string | undefined }[] = [];

  // Alias expansion of the first word (a plain literal naming a defined alias).
  const first = cmd.words[0];
  if (first && env.aliases.size && first.parts.length === 1 && first.parts[0]!.k === "lit" && !first.parts[0]!.q) {
    const value = env.aliases.get(first.parts[0]!.v);
    if (value !== undefined) {
      const rest = ctx.src.slice(first.end, cmd.end);
      const prefix = ctx.src.slice(cmd.start, first.start);
      env.aliases.delete(first.parts[0]!.v); // an alias does not expand inside itself
      const r = analyzeText(state, prefix + value + rest, env, { ...ctx, top: false, depth: ctx.depth + 1 });
      env.aliases.set(first.parts[0]!.v, value);
      return r.output;
    }
  }

  // Assignments (values are expanded before the command's words in bash, and do not split).
  const assignments: Record<string, string> = {};
  const assigned: [string, string | null][] = [];
  const arrays: [string, (string | null)[] | null][] = [];
  /** Per assigned name, the commands whose output its value holds. */
  const sourced: [string, SimpleCommand[]][] = [];
  for (const a of cmd.assigns) {
    if (a.value) {
      const before = subs.length;
      const r = expandWord(state, a.value, env, ctx, subs, { noSplit: true, assignment: true });
      sourced.push([a.name, subs.slice(before)]);
      const f = r.fields[0] ?? { text: "", info: { dynamic: false, dynamicStart: false } };
      let value: string | null = f.info.dynamic ? null : f.text;
      if (a.append) {
        const prev = env.vars.get(a.name);
        value = prev === undefined || prev === null || value === null ? null : prev + value;
      }
      assignments[a.name] = f.text;
      assigned.push([a.name, value]);
    } else {
      // An array: its elements are the items' fields (split and brace-expanded like words).
      const items: (string | null)[] = [];
      for (const it of a.items ?? [])
        for (const f of expandWord(state, it, env, ctx, subs).fields) items.push(f.info.dynamic ? null : f.text);
      assignments[a.name] = "";
      assigned.push([a.name, items[0] ?? ""]);
      arrays.push([a.name, a.append ? null : items]);
    }
  }

  // Words.
  const fields: Field[] = [];
  for (const w of cmd.words) {
    const r = expandWord(state, w, env, ctx, subs);
    if (r.procs) procs.push(...r.procs);
    fields.push(...r.fields);
  }

  // Redirections.
  const redirects: Redirect[] = [];
  let stdin: SimpleCommand["stdin"];
  for (const r of cmd.redirs) {
    if (r.op === "<<" || r.op === "<<-") {
      let text = r.heredoc?.text ?? "";
      const from: SimpleCommand[] = [];
      if (r.heredoc?.body) {
        const e = expandWord(state, r.heredoc.body, env, ctx, from, { noSplit: true });
        text = (e.fields[0]?.text ?? "").replace(/\u0000|\u0001/g, "");
        subs.push(...from);
      }
      redirects.push({
        op: r.op,
        ...(r.fd !== undefined ? { fd: r.fd } : {}),
        target: r.heredoc?.delimiter ?? "",
        body: text,
      });
      if (r.fd === undefined || r.fd === 0) stdin = { kind: "heredoc", text, ...(from.length ? { from } : {}) };
      continue;
    }
    const from: SimpleCommand[] = [];
    const e = r.target
      ? expandWord(state, r.target, env, ctx, from, { noSplit: r.op === "<<<" })
      : { fields: [], procs: undefined };
    subs.push(...from);
    const target = e.fields.map((f) => f.text).join(" ");
    const info = e.fields.length === 1 ? e.fields[0]!.info : mergedInfo(e.fields);
    redirects.push({
      op: r.op,
      ...(r.fd !== undefined ? { fd: r.fd } : {}),
      target,
      ...(info.dynamic || info.glob ? { info } : {}),
      ...(r.op === "<<<" ? { body: `${target}\n` } : {}),
    });
    if (r.op === "<<<") stdin = { kind: "herestring", text: `${target}\n`, ...(from.length ? { from } : {}) };
    else if (r.op === "<" && (r.fd === undefined || r.fd === 0)) {
      if (e.procs?.length) {
        const p = e.procs[0]!;
        stdin = {
          kind: "process-substitution",
          from: p.commands,
          ...(p.output !== undefined ? { text: p.output } : {}),
        };
      } else stdin = { kind: "file", text: target };
    }
  }
  if (!stdin && procs.length > 0) {
    const p = procs[0]!;
    stdin = {
      kind: "process-substitution",
      from: procs.flatMap((x) => x.commands),
      ...(p.output !== undefined ? { text: p.output } : {}),
    };
  }
  if (!stdin && pipe.index > 0)
    stdin = {
      kind: "pipe",
      from: pipe.upstream,
      ...(pipe.upstreamText !== undefined ? { text: pipe.upstreamText } : {}),
    };
  else if (!stdin && ctx.stdin)
    stdin = { kind: "pipe", from: ctx.stdin.from, ...(ctx.stdin.text !== undefined ? { text: ctx.stdin.text } : {}) };
  else if (!stdin && ctx.stdinFile !== undefined) stdin = { kind: "file", text: ctx.stdinFile, inherited: true };

  commandVariables(state, assigned, env, ctx);

  // Assignment-only command: the variables persist.
  if (fields.length === 0) {
    for (const [k, v] of assigned) {
      env.vars.set(k, v);
      env.arrays?.delete(k);
      env.sources?.delete(k);
      if (k === "IFS" && v !== null && !ctx.remote) state.ifs = v;
      noteSetVar(state, ctx, k, v);
    }
    for (const [k, from] of sourced) if (from.length) (env.sources ??= new Map()).set(k, from);
    for (const [k, v] of arrays) (env.arrays ??= new Map()).set(k, v);
    if (redirects.length === 0) return "";
  }

  const argv = fields.map((f) => f.text);
  const sc: SimpleCommand = {
    argv,
    program: programName(argv[0] ?? ""),
    args: argv.slice(1),
    assignments,
    redirects,
    cwd: env.cwd,
    wrappers: ctx.wrappers,
    context: ctx.context,
    pipeline: { id: pipe.id, index: pipe.index, length: pipe.length },
    dynamic: fields.some((f) => f.info.dynamic),
    text: ctx.src.slice(cmd.start, cmd.end).trim(),
    wordInfo: fields.map((f) => f.info),
    ...(stdin ? { stdin } : {}),
    ...(subs.length ? { substitutions: subs } : {}),
    ...(pipe.background ? { background: true } : {}),
    ...(ctx.inFunction ? { inFunction: ctx.inFunction } : {}),
    ...(ctx.remote ? { remote: true } : {}),
    ...(ctx.top ? { wordSpans: fields.map((f) => f.span) } : {}),
  };
  state.commands.push(sc);

  if (fields.length === 0) {
    // `$(< FILE)` prints FILE as `$(cat FILE)` does: its text, when this line or the session wrote it.
    const only = redirects.length === 1 && redirects[0]!.op === "<" ? redirects[0]! : undefined;
    if (only && !only.info?.dynamic && ctx.context === "command-substitution" && state.files?.size) {
      const text = madeFileText(state, only.target, env.cwd);
      if (text !== undefined) return text;
    }
    return "";
  }
  const childEnv = () => {
    const e = copyEnv(env);
    for (const [k, v] of assigned) e.vars.set(k, v);
    return e;
  };
  // A glob in the program's path (`/b??/r? -rf ~`): the shell runs what it matches.
  if (fields[0]!.info.glob && argv[0]!.startsWith("/")) {
    const { matches, alternatives } = programGlob(argv[0]!);
    if (matches.length) {
      // bash puts every match in the command line: the first runs, the others are its arguments.
      const known = { dynamic: false, dynamicStart: false };
      sc.argv = [...matches, ...argv.slice(1)];
      sc.program = programName(matches[0]!);
      sc.args = sc.argv.slice(1);
      sc.wordInfo = [...matches.map(() => known), ...sc.wordInfo.slice(1)];
      sc.wordSpans = undefined;
    }
    for (const alt of alternatives) {
      const other: SimpleCommand = {
        ...sc,
        argv: [alt, ...argv.slice(1)],
        program: programName(alt),
        args: argv.slice(1),
        wordInfo: [{ dynamic: false, dynamicStart: false }, ...fields.slice(1).map((f) => f.info)],
        wrappers: [...sc.wrappers, `the glob ${argv[0]}`],
        context: "wrapped",
        wordSpans: undefined,
      };
      if (!addCommand(state, other)) break;
      runCommand(state, other, env, ctx, childEnv);
    }
  }
  const output = runCommand(state, sc, env, ctx, childEnv);
  recordWrites(state, sc, output);
  return output;
}

/** PAGER='…', GIT_SSH_COMMAND='…', LESSOPEN='|…': a command another program will run, walked as one. */
function commandVariables(state: WalkState, assigned: [string, string | null][], env: Env, ctx: Ctx): void {
  for (const [name, value] of assigned) {
    if (value === null || !COMMAND_VARIABLES.has(name)) continue;
    const text = commandOfVariable(name, value);
    if (text)
      analyzeText(state, text, copyEnv(env), {
        ...ctx,
        top: false,
        depth: ctx.depth + 1,
        wrappers: [...ctx.wrappers, `$${name}`],
        context: "wrapped",
      });
  }
}

/** Folders programs are run from, and programs worth knowing a glob may name, for programGlob. */
const PROGRAM_DIRS = ["/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin"];
const KNOWN_PROGRAMS = [
  "rm",
  "dd",
  "mv",
  "cp",
  "ln",
  "sh",
  "bash",
  "zsh",
  "dash",
  "chmod",
  "chown",
  "shred",
  "find",
  "curl",
  "wget",
  "nc",
  "ncat",
  "python3",
  "perl",
  "ruby",
  "node",
  "cat",
  "tar",
  "rsync",
  "truncate",
  "mkfs",
  "mkfs.ext4",
  "wipefs",
  "fdisk",
  "sfdisk",
  "parted",
  "kill",
  "pkill",
  "killall",
  "sudo",
  "su",
  "crontab",
  "systemctl",
  "reboot",
  "shutdown",
  "ssh",
  "scp",
  "git",
  "xargs",
  "env",
];

/**
 * What a program path with a glob runs: the matches on disk (sorted, as bash lists them), and when the
 * disk says nothing (another machine's layout, too many entries to read) the usual places of known
 * programs the pattern can name — each a possible command.
 */
function programGlob(word: string): { matches: string[]; alternatives: string[] } {
  const disk = expandGlob(word);
  const matches = disk.complete && disk.matches.length > 0 && disk.matches.length <= 16 ? disk.matches.sort() : [];
  const re = pathPattern(word, true);
  if (!re) return { matches, alternatives: [] };
  // Known programs the pattern can name are possible commands even when the disk matches something
  // else first: the disk the command runs on is not always the one the hook sees (`/???/?m` is nm here
  // and rm on a machine without binutils), and the writer meant one of them.
  const names = new Set<string>();
  const alternatives: string[] = [];
  for (const dir of PROGRAM_DIRS)
    for (const name of KNOWN_PROGRAMS) {
      const path = `${dir}/${name}`;
      if (re.test(path) && !names.has(name) && basename(matches[0] ?? "") !== name) {
        names.add(name);
        alternatives.push(path);
      }
    }
  return { matches, alternatives: alternatives.slice(0, 16) };
}

/**
 * What running `sc` does to the analysis: shell builtins that change the environment, function calls,
 * and wrappers/interpreters that run more commands. Returns the command's static output when known.
 */
export function runCommand(
  state: WalkState,
  sc: SimpleCommand,
  env: Env,
  ctx: Ctx,
  childEnv: () => Env,
): string | undefined {
  const p = sc.program;
  const args = sc.args;
  const info = sc.wordInfo.slice(1);
  const stdinText =
    sc.stdin?.kind === "pipe" ||
    sc.stdin?.kind === "heredoc" ||
    sc.stdin?.kind === "herestring" ||
    sc.stdin?.kind === "process-substitution"
      ? sc.stdin.text
      : undefined;

  // A defined function (not reached through `command`/`builtin`, which skip functions).
  const fn = env.funcs.get(sc.argv[0] ?? "");
  if (fn && !sc.wrappers.some((w) => w === "command" || w === "builtin")) {
    state.calledFuncs.add(sc.argv[0]!);
    if (state.funcStack.includes(sc.argv[0]!)) return undefined; // recursion: seen once is enough
    state.funcStack.push(sc.argv[0]!);
    const saved = env.positional;
    env.positional = [env.positional?.[0] ?? null, ...args.map((a, i) => (info[i]?.dynamic ? null : a))];
    const out = walkCmd(
      state,
      fn,
      env,
      { ...ctx, top: false, context: "function", inFunction: sc.argv[0]!, depth: ctx.depth + 1 },
      { id: ++state.pipelineSeq, index: 0, length: 1, upstream: [], upstreamText: undefined, background: false },
    );
    env.positional = saved;
    state.funcStack.pop();
    return out;
  }

  // A file the command line (or the session) made, run as a script or a program.
  const printed = !state.files?.size
    ? undefined
    : runsMadeFile(
        state,
        sc,
        SHELLS,
        (text, label) =>
          analyzeText(state, text, childEnv(), {
            ...ctx,
            top: false,
            depth: ctx.depth + 1,
            wrappers: [...sc.wrappers, label],
            context: "wrapped",
          }),
        (language, code) => {
          const entry = { language, code, command: sc };
          state.inline.push(entry);
          const before = state.commands.length;
          analyzeInlineCode(state, entry, env, { ...ctx, top: false, depth: ctx.depth + 1 });
          // A script file is a program, not a one-liner: what it does to paths it computes (a loop's
          // variable) is left out rather than guessed; what it names is kept.
          const found = state.commands.splice(before);
          state.commands.push(...found.filter((c) => !c.wordInfo.some((w) => w.dynamicStart)));
        },
      );

  switch (p) {
    case "cd":
    case "pushd": {
      const operands = args.filter((a, i) => !(a.startsWith("-") && a.length > 1) || info[i]?.dynamic);
      const i = args.indexOf(operands[0] ?? "\u0002");
      if (operands.length === 0) env.cwd = p === "cd" ? state.home : env.cwd;
      else if (operands[0] === "-" || info[i]?.dynamicStart) env.cwd = undefined;
      else if (info[i]?.dynamic) env.cwd = undefined;
      else env.cwd = resolvePathWord(operands[0]!, env.cwd, state.home);
      env.vars.set("PWD", env.cwd ?? null);
      return "";
    }
    case "popd":
      env.cwd = undefined;
      env.vars.set("PWD", null);
      return "";
    case "unset":
      for (const a of args) if (!a.startsWith("-")) env.vars.delete(a);
      return "";
    case "read":
    case "mapfile":
    case "readarray": {
      const names = args.filter((a) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(a));
      for (const a of names) env.vars.set(a, null);
      if (p === "read" && names.length === 0) env.vars.set("REPLY", null);
      // `read -r c <<< rm`: the first line, split on IFS over the names (the last takes the rest).
      if (p === "read" && stdinText !== undefined && !args.some((a) => /^-[a-zA-Z]*[adnNpu]/.test(a))) {
        const ifs = typeof env.vars.get("IFS") === "string" ? (env.vars.get("IFS") as string) : " \t\n";
        const line = stdinText.split("\n")[0]!;
        const targets = names.length ? names : ["REPLY"];
        const words = ifs ? line.split(new RegExp(`[${ifs.replace(/[\]\\^-]/g, "\\$&")}]+`)).filter(Boolean) : [line];
        targets.forEach((n, i) =>
          env.vars.set(n, i === targets.length - 1 ? words.slice(i).join(" ") : (words[i] ?? "")),
        );
      }
      return "";
    }
    case "set": {
      const dd = args.indexOf("--");
      if (dd >= 0)
        env.positional = [
          env.positional?.[0] ?? null,
          ...args.slice(dd + 1).map((a, i) => (info[dd + 1 + i]?.dynamic ? null : a)),
        ];
      return "";
    }
    case "shift":
      if (env.positional) env.positional = [env.positional[0] ?? null, ...env.positional.slice(2)];
      return "";
    case "alias":
      for (const a of args) {
        const eq = a.indexOf("=");
        if (eq > 0) env.aliases.set(a.slice(0, eq), a.slice(eq + 1));
      }
      return "";
    case "unalias":
      for (const a of args) env.aliases.delete(a);
      return "";
    case "printf":
      if (args[0] === "-v" && args[1]) {
        const out = staticOutput("printf", args.slice(2), undefined, env.cwd);
        env.vars.set(args[1], out === undefined || info.slice(2).some((x) => x.dynamic) ? null : out);
        return "";
      }
      break;
  }
  if (ASSIGNING_BUILTINS.has(p)) {
    if (sc.dynamic) state.envTainted = true; // `export $(cat .env)`: names staso cannot see
    // declare -n ref=NAME: ref reads NAME (as it stands now, which is what a one-line command sees).
    const nameref = args.some((a) => /^-[a-zA-Z]*n/.test(a));
    commandVariables(
      state,
      args.flatMap((a, i) => {
        const eq = a.indexOf("=");
        return eq > 0 && !info[i]?.dynamic ? [[a.slice(0, eq), a.slice(eq + 1)] as [string, string]] : [];
      }),
      env,
      ctx,
    );
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const eq = a.indexOf("=");
      if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(a.slice(0, eq))) {
        env.vars.set(
          a.slice(0, eq),
          info[i]?.dynamic ? null : nameref ? lookupVar(state, env, a.slice(eq + 1)) : a.slice(eq + 1),
        );
        if (a.slice(0, eq) === "IFS" && !info[i]?.dynamic && !ctx.remote) state.ifs = a.slice(eq + 1);
        noteSetVar(state, ctx, a.slice(0, eq), info[i]?.dynamic ? null : a.slice(eq + 1));
        if (nameref && !info[i]?.dynamic) (env.refs ??= new Map()).set(a.slice(0, eq), a.slice(eq + 1));
        else env.refs?.delete(a.slice(0, eq));
      }
    }
    return "";
  }

  if (p === "source" || p === "." || (p === "eval" && sc.dynamic)) state.envTainted = true;
  const before = state.commands.length;
  if (mayRunOthers(p)) unwrap(state, sc, env, ctx, childEnv);
  const ran = state.commands.length > before;
  if (p === "cat" && printed !== undefined) return printed;
  // Inline code that only prints a literal (python3 -c "print(…)"): its output is that literal.
  const inline = ran ? undefined : state.inline.findLast((e) => e.command === sc);
  if (inline) return inlinePrinted(inline);
  if (!STATIC_PROGRAMS.has(p) || (sc.dynamic && p !== "echo" && p !== "printf")) return undefined;
  const out = staticOutput(p, args, stdinText, env.cwd);
  return ran ? (p === "eval" || p === "command" || p === "builtin" ? undefined : out) : out;
}

/** One WordInfo for a redirection target that split into several words (an ambiguous redirect). */
function mergedInfo(fields: Field[]): WordInfo {
  const info: WordInfo = {
    dynamic: fields.some((f) => f.info.dynamic),
    dynamicStart: fields[0]?.info.dynamicStart ?? false,
  };
  if (fields.some((f) => f.info.glob)) info.glob = true;
  if (info.dynamic) info.template = fields.map((f) => f.info.template ?? f.text).join(" ");
  return info;
}

// ---- word expansion ---------------------------------------------------------------------------

interface ExpandOpts {
  noSplit?: boolean;
  assignment?: boolean;
}

/** Characters of an expanded word with what applies to each. */
interface Chars {
  text: string;
  /** Per char: 1 = unquoted literal (brace/glob apply), 2 = from an unquoted expansion (field splitting applies), 4 = unknown origin, 8 = argument break of "$@", 16 = an environment variable's name (template only). */
  flags: number[];
}

function lookupVar(state: WalkState, env: Env, name: string): string | null {
  if (name === "HOME" && !env.vars.has("HOME")) return state.home;
  // bash sets IFS itself (a space, a tab, a newline) unless the command changes it.
  if (name === "IFS" && !env.vars.has("IFS")) return " \t\n";
  if (name === "PWD" && !env.vars.has("PWD")) return env.cwd ?? null;
  // The user's login shell: whichever it is, a shell (`curl … | $SHELL`).
  if (name === "SHELL" && !env.vars.has("SHELL")) return "/bin/bash";
  // $0 outside any script or function is the shell running the command line.
  if (name === "0" && (!env.positional || env.positional[0] === null)) return env.positional ? null : "bash";
  if (/^[0-9]+$/.test(name)) {
    const i = Number(name);
    return env.positional ? (i < env.positional.length ? env.positional[i]! : "") : null;
  }
  if (name === "@" || name === "*") {
    if (!env.positional) return null;
    const rest = env.positional.slice(1);
    return rest.some((x) => x === null) ? null : rest.join(" ");
  }
  if (name === "#") return env.positional ? String(Math.max(0, env.positional.length - 1)) : null;
  // A nameref reads the variable it names as that one is now (`declare -n r=cmd; cmd=rm; $r`).
  const ref = env.refs?.get(name);
  if (ref !== undefined && ref !== name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(ref)) {
    const target = env.vars.get(ref);
    if (target !== undefined) return target;
  }
  const v = env.vars.get(name);
  return v === undefined ? null : v;
}

/** A pattern of ${x#pat} / ${x/pat/rep} as a regex source (glob * ? → .* .), or undefined if not static. */
function patternSource(pat: string): string {
  let out = "";
  for (const c of pat) {
    if (c === "*") out += "[\\s\\S]*";
    else if (c === "?") out += "[\\s\\S]";
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return out;
}

function applyParamOp(value: string, op: string, arg: string): string | undefined {
  if (arg.length > 200 || value.length > 2000) return undefined;
  // Each "*" is a "[\s\S]*" in the regex: more than a few could backtrack polynomially.
  if (arg.split("*").length > 4) return undefined;
  try {
    switch (op) {
      case "#":
      case "##": {
        // Shortest / longest prefix match.
        const re = new RegExp(`^(?:${patternSource(arg)})`);
        if (op === "##") {
          const m = re.exec(value);
          return m ? value.slice(m[0].length) : value;
        }
        for (let i = 0; i <= value.length; i++)
          if (new RegExp(`^(?:${patternSource(arg)})$`).test(value.slice(0, i))) return value.slice(i);
        return value;
      }
      case "%":
      case "%%": {
        const full = new RegExp(`^(?:${patternSource(arg)})$`);
        if (op === "%%") {
          for (let i = 0; i <= value.length; i++) if (full.test(value.slice(i))) return value.slice(0, i);
        } else {
          for (let i = value.length; i >= 0; i--) if (full.test(value.slice(i))) return value.slice(0, i);
        }
        return value;
      }
      case "/":
      case "//":
      case "/#":
      case "/%": {
        const slash = arg.indexOf("/");
        const pat = slash < 0 ? arg : arg.slice(0, slash);
        const rep = slash < 0 ? "" : arg.slice(slash + 1);
        if (!pat) return value;
        const src = patternSource(pat);
        const re = new RegExp(op === "/#" ? `^(?:${src})` : op === "/%" ? `(?:${src})$` : src, op === "//" ? "g" : "");
        return value.replace(re, () => rep);
      }
      case "^^":
        return value.toUpperCase();
      case ",,":
        return value.toLowerCase();
      case "^":
        return value.slice(0, 1).toUpperCase() + value.slice(1);
      case ",":
        return value.slice(0, 1).toLowerCase() + value.slice(1);
      case ":": {
        const m = /^\s*(-?\d+)\s*(?::\s*(-?\d+)\s*)?$/.exec(arg);
        if (!m) return undefined;
        let off = Number(m[1]);
        if (off < 0) off = Math.max(0, value.length + off);
        if (m[2] === undefined) return value.slice(off);
        const len = Number(m[2]);
        return len >= 0 ? value.slice(off, off + len) : value.slice(off, Math.max(off, value.length + len));
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/** Expands the text of a ${x:-word} argument (quotes and expansions in it apply). */
function expandArgText(
  state: WalkState,
  text: string,
  env: Env,
  ctx: Ctx,
  subs: SimpleCommand[],
): { text: string; dynamic: boolean } {
  if (!/[$`'"\\]/.test(text)) return { text, dynamic: false };
  if (ctx.depth > MAX_DEPTH) {
    problem(state, `The command nests more than ${MAX_DEPTH} levels of parameter expansions.`);
    return { text: "", dynamic: true };
  }
  ctx = { ...ctx, depth: ctx.depth + 1 };
  const parsed = parseShell(`_ ${text.replace(/\n/g, " ")}`);
  const simple = parsed.list[0]?.pipelines[0]?.cmds[0];
  if (simple?.t !== "simple") return { text: "", dynamic: true };
  let out = "";
  let dynamic = false;
  for (const w of simple.words.slice(1)) {
    const r = expandWord(state, w, env, { ...ctx, top: false }, subs, { noSplit: true });
    const f = r.fields[0];
    out += (out ? " " : "") + (f?.text ?? "");
    dynamic ||= f?.info.dynamic ?? false;
  }
  return { text: out, dynamic };
}

/** The elements of an array as far as they are known (a scalar is an array of one), or undefined. */
function arrayItems(state: WalkState, env: Env, name: string): (string | null)[] | undefined {
  const arr = env.arrays?.get(name);
  if (arr === null) return undefined;
  if (arr) return arr;
  const v = lookupVar(state, env, name);
  return v === null ? undefined : [v];
}

/** `${a[i]}` (a literal index), `${a[*]}` joined; null when unknown. */
function arrayElement(state: WalkState, env: Env, name: string, sub: string | undefined): string | null {
  const items = arrayItems(state, env, name);
  if (!items || sub === undefined) return null;
  if (sub === "@" || sub === "*") return items.some((x) => x === null) ? null : items.join(" ");
  if (!/^\s*-?\d+\s*$/.test(sub)) return null;
  const i = Number(sub);
  const v = items[i < 0 ? items.length + i : i];
  return v === undefined ? "" : v;
}

function paramValue(
  state: WalkState,
  part: Extract<Part, { k: "param" }>,
  env: Env,
  ctx: Ctx,
  subs: SimpleCommand[],
): { text: string; known: boolean } {
  let name = part.name;
  if (part.indirect) {
    const target = lookupVar(state, env, name);
    if (target === null || !/^[A-Za-z_][A-Za-z0-9_]*$|^[0-9]+$/.test(target)) return { text: "", known: false };
    name = target;
  }
  const value = name.endsWith("[]")
    ? arrayElement(state, env, name.slice(0, -2), part.sub)
    : lookupVar(state, env, name);
  if (part.length) return value === null ? { text: "", known: false } : { text: String(value.length), known: true };
  const op = part.op;
  if (!op) return value === null ? { text: "", known: false } : { text: value, known: true };
  const arg = part.arg ?? "";
  switch (op) {
    case ":-":
    case "-":
    case ":=":
    case "=": {
      if (value !== null && (value !== "" || op === "-" || op === "=")) return { text: value, known: true };
      const d = expandArgText(state, arg, env, ctx, subs);
      if (op === ":=" || op === "=") env.vars.set(name, d.dynamic ? null : d.text);
      // Unknown variable: the default is what runs when it is unset; keep it but mark the word unknown.
      return { text: d.text, known: value !== null && !d.dynamic };
    }
    case ":+":
    case "+": {
      if (value === null) return { text: "", known: false };
      if (value === "" && op === ":+") return { text: "", known: true };
      const d = expandArgText(state, arg, env, ctx, subs);
      return { text: d.text, known: !d.dynamic };
    }
    case ":?":
    case "?":
      return value === null ? { text: "", known: false } : { text: value, known: true };
    default: {
      if (value === null) return { text: "", known: false };
      const a = expandArgText(state, arg, env, ctx, subs);
      if (a.dynamic) return { text: "", known: false };
      const r = applyParamOp(value, op, a.text);
      return r === undefined ? { text: "", known: false } : { text: r, known: true };
    }
  }
}

function expandWord(
  state: WalkState,
  word: Word,
  env: Env,
  ctx: Ctx,
  subs: SimpleCommand[],
  opts: ExpandOpts = {},
): { fields: Field[]; procs?: { commands: SimpleCommand[]; output: string | undefined }[] } {
  step();
  // Fast path: a word of plain literals (most words) needs no per-character bookkeeping.
  if (
    word.parts.every((p) => p.k === "lit") &&
    !word.parts.some(
      (p, i) =>
        p.k === "lit" &&
        !p.q &&
        (p.v.includes("{") || (i === 0 && p.v.startsWith("~")) || (opts.assignment && p.v.includes(":~"))),
    )
  ) {
    let text = "";
    for (const p of word.parts) text += (p as { v: string }).v;
    const fields: Field[] = [];
    const glob = word.parts.some((p) => p.k === "lit" && !p.q && GLOB_CHARS.test(p.v));
    if (text !== "" || word.parts.some((p) => p.k === "lit" && p.q) || opts.noSplit)
      fields.push({
        text,
        info: glob ? { dynamic: false, dynamicStart: false, glob } : { dynamic: false, dynamicStart: false },
      });
    if (ctx.top && fields.length === 1) fields[0]!.span = [word.start, word.end];
    return { fields };
  }
  const chars: Chars = { text: "", flags: [] };
  let procs: { commands: SimpleCommand[]; output: string | undefined }[] | undefined;
  const add = (s: string, flag: number) => {
    chars.text += s;
    for (let i = 0; i < s.length; i++) chars.flags.push(flag);
  };
  let simpleLiteral = true;
  word.parts.forEach((part, idx) => {
    switch (part.k) {
      case "lit": {
        let v = part.v;
        // Tilde expansion: an unquoted "~" that is the whole word or is followed by an unquoted "/".
        // bash ends the tilde-prefix at "/" or ":"; "~+" is $PWD.
        const tilde = idx === 0 && !part.q ? /^~([+-]?|[A-Za-z_][A-Za-z0-9._-]*)(?=[/:]|$)/.exec(v) : null;
        if (tilde && (v.length > 1 + tilde[1]!.length || word.parts.length === 1)) {
          if (tilde[1] === "+") {
            if (env.cwd !== undefined) add(env.cwd, 0);
            else add(UNKNOWN, 4);
          } else if (tilde[1] === "-") add(UNKNOWN, 4);
          else if (tilde[1]) {
            const h = userHomeOf(tilde[1], state.home);
            // No such user: bash leaves the word as written.
            add(h ?? tilde[0], h === undefined ? 1 : 0);
          } else add(state.home, 0);
          v = v.slice(tilde[0].length);
        } else if (opts.assignment && !part.q && v.includes(":~")) {
          v = v.replace(/:~(?=\/|:|$)/g, `:${state.home}`);
        }
        if (part.q && v === "") add(EMPTY_QUOTED, 0);
        add(v, part.q ? 0 : 1);
        break;
      }
      case "param": {
        simpleLiteral = false;
        if (part.name === "@" && !part.op && !part.length && env.positional?.slice(1).every((x) => x !== null)) {
          // "$@": one field per positional parameter (unquoted: each is split further).
          const items = env.positional.slice(1) as string[];
          items.forEach((item, k) => {
            if (k > 0) add(ARG_BREAK, 8);
            if (item) add(item, part.q ? 0 : 2);
            else if (part.q) add(EMPTY_QUOTED, 0);
          });
          break;
        }
        if (part.sub === "@" && !part.op && !part.length && !part.indirect) {
          const items = arrayItems(state, env, part.name.slice(0, -2));
          if (items?.every((x) => x !== null)) {
            (items as string[]).forEach((item, k) => {
              if (k > 0) add(ARG_BREAK, 8);
              if (item) add(item, part.q ? 0 : 2);
              else if (part.q) add(EMPTY_QUOTED, 0);
            });
            break;
          }
        }
        const r = paramValue(state, part, env, ctx, subs);
        const carried = env.sources?.get(part.name);
        if (carried) for (const c of carried) if (!subs.includes(c)) subs.push(c);
        const split = !part.q && !opts.noSplit ? 2 : 0;
        const fromEnv =
          !r.known &&
          !part.op &&
          !part.length &&
          !part.indirect &&
          !state.envTainted &&
          /^[A-Za-z_][A-Za-z0-9_]*$/.test(part.name) &&
          !env.vars.has(part.name);
        if (fromEnv) add(`${ENV_REF}${part.name}${ENV_REF}`, 4 | 16 | split);
        else if (!r.known) add(UNKNOWN, 4 | split);
        if (r.text) add(r.text, split | (r.known ? 0 : 4));
        else if (part.q && r.known) add(EMPTY_QUOTED, 0);
        break;
      }
      case "cmd": {
        simpleLiteral = false;
        const before = state.commands.length;
        const out = walkList(state, part.body, copyEnv(env), { ...ctx, top: false, context: "command-substitution" });
        const ran = state.commands.slice(before);
        subs.push(...ran);
        const split = !part.q && !opts.noSplit ? 2 : 0;
        // A lister's output (`$(find ~/.ssh -type f)`): paths somewhere under the folder it lists.
        const listed = out === undefined && ran.length === 1 ? listedFolder(ran[0]!) : undefined;
        if (listed !== undefined) {
          add(`${listed.replace(/\/+$/, "")}/`, split);
          add(UNKNOWN, 4 | split);
        } else if (out === undefined) add(UNKNOWN, 4 | split);
        else {
          const t = out.replace(/\n+$/, "");
          if (t) add(t, split);
          else if (part.q) add(EMPTY_QUOTED, 0);
        }
        break;
      }
      case "arith": {
        simpleLiteral = false;
        const before = state.commands.length;
        for (const b of part.bodies ?? [])
          walkList(state, b, copyEnv(env), { ...ctx, top: false, context: "command-substitution" });
        subs.push(...state.commands.slice(before));
        add(UNKNOWN, 4);
        break;
      }
      case "proc": {
        simpleLiteral = false;
        const before = state.commands.length;
        const out = walkList(state, part.body, copyEnv(env), { ...ctx, top: false, context: "process-substitution" });
        const commands = state.commands.slice(before);
        subs.push(...commands);
        (procs ??= []).push({ commands, output: out });
        add("/dev/fd/63", 0);
        break;
      }
    }
  });

  // Brace expansion (not for assignment values), then field splitting.
  let words: Chars[] = [chars];
  if (!opts.assignment && !opts.noSplit && chars.text.includes("{") && chars.text.length > 4096) {
    problem(state, "A word over 4096 characters uses brace expansion; staso does not expand it.");
  } else if (!opts.assignment && !opts.noSplit && chars.text.includes("{")) {
    const out: Chars[] = [];
    braceExpand(chars, out, state);
    words = out;
  }
  const fields: Field[] = [];
  for (const w of words) {
    for (const f of opts.noSplit ? [w] : splitFields(w, ifsOf(env))) fields.push(finish(f));
  }
  if (opts.noSplit && fields.length === 0) fields.push({ text: "", info: { dynamic: false, dynamicStart: false } });
  if (ctx.top && fields.length === 1 && words.length === 1) fields[0]!.span = [word.start, word.end];
  void simpleLiteral;
  return procs ? { fields, procs } : { fields };
}

const GLOB_CHARS = /[*?[]/;

/**
 * `~name`: the user's own home when the name is theirs, /root for root, else a home beside the user's
 * (/home/alice next to /home/dev, /Users/alice next to /Users/dev).
 */
function userHomeOf(name: string, home: string): string | undefined {
  if (name === basename(home)) return home;
  return passwdHomes().get(name);
}

let homes: Map<string, string> | undefined;
/** Users' home folders from /etc/passwd (read once, only when a `~name` appears), as bash finds them. */
function passwdHomes(): Map<string, string> {
  if (homes) return homes;
  homes = new Map([["root", "/root"]]);
  try {
    for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
      const f = line.split(":");
      if (f.length >= 7 && f[0] && f[5]?.startsWith("/")) homes.set(f[0], f[5]);
    }
  } catch {
    // No passwd file (macOS keeps users elsewhere): only root and the user's own name are known.
  }
  return homes;
}

function finish(c: Chars): Field {
  let text = "";
  let template = "";
  let dynamic = false;
  let glob = false;
  for (let i = 0; i < c.text.length; i++) {
    const ch = c.text[i]!;
    const f = c.flags[i]!;
    if (f & 16) {
      template += ch;
      dynamic = true;
      continue;
    }
    if (f & 4) {
      // An unknown expansion (and any default text standing in for it): one marker in the template.
      if (!dynamic || !template.endsWith(UNKNOWN)) template += UNKNOWN;
      dynamic = true;
      if (ch !== UNKNOWN && ch !== EMPTY_QUOTED) text += ch === ARG_BREAK ? " " : ch;
      continue;
    }
    if (f & 1 && GLOB_CHARS.test(ch)) glob = true;
    if (ch === UNKNOWN || ch === EMPTY_QUOTED) continue;
    const out = ch === ARG_BREAK ? " " : ch;
    text += out;
    template += out;
  }
  const info: WordInfo = {
    dynamic,
    dynamicStart: c.text[0] === UNKNOWN || (c.flags[0] !== undefined && (c.flags[0] & 4) !== 0),
  };
  if (glob) info.glob = true;
  if (dynamic) info.template = template;
  return { text, info };
}

const IFS_WS = new Set([" ", "\t", "\n"]);

/** The characters expansions are split on: $IFS as the command set it (unknown: bash's default). */
function ifsOf(env: Env): Set<string> {
  const v = env.vars.get("IFS");
  return typeof v === "string" ? new Set(v) : IFS_WS;
}

function splitFields(c: Chars, ifs: Set<string> = IFS_WS): Chars[] {
  const out: Chars[] = [];
  let cur: Chars = { text: "", flags: [] };
  for (let i = 0; i < c.text.length; i++) {
    const ch = c.text[i]!;
    const f = c.flags[i]!;
    if (f & 8 || (f & 2 && ifs.has(ch))) {
      // A non-blank IFS character delimits a field even when empty (a,,b is three fields).
      if (cur.text || (f & 2 && !IFS_WS.has(ch) && ifs.has(ch))) out.push(cur);
      cur = { text: "", flags: [] };
      continue;
    }
    cur.text += ch;
    cur.flags.push(f);
  }
  if (cur.text) out.push(cur);
  return out;
}

/** Bash brace expansion over unquoted literal characters: {a,b}, {1..5}, {a..e}, nested. */
function braceExpand(c: Chars, out: Chars[], state: WalkState, budget = { left: MAX_BRACE_WORDS }): void {
  const t = c.text;
  const f = c.flags;
  // Find the first "{" (unquoted) that has a matching "}" with a "," at depth 1 or a ".." sequence.
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== "{" || !(f[i]! & 1)) continue;
    if (i > 0 && t[i - 1] === "$" && f[i - 1]! & 1) continue;
    let depth = 0;
    const commas: number[] = [];
    let close = -1;
    for (let j = i; j < t.length; j++) {
      if (!(f[j]! & 1)) continue;
      if (t[j] === "{") depth++;
      else if (t[j] === "}") {
        depth--;
        if (depth === 0) {
          close = j;
          break;
        }
      } else if (t[j] === "," && depth === 1) commas.push(j);
    }
    if (close < 0) break;
    const pre = { text: t.slice(0, i), flags: f.slice(0, i) };
    const post = { text: t.slice(close + 1), flags: f.slice(close + 1) };
    let alts: Chars[] = [];
    if (commas.length) {
      let from = i + 1;
      for (const k of [...commas, close]) {
        alts.push({ text: t.slice(from, k), flags: f.slice(from, k) });
        from = k + 1;
      }
    } else {
      const inner = t.slice(i + 1, close);
      const m =
        /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(inner) ?? /^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.(-?\d+))?$/.exec(inner);
      if (!m) continue;
      const numeric = /^-?\d/.test(m[1]!);
      const a = numeric ? Number(m[1]) : m[1]!.charCodeAt(0);
      const b = numeric ? Number(m[2]) : m[2]!.charCodeAt(0);
      const step = Math.max(1, Math.abs(Number(m[3] ?? 1)));
      const count = Math.floor(Math.abs(b - a) / step) + 1;
      if (count > budget.left) {
        problem(state, `A brace expansion produces more than ${MAX_BRACE_WORDS} words.`);
        alts = [{ text: numeric ? String(a) : String.fromCharCode(a), flags: [0] }];
      } else {
        for (let k = 0; k < count; k++) {
          const v = a + (a <= b ? k * step : -k * step);
          const s = numeric ? String(v) : String.fromCharCode(v);
          alts.push({ text: s, flags: Array(s.length).fill(0) });
        }
      }
    }
    for (const alt of alts) {
      if (budget.left <= 0) {
        problem(state, `A brace expansion produces more than ${MAX_BRACE_WORDS} words.`);
        return;
      }
      braceExpand(
        { text: pre.text + alt.text + post.text, flags: [...pre.flags, ...alt.flags, ...post.flags] },
        out,
        state,
        budget,
      );
    }
    return;
  }
  budget.left--;
  out.push(c);
}

/** Walks a top-level list (the entry point used by analyze.ts). */
export function walkCmd0(state: WalkState, list: List, env: Env, ctx: Ctx): void {
  walkList(state, list, env, ctx);
}
