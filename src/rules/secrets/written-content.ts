// A secret written into a file ends up in git history, backups and the model's context. Redact it in place
// (the placeholder keeps the code valid) and tell the model how to load the value instead.
import { defineRule } from "../../engine/rule.js";
import {
  findSecrets,
  isExampleFile,
  mapStrings,
  redactPatchAdditions,
  redactSecrets,
  type SecretMatch,
} from "../../analysis/secrets/index.js";
import { describeSecrets, loadHint, providerDetectors } from "./shared.js";
import { secretDetectors } from "../../analysis/secrets/index.js";
import { fakeGithubToken } from "../example-secrets.js";

/** Input keys whose text must match the file as it is (Edit's old_string): never rewritten. */
const MUST_MATCH = new Set(["old_string", "oldString", "old_str"]);

export default defineRule({
  meta: {
    id: "secrets/written-content",
    description:
      "Redacts secrets (provider tokens, private keys, passwords in connection strings, high-entropy KEY/SECRET/TOKEN/PASSWORD values) from file writes, edits and patches.",
    defaultAction: "modify",
    actions: ["block", "modify"],
    kinds: ["write", "edit", "patch"],
    examples: () => ({
      block: [
        { write: "src/client.ts", content: `export const client = new Octokit({ auth: "${fakeGithubToken()}" });\n` },
        { edit: "config.py", old: "TOKEN = None", new: `TOKEN = "${fakeGithubToken()}"` },
      ],
      allow: [
        { write: "src/client.ts", content: "export const client = new Octokit({ auth: process.env.GITHUB_TOKEN });\n" },
        { write: ".env.example", content: "GITHUB_TOKEN=\n" },
        {
          write: "src/lib/redact.test.ts",
          content: "expect(redact('token ghp_abcdefghijklmnopqrstuvwxyz0123456789')).not.toContain('ghp_');\n",
          note: "a fixture typed in alphabet order is no secret",
        },
      ],
    }),
  },
  check(call) {
    const found: Array<{ path: string; matches: SecretMatch[] }> = [];
    for (const f of call.files) {
      const text = f.added ?? f.content ?? "";
      const matches = findSecrets(text, isExampleFile(f.path) ? providerDetectors : secretDetectors);
      if (matches.length) found.push({ path: f.path, matches });
    }
    if (found.length === 0) return null;
    const all = found.flatMap((f) => f.matches);
    const detectors = call.files.every((f) => isExampleFile(f.path)) ? providerDetectors : secretDetectors;
    const input = mapStrings(call.input, (s, key) => {
      if (key && MUST_MATCH.has(key)) return s;
      return s.startsWith("*** Begin Patch") ? redactPatchAdditions(s, detectors) : redactSecrets(s, detectors);
    }) as Record<string, unknown>;
    const where = found.map((f) => f.path).join(", ");
    const reason = `${describeSecrets(all)} in the content for ${where} ${all.length === 1 ? "was" : "were"} replaced by REDACTED_* placeholders, so no secret is written to disk. Load the value at run time from ${loadHint(all)} instead of writing it into a file; if you need the placeholder gone, reference the variable by name.`;
    // If redaction could not change the input (an unusual encoding), the only safe answer is a block.
    if (JSON.stringify(input) === JSON.stringify(call.input)) {
      return {
        reason: `${describeSecrets(all)} would be written to ${where}. Load the value at run time from ${loadHint(all)} instead of writing it into a file.`,
        action: "block",
      };
    }
    return { reason, input };
  },
});
