// git clean -f deletes untracked files (with -x also ignored ones such as .env): legitimate at times, so
// escalated.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption, operands } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

/**
 * Folders that hold what a build, a test run or a package manager generates: cleaning untracked files
 * there loses nothing a command cannot make again.
 */
const GENERATED =
  /^(?:\.\/)?(?:[\w.-]+\/)*(?:build|builds|dist|out|output|target|coverage|\.coverage|htmlcov|node_modules|\.next|\.nuxt|\.svelte-kit|\.turbo|\.parcel-cache|\.cache|\.pytest_cache|\.mypy_cache|\.ruff_cache|__pycache__|\.tox|\.nox|tmp|temp|\.gradle|obj|bin\/(?:Debug|Release)|_build|\.dart_tool|storybook-static|public\/build|reports|test-results|playwright-report)\/?$/;

/** Every pathspec names a generated folder (`git clean -fdx dist/ coverage/`), and there is at least one. */
function onlyGenerated(rest: string[]): boolean {
  const specs = operands(rest, ["-e", "--exclude"]).map((o) => o.word);
  return specs.length > 0 && specs.every((w) => GENERATED.test(w) && !w.split("/").includes(".."));
}

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
        { shell: "git clean -fd src/", note: "untracked sources are work not yet committed" },
        { shell: "git clean -fdx dist/ ." },
        { shell: "git clean -fdx ../build" },
      ],
      allow: [
        { shell: "git clean -n" },
        { shell: "git clean -ndx" },
        { shell: "git clean --dry-run -d" },
        { shell: "git clean -fd build/", note: "only what the build generates" },
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
      if (onlyGenerated(g.rest) && g.chdir === undefined) continue;
      const ignored = hasOption(g.rest, "xX", [], "e");
      return {
        reason: `${describe(g.cmd)} permanently deletes untracked files${ignored ? " and ignored ones (.env files, local config, caches)" : ""}. Run \`git clean -n\` to list them and delete only what must go, or ask the user.`,
      };
    }
    return null;
  },
});
