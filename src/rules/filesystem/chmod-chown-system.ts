// Recursive chmod/chown/chgrp on /, system directories or home breaks the machine (sudo, ssh, …
// refuse to run with wrong modes) and cannot be undone without a backup.
import { defineRule } from "../../engine/rule.js";
import { shellOf, userHome } from "../../analysis/shell/index.js";
import { describe, hasOption, operands } from "../../analysis/shell/commands.js";
import { onlyTightens, placeOperand } from "../../analysis/shell/permissions.js";
import { catastrophicTarget, target } from "./targets.js";

const PROGRAMS = new Set(["chmod", "chown", "chgrp", "setfacl", "chattr", "chcon"]);

export default defineRule({
  meta: {
    id: "filesystem/chmod-chown-system",
    description:
      "Blocks recursive chmod/chown/chgrp/setfacl on / or system directories (escalates on the home directory).",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: [...PROGRAMS] },
    actions: ["block", "escalate"],
    examples: () => ({
      block: [
        { shell: "chmod -R 777 /" },
        { shell: "sudo chown -R $USER ~", action: "escalate" },
        { shell: "sudo chmod -R 777 /etc" },
        { shell: "chown -R nobody:nogroup /usr" },
      ],
      allow: [
        { shell: "chmod -R 755 ./public" },
        { shell: "chmod 644 ~/.ssh/config" },
        { shell: "chmod 755 /usr/local/bin/tool" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = userHome();
    for (const cmd of analysis.commands) {
      if (!PROGRAMS.has(cmd.program)) continue;
      // `chmod -R go-rwx ~/.ssh`: taking access away from others is what the user should do.
      if (onlyTightens(cmd, home, (w, info) => placeOperand(w, info, cmd.cwd, home))) continue;
      const recursive = hasOption(cmd.args, "R", ["--recursive"]) || cmd.wrappers.some((w) => w.startsWith("find "));
      const ops = operands(cmd.args, ["-m", "-M", "-x", "-X", "--reference"]);
      // chmod MODE files / chown OWNER files (unless --reference gives it); setfacl -m spec files.
      const files = cmd.program === "setfacl" || cmd.args.some((a) => a.startsWith("--reference")) ? ops : ops.slice(1);
      for (const o of files) {
        const t = target(o.word, cmd.wordInfo[o.index + 1] ?? { dynamic: false, dynamicStart: false }, cmd, home);
        const what = catastrophicTarget(t, home);
        if (!what) continue;
        const isHome = t.path === home || (t.glob && t.path === home);
        if (!recursive && !(t.path === "/" && !t.glob)) continue;
        return {
          reason: `${describe(cmd)} would change ${recursive ? "recursively " : ""}the ownership or permissions of ${what}, which can break the system and cannot be undone. Change only the specific files in the project that need it.`,
          ...(isHome ? { action: "escalate" as const } : {}),
        };
      }
    }
    return null;
  },
});
