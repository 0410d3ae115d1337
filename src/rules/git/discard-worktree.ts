// Discarding the whole worktree's uncommitted changes: git checkout -- ., git checkout -f, git restore .,
// git switch --discard-changes. Legitimate at times, so escalated.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

/** Pathspecs that mean "everything". */
const BROAD = new Set([".", "./", "*", ":/", ":/*", ":(top)", ":(top).", "/", "-A", ":"]);

export default defineRule({
  meta: {
    id: "git/discard-worktree",
    description:
      "Escalates discarding all worktree changes: git checkout -- ., git checkout -f, git restore ., git switch --discard-changes, git rm -r . (every tracked file deleted).",
    defaultAction: "escalate",
    kinds: ["shell"],
    looksAt: { programs: ["git", "git-*"], subcommands: { git: ["checkout", "restore", "switch", "rm"] } },
    examples: () => ({
      block: [
        { shell: "git checkout -- ." },
        { shell: "git checkout -f main" },
        { shell: "git restore ." },
        { shell: "git switch --discard-changes main" },
        { shell: "git rm -rq . && git commit -qm clean" },
      ],
      allow: [
        { shell: "git checkout -- src/app.ts" },
        { shell: "git restore --staged ." },
        { shell: "git switch -c feature/x" },
        { shell: "git checkout main" },
        { shell: "git rm -r --cached . && git add ." },
        { shell: "git rm -r old-docs/" },
      ],
    }),
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
      } else if (
        g.sub === "rm" &&
        hasOption(r, "r", []) &&
        !r.includes("--cached") &&
        !hasOption(r, "n", ["--dry-run"])
      ) {
        // git rm -r . deletes every tracked file from the work tree too (and their uncommitted changes).
        const dd = r.indexOf("--");
        const paths = dd >= 0 ? r.slice(dd + 1) : r.filter((a) => !a.startsWith("-"));
        if (paths.some((p) => BROAD.has(p)))
          return {
            reason: `${describe(g.cmd)} deletes every tracked file of the work tree, with their uncommitted changes. Remove only the files you mean, use --cached to untrack them, or ask the user.`,
          };
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
