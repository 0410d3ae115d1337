// Loosening permissions where it matters: a setuid or setgid bit (the program then runs with its owner's
// rights for whoever starts it: `chmod 4755 /bin/bash` is a root shell for anyone once owned by root),
// and credential files or folders opened to other users (`chmod a+rwx ~/.aws/credentials`). Tightening
// them (`chmod 600`, `go-rwx`) is what the user should do and is never stopped here.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf, userHome } from "../../analysis/shell/index.js";
import { describe, operands } from "../../analysis/shell/commands.js";
import { chmodGrants, placeOperand } from "../../analysis/shell/permissions.js";
import { credentialDirKind, credentialPathKind } from "../../analysis/secrets/index.js";

export default defineRule({
  meta: {
    id: "filesystem/chmod-loosen",
    description:
      "Blocks setting the setuid bit and opening credential files or folders to other users (escalates the setgid bit).",
    defaultAction: "block",
    actions: ["block", "escalate"],
    kinds: ["shell"],
    looksAt: { programs: ["chmod"] },
    examples: () => ({
      block: [
        { shell: "chmod 4755 /bin/bash" },
        { shell: "chmod u+s /usr/bin/python3" },
        { shell: "chmod a+rwx ~/.aws/credentials" },
        { shell: "chmod 640 ~/.aws/credentials", note: "readable by the group" },
        { shell: "chmod -R o+rX ~/.gnupg" },
        { shell: "chmod 2775 /srv/shared", action: "escalate" },
      ],
      allow: [
        { shell: "chmod 600 ~/.aws/credentials", note: "tightening" },
        { shell: "chmod go-rwx ~/.ssh/id_ed25519", note: "tightening" },
        { shell: "chmod 644 ~/.ssh/id_ed25519.pub", note: "a public key" },
        { shell: "chmod +x scripts/build.sh" },
        { shell: "chmod -R 755 ./public" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = userHome();
    let escalation: RuleFinding | undefined;
    for (const cmd of analysis.commands) {
      const g = chmodGrants(cmd);
      if (!g) continue;
      if (g.setuid)
        return {
          reason: `${describe(cmd)} sets the setuid bit: the program would run with its owner's rights (root's, for a system program) for whoever starts it. Leave permissions as they are, or ask the user.`,
        };
      if (g.others)
        for (const o of operands(cmd.args).slice(1)) {
          for (const path of placeOperand(o.word, cmd.wordInfo[o.index + 1], cmd.cwd, home) ?? []) {
            const kind = credentialPathKind(path, home) ?? credentialDirKind(path, home);
            if (kind)
              return {
                reason: `${describe(cmd)} opens ${path} (${kind}) to other users of the machine. Keep it readable by its owner only (chmod 600, or 700 for a folder).`,
              };
          }
        }
      if (g.setgid)
        escalation ??= {
          reason: `${describe(cmd)} sets the setgid bit: the program would run with its group's rights for whoever starts it. Ask the user to approve it.`,
          action: "escalate",
        };
    }
    return escalation ?? null;
  },
});
