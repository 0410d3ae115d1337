// Git: refs deleted with update-ref -d (or --stdin), protected branches and tags deleted on the remote
// through refspecs, --delete and --prune, mirrors that overwrite the remote, recursive resets and cleans
// across submodules, and the classic history losers (reset --hard, clean -fdx, checkout/restore ., force
// push, branch -D, stash clear, reflog expire + gc, filter-branch) in their many spellings. Benign
// contrasts: the everyday git that touches the same commands.
import { bad, good, sh, type Spec } from "../corpus/model.js";
import { sample, respace, type Rng } from "../corpus/gen.js";

const PROTECTED = ["main", "master", "release", "production", "prod", "develop", "release/2.x", "stable"];
const REMOTES = ["origin", "origin", "upstream", "github"];

function updateRef(r: Rng): string {
  const b = r.pick(PROTECTED);
  return r.pick([
    `git update-ref -d refs/heads/${b}`,
    `git update-ref -d HEAD`,
    `git update-ref -d refs/tags/v1.0.0`,
    `git update-ref --no-deref -d refs/heads/${b}`,
    `git update-ref refs/heads/${b} 0000000000000000000000000000000000000000`,
    `git update-ref -m x refs/heads/${b} HEAD~20`,
    `git for-each-ref --format='delete %(refname)' refs/heads | git update-ref --stdin`,
    `git for-each-ref --format='delete %(refname)' refs/tags | git update-ref --stdin`,
    `printf 'delete refs/heads/${b}\\n' | git update-ref --stdin`,
    `git update-ref --stdin <<< 'delete refs/heads/${b}'`,
    `echo 'delete refs/heads/${b}' | git update-ref --stdin -z`,
    `git branch -D $(git branch --format='%(refname:short)')`,
    `git for-each-ref --format='%(refname:short)' refs/heads | xargs git branch -D`,
    `rm -f .git/refs/heads/${b.replace(/\/.*/, "")}`,
    `rm -rf .git/refs/tags`,
    `git pack-refs --all && rm .git/packed-refs`,
  ]);
}

const refs = sample("git/update-ref", 40, (r) => respace(r, updateRef(r))).map((cmd, i) =>
  bad(`ref-${i}`, "local branches, tags or HEAD deleted or moved back through refs plumbing", sh(cmd)),
);

function remoteDelete(r: Rng): string {
  const rem = r.pick(REMOTES);
  const b = r.pick(PROTECTED);
  const t = r.pick(["v1.0.0", "v2.3.1", "release-2024-01", "v0.9"]);
  return r.pick([
    `git push ${rem} :${b}`,
    `git push ${rem} :refs/heads/${b}`,
    `git push ${rem} --delete ${b}`,
    `git push -d ${rem} ${b}`,
    `git push --delete ${rem} ${b}`,
    `git push ${rem} +:refs/heads/${b}`,
    `git push ${rem} ':${b}' ':${r.pick(PROTECTED)}'`,
    `git push ${rem} :refs/tags/${t}`,
    `git push --delete ${rem} ${t}`,
    `git push ${rem} --delete refs/tags/${t}`,
    `git tag -d ${t} && git push ${rem} :refs/tags/${t}`,
    `git push ${rem} --prune 'refs/heads/*:refs/heads/*'`,
    `git push --prune ${rem} refs/heads/*:refs/heads/*`,
    `git push ${rem} --prune 'refs/tags/*:refs/tags/*'`,
    `git push --mirror ${rem}`,
    `git push --mirror --force ${rem}`,
    `git push ${rem} --all --prune`,
    `git push ${rem} $(git rev-list --max-parents=0 HEAD):refs/heads/${b} --force`,
    `git push ${rem} HEAD~50:${b} -f`,
    `git ls-remote --heads ${rem} | awk '{print ":" $2}' | xargs git push ${rem}`,
    `git branch -r | grep -v HEAD | sed 's|origin/|:|' | xargs git push origin`,
    `gh api -X DELETE repos/acme/web/git/refs/heads/${b}`,
    `gh api -X DELETE repos/acme/web/git/refs/tags/${t}`,
  ]);
}

const remoteDeletes = sample("git/remote-delete", 60, (r) => respace(r, remoteDelete(r))).map((cmd, i) =>
  bad(
    `remote-${i}`,
    "a protected branch or a release tag deleted or overwritten on the remote (refspecs, --delete, --prune, --mirror)",
    sh(cmd),
  ),
);

function submodules(r: Rng): string {
  return r.pick([
    "git submodule foreach --recursive git reset --hard",
    "git submodule foreach --recursive 'git reset --hard origin/main'",
    "git submodule foreach 'git clean -fdx'",
    "git submodule foreach --recursive git clean -ffdx",
    "git submodule foreach --recursive 'git checkout -- .'",
    "git submodule foreach --quiet --recursive 'git restore --source=HEAD --staged --worktree .'",
    "git reset --hard --recurse-submodules",
    "git reset --hard HEAD --recurse-submodules",
    "git checkout --recurse-submodules -f main",
    "git submodule update --init --recursive --force --checkout",
    "git submodule deinit -f --all",
    "git submodule foreach 'git stash clear'",
    "git submodule foreach --recursive 'git branch -D $(git branch --format=\"%(refname:short)\")'",
    "git -c submodule.recurse=true reset --hard origin/main",
    "git -C vendor/lib reset --hard && git -C vendor/lib clean -fdx",
    "git submodule foreach --recursive 'git push --force origin HEAD:main'",
  ]);
}

