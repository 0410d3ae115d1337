// git reset --hard throws away every uncommitted change. Legitimate at times, so escalated; not when the
// same line first saved those changes (a stash, a commit of everything), as the rule's own advice says.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { gitCalls, type GitCall } from "./git-call.js";

/**
 * The uncommitted changes were saved earlier in the same line, in the same repository (same folder, same
 * -C): `git stash` (push/save, bare, with -u or a message), or a commit of every tracked change (`git commit
 * -a`, or `git add -A`/`git add .` then a commit). A stash dropped or cleared after it undoes the save.
 */
/** A stash of every change: not only the staged ones, chosen hunks (-p) or some paths (a pathspec). */
function wholeStash(rest: string[]): boolean {
  if (rest.some((a) => /^(?:--staged|--patch|--pathspec-from-file(?:=.*)?|--)$|^-[a-zA-Z]*[Sp]/.test(a))) return false;
  const words = rest.filter((a, i) => !a.startsWith("-") && !/^(?:-m|--message)$/.test(rest[i - 1] ?? ""));
  return words[0] === "save" || words.length <= (words[0] === "push" ? 1 : 0);
}

function savedFirst(reset: GitCall, calls: GitCall[]): boolean {
  const before = calls.slice(0, calls.indexOf(reset));
  const same = (g: GitCall) => g.cmd.cwd === reset.cmd.cwd && g.chdir === reset.chdir && !g.cmd.background;
  let saved = false;
  let staged = false;
  for (const g of before.filter(same)) {
    const verb = g.rest.find((a) => !a.startsWith("-"));
    if (g.sub === "stash") {
      if (verb === undefined || verb === "push" || verb === "save") saved = wholeStash(g.rest);
      else if (verb === "drop" || verb === "clear" || verb === "pop") saved = false;
    }
    if (g.sub === "add" && g.rest.some((a) => a === "-A" || a === "--all" || a === ".")) staged = true;
    if (g.sub === "commit" && (staged || g.rest.some((a) => a === "--all" || /^-[a-zA-Z]*a/.test(a)))) saved = true;
  }
  return saved;
}

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
        { shell: "git stash && git stash drop && git reset --hard", note: "the stash thrown away before the reset" },
        { shell: "git stash --staged && git reset --hard", note: "only the staged changes were saved" },
        { shell: "git -C ../other stash && git reset --hard", note: "another repository's changes saved" },
        { shell: "git stash push src/app.ts && git reset --hard", note: "only one path was saved" },
        { shell: "git stash -p && git reset --hard" },
      ],
      allow: [
        { shell: "git reset HEAD file.txt" },
        { shell: "git reset --soft HEAD~1" },
        { shell: "git reset --keep HEAD~1" },
        {
          shell: "git stash push -u -m wip && git reset --hard origin/main && git stash pop",
          note: "the changes were stashed first",
        },
        { shell: "git add -A && git commit -m 'wip: save' && git reset --hard HEAD~3" },
        { shell: "git commit -am checkpoint && git reset --hard origin/feature/cart" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const calls = gitCalls(analysis);
    for (const g of calls) {
      if (g.sub === "reset" && g.rest.includes("--hard") && !savedFirst(g, calls)) {
        return {
          reason: `${describe(g.cmd)} discards every uncommitted change in the worktree, beyond recovery. Run \`git stash\` first (or commit), or ask the user to approve.`,
        };
      }
    }
    return null;
  },
});
