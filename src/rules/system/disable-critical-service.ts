// Stopping, disabling or masking the services that keep a machine reachable or working (ssh, networking,
// dbus, journald, the firewall); flushing the firewall is escalated.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";

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

export default defineRule<{ services: string[] }>({
  meta: {
    id: "system/disable-critical-service",
    description:
      "Blocks stopping, disabling or masking services that keep the machine reachable (ssh, networking, dbus, journald, firewall); escalates flushing the firewall.",
    defaultAction: "block",
    actions: ["block", "escalate"],
    kinds: ["shell"],
    looksAt: { programs: ["systemctl", "service", "launchctl", "ufw", "iptables", "ip6tables", "nft"] },
    params: {
      services: {
        type: "array",
        items: { type: "string" },
        default: CRITICAL_SERVICES,
        description: "Service names (globs allowed) that must not be stopped or disabled.",
      },
    },
    examples: () => ({
      block: [
        { shell: "sudo systemctl stop sshd" },
        { shell: "systemctl disable --now NetworkManager.service" },
        { shell: "sudo ufw disable" },
        { shell: "sudo iptables -F", action: "escalate" },
      ],
      allow: [
        { shell: "sudo systemctl restart nginx" },
        { shell: "systemctl status ssh" },
        { shell: "sudo systemctl stop postgresql" },
      ],
    }),
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
