// The tools that format, partition or erase disks and volumes: one command and everything on them is gone.
import { defineRule } from "../../engine/rule.js";
import { shellOf, userHome } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";
import { isDryRun } from "../../analysis/shell/dry-run.js";
import { onlyImages } from "./image.js";

/** Tools that format, partition or wipe what they are given, an image file as well as a disk. */
const ON_FILES =
  /^(mkfs(\..+)?|mke2fs|mkswap|mkdosfs|mkntfs|mkexfatfs|wipefs|sgdisk|gdisk|sfdisk|fdisk|cfdisk|parted|badblocks|cryptsetup)$/;

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
      // parted's -s is --script (it runs the edits without asking), not a listing.
      if (args.some((a) => LISTS.includes(a) && !(program === "parted" && (a === "-s" || a === "--script"))))
        return false;
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

export default defineRule({
  meta: {
    id: "system/format-disk",
    description:
      "Blocks mkfs, mke2fs, wipefs, sgdisk/fdisk/parted edits, blkdiscard, diskutil erase, zpool/zfs destroy and similar disk-wiping tools.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: {
      programs: [
        "mkfs*",
        "mke2fs",
        "mkswap",
        "mkdosfs",
        "mkntfs",
        "mkexfatfs",
        "newfs",
        "newfs_msdos",
        "wipefs",
        "blkdiscard",
        "sfill",
        "sgdisk",
        "gdisk",
        "sfdisk",
        "fdisk",
        "cfdisk",
        "parted",
        "gparted",
        "diskutil",
        "hdparm",
        "nvme",
        "cryptsetup",
        "zpool",
        "zfs",
        "lvremove",
        "vgremove",
        "pvremove",
        "mdadm",
        "badblocks",
        "format",
      ],
    },
    examples: () => ({
      block: [
        { shell: "sudo mkfs.ext4 /dev/sdb1" },
        { shell: "wipefs -a /dev/sdb" },
        { shell: "sgdisk --zap-all /dev/nvme0n1" },
        { shell: "diskutil eraseDisk APFS Blank disk2" },
        { shell: "zpool destroy tank" },
        { shell: "ln -s /dev/sdb disk.img && mkfs.ext4 disk.img", note: "an image name linked to a disk" },
      ],
      allow: [
        { shell: "sudo fdisk -l" },
        { shell: "parted /dev/sda print" },
        { shell: "wipefs -n /dev/sdb" },
        { shell: "zfs list" },
        { shell: "mkfs.ext4 -F -L rootfs build/rootfs.img", note: "an image file, not a disk" },
        { shell: "parted -s disk.img mklabel gpt", note: "an image file, not a disk" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = userHome();
    for (const cmd of analysis.commands) {
      if (
        destructive(cmd.program, cmd.args) &&
        !isDryRun(cmd) &&
        !(ON_FILES.test(cmd.program) && onlyImages(cmd, analysis, home))
      ) {
        return {
          reason: `${describe(cmd)} formats, repartitions or erases a disk or volume; everything on it would be lost. Ask the user to do this themselves.`,
        };
      }
    }
    return null;
  },
});
