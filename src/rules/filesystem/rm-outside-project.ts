// Recursive deletion outside the project (and outside temp dirs): legitimate sometimes, so a human
// confirms it. Deletions inside the project (`rm -rf node_modules dist`) are everyday and allowed.
import { defineRule } from "../../engine/rule.js";
import { projectOf, shellOf, userHome } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { isWithin } from "../../analysis/shell/paths.js";
import { catastrophicTarget, deletion, isAllowedScratch } from "./targets.js";

export default defineRule<{ allowedPaths: string[] }>({
  meta: {
    id: "filesystem/rm-outside-project",
    description:
      "Escalates recursive deletion outside the project and temp directories (and relative deletions after a cd staso cannot follow).",
    defaultAction: "escalate",
    kinds: ["shell"],
    params: {
      allowedPaths: {
        type: "array",
        items: { type: "string" },
        // Caches package managers and tools rebuild on their own: clearing them is everyday advice.
        default: [
          "~/.cache",
          "~/.npm/_cacache",
          "~/.npm/_logs",
          "~/.pnpm-store",
          "~/.local/share/pnpm/store",
          "~/.yarn/berry/cache",
          "~/.bun/install/cache",
          "~/.cargo/registry",
          "~/.cargo/git",
          "~/.gradle/caches",
          "~/.gradle/wrapper/dists",
          "~/.m2/repository",
          "~/.ivy2/cache",
          "~/.ivy2/local",
          "~/.sbt/boot",
          "~/.cabal/packages",
          "~/.stack/pantry",
          "~/.ghcup/cache",
          "~/.hex/packages",
          "~/.pub-cache",
          "~/.conda/pkgs",
          "~/.julia/compiled",
          "~/.android/build-cache",
          "~/.local/share/nvim/lazy",
          "~/.nuget/packages",
          "~/go/pkg/mod",
          "~/.npm/_npx",
          "~/.local/share/virtualenvs",
          "~/.pyenv/versions",
          "~/.nvm/versions",
          "~/.rustup/toolchains",
          "~/.terraform.d/plugin-cache",
          "~/Library/Caches",
          "~/Library/Developer/Xcode/DerivedData",
        ],
        description: "Paths outside the project where recursive deletion is allowed (tools' caches by default).",
      },
    },
    examples: () => ({
      block: [
        { shell: "rm -rf ~/other-project" },
        { shell: "rm -rf ../sibling" },
        { shell: "rm -rf /var/www/html" },
        { shell: "rm -rf /opt/app/releases" },
        { shell: "rm -rf ~/.gradle" },
        { shell: "rm -rf ~/.npm" },
        { shell: "rm -rf ~/.nvm" },
        { shell: "rm -rf ~/go" },
        { shell: "rm -rf ~/.ivy2", note: "the folder, not its caches" },
        { shell: "rm -rf ~/.local/share/nvim", note: "undo history and sessions live there too" },
        { shell: "rm -rf ~/.kube/cached-configs-backup", note: "a name that only starts like a cache" },
        { shell: "mv -t /dev/null ~/Documents ~/other-project", note: "moved into /dev/null: gone" },
        { shell: "mv --target-directory=/dev/null ../sibling" },
      ],
      allow: [
        { shell: "rm -rf /tmp/foo" },
        { shell: "mv -t ../sibling/archive old-notes.md", note: "-t names a folder that stays" },
        { shell: "rm -rf /var/tmp/cache" },
        { shell: "rm -rf ~/.cache/something" },
        { shell: "rm -rf ~/.npm/_cacache" },
        { shell: "rm -rf ~/.gradle/caches/modules-2" },
        { shell: "rm -rf ~/.m2/repository/com/acme/lib" },
        { shell: "rm -rf ~/Library/Caches/com.apple.dt.Xcode" },
        { shell: "rm -rf ~/.nvm/versions/node/v16.20.2" },
        { shell: "rm -rf ~/go/pkg/mod/github.com/acme" },
        { shell: "rm -rf ~/.kube/cache ~/.npm/_cacache", note: "tools' caches in the home folder" },
        { shell: "rm -rf ~/.ivy2/local/com.acme", note: "sbt publishLocal's output, published again by it" },
        { shell: "rm -rf ~/.pub-cache/hosted/pub.dev/http-1.1.0" },
        { shell: "rm -rf ~/.local/share/nvim/lazy", note: "the plugin manager installs them again" },
      ],
    }),
  },
  check(call, { params }) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = userHome();
    const root = projectOf(call);
    for (const cmd of analysis.commands) {
      const d = deletion(cmd, home, analysis.links);
      if (!d?.recursive) continue;
      for (const t of d.targets) {
        if (!t.path) {
          // Relative to a directory staso lost track of (`cd "$X" && rm -rf *`).
          if (
            cmd.cwd === undefined &&
            !t.info.dynamicStart &&
            (t.word === "*" || t.word === "." || t.word === ".." || t.word.startsWith("../"))
          ) {
            return {
              reason: `${describe(cmd)} deletes relative to a directory staso cannot determine (after a cd it could not follow). Use an absolute path inside the project.`,
            };
          }
          continue;
        }
        if (catastrophicTarget(t, home)) continue;
        if (!cmd.remote && isWithin(t.path, root)) continue;
        if (!cmd.remote && isWithin(root, t.path)) continue; // the project-root rule speaks for that
        if (isAllowedScratch(t.path, home, params.allowedPaths ?? [], t.info.dynamic || t.glob)) continue;
        const where = cmd.remote ? "on another machine" : `outside the project (${root})`;
        return {
          reason: `${describe(cmd)} would recursively delete ${t.glob ? `entries of ${t.path}` : t.path}, ${where}. Ask the user to confirm, or keep deletions inside the project.`,
        };
      }
    }
    return null;
  },
});
