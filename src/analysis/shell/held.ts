// What a file written by the session holds that must not leave the machine: the whole environment
// (`printenv > /tmp/e`, `env >> build.log`, `export -p > env.txt`, `printenv | base64 > f`). A later
// command (or call: the session memory keeps it, see RememberedFile.holds) that sends the file is judged
// as sending what it holds.
import type { FileFact, SimpleCommand } from "./types.js";
import { feeders } from "./commands.js";
import { resolvePathWord } from "./paths.js";

/** Programs that print environment variables wholesale. */
export function dumpsEnvironment(cmd: SimpleCommand, home: string): boolean {
  const p = cmd.program;
  if ((p === "env" || p === "printenv") && cmd.args.every((x) => x.startsWith("-"))) return true;
  if (
    (p === "set" || p === "export" || p === "declare" || p === "typeset") &&
    (cmd.args.length === 0 || cmd.args.every((x) => x === "-p" || x === "-x"))
  )
    return true;
  if (p === "compgen" && cmd.args.includes("-v")) return false;
  const readsEnviron = [...cmd.args, ...cmd.redirects.filter((r) => r.op === "<").map((r) => r.target)].some((x) =>
    /^\/proc\/(self|\d+|\*)\/environ$/.test(resolvePathWord(x, cmd.cwd, home)),
  );
  return readsEnviron;
}

/** What the writers of a file put in it that is secret, in words ("the environment (printenv)"), if anything. */
function secretWritten(writers: SimpleCommand[], home: string): string | undefined {
  for (const w of writers.slice(0, 16)) {
    const dump = [w, ...feeders(w)].find((c) => dumpsEnvironment(c, home));
    if (dump) return `the environment (${dump.program})`;
  }
  return undefined;
}

/** The files the line (or, remembered, the session) made that hold a secret: path → what. */
export function heldSecrets(files: Map<string, FileFact> | undefined, home: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, fact] of files ?? []) {
    const what = fact.holds ?? secretWritten(fact.from, home);
    if (what) out.set(path, what);
  }
  return out;
}
