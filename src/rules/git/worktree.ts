// Commands that throw away uncommitted work: git reset --hard, git clean -f, and discarding the whole
// worktree (checkout -- ., restore ., switch --discard-changes). Legitimate at times, so escalated.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

/** Pathspecs that mean "everything". */
const BROAD = new Set([".", "./", "*", ":/", ":/*", ":(top)", ":(top).", "/", "-A", ":"]);

export const resetHard = defineRule({
  meta: {
    id: "git/reset-hard",
    description: "Escalates git reset --hard (and --merge/--keep-less forms), which discards uncommitted changes.",
    defaultAction: "escalate",
    kinds: ["shell"],
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

export const clean = defineRule({
  meta: {
    id: "git/clean",
    description: "Escalates git clean -f (deletes untracked files; with -x also ignored ones such as .env).",
    defaultAction: "escalate",
    kinds: ["shell"],
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

export const discardWorktree = defineRule({
  meta: {
    id: "git/discard-worktree",
    description:
      "Escalates discarding all worktree changes: git checkout -- ., git checkout -f, git restore ., git switch --discard-changes.",
    defaultAction: "escalate",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const g of gitCalls(analysis)) {
      const r = g.rest;
      let hit = false;
      if (g.sub === "checkout") {
        const dd = r.indexOf("--");
        const paths = dd >= 0 ? r.slice(dd + 1) : r.filter((a) => !a.startsWith("-"));
        hit = paths.some((p) => BROAD.has(p)) || hasOption(r.slice(0, dd >= 0 ? dd : r.length), "f", ["--force"]);
      } else if (g.sub === "restore") {
        const stagedOnly = hasOption(r, "S", ["--staged"]) && !hasOption(r, "W", ["--worktree"]);
        const paths = r.filter((a) => !a.startsWith("-"));
        hit = !stagedOnly && paths.some((p) => BROAD.has(p));
      } else if (g.sub === "switch") {
        hit = r.includes("--discard-changes") || hasOption(r, "f", ["--force"]);
      } else if (g.sub === "stash" && r[0] === undefined) {
        hit = false;
      }
      if (hit) {
        return {
          reason: `${describe(g.cmd)} discards the uncommitted changes of the whole worktree, beyond recovery. Restore only the files you mean (\`git restore path/to/file\`), stash first, or ask the user.`,
        };
      }
    }
    return null;
  },
});
