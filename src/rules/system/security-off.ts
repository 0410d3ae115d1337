// The machine's own defences: SELinux, AppArmor, the firewall, audit rules, kernel hardening, macOS's
// Gatekeeper/SIP/firewall, and the logs that record what happened. Switching one off or wiping the logs
// helps nothing an agent is asked to do and everything an intruder wants.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";

const GUARD_SERVICES =
  /^(?:apparmor|auditd|fail2ban|firewalld|ufw|nftables|iptables|netfilter-persistent|selinux\S*|crowdsec|clamav\S*|osqueryd|falco|wazuh-agent|rsyslog|systemd-journald|syslog(?:-ng)?)(?:\.service)?$/;
const HARDENING =
  /^(?:kernel\.(?:randomize_va_space|yama\.ptrace_scope|kptr_restrict|dmesg_restrict|modules_disabled|unprivileged_bpf_disabled|kexec_load_disabled)|fs\.protected_\w+|net\.ipv4\.ip_forward|kernel\.sysrq)=/;

function disables(cmd: SimpleCommand): string | undefined {
  const a = cmd.args;
  const words = a.filter((x) => !x.startsWith("-"));
  switch (cmd.program) {
    case "setenforce":
      return /^(?:0|permissive)$/i.test(words[0] ?? "") ? "switches SELinux to permissive" : undefined;
    case "semanage":
      // `semanage permissive -a DOMAIN`: SELinux stops enforcing for that domain (setenforce 0, one domain at a time).
      return words[0] === "permissive" && a.some((x) => x === "-a" || x === "--add")
        ? "makes an SELinux domain permissive"
        : undefined;
    case "aa-disable":
    case "aa-complain":
    case "aa-teardown":
      return "switches AppArmor profiles off";
    case "apparmor_parser":
      return a.some((x) => /^-[a-zA-Z]*R$|^--remove$/.test(x)) ? "unloads AppArmor profiles" : undefined;
    case "systemctl": {
      const verb = words[0] ?? "";
      if (/^(?:stop|disable|mask|kill)$/.test(verb) && words.slice(1).some((w) => GUARD_SERVICES.test(w)))
        return `${verb}s a security or logging service`;
      return undefined;
    }
    case "service":
      return GUARD_SERVICES.test(words[0] ?? "") && words[1] === "stop"
        ? "stops a security or logging service"
        : undefined;
    case "ufw":
      if (words[0] === "disable") return "switches the firewall off";
      if (words[0] === "default" && words[1] === "allow" && words[2] !== "outgoing")
        return "opens the firewall to every connection";
      return undefined;
    case "iptables":
    case "ip6tables":
      if (a.some((x) => x === "-F" || x === "--flush") && !a.includes("-t")) return "flushes the firewall rules";
      if (a.some((x) => x === "-P" || x === "--policy") && a.includes("ACCEPT") && !a.includes("OUTPUT"))
        return "opens the firewall to every connection";
      return undefined;
    case "nft":
      return words[0] === "flush" && words[1] === "ruleset" ? "flushes the firewall rules" : undefined;
    case "sysctl":
      return a.find((x) => HARDENING.test(x.replace(/\s+/g, ""))) ? "switches kernel hardening off" : undefined;
    case "auditctl":
      return a.some((x) => x === "-D" || x === "-e") && !a.includes("1")
        ? "deletes or disables the audit rules"
        : undefined;
    case "spctl":
      return a.some((x) => /^--(?:master-disable|global-disable)$/.test(x)) ? "switches Gatekeeper off" : undefined;
    case "csrutil":
      return words[0] === "disable" ? "switches System Integrity Protection off" : undefined;
    case "defaults":
      return /com\.apple\.alf/.test(a.join(" ")) &&
        words[0] === "write" &&
        /\bglobalstate\b/.test(a.join(" ")) &&
        a.includes("0")
        ? "switches the macOS firewall off"
        : undefined;
    case "journalctl":
      return a.some((x, i) => /^--vacuum-(?:time|size|files)/.test(x) && !keepsRecent(x, a[i + 1]))
        ? "deletes the system journal"
        : undefined;
    default:
      return undefined;
  }
}

