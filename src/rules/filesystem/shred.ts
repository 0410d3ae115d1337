// shred, wipe, srm and friends overwrite data so it can never be recovered.
import { defineRule } from "../../engine/rule.js";
import { projectOf, shellOf, userHome, type ShellAnalysis, type SimpleCommand } from "../../analysis/shell/index.js";
import { describe, hasOption, operands } from "../../analysis/shell/commands.js";
import { isWithin, resolvePathWord, tempDirs } from "../../analysis/shell/paths.js";
import { mayBeDevice } from "../system/image.js";

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

/**
 * `shred -u build/disk.img`: every target is a file of the project or the temp dir (not a device, not
 * computed at run time, not a folder shredded recursively): shredding it is deleting it, which the
 * deletion rules judge.
 */
function ownFilesOnly(cmd: SimpleCommand, analysis: ShellAnalysis, root: string, home: string): boolean {
  if (cmd.program !== "shred" && cmd.program !== "srm" && cmd.program !== "wipe") return false;
  if (hasOption(cmd.args, "rR", ["--recursive"])) return false; // a whole folder destroyed: still asked
  const ops = operands(cmd.args, ["-n", "--iterations", "-s", "--size", "--random-source"]);
  if (ops.length === 0) return false;
  return ops.every((o) => {
    if (mayBeDevice(o.word, cmd.wordInfo[o.index + 1], cmd, analysis, home)) return false;
    const path = resolvePathWord(o.word, cmd.cwd, home);
    return (isWithin(path, root) && path !== root) || tempDirs().some((t) => isWithin(path, t) && path !== t);
  });
}

export default defineRule({
  meta: {
    id: "filesystem/shred",
    description: "Blocks shred, wipe, srm and other tools that destroy data beyond recovery.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: [...SHREDDERS] },
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
    const root = projectOf(call);
    const home = userHome();
    for (const cmd of analysis.commands) {
      if (!SHREDDERS.has(cmd.program)) continue;
      if (cmd.args.every((a) => a === "--help" || a === "--version" || a === "-h" || a === "-V")) continue;
      if (ownFilesOnly(cmd, analysis, root, home)) continue;
      return {
        reason: `${describe(cmd)} overwrites data so it can never be recovered. If a file in the project must go, delete it with \`rm\`; ask the user before destroying anything else.`,
      };
    }
    return null;
  },
});