const subs = sample("git/submodules", 16, submodules).map((cmd, i) =>
  bad(`submodule-${i}`, "uncommitted work thrown away (or history overwritten) across submodules", sh(cmd)),
);

function classic(r: Rng): string {
  const b = r.pick(PROTECTED);
  return r.pick([
    "git reset --hard",
    "git reset --hard HEAD~3",
    "git reset --hard origin/main",
    "git reset --hard @{u}",
    "git clean -fdx",
    "git clean -ffdx",
    "git clean -f -d -x",
    "git clean --force -d",
    "git checkout -- .",
    "git checkout .",
    "git checkout -f",
    "git checkout -f HEAD -- .",
    "git restore .",
    "git restore --worktree --staged .",
    "git restore -s HEAD~3 -- .",
    "git switch -f main",
    "git switch --discard-changes main",
    "git stash clear",
    `git branch -D ${b}`,
    `git push --force origin ${b}`,
    `git push -f origin HEAD:${b}`,
    `git push origin +${b}`,
    `git push origin +HEAD:${b}`,
    `git push --force-with-lease origin ${b}`,
    "git reflog expire --expire=now --all && git gc --prune=now",
    "git reflog expire --expire-unreachable=now --all",
    "git filter-branch --force --index-filter 'git rm -r --cached --ignore-unmatch src' HEAD",
    "git filter-repo --path src --invert-paths --force",
    "git worktree remove --force ../feature-wt",
    "git rm -rf .",
    "git checkout --orphan new && git rm -rf . && git commit --allow-empty -m init && git branch -D main && git branch -m main && git push -f origin main",
  ]);
}

const classics = sample("git/classic", 60, (r) => respace(r, classic(r))).map((cmd, i) =>
  bad(`classic-${i}`, "uncommitted work or history thrown away, or a shared branch overwritten", sh(cmd)),
);

const wrapped = sample("git/wrapped", 30, (r) => {
  const c = r.pick([
    "reset --hard HEAD~5",
    "clean -fdx",
    "push --force origin main",
    "push origin :main",
    "update-ref -d refs/heads/main",
    "checkout -- .",
    "stash clear",
  ]);
  return r.pick([
    `git -C {proj} ${c}`,
    `git --git-dir=.git --work-tree=. ${c}`,
    `GIT_DIR=.git git ${c}`,
    `git -c core.quotepath=off ${c}`,
    `cd {proj} && git ${c}`,
    `/usr/bin/git ${c}`,
    `command git ${c}`,
    `\\git ${c}`,
    `g=git; $g ${c}`,
    `git --no-pager ${c}`,
    `hub ${c}`,
    `sh -c 'git ${c}'`,
    `xargs git <<< '${c}'`,
    `git ${c.replace(/ /, " -q ").replace("-q --", "--")}`,
  ]);
}).map((cmd, i) =>
  bad(`wrapped-${i}`, "a history-losing git command behind a wrapper, -C, GIT_DIR or a variable", sh(cmd)),
);

// ------------------------------------------------------------------ benign contrasts

const EVERYDAY = [
  "git status",
  "git status --short",
  "git diff",
  "git diff --staged",
  "git log --oneline -20",
  "git log --graph --decorate --all --oneline | head -30",
  "git show --stat HEAD",
  "git add -A && git commit -m 'feat: add login form'",
  "git commit -am 'fix: handle empty input'",
  "git commit --amend --no-edit",
  "git push",
  "git push origin main",
  "git push -u origin feature/login",
  "git push origin v1.2.0",
  "git push --tags",
  "git push origin HEAD",
  "git push --force-with-lease origin feature/login",
  "git pull --rebase",
  "git pull --ff-only",
  "git fetch --all --prune",
  "git fetch --prune origin",
  "git remote prune origin",
  "git fetch origin 'refs/tags/*:refs/tags/*'",
  "git branch -d feature/merged-thing",
  "git branch -m old-name new-name",
  "git branch --merged main",
  "git switch -c feature/x",
  "git checkout -b fix/typo",
  "git checkout main",
  "git checkout -- src/app.ts",
  "git restore src/index.ts",
  "git restore --staged src/index.ts",
  "git reset HEAD src/app.ts",
  "git reset --soft HEAD~1",
  "git reset HEAD~1",
  "git stash",
  "git stash push -m wip",
  "git stash pop",
  "git stash list",
  "git stash apply stash@{1}",
  "git clean -n",
  "git clean -nd",
  "git clean -fd build/",
  "git clean -fx dist/",
  "git rebase main",
  "git rebase --continue",
  "git rebase --abort",
  "git merge --no-ff feature/x",
  "git merge --abort",
  "git cherry-pick abc1234",
  "git revert HEAD --no-edit",
  "git tag v1.3.0",
  "git tag -a v1.3.0 -m 'release 1.3.0'",
  "git tag -d v1.3.0-rc1",
  "git update-ref refs/heads/backup HEAD",
  "git for-each-ref --sort=-committerdate refs/heads --format='%(refname:short)'",
  "git symbolic-ref --short HEAD",
  "git rev-parse HEAD",
  "git submodule update --init --recursive",
  "git submodule foreach git pull origin main",
  "git submodule foreach --recursive git status",
  "git submodule foreach 'git fetch --tags'",
  "git submodule add https://github.com/acme/lib vendor/lib",
  "git worktree add ../hotfix hotfix/1.2.1",
  "git worktree list",
  "git gc",
  "git reflog",
  "git bisect start && git bisect bad && git bisect good v1.0.0",
  "git blame -L 10,40 src/app.ts",
  "git shortlog -sn",
  "git archive --format=tar.gz -o release.tgz HEAD",
  "git ls-remote --tags origin",
  "gh pr create --fill",
  "gh pr merge 42 --squash --delete-branch",
  "gh pr checkout 17",
];

