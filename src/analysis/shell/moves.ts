// Where `mv`s put things, in this command line and (remembered) in earlier calls of the session: each
// destination with the absolute source it now holds. `mv ~/work /tmp/w && rm -rf /tmp/w` deletes ~/work,
// and so does `mv ~/work /tmp/w` in one call and `rm -rf /tmp/w` in a later one; a destination named by
// an expansion staso cannot resolve (`mv ~/src /tmp/x$RANDOM`) is kept as a pattern (`/tmp/x*`).
import type { RememberedFile, SimpleCommand } from "./types.js";
import { operands } from "./commands.js";
import { resolvePathWord } from "./paths.js";

/**
 * Where the line's `mv`s put things: each destination (and, as the destination may be a folder, the
 * source's name inside it) with the absolute source it now holds. `mv ~/work /tmp/w && rm -rf /tmp/w`
 * deletes ~/work; the deletion rules judge the source through movedTargets().
 */
export function movesOf(commands: SimpleCommand[], home: string, cwd: string | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const cmd of commands) {
    if ((cmd.program !== "mv" && cmd.program !== "gmv") || cmd.remote) continue;
    if (cmd.args.some((a) => a === "-t" || a.startsWith("--target-directory"))) continue;
    const ops = operands(cmd.args, ["-S", "--suffix"]);
    if (ops.length < 2) continue;
    const place = (w: string) => resolvePathWord(w, cmd.cwd ?? cwd, home).replace(/(.)\/+$/, "$1");
    const dest = place(ops.at(-1)!.word);
    for (const o of ops.slice(0, -1)) {
      if (cmd.wordInfo[o.index + 1]?.dynamic) continue;
      const src = place(o.word);
      out.push([dest, src], [`${dest}/${src.slice(src.lastIndexOf("/") + 1)}`, src]);
    }
  }
  return out;
}

/** At most this many moves a line leaves in the session memory. */
const MAX_REMEMBERED = 16;

/** The moves of the line for the session memory: the destination (a pattern when partly unknown) and what it holds. */
export function movesMemory(commands: SimpleCommand[], home: string, cwd: string | undefined): RememberedFile[] {
  const out: RememberedFile[] = [];
  for (const cmd of commands) {
    if ((cmd.program !== "mv" && cmd.program !== "gmv") || cmd.remote) continue;
    if (cmd.args.some((a) => a === "-t" || a.startsWith("--target-directory"))) continue;
    const ops = operands(cmd.args, ["-S", "--suffix"]);
    if (ops.length < 2) continue;
    const at = cmd.cwd ?? cwd;
    const last = ops.at(-1)!;
    const info = cmd.wordInfo[last.index + 1];
    let dest = resolvePathWord(last.word, at, home).replace(/(.)\/+$/, "$1");
    if (info?.dynamic) {
      // Unknown only in the last name (x$RANDOM, trash-$(date +%s)): the folder is known, the name a pattern.
      // The template marks each unknown part: U+0000, or U+0003 NAME U+0003 for the environment's variables.
      const t = info.template?.replace(/\u0003[^\u0003]*\u0003|\u0000/g, "\u0000");
      if (info.dynamicStart || t === undefined || t.lastIndexOf("\u0000") < t.lastIndexOf("/")) continue;
      dest = resolvePathWord(t.replace(/\u0000+/g, "*"), at, home);
      if (!dest.startsWith("/") || dest.slice(0, dest.lastIndexOf("/")).includes("*")) continue;
    }
    for (const o of ops.slice(0, -1)) {
      if (cmd.wordInfo[o.index + 1]?.dynamic || out.length >= MAX_REMEMBERED) continue;
      const src = resolvePathWord(o.word, at, home).replace(/(.)\/+$/, "$1");
      if (src.startsWith("/") && dest.startsWith("/")) out.push({ path: dest, was: src });
    }
  }
  return out;
}
