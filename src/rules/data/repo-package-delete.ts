// Deleting a repository or unpublishing a package cannot be taken back (names may be burnt forever).
// Kept as data in the custom-rule language: a program, the words of its subcommand, what it deletes.
import { defineRule } from "../../engine/rule.js";
import { commandTable, tablePrograms, type CommandRow } from "../command-table.js";

const ASK = "Ask the user to approve it.";

const HTTP_CLIENTS = ["curl", "wget", "http", "https", "xh", "xhs", "curlie"];
/** The request's method is DELETE: `-X DELETE`, `-XDELETE`, `--request=DELETE`, wget's `--method=DELETE`, httpie's `DELETE`. */
const DELETE_METHOD = { regex: "^(?:-X|--request=|--method=)?delete$", flags: "i" };

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
  // The same requests sent with an HTTP client: DELETE of a whole repository or project, or of anything
  // else on a forge's or platform's management API.
  {
    shell: {
      program: HTTP_CLIENTS,
      args: DELETE_METHOD,
      words: {
        regex:
          "https?://(?:api\\.github\\.com/repos/[^/\\s]+/[^/\\s?#]+|[^/\\s]*gitlab[^/\\s]*/api/v4/projects/[^/\\s?#]+|api\\.bitbucket\\.org/2\\.0/repositories/[^/\\s]+/[^/\\s?#]+)/?(?:[?#\\s]|$)",
      },
    },
    does: "sends a DELETE request for a whole repository with its issues, pull requests and history",
    action: "block",
  },
  {
    shell: {
      program: HTTP_CLIENTS,
      args: DELETE_METHOD,
      words: {
        regex:
          "https?://(?:api\\.github\\.com|[^/\\s]*gitlab[^/\\s]*/api/v4|api\\.bitbucket\\.org|registry\\.npmjs\\.org|api\\.vercel\\.com|api\\.netlify\\.com|api\\.heroku\\.com|api\\.cloudflare\\.com|api\\.digitalocean\\.com|api\\.fly\\.io|api\\.supabase\\.com|api\\.render\\.com|hub\\.docker\\.com)/",
      },
    },
    does: "sends a DELETE request to a forge's or platform's management API",
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
      "Blocks gh/glab repo delete, the same DELETE sent with curl/wget/httpie, and npm/pnpm/yarn unpublish; escalates release deletions, other DELETE calls to forge and platform APIs, and yanks.",
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
        {
          shell: 'curl -s -X DELETE -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/repos/acme/api',
        },
        { shell: 'curl --request DELETE --header "PRIVATE-TOKEN: $T" https://gitlab.com/api/v4/projects/4242' },
        { shell: "http DELETE https://api.github.com/repos/acme/api Authorization:'token x'" },
        {
          shell: "curl -XDELETE https://api.vercel.com/v9/projects/acme-web -H 'Authorization: Bearer x'",
          action: "escalate",
        },
      ],
      allow: [
        { shell: "gh repo view" },
        { shell: "gh release list" },
        { shell: "npm publish" },
        { shell: "gh api repos/acme/site/releases" },
        { shell: "gh api -X POST repos/acme/site/issues -f title='delete the old flag'" },
        { shell: "gh issue list --search 'repo delete'" },
        { shell: "curl -s https://api.github.com/repos/acme/api" },
        { shell: "curl -X DELETE http://localhost:3000/api/items/42", note: "the app's own API on the dev server" },
        { shell: "curl -s https://api.github.com/repos/acme/api -o repo.json", note: "a GET, not a DELETE" },
      ],
    }),
  },
  check: commandTable(TABLE),
});
