// Rewriting the whole history, and destroying the reflog/unreachable objects that make mistakes
// recoverable.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

export const historyRewrite = defineRule({
  meta: {
    id: "git/history-rewrite",
    description: "Escalates git filter-branch / git filter-repo / bfg (rewriting every commit).",
    defaultAction: "escalate",
    kinds: ["shell"],
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

const NOW = /^(now|all|0|0\.\w+|0 \w+)$/i;

export const reflogPrune = defineRule({
  meta: {
    id: "git/reflog-expire-prune",
    description:
      "Blocks git reflog expire --expire=now, git gc --prune=now and git prune --expire now (they destroy what makes mistakes recoverable).",
    defaultAction: "block",
    kinds: ["shell"],
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
