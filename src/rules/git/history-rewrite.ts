// Rewriting every commit of the repository (filter-branch, filter-repo, BFG).
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

export default defineRule({
  meta: {
    id: "git/history-rewrite",
    description: "Escalates git filter-branch / git filter-repo / bfg (rewriting every commit).",
    defaultAction: "escalate",
    kinds: ["shell"],
    looksAt: {
      programs: ["git", "git-*", "bfg", "java"],
      subcommands: { git: ["filter-branch", "filter-repo"] },
    },
    examples: () => ({
      block: [
        { shell: "git filter-branch --tree-filter 'rm -f secrets.txt' HEAD" },
        { shell: "git filter-repo --path secrets.txt --invert-paths" },
        { shell: "java -jar bfg-1.14.0.jar --delete-files id_rsa" },
      ],
      allow: [{ shell: "git log --stat" }, { shell: "git rebase -i HEAD~3" }],
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
