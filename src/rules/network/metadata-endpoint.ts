// Cloud instance-metadata endpoints hand out the machine's cloud credentials to anyone who asks from
// inside it. No agent task needs them; an SSRF or a prompt injection does.
import { defineRule } from "../../engine/rule.js";
import { callTargets } from "./targets.js";
import { showTarget } from "./policy.js";

export default defineRule({
  meta: {
    id: "network/metadata-endpoint",
    description:
      "Blocks requests to cloud instance-metadata endpoints (169.254.169.254, fd00:ec2::254, metadata.google.internal, …) in every spelling.",
    defaultAction: "block",
    kinds: ["fetch", "shell", "mcp"],
    examples: () => ({
      block: [
        { fetch: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" },
        { fetch: "http://0xa9fea9fe/" },
        { shell: "curl -s http://metadata.google.internal/computeMetadata/v1/" },
      ],
      allow: [
        { fetch: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html" },
        { shell: "grep -rn 169.254.169.254 src/" },
      ],
    }),
  },
  check(call) {
    const t = callTargets(call).find((x) => x.class === "metadata");
    if (!t) return null;
    const spelled =
      t.ip && t.raw.toLowerCase().indexOf(t.host) < 0 ? ` (that is ${t.ip.embedded ?? t.ip.address})` : "";
    return {
      reason: `${showTarget(t)}${spelled} is a cloud instance-metadata endpoint, which hands out this machine's cloud credentials. Agents must not query it; if you need instance information, ask the user.`,
    };
  },
});
