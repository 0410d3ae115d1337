// Killing every process (kill -1, PID 1, killall5, every process of a user): the session, the agent and
// possibly the machine go down.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";

/** The process ids a kill command targets (signal options skipped). */
function killTargets(args: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let signalGiven = false;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-s" || a === "-n" || a === "--signal") {
      i++;
      signalGiven = true;
      continue;
    }
    if (a === "-l" || a === "-L" || a === "--list" || a === "--table") return [];
    if (!signalGiven && /^-(\w+)$/.test(a)) {
      signalGiven = true;
      continue;
    }
    if (a.startsWith("-") && !/^-\d+$/.test(a)) continue;
    out.push(a);
  }
  for (; i < args.length; i++) out.push(args[i]!);
  return out;
}

export default defineRule({
  meta: {
    id: "system/kill-all",
    description: "Blocks kill -9 -1 (every process the user owns), killing PID 1, and killall5.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: ["kill", "killall5", "pkill", "killall"] },
    examples: () => ({
      block: [
        { shell: "kill -9 -1" },
        { shell: "sudo kill -KILL 1" },
        { shell: "killall5 -9" },
        { shell: "pkill -u dev" },
      ],
      allow: [{ shell: "kill -9 12345" }, { shell: "kill -l" }, { shell: "pkill -f 'node server.js'" }],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      const p = cmd.program;
      if (p === "killall5" || (p === "kill" && killTargets(cmd.args).some((t) => t === "-1" || t === "1"))) {
        return {
          reason: `${describe(cmd)} kills every process (or init), taking down the session, the agent and possibly the machine. Kill the specific process id you mean.`,
        };
      }
      if (
        (p === "pkill" || p === "killall") &&
        hasOption(cmd.args, "u", ["--user"]) &&
        cmd.args.filter((a) => !a.startsWith("-")).length <= 1
      ) {
        return {
          reason: `${describe(cmd)} kills every process of a user, the agent's own session included. Kill the specific process you mean.`,
        };
      }
    }
    return null;
  },
});
