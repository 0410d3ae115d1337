// Rewriting every commit of the repository (filter-branch, filter-repo, BFG), or making git read other
// commits in place of the real ones (git replace, grafts): every later log, diff, push and clone sees it.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

export default defineRule({
  meta: {
    id: "git/history-rewrite",
    description:
      "Escalates git filter-branch / git filter-repo / bfg (rewriting every commit) and git replace (other commits shown in place of the real ones).",
    defaultAction: "escalate",
    kinds: ["shell"],
    looksAt: {
      programs: ["git", "git-*", "bfg", "java"],
      subcommands: { git: ["filter-branch", "filter-repo", "replace"] },
    },
    examples: () => ({
      block: [
        { shell: "git filter-branch --tree-filter 'rm -f secrets.txt' HEAD" },
        { shell: "git filter-repo --path secrets.txt --invert-paths" },
        { shell: "java -jar bfg-1.14.0.jar --delete-files id_rsa" },
        { shell: "git replace HEAD~1 HEAD" },
        { shell: "git replace --graft HEAD" },
        { shell: "git replace -f v1.0 $(git commit-tree -m x HEAD^{tree})" },
      ],
      allow: [
        { shell: "git log --stat" },
        { shell: "git rebase -i HEAD~3" },
        { shell: "git replace -l", note: "listing replacements changes nothing" },
        { shell: "git replace -d 1a2b3c4", note: "deleting a replacement gives the real commit back" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const g of gitCalls(analysis)) {
      if (g.sub === "filter-branch" || g.sub === "filter-repo") {
        return {
          reason: `${describe(g.cmd)} rewrites the repository's whole history. Ask the user to approve (and to make a backup clone first).`,
        };
      }
    }
    for (const g of gitCalls(analysis)) {
      if (g.sub !== "replace") continue;
      const args = g.rest;
      if (args.length === 0 || args.some((a) => /^(?:-l|--list|-d|--delete|--format(?:=.*)?)$/.test(a))) continue;
      return {
        reason: `${describe(g.cmd)} makes git show another commit in place of the real one in every log, diff and push. Ask the user to approve it.`,
      };
    }
    for (const cmd of analysis.commands) {
      if (cmd.program === "bfg" || (cmd.program === "java" && cmd.args.some((a) => /bfg.*\.jar$/.test(a)))) {
        return {
          reason: `${describe(cmd)} rewrites the repository's whole history. Ask the user to approve (and to make a backup clone first).`,
        };
      }
    }
    return null;
  },
});
