// Recursive deletion of the whole filesystem or the user's home: never legitimate for an agent.
import { homedir } from "node:os";
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { resolvePathWord } from "../../analysis/shell/analyze.js";

const RECURSIVE = (args: string[]) =>
  args.some((a) => a === "--recursive" || a === "-r" || a === "-R" || /^-[a-zA-Z]*[rR][a-zA-Z]*$/.test(a));

/** The directory a target would delete all of: "/" or home, including their `*` globs. */
function catastrophicTarget(word: string, cwd: string | undefined, home: string): string | undefined {
  const stripped = word.replace(/\/\*?$/, "").replace(/\/+$/, "") || "/";
  const path = resolvePathWord(stripped === "*" || stripped === "." ? cwd ?? "." : stripped, cwd, home).replace(/\/+$/, "") || "/";
  const norm = path.replace(/\/\.$/, "") || "/";
  if (norm === "/") return "/";
  if (norm === home.replace(/\/+$/, "")) return "~";
  return undefined;
}

export default defineRule({
  meta: {
    id: "filesystem/rm-root-or-home",
    description: "Blocks recursive deletion of / or the home directory (also through sudo, bash -c, globs and cd).",
    defaultAction: "block",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = homedir();
    for (const cmd of analysis.commands) {
      if (cmd.program !== "rm" || !RECURSIVE(cmd.args)) continue;
      for (const arg of cmd.args) {
        if (arg.startsWith("-") && arg !== "-") continue;
        const target = catastrophicTarget(arg, cmd.cwd, home);
        if (target) {
          return {
            reason: `\`${cmd.text}\` would recursively delete ${target === "/" ? "the whole filesystem (/)" : "the home directory (~)"}. Delete only the specific paths inside the project that need to go.`,
          };
        }
      }
    }
    return null;
  },
});