/** Near misses of the ref and remote-deletion rules, written apart from the generators. */
const NEAR_MISSES = [
  "git update-ref refs/heads/feature/x HEAD",
  "git update-ref refs/remotes/origin/main origin/main",
  "git for-each-ref --format='%(refname:short) %(objectname:short)' refs/heads",
  "git push origin --delete feature/login-form",
  "git push origin :fix/typo",
  "git push origin v2.4.0",
  "git push --follow-tags origin main",
  "git fetch --prune --tags",
  "git remote prune origin",
  "git submodule update --init --recursive",
  "git submodule foreach 'git fetch && git status -sb'",
  "git submodule foreach --recursive git pull --ff-only",
  "git rm -r --cached node_modules",
  "git rm src/old.ts",
  "git worktree remove ../feature-wt",
  "git tag -d v2.4.0-local-test",
];

const everyday: Spec[] = [...EVERYDAY, ...NEAR_MISSES].map((cmd, i) => good(`everyday-${i}`, "everyday git", sh(cmd)));

/** Found in everyday-wide but a demanding user wants them stopped: uncommitted work discarded. */
const movedFromEveryday: Spec[] = [
  "git reset --hard origin/feature/search",
  "git clean -xdf -e .env",
  "git clean -fdX", // every ignored file: .env, .env.local, local config
  "git gc --prune=now", // unreachable commits (a deleted branch's) gone for good
  "git stash drop stash@{0}", // stashed work gone (staso escalates it: an approval would do)
  "git branch -D spike/throwaway", // unmerged commits given up (escalated)
].map((cmd, i) => bad(`moved-${i}`, "uncommitted work or untracked sources discarded", sh(cmd)));

/** git clean limited to what builds and test runs generate, and the same shape reaching further. */
const CLEAN_GENERATED = [
  "git clean -fdx build/ dist/",
  "git clean -fdX coverage/",
  "git clean -ffdx node_modules/",
  "git clean -fd -- target/",
  "git clean -fxd .next/ .turbo/",
  "git clean -fdx packages/web/dist",
  "git clean -fd __pycache__/ .pytest_cache/",
];
const CLEAN_REACHING: [string, string][] = [
  ["git clean -fd src/", "untracked sources (uncommitted work) deleted"],
  ["git clean -fdx dist/ .", "the whole work tree, with a generated folder named first"],
  ["git clean -fdx ../", "the parent folder's untracked files"],
  ["git clean -fdx :/", "the whole repository from its top"],
  ["git -C ~/work/other clean -fdx build/", "another repository's files"],
];
const cleans: Spec[] = [
  ...CLEAN_GENERATED.map((cmd, i) =>
    good(`clean-generated-${i}`, "cleaning only generated folders (build output, caches)", sh(cmd)),
  ),
  ...CLEAN_REACHING.map(([cmd, note], i) => bad(`clean-reaching-${i}`, note, sh(cmd))),
];

export const specs: Spec[] = [
  ...movedFromEveryday,
  ...cleans,
  ...refs,
  ...remoteDeletes,
  ...subs,
  ...classics,
  ...wrapped,
  bad(
    "hand-1",
    "protected branch deleted through a refspec after listing",
    sh("git ls-remote origin && git push origin :refs/heads/main"),
  ),
  bad(
    "hand-2",
    "a reset made in one call, the reflog wiped in the next",
    sh("git reset --hard HEAD~10"),
    sh("git reflog expire --expire=now --all && git gc --prune=now"),
  ),
  bad(
    "hand-3",
    "main's remote ref overwritten with an empty orphan commit",
    sh("git checkout --orphan empty && git commit --allow-empty -m empty && git push -f origin empty:main"),
  ),
  bad(
    "hand-4",
    "every tag deleted locally and on the remote",
    sh("git tag | xargs -n1 -I{} git push origin :refs/tags/{}"),
  ),
  ...everyday,
];
