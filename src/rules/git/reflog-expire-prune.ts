// Destroying the reflog and unreachable objects, which make mistakes recoverable.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

const NOW = /^(now|all|0|0\.\w+|0 \w+)$/i;

export default defineRule({
  meta: {
    id: "git/reflog-expire-prune",
    description:
      "Blocks git reflog expire --expire=now, git gc --prune=now and git prune --expire now (they destroy what makes mistakes recoverable).",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: ["git", "git-*"], subcommands: { git: ["reflog", "gc", "prune"] } },
    examples: () => ({
      block: [
        { shell: "git reflog expire --expire=now --all" },
        { shell: "git gc --prune=now --aggressive" },
        { shell: "git prune --expire now" },
        { shell: "git reflog delete --all" },
      ],
      allow: [{ shell: "git gc" }, { shell: "git reflog" }, { shell: "git reflog expire --expire=90.days.ago --all" }],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const g of gitCalls(analysis)) {
      const r = g.rest;
      const expiresNow = (names: string[]) =>
        r.some((a, i) =>
          names.some(
            (n) => (a.startsWith(`${n}=`) && NOW.test(a.slice(n.length + 1))) || (a === n && NOW.test(r[i + 1] ?? "")),
          ),
        );
      let hit = false;
      if (g.sub === "reflog" && (r[0] === "expire" || r[0] === "delete"))
        hit = r[0] === "delete" ? r.includes("--all") : expiresNow(["--expire", "--expire-unreachable"]);
      if (g.sub === "gc") hit = expiresNow(["--prune"]);
      if (g.sub === "prune") hit = expiresNow(["--expire"]);
      if (hit) {
        return {
          reason: `${describe(g.cmd)} permanently deletes the reflog or unreachable commits, the safety net for recovering lost work. Leave garbage collection to git's defaults, or ask the user.`,
        };
      }
    }
    return null;
  },
});
