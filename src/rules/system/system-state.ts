// Changing what state the whole machine is in: single-user, rescue or emergency mode (now or at the next
// boot), the root filesystem unmounted or made read-only, kernel modules loaded or removed, the network
// interface taken down, the boot loader rewritten. Every user and service on the machine is affected,
// and a remote machine may not come back.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";

const RESCUE = /^(?:rescue|emergency|runlevel[01s]|single|poweroff|halt|reboot)(?:\.target)?$/i;

function changes(cmd: SimpleCommand): string | undefined {
  const a = cmd.args;
  const words = a.filter((x) => !x.startsWith("-"));
  switch (cmd.program) {
    case "systemctl":
      if (/^(?:isolate|set-default)$/.test(words[0] ?? "") && RESCUE.test(words[1] ?? ""))
        return `switches the machine to ${words[1]} ${words[0] === "set-default" ? "at every boot" : "now"}`;
      if (/^(?:rescue|emergency)$/.test(words[0] ?? "")) return `switches the machine to ${words[0]} mode`;
      return undefined;
    case "init":
    case "telinit":
      return /^[0156sS]$/.test(words[0] ?? "") ? `switches the machine to runlevel ${words[0]}` : undefined;
    case "ip":
      return words[0] === "link" &&
        words[1] === "set" &&
        words.includes("down") &&
        !/^(?:lo|docker\d|veth|br-)/.test(words[2] ?? "")
        ? "takes a network interface down"
        : undefined;
    case "ifconfig":
      return words.includes("down") && !/^lo/.test(words[0] ?? "") ? "takes a network interface down" : undefined;
    case "ifdown":
    case "nmcli":
      return cmd.program === "ifdown" || (words[0] === "networking" && words[1] === "off")
        ? "takes the network down"
        : undefined;
    case "rmmod":
      return "removes a kernel module";
    case "modprobe":
      return a.some((x) => /^-[a-zA-Z]*r$|^--remove$/.test(x)) ? "removes a kernel module" : undefined;
    case "insmod":
      return "loads a kernel module";
    case "mount":
      return a.some((x) => /(?:^|,)remount(?:,|$)/.test(x)) &&
        a.some((x) => /(?:^|,)ro(?:,|$)/.test(x)) &&
        words.includes("/")
        ? "makes the root filesystem read-only"
        : undefined;
    case "umount":
      return words.some((w) => /^\/(?:|boot|usr|var|home|etc)$/.test(w))
        ? `unmounts ${words.find((w) => w.startsWith("/"))}`
        : undefined;
    case "grub-install":
    case "grub2-install":
    case "efibootmgr":
      return cmd.program === "efibootmgr" &&
        !a.some((x) => /^-[a-zA-Z]*[BcbAaon]$|^--(?:delete|create|bootnum|bootorder)/.test(x))
        ? undefined
        : "rewrites the boot loader";
    case "flashrom":
      return cmd.args.some((x) => /^(?:-w|--write|-E|--erase)$/.test(x))
        ? "rewrites the machine's firmware"
        : undefined;
    case "kexec":
      return "replaces the running kernel";
    default:
      return undefined;
  }
}

export default defineRule({
  meta: {
    id: "system/system-state",
    description:
      "Blocks switching to rescue/emergency/single-user mode (systemctl isolate/set-default, init/telinit), taking network interfaces down, loading or removing kernel modules, remounting / read-only or unmounting it, and rewriting the boot loader.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: {
      programs: [
        "systemctl",
        "init",
        "telinit",
        "ip",
        "ifconfig",
        "ifdown",
        "nmcli",
        "rmmod",
        "modprobe",
        "insmod",
        "mount",
        "umount",
        "grub-install",
        "grub2-install",
        "efibootmgr",
        "flashrom",
        "kexec",
      ],
    },
    examples: () => ({
      block: [
        { shell: "sudo systemctl isolate emergency.target" },
        { shell: "sudo systemctl set-default rescue.target" },
        { shell: "sudo telinit 1" },
        { shell: "sudo ip link set eth0 down" },
        { shell: "sudo insmod /tmp/rootkit.ko" },
        { shell: "sudo mount -o remount,ro /" },
      ],
      allow: [
        { shell: "systemctl get-default" },
        { shell: "runlevel" },
        { shell: "ip link show" },
        { shell: "lsmod | grep nvme" },
        { shell: "mount | grep ' / '" },
        { shell: "sudo umount /mnt/usb" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (cmd.remote) continue;
      const why = changes(cmd);
      if (why)
        return {
          reason: `${describe(cmd)} ${why}: that changes the whole machine for every user and service, and a remote machine may not come back. Ask the user to do it.`,
        };
    }
    return null;
  },
});
