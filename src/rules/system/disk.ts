// Raw writes to disks and the tools that format, partition or erase them: one command and the data
// on a whole disk is gone.
import { defineRule } from "../../engine/rule.js";
import { shellOf, userHome } from "../../analysis/shell/index.js";
import { describe, hasOption, operands } from "../../analysis/shell/commands.js";
import { resolvePathWord } from "../../analysis/shell/paths.js";
import { isDryRun } from "../../analysis/shell/dry-run.js";
import { BLOCK_DEVICE } from "./devices.js";

export const diskWrite = defineRule({
  meta: {
    id: "system/disk-write",
    description: "Blocks writing to block devices: dd of=/dev/sdX, > /dev/nvme0n1, cp/tee/cat onto a disk.",
    defaultAction: "block",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = userHome();
    for (const cmd of analysis.commands) {
      const devices: string[] = [];
      for (const r of cmd.redirects)
        if (
          (r.op === ">" || r.op === ">>" || r.op === ">|" || r.op === "&>" || r.op === "<>") &&
          BLOCK_DEVICE.test(r.target)
        )
          devices.push(r.target);
      if (cmd.program === "dd")
        for (const a of cmd.args) if (a.startsWith("of=") && BLOCK_DEVICE.test(a.slice(3))) devices.push(a.slice(3));
      if (cmd.program === "tee")
        for (const o of operands(cmd.args)) if (BLOCK_DEVICE.test(o.word)) devices.push(o.word);
      if (
        cmd.program === "cp" ||
        cmd.program === "pv" ||
        cmd.program === "install" ||
        cmd.program === "ddrescue" ||
        cmd.program === "dcfldd"
      ) {
        const ops = operands(cmd.args);
        const dest = ops[ops.length - 1];
        if (dest && ops.length >= 2 && BLOCK_DEVICE.test(resolvePathWord(dest.word, cmd.cwd, home)))
          devices.push(dest.word);
      }
      if (cmd.program === "dcfldd")
        for (const a of cmd.args) if (a.startsWith("of=") && BLOCK_DEVICE.test(a.slice(3))) devices.push(a.slice(3));
      if (devices.length) {
        return {
          reason: `${describe(cmd)} writes straight onto the disk device ${devices[0]}, destroying its partitions and data. Never write to a raw device; ask the user to do it if it is really needed.`,
        };
      }
    }
    return null;
  },
});

/** Read-only invocations of partitioning tools. */
const LISTS = [
  "-l",
  "--list",
  "-p",
  "--print",
  "-s",
  "--show",
  "-v",
  "--verify",
  "-i",
  "--info",
  "-d",
  "--dump",
  "-J",
  "--json",
  "-h",
  "--help",
  "-V",
  "--version",
];

function destructive(program: string, args: string[]): boolean {
  if (
    program.startsWith("mkfs") ||
    program === "mke2fs" ||
    program === "mkswap" ||
    program === "mkdosfs" ||
    program === "mkntfs" ||
    program === "mkexfatfs" ||
    program === "newfs" ||
    program === "newfs_msdos"
  )
    return !args.every((a) => LISTS.includes(a));
  switch (program) {
    case "wipefs":
      return (
        !hasOption(args, "n", ["--no-act"]) &&
        (hasOption(args, "a", ["--all"]) || args.some((a) => a === "-o" || a.startsWith("--offset")))
      );
    case "blkdiscard":
    case "sfill":
      return true;
    case "sgdisk":
    case "gdisk":
    case "sfdisk":
    case "fdisk":
    case "cfdisk":
    case "parted":
    case "gparted": {
      if (args.length === 0) return program !== "parted";
      if (args.some((a) => LISTS.includes(a))) return false;
      if (program === "parted" && args.some((a) => a === "print" || a === "p"))
        return args.some((a) => /^(mklabel|mktable|rm|mkpart|resizepart|rescue)$/.test(a));
      return true;
    }
    case "diskutil":
      return args.some((a) =>
        /^(eraseDisk|eraseVolume|partitionDisk|zeroDisk|randomDisk|secureErase|reformat|eraseVolumeWithoutConfirmation|deleteContainer|deleteVolume)$/i.test(
          a,
        ),
      );
    case "hdparm":
      return args.some((a) =>
        /^--(security-erase|security-erase-enhanced|trim-sector-ranges|write-sector|make-bad-sector|fwdownload)/.test(
          a,
        ),
      );
    case "nvme":
      return args[0] === "format" || args[0] === "sanitize";
    case "cryptsetup":
      return args.some((a) => a === "luksFormat" || a === "erase" || a === "luksErase" || a === "reencrypt");
    case "zpool":
      return args[0] === "destroy" || args[0] === "labelclear";
    case "zfs":
      return args[0] === "destroy";
    case "lvremove":
    case "vgremove":
    case "pvremove":
      return true;
    case "mdadm":
      return args.includes("--zero-superblock");
    case "badblocks":
      return hasOption(args, "w");
    case "format":
      return args.some((a) => /^[a-z]:$/i.test(a));
    default:
      return false;
  }
}

export const formatDisk = defineRule({
  meta: {
    id: "system/format-disk",
    description:
      "Blocks mkfs, mke2fs, wipefs, sgdisk/fdisk/parted edits, blkdiscard, diskutil erase, zpool/zfs destroy and similar disk-wiping tools.",
    defaultAction: "block",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (destructive(cmd.program, cmd.args) && !isDryRun(cmd)) {
        return {
          reason: `${describe(cmd)} formats, repartitions or erases a disk or volume; everything on it would be lost. Ask the user to do this themselves.`,
        };
      }
    }
    return null;
  },
});
