// Shells and interpreters that run a program they are handed rather than one they name: on stdin
// (`… | sh`, `python3 -`), from a process substitution (`bash <(…)`), or as a substituted string
// (`eval "$(…)"`, `sh -c "$(…)"`, `s=$(…); bash -c "$s"`). The rules about where such code comes from
// (a download: curl-pipe-shell; a decoded payload: hidden-code) share this reading of it.
import type { SimpleCommand } from "../../analysis/shell/index.js";
import { feeders } from "../../analysis/shell/commands.js";
import { SHELLS } from "../../analysis/shell/unwrap.js";

const INTERPRETERS =
  /^(python[0-9.]*|pypy[0-9.]*|perl|ruby|node|nodejs|bun|deno|php|lua|luajit|Rscript|pwsh|powershell|osascript|tclsh|awk|gawk)$/;

/** The runners' programs, for a rule's looksAt (INTERPRETERS' versions by prefix). */
export const RUNNER_PROGRAMS = [
  ...SHELLS,
  "python*",
  "pypy*",
  "perl",
  "ruby",
  "node",
  "nodejs",
  "bun",
  "deno",
  "php",
  "lua",
  "luajit",
  "Rscript",
  "pwsh",
  "powershell",
  "osascript",
  "tclsh",
  "awk",
  "gawk",
  "source",
  ".",
  "eval",
  "iex",
  "Invoke-Expression",
];

export const isRunner = (p: string) =>
  SHELLS.has(p) ||
  INTERPRETERS.test(p) ||
  p === "source" ||
  p === "." ||
  p === "eval" ||
  p === "iex" ||
  p === "Invoke-Expression";

/** The runner reads its program from stdin (no script operand, "-", /dev/stdin, -s) or from a process substitution. */
export function readsProgramFromInput(cmd: SimpleCommand): boolean {
  if (cmd.stdin?.kind === "process-substitution") return true;
  if (cmd.program === "eval") return false;
  const positional = cmd.args.filter((a) => !a.startsWith("-") || a === "-");
  if (cmd.args.some((a) => a === "-s" || a === "/dev/stdin" || a === "-")) return true;
  if (cmd.args.some((a) => /^-[a-zA-Z]*[ce]$/.test(a) || a === "-m" || a === "--eval" || a === "-Command"))
    return false;
  return positional.length === 0;
}

/** The runner takes its program as a string or a /dev/fd path: eval, source, `-c`/`-e` code, `<(…)`. */
function takesProgramAsWord(cmd: SimpleCommand): boolean {
  return (
    cmd.program === "eval" ||
    cmd.program === "source" ||
    cmd.program === "." ||
    cmd.args.some((a) => /^-[a-zA-Z]*[ce]$/.test(a) || a === "--eval" || a === "-Command" || a.startsWith("/dev/fd/"))
  );
}

/**
 * The commands whose output a runner that takes its program as a word runs: its substitutions, those
 * written there (`eval "$(…)"`) and those a variable carried (`s=$(…); bash -c "$s"`), each with what
 * feeds it. Nearest first; empty when none.
 */
export function programWordSources(cmd: SimpleCommand): SimpleCommand[] {
  if (!takesProgramAsWord(cmd) || !programWordDynamic(cmd)) return [];
  return (cmd.substitutions ?? []).flatMap((s) => [s, ...feeders(s)]);
}

/**
 * Whether the word(s) the program is taken from hold an expansion (a substitution or a variable): a
 * literal `-c` script with the substitution among its operands (`bash -c 'echo $1' _ "$(…)"`) runs the
 * literal, and the shell analysis reads that.
 */
function programWordDynamic(cmd: SimpleCommand): boolean {
  const dynamic = (i: number) => cmd.wordInfo[i]?.dynamic === true;
  if (cmd.program === "eval") return cmd.argv.some((_, i) => i > 0 && dynamic(i));
  if (cmd.program === "source" || cmd.program === ".") return dynamic(1) || /^\/dev\/fd\//.test(cmd.argv[1] ?? "");
  const at = cmd.argv.findIndex((a, i) => i > 0 && (/^-[a-zA-Z]*[ce]$/.test(a) || a === "--eval" || a === "-Command"));
  if (at < 0) return cmd.argv.some((a, i) => i > 0 && a.startsWith("/dev/fd/"));
  return dynamic(at + 1);
}
