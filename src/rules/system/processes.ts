// Fork bombs, killing every process, shutting the machine down, removing all cron jobs, and stopping
// the services that keep a machine reachable.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";

const FORK_LOOP =
  /(?:\bwhile\b|\bloop\b|\bfor\s*\(\s*;\s*;\s*\))[\s\S]{0,120}?\bfork\b|\bfork\b[^\n]{0,20}\b(?:while|until)\b/;

export const forkBomb = defineRule({
  meta: {
    id: "system/fork-bomb",
    description:
      "Blocks fork bombs (a shell function that calls itself in the background or a pipeline; fork() in an endless loop).",
    defaultAction: "block",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (cmd.inFunction && cmd.program === cmd.inFunction && (cmd.background || cmd.pipeline.length > 1)) {
        return {
          reason: `${describe(cmd)} is a fork bomb: the function ${cmd.inFunction} keeps starting copies of itself until the machine stops responding. Do not run it.`,
        };
      }
    }
    for (const code of analysis.inlineCode) {
      if (FORK_LOOP.test(code.code))
        return {
          reason: `${describe(code.command)} forks processes in an endless loop (a fork bomb) and would bring the machine down. Do not run it.`,
        };
    }
    return null;
  },
});

/** The process ids a kill command targets (signal options skipped). */
function killTargets(args: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let signalGiven = false;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-s" || a === "-n" || a === "--signal") {
      i++;
      signalGiven = true;
      continue;
    }
    if (a === "-l" || a === "-L" || a === "--list" || a === "--table") return [];
    if (!signalGiven && /^-(\w+)$/.test(a)) {
      signalGiven = true;
      continue;
    }
    if (a.startsWith("-") && !/^-\d+$/.test(a)) continue;
    out.push(a);
  }
  for (; i < args.length; i++) out.push(args[i]!);
  return out;
}

export const killAll = defineRule({
  meta: {
    id: "system/kill-all",
    description: "Blocks kill -9 -1 (every process the user owns), killing PID 1, and killall5.",
    defaultAction: "block",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      const p = cmd.program;
      if (p === "killall5" || (p === "kill" && killTargets(cmd.args).some((t) => t === "-1" || t === "1"))) {
        return {
          reason: `${describe(cmd)} kills every process (or init), taking down the session, the agent and possibly the machine. Kill the specific process id you mean.`,
        };
      }
      if (
        (p === "pkill" || p === "killall") &&
        hasOption(cmd.args, "u", ["--user"]) &&
        cmd.args.filter((a) => !a.startsWith("-")).length <= 1
      ) {
        return {
          reason: `${describe(cmd)} kills every process of a user, the agent's own session included. Kill the specific process you mean.`,
        };
      }
    }
    return null;
  },
});

export const shutdown = defineRule({
  meta: {
    id: "system/shutdown",
    description: "Blocks shutdown, reboot, poweroff, halt, init 0/6 and systemctl poweroff/reboot.",
    defaultAction: "block",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      const p = cmd.program;
      let hit = false;
      if (p === "shutdown") hit = !cmd.args.includes("-c") && !cmd.args.includes("--help");
      else if (p === "reboot" || p === "poweroff" || p === "halt") hit = !cmd.args.includes("--help");
      else if (p === "init" || p === "telinit") hit = ["0", "6"].includes(cmd.args[0] ?? "");
      else if (p === "systemctl" || p === "loginctl")
        hit = cmd.args.some((a) =>
          /^(poweroff|reboot|halt|kexec|soft-reboot|suspend|hibernate|hybrid-sleep|suspend-then-hibernate|emergency|rescue)$/.test(
            a,
          ),
        );
      else if (p === "pmset") hit = cmd.args.includes("sleepnow") || cmd.args.includes("restart");
      if (hit)
        return {
          reason: `${describe(cmd)} shuts down, reboots or suspends the machine, ending the user's session. Ask the user to do it.`,
        };
    }
    return null;
  },
});

export const crontabRemove = defineRule({
  meta: {
    id: "system/crontab-remove",
    description: "Blocks crontab -r (removes every cron job without a backup).",
    defaultAction: "block",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (cmd.program === "crontab" && hasOption(cmd.args, "r", ["--remove"], "u")) {
        return {
          reason: `${describe(cmd)} deletes every cron job of the user at once, with no backup. Edit the crontab (\`crontab -l > cron.bak\`, change it, \`crontab cron.bak\`) or ask the user.`,
        };
      }
    }
    return null;
  },
});

const CRITICAL_SERVICES = [
  "ssh",
  "sshd",
  "openssh-server",
  "networking",
  "network",
  "NetworkManager",
  "systemd-networkd",
  "systemd-resolved",
  "wpa_supplicant",
  "dbus",
  "dbus-broker",
  "systemd-journald",
  "systemd-logind",
  "systemd-udevd",
  "getty@*",
  "firewalld",
  "ufw",
  "nftables",
  "iptables",
  "auditd",
  "polkit",
];

export const criticalService = defineRule<{ services: string[] }>({
  meta: {
    id: "system/disable-critical-service",
    description:
      "Blocks stopping, disabling or masking services that keep the machine reachable (ssh, networking, dbus, journald, firewall); escalates flushing the firewall.",
    defaultAction: "block",
    kinds: ["shell"],
    params: {
      services: {
        type: "string[]",
        default: CRITICAL_SERVICES,
        description: "Service names (globs allowed) that must not be stopped or disabled.",
      },
    },
  },
  check(call, { params }) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const services = params.services ?? [];
    const critical = (unit: string) => {
      const name = unit.replace(/\.(service|socket|target)$/, "");
      return services.some((s) => (s.endsWith("*") ? name.startsWith(s.slice(0, -1)) : s === name));
    };
    for (const cmd of analysis.commands) {
      const a = cmd.args;
      let unit: string | undefined;
      if (cmd.program === "systemctl") {
        const verb = a.findIndex((x) => /^(stop|disable|mask|kill)$/.test(x));
        if (verb >= 0) unit = a.slice(verb + 1).find((x) => !x.startsWith("-") && critical(x));
      } else if (cmd.program === "service" && a[1] && /^(stop)$/.test(a[1]) && critical(a[0] ?? "")) unit = a[0];
      else if (
        cmd.program === "launchctl" &&
        a.some((x) => /^(unload|bootout|disable)$/.test(x)) &&
        a.some((x) => /com\.openssh\.sshd|com\.apple\.(mDNSResponder|networkd|configd)/.test(x))
      )
        unit = a.find((x) => x.includes("com."));
      else if (cmd.program === "ufw" && a[0] === "disable") unit = "ufw";
      if (unit)
        return {
          reason: `${describe(cmd)} stops or disables ${unit}, which keeps the machine reachable or working; the user could be locked out. Ask the user to do it.`,
        };
      if ((cmd.program === "iptables" || cmd.program === "ip6tables") && hasOption(a, "F", ["--flush"])) {
        return {
          reason: `${describe(cmd)} flushes the firewall rules, which can open the machine up or lock the user out. Ask the user to approve.`,
          action: "escalate",
        };
      }
      if (cmd.program === "nft" && a[0] === "flush" && a[1] === "ruleset") {
        return {
          reason: `${describe(cmd)} flushes the firewall rules, which can open the machine up or lock the user out. Ask the user to approve.`,
          action: "escalate",
        };
      }
    }
    return null;
  },
});
