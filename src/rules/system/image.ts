// Whether a disk tool's target is an image file rather than a disk: `mkfs.ext4 build/rootfs.img`,
// `sfdisk disk.img < layout`, `wipefs -a test.img` write a regular file in the project, not a device.
// A word is a device when it is spelled as one (/dev/sda), when what it leads to on disk is one (a link
// into /dev, a block device node), when the same command links it to one (`ln -s /dev/sda disk.img`),
// and when it is only known at run time (`mkfs.ext4 "$DEV"`): only a literal path to a regular file, or
// to nothing yet, is an image.
import { statSync } from "node:fs";
import type { ShellAnalysis, SimpleCommand, WordInfo } from "../../analysis/shell/index.js";
import { operands } from "../../analysis/shell/commands.js";
import { resolvePathWord } from "../../analysis/shell/paths.js";
import { realPath, type PlannedLinks } from "../../analysis/fs/real-path.js";

/** A device node (a folder is fine: `mke2fs -d build/rootfs` fills the image from one). */
function isDeviceNode(path: string): boolean {
  try {
    const s = statSync(path);
    return s.isBlockDevice() || s.isCharacterDevice();
  } catch {
    return false; // not there yet: the tool creates (or fails on) a file
  }
}

/**
 * Links the command makes (`ln -s TARGET LINK`: LINK → TARGET), and names it makes device nodes or
 * copies of them at (mknod, cp -a /dev/sda x): such a name leads wherever its maker says.
 */
function madeNames(analysis: ShellAnalysis, home: string): { planned: PlannedLinks; other: Set<string> } {
  const planned: PlannedLinks = new Map();
  const other = new Set<string>();
  for (const c of analysis.commands) {
    const ops = operands(c.args, ["-t", "--target-directory", "-S", "--suffix"]).map((o) =>
      resolvePathWord(o.word, c.cwd, home),
    );
    if ((c.program === "ln" || c.program === "link") && ops.length === 2) planned.set(ops[1]!, ops[0]!);
    else if (c.program === "ln" || c.program === "link" || c.program === "mknod" || c.program === "cp")
      for (const o of ops) other.add(o);
  }
  return { planned, other };
}

/** The word leads to a device, or might: spelled as one, linked to one, computed at run time. */
export function mayBeDevice(
  word: string,
  info: WordInfo | undefined,
  cmd: SimpleCommand,
  analysis: ShellAnalysis,
  home: string,
): boolean {
  // Words of inline code are pieced together from its strings: what they really are is not known.
  if (!word || info?.dynamic || info?.glob || cmd.remote || cmd.context === "inline-code") return true;
  const path = resolvePathWord(word, cmd.cwd, home);
  if (!path.startsWith("/") || path.startsWith("/dev/")) return true;
  const made = madeNames(analysis, home);
  if (made.other.has(path)) return true;
  const real = realPath(path, { followLast: true, planned: made.planned });
  if (real.incomplete || real.path.startsWith("/dev/")) return true;
  return isDeviceNode(real.path);
}

/**
 * Every word of a disk tool that is not an option (the target, and option values: labels, types, sizes)
 * is something other than a disk: the tool works on image files. Words that are not paths (gpt, ext4,
 * rootfs) cannot be disks either, and sizes and counts are left out. Option values are not told apart
 * from the target, so a device anywhere counts. False when nothing is named.
 */
export function onlyImages(cmd: SimpleCommand, analysis: ShellAnalysis, home: string): boolean {
  const words = cmd.args
    .map((word, i) => ({ word, i }))
    .filter((w) => !w.word.startsWith("-") && !/^[\d.]+[KMGTPkmgtp%]?(i?B)?$/.test(w.word));
  if (words.length === 0 || cmd.args.some((a) => a.startsWith("-") && a.includes("/dev/"))) return false;
  return words.every((w) => !mayBeDevice(w.word, cmd.wordInfo[w.i + 1], cmd, analysis, home));
}
