// A credential file's content read out of git rather than the working tree: `git show REV:.env`,
// `git cat-file -p REV:id_rsa`, diffs, patches, blame, grep and archives of a credential path, a stash's
// patch. The file may be gone from disk and still be in history; printing it exposes it all the same.
// Names, stats and logs without patches stay allowed.
import { defineRule } from "../../engine/rule.js";
import { shellOf, userHome } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { resolvePathWord } from "../../analysis/shell/paths.js";
import { credentialPathKind, SECRET_PATTERN } from "../../analysis/secrets/index.js";
import { GIT_PROGRAMS, gitCalls } from "../git/git-call.js";
import { withArticle } from "./file-access.js";

/** Options that print no content (names, counts, stats). */
const NAMES_ONLY =
  /^--(?:stat|numstat|shortstat|name-only|name-status|summary|dirstat|raw|quiet|exit-code|check)$|^-[a-zA-Z]*[sq]$/;

export default defineRule({
  meta: {
    id: "credentials/git-content",
    description:
      "Blocks printing a credential file out of git: show/cat-file of REV:path, diff, log -p, blame, grep and archive of a credential path, stash show -p of one.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: {
      programs: GIT_PROGRAMS,
      subcommands: {
        git: [
          "show",
          "cat-file",
          "rev-parse",
          "diff",
          "blame",
          "annotate",
          "log",
          "whatchanged",
          "stash",
          "grep",
          "archive",
        ],
      },
    },
    examples: () => ({
      block: [
        { shell: "git show HEAD:.env.production" },
        { shell: "git cat-file -p a1b2c3d:id_rsa" },
        { shell: "git log -p --all -- config/secrets.yml" },
        { shell: "git diff --cached .aws/credentials" },
        { shell: "git archive HEAD .env | tar -xO" },
        { shell: "git rev-parse v1.2.0:config/master.key | xargs git cat-file -p" },
        { shell: "git cat-file blob $(git rev-parse HEAD:.env)" },
        { shell: "git log --all -p -S AKIA" },
        { shell: "git show $(git rev-list --all | tail -1):.env" },
        { shell: "git show :.env" },
      ],
      allow: [
        { shell: "git log -- .env" },
        { shell: "git diff --stat -- .env.production" },
        { shell: "git show HEAD:.env.example" },
        { shell: "git show $(git merge-base HEAD main):src/app.ts" },
        { shell: "git diff -- src/app.ts" },
        { shell: "git rm --cached .env" },
        { shell: "git show --name-only HEAD" },
        { shell: "git log -S useState --oneline" },
        { shell: "git log -p -S 'renderHeader'" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = userHome();
    for (const g of gitCalls(analysis)) {
      const { cmd, sub, rest } = g;
      let paths: string[] = [];
      // REV:PATH, and :PATH (the index's copy, or a REV from a substitution staso cannot resolve).
      const revPaths = rest
        .filter((a) => /^(?:[^-:][^:]*)?:[^/:][^:]*$/.test(a) && !a.includes("://"))
        .map((a) => a.slice(a.indexOf(":") + 1));
      const afterDashes = rest.includes("--") ? rest.slice(rest.indexOf("--") + 1) : [];
      const operands = rest.filter((a) => !a.startsWith("-"));
      switch (sub) {
        case "show":
        case "cat-file": {
          // `git cat-file blob $(git rev-parse HEAD:.env)`: the object named by a substitution.
          const substituted = (cmd.substitutions ?? [])
            .filter((c) => c.program === "git" && c.args.includes("rev-parse"))
            .flatMap((c) =>
              c.args.filter((a) => /^[^-:][^:]*:[^/:][^:]*$/.test(a)).map((a) => a.slice(a.indexOf(":") + 1)),
            );
          paths = [...revPaths, ...substituted, ...(sub === "show" ? afterDashes : [])];
          break;
        }
        case "rev-parse":
          // Its object id printed and handed to cat-file -p.
          if (
            analysis.commands.some(
              (c) => c.pipeline.id === cmd.pipeline.id && c.wrappers.includes("xargs") && c.args.includes("cat-file"),
            )
          )
            paths = revPaths;
          break;
        case "diff":
        case "blame":
        case "annotate":
          if (rest.some((a) => NAMES_ONLY.test(a))) break;
          paths = [
            ...afterDashes,
            ...operands.filter(
              (o) => !/^(?:HEAD|@|FETCH_HEAD|ORIG_HEAD)(?:[~^@].*)?$|^[0-9a-f]{7,40}$|\.\.|^origin\//.test(o),
            ),
          ];
          break;
        case "log":
        case "whatchanged":
          // `git log -p -S AKIA`, `git log -p -G password`: history searched for a secret, the patches shown.
          if (
            rest.some((a) => /^(?:-p|-u|--patch)$|^-[a-zA-Z]*p/.test(a)) &&
            rest.some(
              (a, i) =>
                (/^-[SG]$/.test(a) && SECRET_PATTERN.test(rest[i + 1] ?? "")) ||
                (/^-[SG]./.test(a) && SECRET_PATTERN.test(a.slice(2))),
            )
          )
            return {
              reason: `${describe(cmd)} searches the repository's history for a secret and prints the patches that hold it: a key removed from the working tree is still exposed from history. Ask the user, or rotate the key if it was committed.`,
            };
          if (
            rest.some((a) => /^(?:-p|-u|--patch|--full-diff)$|^-[a-zA-Z]*p/.test(a)) &&
            !rest.some((a) => NAMES_ONLY.test(a))
          )
            paths = afterDashes;
          break;
        case "stash":
          if (rest[0] === "show" && rest.some((a) => a === "-p" || a === "--patch")) paths = afterDashes;
          break;
        case "grep":
          if (
            !rest.includes("--no-index") &&
            !rest.some((a) => /^-[a-zA-Z]*[lLcq]$|^--(?:files-with-matches|count|quiet)$/.test(a))
          )
            paths = afterDashes;
          break;
        case "archive":
          if (
            analysis.commands.some(
              (c) =>
                c.program === "tar" && c.pipeline.id === cmd.pipeline.id && c.args.some((a) => /O|--to-stdout/.test(a)),
            )
          )
            paths = operands.slice(1);
          break;
      }
      for (const p of paths) {
        const path = resolvePathWord(p, g.chdir ?? cmd.cwd ?? call.session.cwd, home);
        // A repository path like .aws/credentials is the same credential as its home namesake.
        const kind =
          credentialPathKind(path, home) ?? (p.startsWith("/") ? undefined : credentialPathKind(`${home}/${p}`, home));
        if (kind)
          return {
            reason: `${describe(cmd)} prints ${p} out of git, which holds ${withArticle(kind)}: a file gone from the working tree is still exposed from history. Read the code that uses it, or ask the user.`,
          };
      }
    }
    return null;
  },
});
