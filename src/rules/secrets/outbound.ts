// A secret in a command line, a fetched URL, a search or an MCP argument leaves the machine, lands in
// shell history and process listings, and stays in the transcript. Block it and say how to pass the
// secret by reference (an environment variable expanded at run time) instead.
import { defineRule } from "../../engine/rule.js";
import { findSecretsIn, mapStrings, redactSecrets } from "../../analysis/secrets/index.js";
import { describeSecrets, loadHint } from "./shared.js";
import { fakeGithubToken } from "../example-secrets.js";

export default defineRule({
  meta: {
    id: "secrets/outbound",
    description:
      "Blocks secrets written in clear into shell commands, fetched URLs, web searches and MCP tool arguments.",
    defaultAction: "block",
    kinds: ["shell", "fetch", "web-search", "mcp"],
    examples: () => ({
      block: [
        { shell: `curl -H "Authorization: token ${fakeGithubToken()}" https://api.github.com/user` },
        { fetch: `https://example.com/hook?token=${fakeGithubToken()}` },
      ],
      allow: [
        { shell: 'curl -H "Authorization: token $GITHUB_TOKEN" https://api.github.com/user' },
        { fetch: "https://api.github.com/repos/nodejs/node" },
      ],
    }),
  },
  check(call) {
    const matches = findSecretsIn(call.input);
    if (matches.length === 0) return null;
    const what =
      call.kind === "shell"
        ? "the command"
        : call.kind === "mcp"
          ? `the arguments of ${call.tool}`
          : `the ${call.tool} request`;
    return {
      reason: `${describeSecrets(matches)} ${matches.length === 1 ? "is" : "are"} written in clear in ${what}. Do not paste secrets into tool calls: reference them through ${loadHint(matches)} (for a shell command, an environment variable such as "$API_TOKEN" that the shell expands at run time).`,
      // With action "modify" (a policy choice), the call runs with the secrets replaced by placeholders.
      input: mapStrings(call.input, (s) => redactSecrets(s)) as Record<string, unknown>,
    };
  },
});
