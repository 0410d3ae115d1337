// Leaving a container for the host without a mount: a privileged container (or one with SYS_ADMIN)
// that enters PID 1's namespaces, mounts or formats the host's disks, or kills init; a host disk handed
// in as a device; the host's PID namespace with privileges. Privileges alone (docker-in-docker, binfmt
// registration) stay allowed: it is what the container does with them that takes the host.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { containerRun, optionValues, CONTAINER_PROGRAMS } from "./run-args.js";

const DISK = /^\/dev\/(?:sd[a-z]|nvme\d|vd[a-z]|xvd[a-z]|hd[a-z]|mmcblk\d|disk\d|dm-\d|mapper\/|md\d)/;
const CAPS = /^(?:CAP_)?(?:SYS_ADMIN|ALL|SYS_MODULE|SYS_RAWIO|SYS_PTRACE|DAC_READ_SEARCH)$/i;
/** What a privileged container runs to reach the host. */
const HOST_REACH =
  /\b(?:nsenter|mount|mkfs(?:\.\w+)?|mke2fs|fdisk|sfdisk|parted|wipefs|debugfs|insmod|modprobe|chroot|unshare)\b|\bdd\b[^|;&]*\bof=\/dev\/|\bkill\b[^|;&]*\s(?:-\d+\s+)?1\b|release_agent|\/proc\/sysrq-trigger|\/dev\/(?:sd[a-z]|nvme\d|vd[a-z]|xvd[a-z])/;

export default defineRule({
  meta: {
    id: "containers/host-escape",
    description:
      "Blocks containers that reach the host through privileges: a privileged or SYS_ADMIN container entering PID 1 (nsenter), mounting, formatting or writing the host's disks, killing init; host disks passed as devices; the host PID namespace with privileges.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: CONTAINER_PROGRAMS },
    examples: () => ({
      block: [
        { shell: "docker run --rm -it --privileged --pid=host alpine nsenter -t 1 -m -u -i -n sh" },
        { shell: "podman run --rm --privileged alpine sh -c 'mount /dev/sda1 /m && rm -rf /m/home'" },
        { shell: "docker run --rm --device=/dev/sda alpine dd if=/dev/zero of=/dev/sda" },
        { shell: "docker exec -it --privileged web nsenter -t 1 -a sh" },
        { shell: "nerdctl run --cap-add=SYS_ADMIN alpine sh -c 'mount -t proc none /mnt'" },
      ],
      allow: [
        { shell: "docker run --rm --privileged multiarch/qemu-user-static --reset -p yes" },
        { shell: "docker run -d --privileged --name dind docker:27-dind" },
        { shell: "docker run --rm --device /dev/snd alpine aplay -l" },
        { shell: "docker run --rm --pid=host alpine ps aux" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (cmd.remote) continue;
      const run = containerRun(cmd);
      if (!run) continue;
      const disk = optionValues(run, "--device").find((d) => DISK.test(d.split(":")[0] ?? ""));
      if (disk)
        return {
          reason: `${describe(cmd)} hands the host's disk ${disk.split(":")[0]} to a container, which can read, overwrite or format it. Use a disk image file instead.`,
        };
      const privileged =
        run.options.some(([n, v]) => n === "--privileged" && v !== "false") ||
        optionValues(run, "--cap-add").some((c) => c.split(",").some((x) => CAPS.test(x))) ||
        optionValues(run, "--security-opt").some((o) => /(?:apparmor|seccomp)[=:]unconfined/.test(o));
      if (!privileged) continue;
      const hostPid = optionValues(run, "--pid").includes("host");
      const inner = run.command.join(" ");
      const reach = HOST_REACH.exec(inner);
      if (reach || (hostPid && run.verb !== "exec"))
        return {
          reason: `${describe(cmd)} gives a container the host's privileges${hostPid ? " and its processes" : ""}${reach ? ` and runs \`${reach[0].trim()}\` with them` : ""}: that reaches the host itself (its disks, init's namespaces, every process). Run the container without --privileged/--pid=host, or ask the user.`,
        };
    }
    return null;
  },
});
