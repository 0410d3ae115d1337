// Force-deleting a branch: the commits only it holds become unreachable.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

export default defineRule({
  meta: {
    id: "git/branch-force-delete",
    description: "Escalates git branch -D (force-deleting a branch that may hold unmerged commits).",
    defaultAction: "escalate",
    kinds: ["shell"],
    looksAt: { programs: ["git", "git-*"], subcommands: { git: ["branch"] } },
    examples: () => ({
      block: [{ shell: "git branch -D feature/old" }, { shell: "git branch --delete --force spike" }],
      allow: [{ shell: "git branch -d feature/merged" }, { shell: "git branch -a" }],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const g of gitCalls(analysis)) {
      if (g.sub !== "branch") continue;
      const r = g.rest;
      const force = hasOption(r, "D") || (hasOption(r, "d", ["--delete"]) && hasOption(r, "f", ["--force"]));
      if (force)
        return {
          reason: `${describe(g.cmd)} force-deletes a branch even if its commits are not merged anywhere. Use \`git branch -d\` (which refuses to lose commits), or ask the user.`,
        };
    }
    return null;
  },
});
