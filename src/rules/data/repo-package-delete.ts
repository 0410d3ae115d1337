// Deleting a repository or unpublishing a package cannot be taken back (names may be burnt forever).
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, optionValue } from "../../analysis/shell/commands.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";

export default defineRule({
  meta: {
    id: "data/repo-package-delete",
    description:
      "Blocks gh/glab repo delete and npm/pnpm/yarn unpublish; escalates release deletions, DELETE API calls and yanks.",
    defaultAction: "block",
    kinds: ["shell"],
    actions: ["block", "escalate"],
    examples: () => ({
      block: [
        { shell: "gh repo delete owner/repo --yes" },
        { shell: "gh release delete v1.0.0 --yes", action: "escalate" },
        { shell: "glab repo delete group/proj" },
        { shell: "npm unpublish my-pkg@1.0.0" },
      ],
      allow: [{ shell: "gh repo view" }, { shell: "gh release list" }, { shell: "npm publish" }],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let escalation: RuleFinding | undefined;
    for (const cmd of actingCommands(analysis)) {
      const p = cmd.program;
      const words = cmd.args.filter((a) => !a.startsWith("-"));
      if (
        (p === "gh" || p === "glab" || p === "hub") &&
        ((words[0] === "repo" && words[1] === "delete") || (p === "hub" && words[0] === "delete"))
      ) {
        return {
          reason: `${describe(cmd)} deletes a whole repository with its issues, pull requests and history. Ask the user to do it.`,
          action: "block",
        };
      }
      if (
        ((p === "npm" || p === "pnpm") && words[0] === "unpublish") ||
        (p === "yarn" && (words[0] === "unpublish" || (words[0] === "npm" && words[1] === "unpublish")))
      ) {
        return {
          reason: `${describe(cmd)} unpublishes a package; dependents break and the version can never be reused. Use \`npm deprecate\`, or ask the user.`,
          action: "block",
        };
      }
      if (
        (p === "gh" || p === "glab") &&
        words[1] === "delete" &&
        /^(release|secret|variable|environment|project|label|ruleset|cache)$/.test(words[0] ?? "")
      ) {
        escalation ??= {
          reason: `${describe(cmd)} deletes a ${words[0]}. Ask the user to approve it.`,
          action: "escalate",
        };
      }
      if (
        (p === "gh" || p === "glab") &&
        words[0] === "api" &&
        /^delete$/i.test(optionValue(cmd.args, ["-X", "--method"]) ?? "")
      ) {
        escalation ??= {
          reason: `${describe(cmd)} sends a DELETE request to the ${p === "gh" ? "GitHub" : "GitLab"} API. Ask the user to approve it.`,
          action: "escalate",
        };
      }
      if ((p === "cargo" && words[0] === "yank") || (p === "gem" && words[0] === "yank")) {
        escalation ??= {
          reason: `${describe(cmd)} yanks a published version. Ask the user to approve it.`,
          action: "escalate",
        };
      }
    }
    return escalation ?? null;
  },
});
