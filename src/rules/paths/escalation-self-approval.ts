// An agent must not answer its own escalations. The reason shown for an escalated call names the command
// that approves it (for the user); an agent that runs it itself would let through what a human was asked
// to decide. Blocks shell commands that run `staso escalations approve|deny` in any form staso can see
// (staso on PATH, node …/bin/staso.js, npx staso, behind sudo/env/bash -c). Writes into the escalation
// store itself are blocked by paths/protected-write (staso's own state).
import { defineRule } from "../../engine/rule.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";

const STASO_PROGRAM = /^staso(?:\.m?js|\.cmd|\.exe)?$/;
const STASO_SCRIPT = /(?:^|[\\/])(?:staso(?:\.m?js)?|bin[\\/]staso\.js)$/;
const RUNNERS = new Set(["npx", "pnpx", "bunx", "pnpm", "yarn", "npm"]);
const INTERPRETERS = /^(?:node|nodejs|bun|deno|tsx|ts-node)(?:\d+)?$/;

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
      "Blocks an agent running `staso escalations approve|deny` or `staso trust` itself: only a human answers an escalation or trusts a project's code.",
    defaultAction: "block",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      const args = stasoArgs(cmd);
      if (!args) continue;
      // `staso trust` makes a project's code run inside the guard as the user: the user's decision too.
      if (args.find((a) => !a.startsWith("-")) === "trust")
        return {
          reason: `${describe(cmd)} would let this project's own code run inside the guard, as the user: only the user may decide that. Tell the user why the project's staso config or plugins should run, and ask them to run \`staso trust\` in their own terminal.`,
        };
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
