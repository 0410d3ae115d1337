// Raw writes to disks: dd of=/dev/sdX, > /dev/nvme0n1, cp/tee/cat onto a disk. One command and the data on
// a whole disk is gone.
import { defineRule } from "../../engine/rule.js";
import { shellOf, userHome, type SimpleCommand } from "../../analysis/shell/index.js";
import { describe, operands } from "../../analysis/shell/commands.js";
import { resolvePathWord } from "../../analysis/shell/paths.js";
import { BLOCK_DEVICE } from "./devices.js";
import { mayBeDevice } from "./image.js";

export default defineRule({
  meta: {
    id: "system/disk-write",
    description: "Blocks writing to block devices: dd of=/dev/sdX, > /dev/nvme0n1, cp/tee/cat onto a disk.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: ["dd", "tee", "cp", "pv", "install", "ddrescue", "dcfldd"], redirects: true },
    examples: () => ({
      block: [
        { shell: "dd if=ubuntu.iso of=/dev/sda bs=4M" },
        { shell: "cat image.img > /dev/nvme0n1" },
        { shell: "sudo cp disk.img /dev/disk2" },
        { shell: "echo 0 | sudo tee /dev/sdb" },
        { shell: "ln -sf /dev/sda disk.img && dd if=/dev/zero of=disk.img bs=1M", note: "a name linked to a disk" },
      ],
      allow: [
        { shell: "dd if=/dev/zero of=disk.img bs=1M count=100" },
        { shell: "echo done > /dev/null" },
        { shell: "cat /dev/sda1 > /dev/null", note: "reading a disk is not writing it" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = userHome();
    // `ln -s /dev/sda disk.img && dd … of=disk.img`: a name the command links to a device is the device.
    const linkedToDevice = (word: string, i: number, cmd: SimpleCommand) =>
      analysis.commands.some((c) => c.program === "ln") &&
      !/^\/dev\//.test(word) &&
      mayBeDevice(word, { ...(cmd.wordInfo[i + 1] ?? { dynamic: false, dynamicStart: false }) }, cmd, analysis, home);
    for (const cmd of analysis.commands) {
      const devices: string[] = [];
      for (const r of cmd.redirects)
        if (
          (r.op === ">" || r.op === ">>" || r.op === ">|" || r.op === "&>" || r.op === "<>") &&
          BLOCK_DEVICE.test(r.target)
        )
          devices.push(r.target);
      if (cmd.program === "dd")
        for (const [i, a] of cmd.args.entries())
          if (a.startsWith("of=") && (BLOCK_DEVICE.test(a.slice(3)) || linkedToDevice(a.slice(3), i, cmd)))
            devices.push(a.slice(3));
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