const SPAN_SECONDS: [RegExp, number][] = [
  [/^(?:s|sec|secs|second|seconds)$/, 1],
  [/^(?:m|min|mins|minute|minutes)$/, 60],
  [/^(?:h|hr|hrs|hour|hours)$/, 3600],
  [/^(?:d|day|days)$/, 86400],
  [/^(?:w|week|weeks)$/, 7 * 86400],
  [/^(?:M|month|months)$/, 30 * 86400],
  [/^(?:y|year|years)$/, 365 * 86400],
];
const SIZE_BYTES: Record<string, number> = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/**
 * A vacuum that keeps the recent journal: at least a day of it (`--vacuum-time=7d`) or 50 MB of it
 * (`--vacuum-size=500M`), the routine disk clean-up. What erases the record of what just happened is a
 * tiny bound (`--rotate` then `--vacuum-time=1s`, `--vacuum-size=1K`); --vacuum-files and values staso
 * cannot read stay stopped.
 */
function keepsRecent(option: string, next: string | undefined): boolean {
  const [name, inline] = option.split("=", 2) as [string, string | undefined];
  const value = (inline ?? next ?? "").trim();
  if (name === "--vacuum-time") {
    const m = /^(\d+)\s*([A-Za-z]+)$/.exec(value);
    const unit = m && SPAN_SECONDS.find(([re]) => re.test(m[2]!))?.[1];
    return unit !== undefined && unit !== null && Number(m![1]) * unit >= 86400;
  }
  if (name === "--vacuum-size") {
    const m = /^(\d+)([KMGT]?)$/i.exec(value);
    return m !== null && Number(m[1]) * SIZE_BYTES[m[2]!.toUpperCase()]! >= 50 * 1024 ** 2;
  }
  return false;
}

export default defineRule({
  meta: {
    id: "system/security-off",
    description:
      "Blocks switching off SELinux, AppArmor, the firewall, audit rules, kernel hardening, Gatekeeper/SIP, security and logging services, and vacuuming the journal.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: {
      programs: [
        "setenforce",
        "aa-disable",
        "aa-complain",
        "aa-teardown",
        "apparmor_parser",
        "systemctl",
        "service",
        "ufw",
        "iptables",
        "ip6tables",
        "nft",
        "sysctl",
        "auditctl",
        "spctl",
        "csrutil",
        "semanage",
        "defaults",
        "journalctl",
      ],
    },
    examples: () => ({
      block: [
        { shell: "sudo setenforce 0" },
        { shell: "sudo aa-teardown" },
        { shell: "sudo semanage permissive -a httpd_t" },
        { shell: "sudo systemctl disable --now fail2ban" },
        { shell: "sudo ufw default allow incoming" },
        { shell: "sudo sysctl -w kernel.randomize_va_space=0" },
        { shell: "sudo journalctl --rotate && sudo journalctl --vacuum-time=1s" },
        { shell: "sudo journalctl --vacuum-size=1K" },
        { shell: "journalctl --vacuum-time 30min" },
        { shell: "sudo journalctl --vacuum-files=1" },
      ],
      allow: [
        { shell: "getenforce" },
        { shell: "sudo semanage permissive -l" },
        { shell: "sudo semanage port -a -t http_port_t -p tcp 8081" },
        { shell: "sudo aa-status" },
        { shell: "sudo ufw status verbose" },
        { shell: "sudo systemctl restart postgresql" },
        { shell: "sysctl kernel.randomize_va_space" },
        { shell: "sudo ufw allow 8080/tcp" },
        { shell: "sudo journalctl --vacuum-time=7d", note: "the routine clean-up keeps the last week" },
        { shell: "sudo journalctl --vacuum-size=500M" },
        { shell: "journalctl --vacuum-time 2weeks" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (cmd.remote) continue;
      const why = disables(cmd);
      if (why)
        return {
          reason: `${describe(cmd)} ${why}: the machine's defences or its record of what happened. Ask the user to do it themselves if it is really needed.`,
        };
    }
    return null;
  },
});
