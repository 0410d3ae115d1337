// shred, wipe, srm and friends overwrite data so it can never be recovered.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";

const SHREDDERS = new Set([
  "shred",
  "wipe",
  "srm",
  "sfill",
  "sswap",
  "sdmem",
  "scrub",
  "secure-delete",
  "bcwipe",
  "nwipe",
]);

export default defineRule({
  meta: {
    id: "filesystem/shred",
    description: "Blocks shred, wipe, srm and other tools that destroy data beyond recovery.",
    defaultAction: "block",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (!SHREDDERS.has(cmd.program)) continue;
      if (cmd.args.every((a) => a === "--help" || a === "--version" || a === "-h" || a === "-V")) continue;
      return {
        reason: `${describe(cmd)} overwrites data so it can never be recovered. If a file in the project must go, delete it with \`rm\`; ask the user before destroying anything else.`,
      };
    }
    return null;
  },
});
