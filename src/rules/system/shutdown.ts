// Shutting the machine down, rebooting or suspending it (or switching it to rescue/emergency mode): the
// user's session ends.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";

export default defineRule({
  meta: {
    id: "system/shutdown",
    description: "Blocks shutdown, reboot, poweroff, halt, init 0/6 and systemctl poweroff/reboot.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: {
      programs: ["shutdown", "reboot", "poweroff", "halt", "init", "telinit", "systemctl", "loginctl", "pmset"],
    },
    examples: () => ({
      block: [
        { shell: "sudo shutdown -h now" },
        { shell: "reboot" },
        { shell: "systemctl poweroff" },
        { shell: "init 0" },
        { shell: "sudo systemctl isolate rescue" },
      ],
      allow: [{ shell: "shutdown -c" }, { shell: "systemctl status nginx" }, { shell: "reboot --help" }],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      const p = cmd.program;
      let hit = false;
      if (p === "shutdown") hit = !cmd.args.includes("-c") && !cmd.args.includes("--help");
      else if (p === "reboot" || p === "poweroff" || p === "halt") hit = !cmd.args.includes("--help");
      else if (p === "init" || p === "telinit") hit = ["0", "6"].includes(cmd.args[0] ?? "");
      else if (p === "systemctl" || p === "loginctl")
        hit = cmd.args.some((a) =>
          /^(poweroff|reboot|halt|kexec|soft-reboot|suspend|hibernate|hybrid-sleep|suspend-then-hibernate|emergency|rescue)$/.test(
            a,
          ),
        );
      else if (p === "pmset") hit = cmd.args.includes("sleepnow") || cmd.args.includes("restart");
      if (hit)
        return {
          reason: `${describe(cmd)} shuts down, reboots or suspends the machine, ending the user's session. Ask the user to do it.`,
        };
    }
    return null;
  },
});
