// The state the shell walker (walk.ts) carries, and the small helpers every part of the walk uses. Kept
// apart from walk.ts so the modules the walker calls (unwrap.ts, inline.ts) can call back into it through
// WalkState.recurse without importing it: imports stay one-way.
import { MAX_COMMANDS, type Cmd } from "./parse.js";
import { step } from "../../util/deadline.js";
import type { CommandContext, FileFact, InlineCode, SimpleCommand } from "./types.js";

/** Re-parsed text (bash -c, eval, heredocs fed to sh, …) nested deeper than this is not analysed. */
export const MAX_DEPTH = 16;

/** The walker's entry points (walk.ts), reached through the state by the code it calls. */
interface Recurse {
  /** Parses `text` and walks it; the commands found are pushed to state and returned. */
  analyzeText(
    state: WalkState,
    text: string,
    env: Env,
    ctx: Ctx,
    keepProblems?: boolean,
  ): { commands: SimpleCommand[]; output: string | undefined };
  /** What running `sc` does to the analysis; its static output when known. */
  runCommand(state: WalkState, sc: SimpleCommand, env: Env, ctx: Ctx, childEnv: () => Env): string | undefined;
}

export interface Env {
  /** Shell variables; null: set to something unknown. Names absent here are unknown too (the user's environment). */
  vars: Map<string, string | null>;
  /** $0, $1, …; null: unknown. */
  positional: (string | null)[] | null;
  /** The working directory; undefined: unknown (after `cd "$X"`). */
  cwd: string | undefined;
  funcs: Map<string, Cmd>;
  aliases: Map<string, string>;
  /** Indexed arrays (`a=(x y)`): their elements, null where unknown; the array itself null when unknown. */
  arrays?: Map<string, (string | null)[] | null>;
  /** Namerefs (`declare -n r=x`): the variable each name stands for, looked up when it is used. */
  refs?: Map<string, string>;
  /**
   * The commands whose output a variable holds (`s=$(curl …)`): a word that expands the variable later
   * has them among its substitutions, as `$(curl …)` written there would.
   */
  sources?: Map<string, SimpleCommand[]>;
}

export interface WalkState {
  /** The IFS the command line set last (any shell of it but a remote one), for the session memory. */
  ifs?: string;
  /**
   * The variables the command line set for its shell (`X=v`, `export X=v`, `declare -x X=v`; not a
   * remote shell's, not a function's), last value first-come, for the session memory: a later call that
   * uses one is read with it (variables.ts). null: set to something unknown.
   */
  setVars?: Map<string, string | null>;
  /** Walking what earlier calls set (variables.ts): not this call's own settings. */
  seeding?: boolean;
  /** The walker's own entry points, for the modules it calls back into (unwrap.ts, inline.ts), so they need not import it. */
  recurse: Recurse;
  home: string;
  commands: SimpleCommand[];
  inline: InlineCode[];
  problems: string[];
  pipelineSeq: number;
  funcStack: string[];
  calledFuncs: Set<string>;
  definedFuncs: Map<string, { body: Cmd; ctx: Ctx }>;
  stopped: boolean;
  /** Characters of nested shell code parsed so far. */
  reparsed: number;
  /**
   * Variables may have been set by code staso does not see (`source f`, `eval "$x"`, `export $(…)`): from
   * then on an unset variable is not known to come from the user's environment.
   */
  envTainted?: boolean;
  /** Files made so far (by this command line or, seeded, by earlier calls of the session), by absolute path. */
  files?: Map<string, FileFact>;
  /** The paths this command line itself wrote. */
  made?: Set<string>;
}

export interface Ctx {
  /** The text the syntax tree was parsed from. */
  src: string;
  /** `src` is the analysed command line itself: word offsets are meaningful to rules that rewrite. */
  top: boolean;
  context: CommandContext;
  wrappers: string[];
  depth: number;
  inFunction?: string;
  remote?: boolean;
  /** Inside a subshell ( … ) of the top level. */
  subshell?: boolean;
  /**
   * The stdin of a compound pipeline member (`x | ( a; b )`, `x | while read f; do …; done`): the pipe from
   * the member before, which the commands inside read unless they redirect it.
   */
  stdin?: { from: SimpleCommand[]; text: string | undefined };
  /** The file a compound's `< FILE` feeds the commands inside (`while read l; do …; done < FILE`). */
  stdinFile?: string;
}

export function copyEnv(env: Env): Env {
  return {
    vars: new Map(env.vars),
    positional: env.positional ? [...env.positional] : null,
    cwd: env.cwd,
    funcs: new Map(env.funcs),
    aliases: new Map(env.aliases),
    ...(env.arrays ? { arrays: new Map(env.arrays) } : {}),
    ...(env.refs ? { refs: new Map(env.refs) } : {}),
    ...(env.sources ? { sources: new Map(env.sources) } : {}),
  };
}

export function problem(state: WalkState, msg: string): void {
  if (state.problems.length < 20 && !state.problems.includes(msg)) state.problems.push(msg);
}

/**
 * Records a command that would run (one found by unwrapping or in inline code). Past MAX_COMMANDS the
 * analysis stops, unsure, and the command is not recorded.
 */
export function addCommand(state: WalkState, cmd: SimpleCommand): boolean {
  step();
  if (state.commands.length >= MAX_COMMANDS) {
    problem(state, `The command expands to more than ${MAX_COMMANDS} commands.`);
    state.stopped = true;
    return false;
  }
  state.commands.push(cmd);
  return true;
}

export function basename(p: string): string {
  const t = p.endsWith("/") && p.length > 1 ? p.replace(/\/+$/, "") : p;
  const i = t.lastIndexOf("/");
  return i >= 0 ? t.slice(i + 1) : t;
}

/**
 * The program a command word names: its basename, and under WSL a Windows program's name without `.exe`
 * (`powershell.exe`, `/mnt/c/Windows/System32/curl.exe`, `PowerShell.EXE` — Windows names are
 * case-insensitive), so rules written for `powershell`, `curl` or `cmd` see them too.
 */
export function programName(word: string): string {
  const b = basename(word);
  return /^[^/]+\.exe$/i.test(b) ? b.slice(0, -4).toLowerCase() : b;
}
