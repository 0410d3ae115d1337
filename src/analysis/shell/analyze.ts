// Turns a command line into the list of simple commands the shell would run — nested, wrapped and
// inline-code ones included — so that rules see the real program and its arguments.
//   parse.ts      text → syntax tree (hand-written, linear, error-tolerant)
//   walk.ts       syntax tree → simple commands, expanding words with what is statically known
//   unwrap.ts     wrappers (sudo, env, bash -c, xargs, find -exec, …) → the commands they run
//   inline.ts     interpreters' inline code → its shell-outs, deletions and device writes
import type { ShellAnalysis, ShellOptions, SimpleCommand } from "./types.js";
import { hasOption, operands } from "./commands.js";
import { resolvePathWord } from "./paths.js";
import { analyzeText, runCommand, walkCmd0 } from "./walk.js";
import { basename, problem, type Env, type WalkState } from "./walk-state.js";
import { parseShell } from "./parse.js";
import { DeadlineExceeded } from "../../util/deadline.js";
import { madeFiles, seedFiles } from "./files.js";
import { remoteMemory } from "./git-remotes.js";
import { seedVariables, variableMemory } from "./variables.js";
import { heldSecrets } from "./held.js";
import { movesMemory, movesOf } from "./moves.js";

/** Commands longer than this are not analysed with confidence. */
const MAX_COMMAND_LENGTH = 1024 * 1024;

/** The session memory's entry for the IFS a call left set (not a file: its text is the value). */
const IFS_MEMORY = "#shell.IFS";

export function analyzeShell(command: string, opts: ShellOptions = {}): ShellAnalysis {
  const home = (opts.home ?? "~").replace(/(.)\/+$/, "$1");
  const state: WalkState = {
    recurse: { analyzeText, runCommand },
    home,
    commands: [],
    inline: [],
    problems: [],
    pipelineSeq: 0,
    funcStack: [],
    calledFuncs: new Set(),
    definedFuncs: new Map(),
    stopped: false,
    reparsed: 0,
  };
  try {
    if (typeof command !== "string") {
      problem(state, "The command is not text.");
    } else if (command.length > MAX_COMMAND_LENGTH) {
      problem(
        state,
        `The command is ${command.length} characters long, more than the ${MAX_COMMAND_LENGTH} staso analyses.`,
      );
    } else {
      if (opts.files?.length) seedFiles(state, opts.files);
      const parsed = parseShell(command);
      for (const p of parsed.problems) problem(state, p);
      const env: Env = { vars: new Map(), positional: null, cwd: opts.cwd, funcs: new Map(), aliases: new Map() };
      if (opts.cwd) env.vars.set("PWD", opts.cwd);
      // IFS an earlier call of the session set: the split it makes is possible here too (whether the host
      // keeps a shell between calls or not), so both it and bash's own are split on.
      const ifs = opts.files?.findLast((f) => f.path === IFS_MEMORY)?.text;
      if (ifs) env.vars.set("IFS", ` \t\n${ifs}`);
      if (opts.files?.length) seedVariables(state, opts.files, env, command);
      const ctx = { src: command, top: true, context: "top" as const, wrappers: [], depth: 0 };
      walkCmd0(state, parsed.list, env, ctx);
      // Functions defined but never called (as far as staso can see) may still be called dynamically.
      for (const [name, def] of state.definedFuncs) {
        if (state.calledFuncs.has(name) || state.stopped) continue;
        walkCmd0(
          state,
          [{ pipelines: [{ cmds: [def.body], negated: false }], ops: [], background: false }],
          { ...env, positional: null },
          { ...def.ctx, top: false, context: "function", inFunction: name, depth: def.ctx.depth + 1 },
        );
      }
    }
  } catch (err) {
    // Out of time is the call's failure, reported by the engine (the fail mode decides).
    if (err instanceof DeadlineExceeded) throw err;
    // Anything else must never throw at a rule: report it as a reason for low confidence instead.
    problem(state, `The command could not be analysed (${(err as Error)?.message ?? String(err)}).`);
  }
  // Links this command line makes, over those earlier calls made.
  const made = linksMade(state.commands, home);
  const links = new Map<string, string>();
  for (const f of opts.files ?? []) if (f.link !== undefined) links.set(f.path, f.link);
  for (const [l, t] of made) links.set(l, t);
  const ifsSet = state.ifs;
  const held = heldSecrets(state.files, home);
  const moves: [string, string][] = [];
  for (const f of opts.files ?? []) if (typeof f.was === "string") moves.push([f.path, f.was]);
  moves.push(...movesOf(state.commands, home, opts.cwd));
  return {
    commands: state.commands,
    confident: state.problems.length === 0,
    problems: state.problems,
    inlineCode: state.inline,
    links,
    files: [
      ...madeFiles(state, held),
      ...[...made].map(([path, link]) => ({ path, link })),
      ...remoteMemory(state.commands, opts.cwd ?? "/"),
      ...(ifsSet && ifsSet !== " \t\n" && ifsSet.length <= 16 ? [{ path: IFS_MEMORY, text: ifsSet }] : []),
      ...variableMemory(state),
      ...movesMemory(state.commands, home, opts.cwd),
    ],
    ...(opts.files?.length ? { remembered: opts.files } : {}),
    held,
    moves,
  };
}

/** The symbolic links `ln -s` commands make (inline code's links are ln commands too), link → target. */
function linksMade(commands: SimpleCommand[], home: string): Map<string, string> {
  const links = new Map<string, string>();
  for (const cmd of commands) {
    if (cmd.program !== "ln" || cmd.remote || !hasOption(cmd.args, "s", ["--symbolic"], "St")) continue;
    const ops = operands(cmd.args, ["-S", "--suffix", "-t", "--target-directory"]);
    const info = cmd.wordInfo.slice(1);
    if (ops.length === 0 || ops.length > 2 || ops.some((o) => info[o.index]?.dynamicStart)) continue;
    const target = resolvePathWord(ops[0]!.word, cmd.cwd, home);
    const linkWord = ops[1]?.word ?? basename(ops[0]!.word);
    const link = resolvePathWord(linkWord.replace(/(.)\/+$/, "$1"), cmd.cwd, home);
    if (target.startsWith("/") && link.startsWith("/")) links.set(link, target);
  }
  return links;
}
