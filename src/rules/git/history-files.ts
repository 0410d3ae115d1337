// The repository's history lives in files only git should write: HEAD, the index, packed-refs, refs/ and
// objects/. Overwritten, truncated or punched full of holes by hand (`: > .git/HEAD`, `dd of=.git/index`,
// `echo 0000… > .git/refs/heads/main`, `fallocate -p` on a pack, a Write of .git/HEAD) or with .git itself
// moved away (`mv .git /tmp/x`), commits that were never pushed are lost. Legitimate repairs exist, so a
// person confirms. Lock files (`rm -f .git/index.lock`) and reading the files are everyday and pass.
import { defineRule } from "../../engine/rule.js";
import { describe } from "../../analysis/shell/commands.js";
import { shellWrittenPaths } from "../paths/shell-writes.js";

/** A history file of a repository (not a lock file, not the hooks or config, which paths/ protects). */
const HISTORY_FILE = /(?:^|\/)\.git\/(?:HEAD|ORIG_HEAD|index|packed-refs|(?:refs|objects)(?:\/.*)?)$/;
/** The .git folder itself. */
const GIT_DIR = /(?:^|\/)\.git\/?$/;

const reasonFor = (what: string, path: string) =>
  `${what} the repository's history (${path}): git alone writes these files, and commits that were never pushed are lost if they are overwritten or moved away. Use git commands (git update-ref, git reset, git branch) or ask the user first.`;

export default defineRule({
  meta: {
    id: "git/history-files",
    description:
      "Escalates writing, truncating or moving the repository's history files by hand (.git/HEAD, index, packed-refs, refs/, objects/) and moving the .git folder itself.",
    defaultAction: "escalate",
    kinds: ["shell", "write", "edit", "patch"],
    // Every spelling of these paths names .git (a glob such as .g* is the deletion rules' to read).
    looksAt: { keywords: [".git"] },
    examples: () => ({
      block: [
        { shell: "mv .git /tmp/x" },
        { shell: "mv -f ./.git ../old-history" },
        { shell: "dd if=/dev/zero of=.git/index bs=1k count=4" },
        { shell: ": > .git/HEAD" },
        { shell: "echo 0000000000000000000000000000000000000000 > .git/refs/heads/main" },
        { shell: "truncate -s 0 .git/packed-refs" },
        { shell: "fallocate -p -o 0 -l 1G .git/objects/pack/pack-1.pack" },
        { shell: "cp /dev/null .git/index" },
        { write: ".git/HEAD", content: "ref: refs/heads/nothing\n" },
      ],
      allow: [
        { shell: "rm -f .git/index.lock", note: "a stale lock left by a crashed git" },
        { shell: "cat .git/HEAD" },
        { shell: "cp -r .git /tmp/repo-backup.git", note: "a copy leaves the history in place" },
        { shell: "git update-ref refs/heads/main HEAD" },
        { shell: "echo 'build/' >> .gitignore" },
        { write: ".github/workflows/ci.yml", content: "on: push\n" },
        { shell: "mv .gitignore.example .gitignore" },
      ],
    }),
  },
  check(call) {
    for (const f of call.files) {
      if (HISTORY_FILE.test(f.path)) return { reason: reasonFor(`The ${call.tool} call would change`, f.path) };
      if (f.moveTo && GIT_DIR.test(f.path)) return { reason: reasonFor(`The ${call.tool} call would move`, f.path) };
    }
    if (call.kind !== "shell") return null;
    for (const w of shellWrittenPaths(call)) {
      if (!w.path) continue;
      const what = `${describe(w.command)} would ${w.verb}`;
      if (HISTORY_FILE.test(w.path) && w.op !== "link-source" && w.op !== "delete")
        return { reason: reasonFor(what, w.path) };
      // .git moved (or renamed) away; a copy (cp -r .git …) leaves it where it is.
      if (GIT_DIR.test(w.path) && w.op === "remove" && w.command.program === "mv")
        return { reason: reasonFor(what, w.path) };
    }
    return null;
  },
});
