// An AWS secret access key written into a file ends up in git history and backups. Redact it in place
// (the code stays valid) and tell the model how to load it instead.
import { defineRule } from "../../engine/rule.js";
import { findSecrets, mapStrings, redactSecrets, secretDetectors } from "../../analysis/secrets/detect.js";

const AWS = secretDetectors.filter((d) => d.id === "aws-secret-access-key");

export default defineRule({
  meta: {
    id: "secrets/aws-secret-key",
    description: "Redacts AWS secret access keys from written file content (Write, Edit, Codex patches).",
    defaultAction: "modify",
    kinds: ["write", "edit", "patch"],
  },
  check(call) {
    const hit = call.files.some((f) => findSecrets(f.added ?? f.content ?? "", AWS).length > 0);
    if (!hit) return null;
    const input = mapStrings(call.input, (s) => redactSecrets(s, AWS)) as Record<string, unknown>;
    return {
      reason: "An AWS secret access key in the written content was replaced by REDACTED_AWS_SECRET_ACCESS_KEY. Load it at run time from the environment (AWS_SECRET_ACCESS_KEY) or a secret manager, never from source.",
      input,
    };
  },
});
