// Turns a command line into the list of simple commands the shell would run, unwrapping wrappers
// (sudo, env, bash -c, xargs, find -exec, …) so that rules see the real program and its arguments.
import { lex, type Token } from "./lex.js";
import type { CommandContext, Redirect, ShellAnalysis, ShellOptions, SimpleCommand } from "./types.js";
import { unwrap } from "./unwrap.js";

/** Commands longer than this are not analysed with confidence. */
export const MAX_COMMAND_LENGTH = 256 * 1024;
/** Nesting (substitutions, bash -c, eval, …) deeper than this is not analysed with confidence. */
export const MAX_DEPTH = 8;

const RESERVED = new Set(["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "in", "case", "esac", "{", "}", "!", "function", "select"]);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)\+?=(.*)$/s;
const REDIRECT_OPS = new Set([">", ">>", "<", ">|", "<>", "&>", "&>>", ">&", "<&", "<<", "<<-", "<<<"]);

export interface AnalyzeState {
  vars: Map<string, string>;
  cwd?: string;
  home: string;
  commands: SimpleCommand[];
  problems: string[];
  pipelineSeq: number;
}

export function analyzeShell(command: string, opts: ShellOptions = {}): ShellAnalysis {
  const state: AnalyzeState = {
    vars: new Map(),
    cwd: opts.cwd,
    home: opts.home ?? "~",
    commands: [],
    problems: [],
    pipelineSeq: 0,
  };
  try {
    if (command.length > MAX_COMMAND_LENGTH) {
      state.problems.push(`The command is ${command.length} characters long, more than the ${MAX_COMMAND_LENGTH} staso analyses.`);
    } else {
      analyzeInto(state, command, "top", [], 0);
    }
  } catch (err) {
    // The analyser must never throw at a rule: report it as a reason for low confidence instead.
    state.problems.push(`The command could not be analysed (${(err as Error).message}).`);
  }
  return { commands: state.commands, confident: state.problems.length === 0, problems: state.problems };
}

/** Resolves a path word against the tracked cwd and home. */
export function resolvePathWord(word: string, cwd: string | undefined, home: string): string {
  let p = word;
  if (p === "~" || p.startsWith("~/")) p = home + p.slice(1);
  if (!p.startsWith("/") && cwd) p = cwd.replace(/\/+$/, "") + "/" + p;
  return p;
}

export function analyzeInto(state: AnalyzeState, src: string, context: CommandContext, wrappers: string[], depth: number): SimpleCommand[] {
  if (depth > MAX_DEPTH) {
    state.problems.push(`The command nests more than ${MAX_DEPTH} levels deep.`);
    return [];
  }
  // Static assignments anywhere in this text resolve later $NAME uses (X=rm; $X -rf /).
  for (const m of src.matchAll(/(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)=('[^']*'|"[^"$`]*"|[^\s;&|()$`'"]*)/g)) {
    const raw = m[2]!;
    state.vars.set(m[1]!, raw.startsWith("'") || raw.startsWith('"') ? raw.slice(1, -1) : raw);
  }
  const { tokens, problems, substitutions } = lex(src, (name) => state.vars.get(name) ?? (name === "HOME" ? state.home : undefined));
  state.problems.push(...problems);
  const produced: SimpleCommand[] = [];

  let words: Extract<Token, { type: "word" }>[] = [];
  let redirects: Redirect[] = [];
  let procSubs: SimpleCommand[] = [];
  let subshellDepth = 0;
  let pipeline: SimpleCommand[] = [];
  let startOffset = -1;

  const finishCommand = () => {
    if (words.length === 0 && redirects.length === 0) return;
    const end = words.length ? words[words.length - 1]!.end : src.length;
    const text = src.slice(Math.max(0, startOffset), end).trim();
    const assignments: Record<string, string> = {};
    let k = 0;
    while (k < words.length && RESERVED.has(words[k]!.text) && !words[k]!.raw.match(/['"\\]/)) k++;
    while (k < words.length) {
      const m = words[k]!.raw.match(/^[A-Za-z_][A-Za-z0-9_]*\+?=/) ? words[k]!.text.match(ASSIGNMENT) : null;
      if (!m) break;
      assignments[m[1]!] = m[2]!;
      k++;
    }
    const rest = words.slice(k);
    const argv = rest.map((w) => w.text);
    const cmd: SimpleCommand = {
      argv,
      program: basename(argv[0] ?? ""),
      args: argv.slice(1),
      assignments,
      redirects,
      cwd: state.cwd,
      wrappers,
      context: subshellDepth > 0 && context === "top" ? "subshell" : context,
      pipeline: { id: 0, index: 0, length: 0 },
      dynamic: rest.some((w) => w.dynamic),
      text,
    };
    const heredoc = redirects.find((r) => r.op === "<<" || r.op === "<<-" || r.op === "<<<");
    if (heredoc) cmd.stdin = { kind: heredoc.op === "<<<" ? "herestring" : "heredoc", text: heredoc.body ?? heredoc.target };
    const fileIn = redirects.find((r) => r.op === "<");
    if (fileIn) cmd.stdin = { kind: "file", text: fileIn.target };
    if (procSubs.length > 0 && !cmd.stdin) cmd.stdin = { kind: "process-substitution", from: procSubs };
    pipeline.push(cmd);
    words = [];
    redirects = [];
    procSubs = [];
    startOffset = -1;
  };

  const finishPipeline = () => {
    finishCommand();
    const id = ++state.pipelineSeq;
    pipeline.forEach((cmd, index) => {
      cmd.pipeline = { id, index, length: pipeline.length };
      if (index > 0 && !cmd.stdin) cmd.stdin = { kind: "pipe", from: [pipeline[index - 1]!] };
    });
    for (const cmd of pipeline) {
      state.commands.push(cmd);
      produced.push(cmd);
      if (cmd.program === "cd") {
        const target = cmd.args.find((a) => !a.startsWith("-"));
        state.cwd = target === undefined ? state.home : resolvePathWord(target, state.cwd, state.home);
      }
      for (const inner of unwrap(cmd, state, depth)) produced.push(inner);
    }
    pipeline = [];
  };

  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (startOffset < 0 && tok.type !== "heredoc") startOffset = tok.start;
    if (tok.type === "word") { words.push(tok); continue; }
    if (tok.type === "heredoc") {
      const r = redirects.find((x) => (x.op === "<<" || x.op === "<<-") && x.body === undefined);
      if (r) r.body = tok.body;
      else {
        // The heredoc belongs to a command already finished by the newline: attach it there.
        const last = state.commands[state.commands.length - 1];
        const lr = last?.redirects.find((x) => (x.op === "<<" || x.op === "<<-") && x.body === undefined);
        if (last && lr) { lr.body = tok.body; last.stdin = { kind: "heredoc", text: tok.body }; }
      }
      continue;
    }
    if (tok.type === "subst") {
      const inner = analyzeInto(state, tok.body, "process-substitution", wrappers, depth + 1);
      procSubs.push(...inner);
      continue;
    }
    const op = tok.text;
    if (REDIRECT_OPS.has(op)) {
      const prev = words[words.length - 1];
      let fd: number | undefined;
      if (prev && /^\d+$/.test(prev.raw) && prev.end === tok.start) { fd = Number(prev.raw); words.pop(); }
      const next = tokens[t + 1];
      if (next?.type === "word") { redirects.push({ op, fd, target: next.text }); t++; }
      else if (next?.type === "subst") {
        redirects.push({ op, fd, target: "" });
        procSubs.push(...analyzeInto(state, next.body, "process-substitution", wrappers, depth + 1));
        t++;
      } else redirects.push({ op, fd, target: "" });
      continue;
    }
    if (op === "|" || op === "|&") { finishCommand(); continue; }
    if (op === "(") { finishPipeline(); subshellDepth++; continue; }
    if (op === ")") { finishPipeline(); subshellDepth = Math.max(0, subshellDepth - 1); continue; }
    finishPipeline();
  }
  finishPipeline();

  for (const body of substitutions) produced.push(...analyzeInto(state, body, "command-substitution", wrappers, depth + 1));
  return produced;
}

export function basename(p: string): string {
  const i = p.lastIndexOf("/");
  return i >= 0 ? p.slice(i + 1) : p;
}
