// git clean -f deletes untracked files (with -x also ignored ones such as .env): legitimate at times, so
// escalated.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

export default defineRule({
  meta: {
    id: "git/clean",
    description: "Escalates git clean -f (deletes untracked files; with -x also ignored ones such as .env).",
    defaultAction: "escalate",
    kinds: ["shell"],
    looksAt: { programs: ["git", "git-*"], subcommands: { git: ["clean"] } },
    examples: () => ({
      block: [{ shell: "git clean -fdx" }, { shell: "git clean --force -d" }],
      allow: [{ shell: "git clean -n" }, { shell: "git clean -ndx" }, { shell: "git clean --dry-run -d" }],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const g of gitCalls(analysis)) {
      if (g.sub !== "clean") continue;
      if (hasOption(g.rest, "n", ["--dry-run"]) || !hasOption(g.rest, "f", ["--force"])) continue;
      const ignored = hasOption(g.rest, "xX", [], "e");
      return {
        reason: `${describe(g.cmd)} permanently deletes untracked files${ignored ? " and ignored ones (.env files, local config, caches)" : ""}. Run \`git clean -n\` to list them and delete only what must go, or ask the user.`,
      };
    }
    return null;
  },
});
