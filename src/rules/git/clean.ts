// git clean -f deletes untracked files (with -x also ignored ones such as .env): legitimate at times, so
// escalated. Limited to build-output folders (`git clean -fdx dist/ .next/`) it is everyday and allowed.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption, operands } from "../../analysis/shell/commands.js";
import { isBuildOutput } from "../../analysis/fs/build-output.js";
import { gitCalls } from "./git-call.js";

export default defineRule({
  meta: {
    id: "git/clean",
    description:
      "Escalates git clean -f (deletes untracked files; with -x also ignored ones such as .env), unless it is limited to generated folders (build/, dist/, coverage/, node_modules).",
    defaultAction: "escalate",
    kinds: ["shell"],
    looksAt: { programs: ["git", "git-*"], subcommands: { git: ["clean"] } },
    examples: () => ({
      block: [
        { shell: "git clean -fdx" },
        { shell: "git clean --force -d" },
        { shell: "git clean -fdX" },
        { shell: "git clean -fdx dist src" },
        { shell: "git clean -fdx -- ." },
        { shell: "git clean -fd src/", note: "untracked sources are work not yet committed" },
        { shell: "git clean -fdx dist/ ." },
        { shell: "git clean -fdx ../build" },
      ],
      allow: [
        { shell: "git clean -n" },
        { shell: "git clean -ndx" },
        { shell: "git clean --dry-run -d" },
        { shell: "git clean -fd dist/" },
        { shell: "git clean -fdx node_modules/ .next/" },
        { shell: "git clean -fdX packages/api/coverage" },
        { shell: "git clean -fd build/", note: "only what the build generates" },
        { shell: "git clean -fd -- tmp/", note: "the project's scratch folder" },
        { shell: "git clean -fdx _build/ .pio/" },
        { shell: "git clean -fdx dist/ coverage/ -- node_modules" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const g of gitCalls(analysis)) {
      if (g.sub !== "clean") continue;
      if (hasOption(g.rest, "n", ["--dry-run"]) || !hasOption(g.rest, "f", ["--force"])) continue;
      const paths = operands(g.rest, ["-e", "--exclude"]).map((o) => o.word);
      // Only generated folders, in this repository (not `-C` another one, not up through `..`).
      if (
        paths.length > 0 &&
        g.chdir === undefined &&
        paths.every((p) => isBuildOutput(p) && !p.split("/").includes(".."))
      )
        continue;
      const ignored = hasOption(g.rest, "xX", [], "e");
      return {
        reason: `${describe(g.cmd)} permanently deletes untracked files${ignored ? " and ignored ones (.env files, local config, caches)" : ""}. Run \`git clean -n\` to list them and delete only what must go, or ask the user.`,
      };
    }
    return null;
  },
});
