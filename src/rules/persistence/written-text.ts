// The text a call puts into files, where it can be known: a file tool's content, a patch's added lines,
// and in a shell command a heredoc, echo/printf or a here-string written through a redirect or tee.
import type { ToolCall } from "../../engine/types.js";
import { shellOf, userHome } from "../../analysis/shell/index.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";
import { staticOutput } from "../../analysis/shell/static-output.js";
import { resolvePathWord } from "../../analysis/shell/paths.js";
import { describe } from "../../analysis/shell/commands.js";

export interface WrittenText {
  /** Absolute path (for a shell command: as far as it could be placed). */
  path: string;
  text: string;
  /** How the call writes it, for a reason. */
  how: string;
  /** Appended (>>, tee -a, an edit) rather than the whole file. */
  append: boolean;
}

/** What a command prints, when it is known: a heredoc or here-string fed to cat/tee, echo/printf output. */
export function printedText(cmd: SimpleCommand): string | undefined {
  if (cmd.program === "echo" || cmd.program === "printf")
    return staticOutput(cmd.program, cmd.args, undefined, cmd.cwd) ?? cmd.args.join(" ");
  if ((cmd.program === "cat" || cmd.program === "tee") && cmd.stdin?.text !== undefined) return cmd.stdin.text;
  return undefined;
}

export function writtenTexts(call: ToolCall): WrittenText[] {
  const out: WrittenText[] = [];
  for (const f of call.files) {
    const text = f.content ?? f.added;
    if (text !== undefined)
      out.push({ path: f.path, text, how: `the ${call.tool} call`, append: f.op !== "write" && f.op !== "add" });
  }
  const analysis = shellOf(call);
  if (!analysis) return out;
  const home = userHome();
  for (const cmd of analysis.commands) {
    if (cmd.remote) continue;
    const text = printedText(cmd) ?? (cmd.stdin?.text !== undefined ? cmd.stdin.text : undefined);
    if (text === undefined) continue;
    const place = (w: string) => resolvePathWord(w, cmd.cwd ?? call.session.cwd, home);
    for (const r of cmd.redirects)
      if (r.op === ">" || r.op === ">>" || r.op === ">|" || r.op === "&>" || r.op === "&>>")
        out.push({ path: place(r.target), text, how: describe(cmd), append: r.op.endsWith(">>") });
    if (cmd.program === "tee")
      for (const a of cmd.args)
        if (!a.startsWith("-"))
          out.push({
            path: place(a),
            text,
            how: describe(cmd),
            append: cmd.args.some((x) => /^-[a-z]*a|^--append/.test(x)),
          });
  }
  return out;
}
