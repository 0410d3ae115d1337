// Deleting unmerged branches and stash entries: the commits become unreachable.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

export const branchForceDelete = defineRule({
  meta: {
    id: "git/branch-force-delete",
    description: "Escalates git branch -D (force-deleting a branch that may hold unmerged commits).",
    defaultAction: "escalate",
    kinds: ["shell"],
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

export const stashDestroy = defineRule({
  meta: {
    id: "git/stash-destroy",
    description: "Escalates git stash clear / git stash drop (stashed work is lost).",
    defaultAction: "escalate",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const g of gitCalls(analysis)) {
      if (g.sub === "stash" && (g.rest[0] === "clear" || g.rest[0] === "drop")) {
        return {
          reason: `${describe(g.cmd)} throws away stashed work${g.rest[0] === "clear" ? " (every stash entry)" : ""}. Apply it with \`git stash pop\` instead, or ask the user.`,
        };
      }
    }
    return null;
  },
});
