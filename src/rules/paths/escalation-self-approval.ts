// An agent must not answer its own escalations. The reason shown for an escalated call names the command
// that approves it (for the user); an agent that runs it itself would let through what a human was asked
// to decide. Blocks shell commands that run `staso escalations approve|deny` in any form staso can see
// (staso on PATH, node …/bin/staso.js, npx staso, behind sudo/env/bash -c). Writes into the escalation
// store itself are blocked by paths/protected-write (staso's own state). `staso pause` and `staso allow`
// turn the guard off or loosen it, so the same spellings of them are blocked too.
import { defineRule } from "../../engine/rule.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";

const STASO_PROGRAM = /^staso(?:\.m?js|\.cmd|\.exe)?$/;
const STASO_SCRIPT = /(?:^|[\\/])(?:staso(?:\.m?js)?|bin[\\/]staso\.js)$/;
const RUNNERS = new Set(["npx", "pnpx", "bunx", "pnpm", "yarn", "npm"]);
const INTERPRETERS = /^(?:node|nodejs|bun|deno|tsx|ts-node)(?:\d+)?$/;

/** Subcommands that switch the guard off or loosen it (pause, allow): the human's, never the agent's. */
const GUARD_OFF = new Set(["pause", "allow"]);

/**
 * The command only prints its help page: --help or -h stands on its own (commander stops there), not as
 * the value of an option before it (`--reason --help` pauses, with "--help" as the reason).
 */
function onlyHelp(args: string[]): boolean {
  return args.some(
    (a, i) =>
      (a === "--help" || a === "-h") && !args.slice(0, i).includes("--") && (i === 0 || !/^-[^=]*$/.test(args[i - 1]!)),
  );
}

/** The arguments staso gets, when this command runs staso. */
function stasoArgs(cmd: SimpleCommand): string[] | undefined {
  if (STASO_PROGRAM.test(cmd.program)) return cmd.args;
  if (INTERPRETERS.test(cmd.program) || RUNNERS.has(cmd.program)) {
    const i = cmd.args.findIndex((a) => STASO_SCRIPT.test(a) || /^staso(?:@[^\s]*)?$/.test(a));
    if (i >= 0) return cmd.args.slice(i + 1);
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: "paths/escalation-self-approval",
    description:
      "Blocks an agent running `staso escalations approve|deny`, `staso pause` or `staso allow` itself: only a human answers an escalation or loosens the guard.",
    defaultAction: "block",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      const args = stasoArgs(cmd);
      if (!args) continue;
      const first = args.find((a) => !a.startsWith("-"));
      if (first && GUARD_OFF.has(first) && !onlyHelp(args)) {
        return {
          reason: `${describe(cmd)} runs \`staso ${first}\`, which turns the guard off or makes an exception to it, and only a human may do that. Tell the user what you want to run and why, and ask them to do it in their own terminal.`,
        };
      }
      const i = args.findIndex((a) => a === "escalations" || a === "escalation");
      if (i < 0) continue;
      const verb = args.slice(i + 1).find((a) => !a.startsWith("-"));
      if (verb === "approve" || verb === "deny") {
        return {
          reason: `${describe(cmd)} answers an escalation, and only a human may do that: an escalated call waits for the user's decision, not the agent's. Tell the user what you want to run and why, and ask them to approve it in their own terminal.`,
        };
      }
    }
    return null;
  },
});
