// A secret in what a tool returned is now in the model's context. The host is asked to show the model a
// redacted copy instead (action "modify" with a rewritten output), and the model is told not
// to repeat or use the value.
import { defineRule } from "../../engine/rule.js";
import { describeSecrets, findSecrets, outputTextOf, sanitizeToolOutput } from "../../analysis/secrets/index.js";
import { fakeGithubToken } from "../example-secrets.js";

export default defineRule({
  meta: {
    id: "outputs/secrets",
    description:
      "Redacts secrets from tool outputs before the model reads them (or, where the host cannot replace an output, warns the model).",
    defaultAction: "modify",
    events: ["post"],
    examples: () => ({
      block: [{ shell: "cat .git/config.bak", output: `url = https://x:${fakeGithubToken()}@github.com/acme/api\n` }],
      allow: [{ shell: "cat README.md", output: "Set GITHUB_TOKEN in your environment.\n" }],
    }),
  },
  check(call) {
    const matches = findSecrets(outputTextOf(call.output, call.outputText));
    if (matches.length === 0) return null;
    return {
      reason: `The ${call.tool} output contained ${describeSecrets(matches)}; staso replaced ${matches.length === 1 ? "it" : "them"} with REDACTED_* placeholders. Do not repeat, print, store or use a secret value; refer to it by the name of the variable or file that holds it.`,
      output: sanitizeToolOutput(call.output),
    };
  },
});
