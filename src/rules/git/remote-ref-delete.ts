// Deleting on the remote what others rely on, without a force push: release tags deleted by refspec
// (`:refs/tags/v1`) or --delete, every remote branch or tag missing locally pruned (--prune with --all or a
// wildcard refspec), and remote branches deleted in bulk from a listing (`git branch -r | sed 's/…/:/' |
// xargs git push`). Deleting a protected branch is git/force-push's; a feature branch stays everyday work.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, feeders } from "../../analysis/shell/commands.js";
import { GIT_PROGRAMS, gitCalls } from "./git-call.js";

/** A tag name that marks a release: v1.2.3, 1.2.0, release-2024-01, rc tags. */
const RELEASE_TAG = /^(?:refs\/tags\/.*|v?\d+(?:\.\d+)+(?:[-+.].*)?|v\d+|release[-_/].+|.*-rc\d*)$/i;
const PUSH_VALUE = new Set(["--repo", "-o", "--push-option", "--receive-pack", "--exec"]);

export default defineRule({
  meta: {
    id: "git/remote-ref-delete",
    description:
      "Blocks deleting release tags on a remote (:refs/tags/…, --delete of a tag), pruning every remote ref missing locally (push --prune with --all, --tags or a wildcard refspec) and deleting remote branches or tags in bulk from a listing.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: GIT_PROGRAMS, subcommands: { git: ["push"] } },
    examples: () => ({
      block: [
        { shell: "git push origin :refs/tags/v2.3.1" },
        { shell: "git push --delete upstream v2.3.1" },
        { shell: "git push origin --all --prune" },
        { shell: "git push --prune origin 'refs/heads/*:refs/heads/*'" },
        { shell: "git tag | xargs -n1 -I{} git push origin :refs/tags/{}" },
        { shell: "git branch -r | grep -v HEAD | sed 's|origin/|:|' | xargs git push origin" },
        { shell: "git tag -l | xargs git push origin --delete" },
        { shell: "git push origin --delete $(git tag -l 'v*')" },
        { shell: "git branch -r | grep -v HEAD | sed 's#origin/##' | xargs -I{} git push origin --delete {}" },
        { shell: "git branch -r | sed 's/origin\\///' | xargs -I{} git push origin :{}" },
        { shell: "git for-each-ref --format='%(refname:short)' refs/heads | xargs -I % git push upstream :%" },
      ],
      allow: [
        { shell: "git push origin --delete feature/login" },
        { shell: "git push origin :old-experiment" },
        { shell: "git push origin --delete $(git branch --show-current)" },
        { shell: "git push origin v2.4.0" },
        { shell: "git push --tags" },
        { shell: "git fetch --prune" },
        { shell: "git remote prune origin" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const g of gitCalls(analysis)) {
      if (g.sub !== "push") continue;
      const { cmd, rest } = g;
      const positional: string[] = [];
      let del = false;
      let prune = false;
      let all = false;
      for (let i = 0; i < rest.length; i++) {
        const a = rest[i]!;
        if (PUSH_VALUE.has(a)) i++;
        else if (a === "--delete" || a === "-d") del = true;
        else if (a === "--prune") prune = true;
        else if (a === "--all" || a === "--branches" || a === "--tags" || a === "--mirror") all = true;
        else if (/^-[a-zA-Z]+$/.test(a) && a.includes("d")) del = true;
        else if (!a.startsWith("-")) positional.push(a);
      }
      const refspecs = positional.slice(1);
      if (prune && (all || refspecs.some((r) => r.includes("*"))))
        return {
          reason: `${describe(cmd)} deletes every remote branch or tag that does not exist locally (--prune over all refs). Push the refs you mean without --prune, or ask the user.`,
        };
      const deleted = [...refspecs.filter((r) => r.startsWith(":")).map((r) => r.slice(1)), ...(del ? refspecs : [])];
      const tag = deleted.find((r) => RELEASE_TAG.test(r) || r.includes("{}"));
      if (tag)
        return {
          reason: `${describe(cmd)} deletes the tag ${tag} on the remote: a published release others build from. Ask the user to do it.`,
        };
      // `git push origin --delete $(git tag -l)`: every listed branch or tag deleted.
      const lists = (f: { program: string; args: string[] }) =>
        f.program === "git" &&
        /\b(?:branch|tag|for-each-ref|ls-remote)\b/.test(f.args.join(" ")) &&
        !f.args.includes("--show-current");
      if (del && (cmd.substitutions ?? []).some(lists))
        return {
          reason: `${describe(cmd)} deletes on the remote every branch or tag a listing names. Delete the one you mean, or ask the user.`,
        };
      // `… | sed 's|origin/|:|' | xargs git push origin`, `git tag | xargs git push --delete origin`:
      // every listed remote branch or tag deleted.
      if (cmd.wrappers.includes("xargs")) {
        const up = [
          ...feeders(cmd),
          ...analysis.commands.filter((c) => c.pipeline.id === cmd.pipeline.id && c !== cmd),
        ];
        const listing = up.some(lists);
        const colon = up.some((f) => /(?:^|[|/])\s*:\s*(?:[|/]|$)|\bs\|[^|]*\|:|'s\/[^/]*\/:/.test(f.args.join(" ")));
        // (xargs -I{} git push origin :{} — the colon in the refspec itself: `deleted` holds what xargs fills in.)
        if (listing && (colon || del || deleted.length > 0))
          return {
            reason: `${describe(cmd)} deletes on the remote every branch or tag of a listing. Delete the one you mean, or ask the user.`,
          };
      }
    }
    return null;
  },
});
