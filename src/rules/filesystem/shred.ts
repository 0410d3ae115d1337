// shred, wipe, srm and friends overwrite data so it can never be recovered.
import { defineRule } from "../../engine/rule.js";
import { projectOf, shellOf, userHome } from "../../analysis/shell/index.js";
import { describe, operands } from "../../analysis/shell/commands.js";
import { isWithin } from "../../analysis/shell/paths.js";
import { isAllowedScratch, target } from "./targets.js";

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
    examples: () => ({
      block: [{ shell: "shred -vfz -n 10 /dev/sda" }, { shell: "wipe -rf ~/old" }, { shell: "srm -r private/" }],
      allow: [
        { shell: "shred --help" },
        { shell: "rm secrets.txt" },
        { shell: "shred -u secrets.txt", note: "a file of the project" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (!SHREDDERS.has(cmd.program)) continue;
      if (cmd.args.every((a) => a === "--help" || a === "--version" || a === "-h" || a === "-V")) continue;
      // Scrubbing a named file of the project or a temp folder (a test fixture, a scratch key) is its own
      // business; anything else (a device, a glob, a path staso cannot place) is not.
      const ops = operands(cmd.args, ["-n", "--iterations", "-s", "--size", "--random-source", "--remove"]);
      const info = cmd.wordInfo.slice(1);
      const root = projectOf(call);
      const home = userHome();
      if (
        cmd.program === "shred" &&
        !cmd.remote &&
        ops.length > 0 &&
        ops.every((o) => {
          const t = target(o.word, info[o.index] ?? { dynamic: false, dynamicStart: false }, cmd, home);
          return (
            t.path !== undefined &&
            !t.glob &&
            !t.info.dynamic &&
            !t.path.startsWith("/dev/") &&
            ((isWithin(t.path, root) && t.path !== root) || isAllowedScratch(t.path, home, []))
          );
        })
      )
        continue;
      return {
        reason: `${describe(cmd)} overwrites data so it can never be recovered. If a file in the project must go, delete it with \`rm\`; ask the user before destroying anything else.`,
      };
    }
    return null;
  },
});
