import forcePush from "../../../src/rules/git/force-push.js";
import resetHard from "../../../src/rules/git/reset-hard.js";
import clean from "../../../src/rules/git/clean.js";
import discardWorktree from "../../../src/rules/git/discard-worktree.js";
import branchForceDelete from "../../../src/rules/git/branch-force-delete.js";
import stashDestroy from "../../../src/rules/git/stash-destroy.js";
import historyRewrite from "../../../src/rules/git/history-rewrite.js";
import reflogPrune from "../../../src/rules/git/reflog-expire-prune.js";
import type { RuleCases } from "../../analysis/shell/cases.js";

export const gitCases: RuleCases[] = [
  {
    rule: forcePush,
    catch: [
      ["git push --force origin main", "block"],
      ["git push -f origin master", "block"],
      ["git push origin +main", "block"],
      ["git push origin +HEAD:main", "block"],
      ["git push -f origin feature:refs/heads/main", "block"],
      ["git -C ../repo push --force origin release/1.2", "block"],
      ["sudo -u ci git push -fu origin production", "block"],
      ["bash -c 'git push --force origin main'", "block"],
      ["git push --force --all", "block"],
      ["git push origin --delete main", "block"],
      ["git push origin :master", "block"],
      ["git push --force-with-lease origin main", "escalate"],
      ["git push --force", "escalate"],
      ["git push -f origin HEAD", "escalate"],
      ["git push --mirror backup", "escalate"],
      ["bash -c 'git push -f origin feature'", "escalate"],
      ["git push --force origin feature", "modify"],
      ["git push -f origin fix/typo", "modify"],
      ["git push -fu origin topic", "modify"],
      ["git push origin +topic", "modify"],
      ["git fetch && git push --force origin feature && echo done", "modify"],
    ],
    allow: [
      "git push --force-with-lease origin feature",
      "git push origin main",
      "git push --tags",
      "git push origin --delete old-feature",
      "git commit -m 'git push --force origin main'",
    ],
    params: {},
  },
  {
    rule: resetHard,
    catch: [
      ["git reset --hard", "escalate"],
      ["git reset --hard HEAD~3", "escalate"],
      ["git -C sub reset --hard origin/main", "escalate"],
      ["sh -c 'git fetch && git reset --hard @{u}'", "escalate"],
    ],
    allow: ["git reset HEAD file.txt", "git reset --soft HEAD~1", "git reset --keep HEAD~1"],
  },
  {
    rule: clean,
    catch: [
      ["git clean -fdx", "escalate"],
      ["git clean -f", "escalate"],
      ["git clean --force -d", "escalate"],
      ["git clean -xdf -e .env", "escalate"],
    ],
    allow: ["git clean -n", "git clean -ndx", "git clean --dry-run -d"],
  },
  {
    rule: discardWorktree,
    catch: [
      ["git checkout -- .", "escalate"],
      ["git checkout .", "escalate"],
      ["git checkout HEAD -- .", "escalate"],
      ["git checkout -f main", "escalate"],
      ["git restore .", "escalate"],
      ["git restore --worktree --staged :/", "escalate"],
      ["git restore --source=HEAD~2 .", "escalate"],
      ["git switch --discard-changes main", "escalate"],
      ["git switch -f main", "escalate"],
    ],
    allow: [
      "git checkout main",
      "git checkout -- README.md",
      "git restore src/a.ts",
      "git restore --staged .",
      "git switch -c feature",
    ],
  },
  {
    rule: branchForceDelete,
    catch: [
      ["git branch -D feature", "escalate"],
      ["git branch --delete --force old", "escalate"],
      ["git branch -d -f old", "escalate"],
    ],
    allow: ["git branch -d merged", "git branch -a", "git branch -m old new"],
  },
  {
    rule: stashDestroy,
    catch: [
      ["git stash clear", "escalate"],
      ["git stash drop", "escalate"],
      ["git stash drop stash@{2}", "escalate"],
    ],
    allow: ["git stash", "git stash list", "git stash pop", "git stash show -p"],
  },
  {
    rule: historyRewrite,
    catch: [
      ["git filter-branch --tree-filter 'rm -f secrets' HEAD", "escalate"],
      ["git filter-repo --path secrets --invert-paths", "escalate"],
      ["bfg --delete-files id_rsa", "escalate"],
    ],
    allow: ["git rebase -i HEAD~3", "git log --filter=blob:none"],
  },
  {
    rule: reflogPrune,
    catch: [
      ["git reflog expire --expire=now --all", "block"],
      ["git reflog expire --expire-unreachable=now --all && git gc --prune=now", "block"],
      ["git gc --prune=now --aggressive", "escalate"],
      ["git gc --prune=all", "escalate"],
      ["git prune --expire now", "escalate"],
      ["git gc --prune=now && git reflog expire --expire=now --all", "block"],
      ["git reflog delete --all", "block"],
    ],
    allow: ["git gc", "git reflog", "git reflog show main", "git gc --auto"],
  },
];
