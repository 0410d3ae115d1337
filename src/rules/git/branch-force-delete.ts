// Force-deleting a branch: the commits only it holds become unreachable.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";
import type { ShellAnalysis, SimpleCommand } from "../../analysis/shell/index.js";
import { gitCalls } from "./git-call.js";

/**
 * `git branch --merged main | grep -v main | xargs git branch -D`, `git branch -vv | grep ': gone]' | awk
 * '{print $1}' | xargs git branch -D`: the branches come from a listing of those merged into another, or
 * of those whose upstream was deleted (a merged pull request's branch, squashed): the usual clean-up, whose
 * commits are already where they were meant to go. Any other producer (a file, --no-merged, no filter on
 * gone) keeps them unknown.
 */
function mergedOrGone(cmd: SimpleCommand, analysis: ShellAnalysis): boolean {
  if (!cmd.wrappers.includes("xargs")) return false;
  const before = analysis.commands.filter(
    (c) => c.pipeline.id === cmd.pipeline.id && c.pipeline.index < cmd.pipeline.index && c !== cmd,
  );
  const lister = before.find((c) => c.program === "git" && c.args.includes("branch"));
  if (!lister || before.some((c) => c.program === "git" && c !== lister)) return false;
  if (lister.args.some((a) => a === "--no-merged" || a.startsWith("--no-merged=") || a === "-a" || a === "-r"))
    return false;
  if (lister.args.some((a) => a === "--merged" || a.startsWith("--merged="))) return true;
  return before.some(
    (c) =>
      (/^(?:e|f)?grep$|^rg$/.test(c.program) &&
        !c.args.some((a) => /^-[a-zA-Z]*v|^--invert-match$/.test(a)) &&
        c.args.some((a) => /\bgone\b/.test(a))) ||
      // awk '/: gone]/ {print $1}': the gone lines selected by a pattern (not `!/gone/`, which is the rest).
      (/^[gm]?awk$/.test(c.program) && c.args.some((a) => /(?<![!~]\s*)\/[^/]*\bgone\b[^/]*\//.test(a))),
  );
}

export default defineRule({
  meta: {
    id: "git/branch-force-delete",
    description:
      "Escalates git branch -D (force-deleting a branch that may hold unmerged commits), unless the branches come from a listing of merged ones or of those whose upstream is gone.",
    defaultAction: "escalate",
    kinds: ["shell"],
    looksAt: { programs: ["git", "git-*"], subcommands: { git: ["branch"] } },
    examples: () => ({
      block: [
        { shell: "git branch -D feature/old" },
        { shell: "git branch --delete --force spike" },
        { shell: "git branch --no-merged main | xargs git branch -D", note: "every unmerged branch" },
        { shell: "git branch -vv | grep -v ': gone]' | awk '{print $1}' | xargs git branch -D" },
        { shell: "cat /tmp/branches.txt | xargs git branch -D" },
        { shell: "git branch -vv | awk '!/: gone]/{print $1}' | xargs git branch -D", note: "every branch not gone" },
      ],
      allow: [
        { shell: "git branch -d feature/merged" },
        { shell: "git branch -a" },
        {
          shell: "git fetch --prune && git branch -vv | grep ': gone]' | awk '{print $1}' | xargs -r git branch -D",
          note: "branches whose upstream was deleted: merged pull requests",
        },
        { shell: "git branch --merged main | grep -v '^\\*\\|main' | xargs -n 1 git branch -D" },
        {
          shell: "git fetch -p && git branch -vv | awk '/: gone]/{print $1}' | xargs -r git branch -D",
          note: "the gone branches selected by awk",
        },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const g of gitCalls(analysis)) {
      if (g.sub !== "branch") continue;
      const r = g.rest;
      const force = hasOption(r, "D") || (hasOption(r, "d", ["--delete"]) && hasOption(r, "f", ["--force"]));
      if (force && !mergedOrGone(g.cmd, analysis))
        return {
          reason: `${describe(g.cmd)} force-deletes a branch even if its commits are not merged anywhere. Use \`git branch -d\` (which refuses to lose commits), or ask the user.`,
        };
    }
    return null;
  },
});
