// Refs deleted or moved back below the porcelain: `update-ref -d`, a `delete` fed to `update-ref --stdin`,
// a ref set to the zero id or a protected branch set back, the ref files removed by hand; and the
// submodule shapes of losing work (`submodule foreach` running a reset, clean, checkout, branch -D, a force
// push or stash clear; `submodule update --force`, `deinit -f`), `git rm -rf .`, `worktree remove --force`.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, feeders } from "../../analysis/shell/commands.js";
import { shellWrittenPaths } from "../paths/shell-writes.js";
import { gitCalls } from "./git-call.js";

const PROTECTED =
  /^(?:refs\/heads\/)?(?:main|master|trunk|develop|development|production|prod|stable|release(?:[/-].*)?|releases\/.*|gh-pages)$/;
const ZERO = /^0{40}(?:0{24})?$/;
/** What a command run in every submodule must not do. */
const LOSES_WORK =
  /\bgit\s+(?:reset\s+[^;&|]*--hard|checkout\s+(?:-f\s+|--force\s+)?(?:\S+\s+)?--\s+\.|checkout\s+-f\b|restore\s+[^;&|]*(?:--worktree|-W|--staged|-S|\.)|clean\s+-[a-zA-Z]*f|branch\s+-[a-zA-Z]*D|push\s+[^;&|]*(?:--force\b|-f\b|\s\+)|stash\s+(?:clear|drop)|update-ref\s+-d)/;

export default defineRule({
  meta: {
    id: "git/ref-delete",
    description:
      "Blocks deleting refs through plumbing (update-ref -d or --stdin delete, the zero id, protected branches set back, ref files removed) and losing work across submodules (foreach reset/clean/checkout/branch -D/force push/stash clear); escalates submodule update --force, deinit -f, git rm -rf ., worktree remove --force and deleting other refs.",
    defaultAction: "block",
    actions: ["block", "escalate"],
    kinds: ["shell"],
    examples: () => ({
      block: [
        { shell: "git update-ref -d refs/heads/main" },
        { shell: "git symbolic-ref --delete HEAD" },
        { shell: "printf 'delete refs/heads/prod\\n' | git update-ref --stdin" },
        { shell: "git for-each-ref --format='delete %(refname)' refs/tags | git update-ref --stdin" },
        { shell: "git update-ref refs/heads/release/2.x HEAD~20" },
        { shell: "rm -rf .git/refs/tags" },
        { shell: "git submodule foreach --recursive 'git reset --hard origin/main'" },
        { shell: "git update-ref -d refs/heads/old-experiment", action: "escalate" },
        { shell: "git submodule update --init --recursive --force", action: "escalate" },
      ],
      allow: [
        { shell: "git update-ref refs/heads/feature/x HEAD" },
        { shell: "git submodule update --init --recursive" },
        { shell: "git submodule foreach 'git pull --ff-only'" },
        { shell: "git rm -r --cached dist" },
        { shell: "git worktree remove ../feature-wt" },
        { shell: "git for-each-ref --format='%(refname)' refs/heads" },
        { shell: "git symbolic-ref --short HEAD" },
        { shell: "git symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/main" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let escalation: RuleFinding | undefined;
    const escalate = (reason: string) => {
      escalation ??= { reason, action: "escalate" };
    };
    for (const g of gitCalls(analysis)) {
      const { cmd, sub, rest } = g;
      const words = rest.filter((a) => !a.startsWith("-"));
      if (sub === "update-ref") {
        const del = rest.some((a) => a === "-d" || a === "--delete");
        if (rest.includes("--stdin")) {
          const text = [cmd.stdin?.text ?? "", ...feeders(cmd).map((f) => f.args.join(" "))].join("\n");
          if (/(?:^|[\n\s'"=])delete\s/.test(text))
            return {
              reason: `${describe(cmd)} deletes refs fed to it on stdin (branches or tags, with their reflog). Delete a branch you mean with \`git branch -d\`, or ask the user.`,
            };
          continue;
        }
        const ref = words.find((w) => w !== "x") ?? "";
        const refWord = words[rest.includes("-m") ? 1 : 0] ?? ref;
        const value = words[rest.includes("-m") ? 2 : 1];
        const important = (r: string) => PROTECTED.test(r) || r === "HEAD" || r.startsWith("refs/tags/");
        if (del || (value !== undefined && ZERO.test(value))) {
          const finding = `${describe(cmd)} deletes the ref ${refWord} through plumbing, reflog and all`;
          if (important(refWord)) return { reason: `${finding}. Never delete it; ask the user.` };
          escalate(`${finding}. Ask the user to approve it, or use \`git branch -d\`.`);
          continue;
        }
        if (value !== undefined && PROTECTED.test(refWord) && /[~^]|^HEAD@\{/.test(value))
          return {
            reason: `${describe(cmd)} sets the protected branch ${refWord} back to ${value}, dropping the commits after it. Ask the user.`,
          };
        continue;
      }
      // `git symbolic-ref -d HEAD`: the repository loses its HEAD and git stops working in it.
      if (sub === "symbolic-ref" && rest.some((a) => a === "-d" || a === "--delete")) {
        const ref = words[0] ?? "";
        const finding = `${describe(cmd)} deletes the symbolic ref ${ref} through plumbing`;
        if (ref === "HEAD") return { reason: `${finding}: the repository is left without a HEAD. Ask the user.` };
        escalate(`${finding}. Ask the user to approve it.`);
        continue;
      }
      if (sub === "submodule") {
        const verb = words[0];
        if (verb === "foreach") {
          const inner = rest.slice(rest.indexOf("foreach") + 1).join(" ");
          if (LOSES_WORK.test(inner))
            return {
              reason: `${describe(cmd)} runs \`${inner.replace(/^(?:--\w+\s+)*/, "")}\` in every submodule, throwing away their uncommitted work or rewriting their history. Run it in the one submodule you mean, or ask the user.`,
            };
        }
        if (verb === "update" && rest.some((a) => a === "--force" || a === "-f"))
          escalate(
            `${describe(cmd)} checks out every submodule by force, discarding their local changes. Ask the user to approve it.`,
          );
        if (verb === "deinit" && rest.some((a) => a === "--force" || a === "-f"))
          escalate(
            `${describe(cmd)} removes submodules' working trees with their local changes. Ask the user to approve it.`,
          );
        continue;
      }
      if (
        sub === "rm" &&
        rest.some((a) => /^-[a-zA-Z]*r/.test(a)) &&
        rest.some((a) => /^-[a-zA-Z]*f|^--force$/.test(a)) &&
        !rest.includes("--cached")
      ) {
        if (words.some((w) => w === "." || w === "*" || w === ":/" || w === "/"))
          escalate(`${describe(cmd)} deletes every tracked file, modified ones included. Ask the user to approve it.`);
        continue;
      }
      if (sub === "worktree" && words[0] === "remove" && rest.some((a) => a === "--force" || a === "-f"))
        escalate(`${describe(cmd)} removes a worktree with its uncommitted changes. Ask the user to approve it.`);
    }
    // Ref files removed by hand.
    for (const w of shellWrittenPaths(call)) {
      if ((w.op !== "delete" && w.op !== "remove") || !w.path) continue;
      if (/(?:^|\/)\.git\/(?:refs(?:\/|$)|packed-refs$|HEAD$|logs\/refs(?:\/|$))/.test(w.path))
        return {
          reason: `${describe(w.command)} deletes git's ref files (${w.path}): branches, tags or HEAD go with them. Use \`git branch -d\` / \`git tag -d\` for the one you mean, or ask the user.`,
        };
    }
    return escalation ?? null;
  },
});
