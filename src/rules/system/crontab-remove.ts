// crontab -r removes every cron job of the user at once, with no backup.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";

export default defineRule({
  meta: {
    id: "system/crontab-remove",
    description: "Blocks crontab -r (removes every cron job without a backup).",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: ["crontab"] },
    examples: () => ({
      block: [{ shell: "crontab -r" }, { shell: "crontab -u deploy -r" }],
      allow: [{ shell: "crontab -l" }, { shell: "crontab -l > cron.bak" }],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (cmd.program === "crontab" && hasOption(cmd.args, "r", ["--remove"], "u")) {
        return {
          reason: `${describe(cmd)} deletes every cron job of the user at once, with no backup. Edit the crontab (\`crontab -l > cron.bak\`, change it, \`crontab cron.bak\`) or ask the user.`,
        };
      }
    }
    return null;
  },
});
