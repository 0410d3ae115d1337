// Dropping or clearing stash entries: stashed work is lost.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

export default defineRule({
  meta: {
    id: "git/stash-destroy",
    description: "Escalates git stash clear / git stash drop (stashed work is lost).",
    defaultAction: "escalate",
    kinds: ["shell"],
    looksAt: { programs: ["git", "git-*"], subcommands: { git: ["stash"] } },
    examples: () => ({
      block: [{ shell: "git stash clear" }, { shell: "git stash drop stash@{0}" }],
      allow: [{ shell: "git stash" }, { shell: "git stash pop" }, { shell: "git stash list" }],
    }),
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
