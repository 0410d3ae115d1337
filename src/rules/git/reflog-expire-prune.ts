// Destroying the reflog and unreachable objects, which make mistakes recoverable. Expiring the reflog is
// blocked: it is the safety net itself. Pruning unreachable objects now (`git gc --prune=now`, how a repo
// is shrunk after filter-repo) leaves every ref and reflog entry: what it takes is what is already
// unreachable (a dropped stash, a deleted branch never checked out), so a human's approval will do.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

const NOW = /^(now|all|0|0\.\w+|0 \w+)$/i;

export default defineRule({
  meta: {
    id: "git/reflog-expire-prune",
    description:
      "Blocks git reflog expire --expire=now and reflog delete --all; asks about git gc --prune=now and git prune --expire now (they destroy what makes mistakes recoverable).",
    defaultAction: "block",
    actions: ["block", "escalate"],
    kinds: ["shell"],
    looksAt: { programs: ["git", "git-*"], subcommands: { git: ["reflog", "gc", "prune"] } },
    examples: () => ({
      block: [
        { shell: "git reflog expire --expire=now --all" },
        { shell: "git gc --prune=now --aggressive", action: "escalate" },
        { shell: "git prune --expire now", action: "escalate" },
        { shell: "git reflog expire --expire-unreachable=now --all && git gc --prune=now" },
        { shell: "git gc --prune=now; git reflog expire --expire=now --all" },
        { shell: "git reflog delete --all" },
      ],
      allow: [{ shell: "git gc" }, { shell: "git reflog" }, { shell: "git reflog expire --expire=90.days.ago --all" }],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let asked: RuleFinding | undefined;
    for (const g of gitCalls(analysis)) {
      const r = g.rest;
      const expiresNow = (names: string[]) =>
        r.some((a, i) =>
          names.some(
            (n) => (a.startsWith(`${n}=`) && NOW.test(a.slice(n.length + 1))) || (a === n && NOW.test(r[i + 1] ?? "")),
          ),
        );
      let hit = false;
      let ask = false;
      if (g.sub === "reflog" && (r[0] === "expire" || r[0] === "delete"))
        hit = r[0] === "delete" ? r.includes("--all") : expiresNow(["--expire", "--expire-unreachable"]);
      if (g.sub === "gc") hit = ask = expiresNow(["--prune"]);
      if (g.sub === "prune") hit = ask = expiresNow(["--expire"]);
      if (!hit) continue;
      const finding = {
        reason: `${describe(g.cmd)} permanently deletes the reflog or unreachable commits, the safety net for recovering lost work. Leave garbage collection to git's defaults, or ask the user.`,
      };
      // An expired reflog later in the line still blocks the whole line.
      if (!ask) return finding;
      asked ??= { ...finding, action: "escalate" as const };
    }
    return asked ?? null;
  },
});
