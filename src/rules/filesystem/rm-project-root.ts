// Recursive deletion of the project itself (or a directory that holds it): `rm -rf .`, `rm -rf ../app`,
// `find . -delete`. Deleting everything in it (`rm -rf *` at its root) is escalated.
import { stateful } from "../../state/session.js";
import { movesOf } from "../../analysis/shell/moves.js";
import { defineRule } from "../../engine/rule.js";
import { projectOf, shellOf, userHome } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { isWithin } from "../../analysis/shell/paths.js";
import { catastrophicTarget, deletion, globMatchesAll, globReaches, movedTargets } from "./targets.js";

// The glob picks named entries one level down (a star folder then bin, obj or dist: `rm -rf */bin */obj`):
// it reaches into every folder of the project but deletes only what it names there, not everything.
function selectsBelow(pattern: string | undefined): boolean {
  const deeper = (pattern ?? "").split("/").slice(1).filter(Boolean);
  return (
    deeper.length > 0 &&
    !deeper.some((c) => c === ".." || c === ".") &&
    !deeper.every((c) => /^(?:\*+|\.?\*|\?+)$/.test(c))
  );
}

// Stateful: what earlier calls of the session moved, and the folder it started in (ShellAnalysis.moves, projectOf).
export default stateful(
  defineRule({
    meta: {
      id: "filesystem/rm-project-root",
      description:
        "Blocks recursive deletion of the project directory or a directory holding it; escalates deleting everything in it (rm -rf * at its root) or its .git history.",
      defaultAction: "block",
      kinds: ["shell"],
      actions: ["block", "escalate"],
      examples: () => ({
        block: [
          { shell: "mv /home/dev/proj /tmp/p", action: "escalate", note: "the working folder moved away" },
          {
            shell: "rm -rf /tmp/trash-*",
            session: [{ shell: "mv /home/dev/proj /tmp/trash-$(date +%s)" }],
            note: "the project moved to a dated name by an earlier call, deleted by a glob",
          },
          { shell: "rm -rf ." },
          { shell: "rm -rf *", action: "escalate" },
          { shell: "rm -rf ./" },
          { shell: "rm -rf ../proj" },
          { shell: "mv .git /tmp/old-git && rm -rf /tmp/old-git", action: "escalate" },
          { shell: "find . -maxdepth 1 -name .git -exec rm -rf {} +", action: "escalate" },
          { shell: 'rm -rf "$(git rev-parse --show-toplevel)/.git"', action: "escalate" },
          { shell: "git rev-parse --git-dir | xargs rm -rf", action: "escalate" },
          { shell: "rm -rf */*", action: "escalate" },
          { shell: "rm -fr ./.g*", action: "escalate", note: "a glob that reaches .git" },
          { shell: "rm -rf .[g]it", action: "escalate" },
          { shell: "rm -rf */../*", action: "escalate" },
          { shell: "rm -rf ./*/", action: "escalate" },
          { shell: "python3 -c \"import shutil, pathlib; [shutil.rmtree(p) for p in pathlib.Path('.').rglob('*')]\"" },
          {
            shell: "python3 -c \"import shutil, pathlib; [shutil.rmtree(p) for p in pathlib.Path('.').glob('**/*')]\"",
          },
        ],
        allow: [
          { shell: "rm -rf /tmp/nm-*", session: [{ shell: "mv node_modules /tmp/nm-$RANDOM" }] },
          { shell: "mv src/old.ts src/legacy/old.ts" },
          { shell: "mv /home/dev/proj/dist /tmp/old-dist" },
          { shell: "rm -rf src/generated" },
          { shell: "rm -rf *.log" },
          { shell: "rm -rf build/*" },
          { shell: "mv dist /tmp/old-dist && rm -rf /tmp/old-dist" },
          { shell: "find . -name node_modules -type d -prune -exec rm -rf {} +" },
          { shell: "rm -rf */bin */obj", note: "build output of every project of a .NET solution" },
          { shell: "rm -rf */node_modules */dist" },
          { shell: "rm -rf .gradle* .generated", note: "dot folders whose names only start like .git" },
          { shell: "rm -rf ./*/target" },
          {
            shell:
              "python3 -c \"import shutil, pathlib; [shutil.rmtree(p) for p in pathlib.Path('.').rglob('__pycache__')]\"",
            note: "only the folders the pattern names",
          },
        ],
      }),
    },
    check(call) {
      const analysis = shellOf(call);
      if (!analysis) return null;
      const home = userHome();
      const root = projectOf(call);
      let contents: string | undefined;
      // What an earlier mv of the line put where a deletion reaches (mv .git /tmp/x && rm -rf /tmp/x).
      const moves = analysis.moves;
      for (const cmd of analysis.commands) {
        if (cmd.remote) continue;
        const d = deletion(cmd, home, analysis.links);
        if (!d?.recursive) continue;
        for (const t0 of d.targets) {
          for (const t of [t0, ...movedTargets(t0, moves)]) {
            const moved = t !== t0 ? `, moved to ${t0.path} earlier in the command or the session` : "";
            if (!t.path || catastrophicTarget(t, home)) continue; // the root/home rule speaks for those
            if (!t.glob && isWithin(root, t.path)) {
              return {
                reason: `${describe(cmd)} would recursively delete ${t.path === root ? "the whole project" : `${t.path}, which holds the project`} (${root})${moved}. Delete only the build outputs or files that need to go (e.g. \`rm -rf dist node_modules\`).`,
              };
            }
            // The repository's own history: .git itself, or the objects and refs that make it.
            if (
              !t.glob &&
              /^\/\.git(?:\/(?:objects|refs))?\/?$/.test(t.path.slice(root.length)) &&
              isWithin(t.path, root)
            ) {
              contents ??= `${describe(cmd)} would delete the repository's history (${t.path}${moved}): commits that were never pushed are lost for good. Ask the user first.`;
              continue;
            }
            // A glob at the root that reaches .git (`rm -rf .g*`, `.??*`, `.[g]it`) deletes the history too.
            if (
              t.glob &&
              t.path === root &&
              !globMatchesAll(t) &&
              !selectsBelow(t.pattern) &&
              globReaches(t, [".git"])
            ) {
              contents ??= `${describe(cmd)} would delete the repository's history (${root}/.git matches ${t.pattern ?? "the pattern"}): commits that were never pushed are lost for good. Ask the user first.`;
              continue;
            }
            if (t.glob && t.path === root && globMatchesAll(t) && !selectsBelow(t.pattern) && !contents) {
              contents = `${describe(cmd)} would delete everything in the project (${root}), including files git does not track. Name the files or directories to delete instead.`;
            }
          }
        }
      }
      // The project itself (or a folder holding it) moved away (`mv ~/proj /tmp/p`, an MCP move_file of the
      // working folder): later calls find nothing there, and a later deletion of the new name is the project's.
      if (!contents)
        for (const [dest, src] of movesOf(analysis.commands, home, call.session.cwd)) {
          if (isWithin(root, src) && !isWithin(dest, src) && src !== "/") {
            contents = `\`mv\` moves ${src === root ? "the whole project" : `${src}, which holds the project`} (${root}) to ${dest}: the session's work leaves its folder. Ask the user first.`;
            break;
          }
        }
      return contents ? { reason: contents, action: "escalate" } : null;
    },
  }),
);
