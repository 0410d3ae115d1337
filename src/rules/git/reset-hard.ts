// git reset --hard throws away every uncommitted change. Legitimate at times, so escalated.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

export default defineRule({
  meta: {
    id: "git/reset-hard",
    description: "Escalates git reset --hard, which discards uncommitted changes.",
    defaultAction: "escalate",
    kinds: ["shell"],
    looksAt: { programs: ["git", "git-*"], subcommands: { git: ["reset"] } },
    examples: () => ({
      block: [
        { shell: "git reset --hard" },
        { shell: "git reset --hard HEAD~3" },
        { shell: "sh -c 'git fetch && git reset --hard @{u}'" },
      ],
      allow: [
        { shell: "git reset HEAD file.txt" },
        { shell: "git reset --soft HEAD~1" },
        { shell: "git reset --keep HEAD~1" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const g of gitCalls(analysis)) {
      if (g.sub === "reset" && g.rest.includes("--hard")) {
        return {
          reason: `${describe(g.cmd)} discards every uncommitted change in the worktree, beyond recovery. Run \`git stash\` first (or commit), or ask the user to approve.`,
        };
      }
    }
    return null;
  },
});
