// Deleting a repository or unpublishing a package cannot be taken back (names may be burnt forever).
// Kept as data in the custom-rule language: a program, the words of its subcommand, what it deletes.
import { defineRule } from "../../engine/rule.js";
import { commandTable, tablePrograms, type CommandRow } from "../command-table.js";

const ASK = "Ask the user to approve it.";

const TABLE: CommandRow[] = [
  {
    shell: { program: ["gh", "glab"], words: { regex: "^repo delete\\b" } },
    does: "deletes a whole repository with its issues, pull requests and history",
    action: "block",
  },
  {
    shell: { program: "hub", words: { regex: "^delete\\b" } },
    does: "deletes a whole repository with its issues, pull requests and history",
    action: "block",
  },
  {
    shell: { program: ["npm", "pnpm"], subcommand: "unpublish" },
    does: "unpublishes a package; dependents break and the version can never be reused",
    instead: "Use `npm deprecate`, or ask the user.",
    action: "block",
  },
  {
    shell: { program: "yarn", words: { regex: "^(?:npm )?unpublish\\b" } },
    does: "unpublishes a package; dependents break and the version can never be reused",
    instead: "Use `npm deprecate`, or ask the user.",
    action: "block",
  },
  {
    shell: {
      program: ["gh", "glab"],
      words: { regex: "^(?:release|secret|variable|environment|project|label|ruleset|cache) delete\\b" },
    },
    does: "deletes a release, secret, variable, environment, project, label, ruleset or cache",
    instead: ASK,
    action: "escalate",
  },
  {
    shell: {
      program: ["gh", "glab"],
      subcommand: "api",
      args: { regex: "^(?:-X|--method=)?delete$", flags: "i" },
      flags: ["-X", "--method"],
    },
    does: "sends a DELETE request to the forge's API",
    instead: ASK,
    action: "escalate",
  },
  {
    shell: { program: ["cargo", "gem"], subcommand: "yank" },
    does: "yanks a published version",
    instead: ASK,
    action: "escalate",
  },
];

export default defineRule({
  meta: {
    id: "data/repo-package-delete",
    description:
      "Blocks gh/glab repo delete and npm/pnpm/yarn unpublish; escalates release deletions, DELETE API calls and yanks.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: tablePrograms(TABLE) },
    actions: ["block", "escalate"],
    examples: () => ({
      block: [
        { shell: "gh repo delete owner/repo --yes" },
        { shell: "gh release delete v1.0.0 --yes", action: "escalate" },
        { shell: "glab repo delete group/proj" },
        { shell: "npm unpublish my-pkg@1.0.0" },
        { shell: "gh -R acme/site repo delete --yes" },
        { shell: "yarn npm unpublish --all" },
        { shell: "gh api -X DELETE repos/acme/site/releases/42", action: "escalate" },
        { shell: "cargo yank --version 1.2.3", action: "escalate" },
      ],
      allow: [
        { shell: "gh repo view" },
        { shell: "gh release list" },
        { shell: "npm publish" },
        { shell: "gh api repos/acme/site/releases" },
        { shell: "gh api -X POST repos/acme/site/issues -f title='delete the old flag'" },
        { shell: "gh issue list --search 'repo delete'" },
      ],
    }),
  },
  check: commandTable(TABLE),
});
