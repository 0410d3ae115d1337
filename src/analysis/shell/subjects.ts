// What a shell call runs, for the engine's dispatch (engine/dispatch.ts): the programs of every command
// the analysis found (nested, wrapped and inline ones included) and the wrappers that reach them, whether
// it holds inline code, whether anything redirects. Where the analysis cannot name a program for sure (a
// program in a variable, an unmatched glob, an analysis without confidence), the programs are unknown and
// every rule that declares programs runs: a rule is skipped only for a call known not to concern it.
import type { ShellSubjects } from "../../engine/dispatch.js";
import type { ToolCall } from "../../engine/types.js";
import type { Redirect, ShellAnalysis, SimpleCommand } from "./types.js";
import { gitSubcommand } from "./commands.js";
import { SHELLS } from "./unwrap.js";

const memo = new WeakMap<ToolCall, ShellSubjects | null>();

/** Programs that run shell code they are given: with code the analysis could not read, what runs is unknown. */
const CODE_RUNNERS = new Set([...SHELLS, "eval", "source", ".", "busybox", "su", "sudo", "doas"]);

/** The program's word as written (after any VAR=value words) holds a glob: the disk decides what runs. */
const GLOB_PROGRAM = /^\s*(?:[A-Za-z_]\w*=\S*\s+)*[^\s*?[]*[*?[]/;

/**
 * A redirection that reaches a file, a heredoc or a here-string: not the copy of a descriptor (`2>&1`,
 * `>&2`, `<&-`) nor /dev/null, which nearly every everyday command line has and no file rule looks at.
 */
function toFile(r: Redirect): boolean {
  if ((r.op === ">&" || r.op === "<&") && /^(?:\d+-?|-)$/.test(r.target)) return false;
  return r.target !== "/dev/null" || r.info !== undefined;
}

/** Whether the analysis may not know every program the command runs. */
function unsure(c: SimpleCommand): boolean {
  const first = c.wordInfo[0];
  if (first?.dynamic || first?.glob || GLOB_PROGRAM.test(c.text)) return true;
  if (!CODE_RUNNERS.has(c.program)) return false;
  // Code in a variable (`eval "$P"`, `bash -c "$X"`), or fed through a pipe from something unknown.
  if (c.dynamic) return true;
  if (c.stdin?.kind === "pipe" || c.stdin?.kind === "process-substitution")
    return c.stdin.text === undefined || (c.stdin.from ?? []).some((f) => f.dynamic);
  return false;
}

/**
 * The subcommands git's commands run, as the git rules read them (gitSubcommand: `git -C dir -c k=v push`
 * runs push); null when one of them names none staso can tell.
 */
function subcommandsOf(a: ShellAnalysis): Map<string, Set<string> | null> {
  const out = new Map<string, Set<string> | null>();
  for (const c of a.commands) {
    if (c.program.toLowerCase() !== "git") continue;
    const g = gitSubcommand(c.args);
    const known = out.get("git");
    // A word up to the subcommand that the analysis could not resolve (`git $SUB`, `git "$@"`) may be any.
    const upTo = g ? c.args.length - g.rest.length : c.args.length;
    if (!g || c.wordInfo.slice(1, upTo + 1).some((w) => w.dynamic || w.glob)) out.set("git", null);
    else if (known !== null) out.set("git", (known ?? new Set()).add(g.sub.toLowerCase()));
  }
  return out;
}

/** The subjects of a shell analysis. */
function subjectsOfAnalysis(a: ShellAnalysis): ShellSubjects {
  let known = a.confident;
  let redirects = false;
  const programs = new Set<string>();
  for (const c of a.commands) {
    if (known && unsure(c)) known = false;
    programs.add(c.program.toLowerCase());
    for (const w of c.wrappers) programs.add(w.split(" ", 1)[0]!.toLowerCase());
    if (c.redirects.some(toFile) || (c.stdin && c.stdin.kind !== "pipe" && c.stdin.kind !== "process-substitution"))
      redirects = true;
  }
  return {
    ...(known ? { programs, subcommands: subcommandsOf(a) } : {}),
    inlineCode: a.inlineCode.length > 0,
    redirects,
  };
}

/** The subjects of a call's shell command, once per call (undefined when it runs none). */
export function subjectsOfCall(
  call: ToolCall,
  analysis: (call: ToolCall) => ShellAnalysis | undefined,
): ShellSubjects | undefined {
  let s = memo.get(call);
  if (s === undefined) {
    const a = analysis(call);
    s = a ? subjectsOfAnalysis(a) : null;
    memo.set(call, s);
  }
  return s ?? undefined;
}
