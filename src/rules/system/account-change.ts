// Who may log in and as what: passwords set or removed, users created with uid 0 or put in the sudo
// group, root's shell changed, sudoers edited, programs made setuid or given capabilities. Each one opens
// the machine to someone (or to the agent itself, later) beyond this session.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, operands } from "../../analysis/shell/commands.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";

const ADMIN_GROUP = /(?:^|,)(?:sudo|wheel|admin|root|adm|shadow)(?:,|$)/;
const CAPS = /cap_(?:setuid|setgid|sys_admin|sys_ptrace|dac_override|dac_read_search|sys_module|chown|fowner)/i;

/** Why a command changes accounts or privileges, or undefined. */
function change(cmd: SimpleCommand): string | undefined {
  const a = cmd.args;
  const opt = (names: string[]) => a.findIndex((x) => names.includes(x));
  switch (cmd.program) {
    case "passwd":
      // Looking at status (-S) is fine; setting, deleting or unlocking a password is not.
      return a.some((x) => /^-[a-zA-Z]*S$|^--status$/.test(x)) ? undefined : "sets or removes a password";
    case "chpasswd":
    case "chgpasswd":
      return "sets passwords";
    case "usermod": {
      if (opt(["-p", "--password"]) >= 0) return "sets a password hash";
      if (opt(["-o", "--non-unique"]) >= 0 || /(?:^|\s)(?:-u|--uid)\s+0(?:\s|$)/.test(a.join(" ")))
        return "gives a user uid 0 (root)";
      const g = a.findIndex((x) => /^-[a-zA-Z]*G$|^--groups$/.test(x));
      if (g >= 0 && ADMIN_GROUP.test(a[g + 1] ?? "")) return "adds a user to an administrators' group";
      if (
        opt(["-s", "--shell"]) >= 0 &&
        operands(a, ["-s", "--shell", "-G", "-g", "-d", "-c", "-l", "-u", "-e", "-f", "-p"]).some(
          (o) => o.word === "root",
        )
      )
        return "changes root's login shell";
      return undefined;
    }
    case "useradd":
    case "adduser": {
      if (opt(["-o", "--non-unique"]) >= 0 || /(?:^|\s)(?:-u|--uid)\s+0(?:\s|$)/.test(a.join(" ")))
        return "creates a second root (uid 0)";
      const g = a.findIndex((x) => /^-[a-zA-Z]*G$|^--groups$/.test(x));
      if (g >= 0 && ADMIN_GROUP.test(a[g + 1] ?? "")) return "creates a user with administrator rights";
      if (cmd.program === "adduser" && operands(a).length === 2 && ADMIN_GROUP.test(operands(a)[1]!.word))
        return "adds a user to an administrators' group";
      return undefined;
    }
    case "gpasswd":
      return a.some((x) => /^-[a-zA-Z]*[aM]$/.test(x)) && a.some((x) => ADMIN_GROUP.test(x))
        ? "adds a user to an administrators' group"
        : undefined;
    case "visudo":
      return a.some((x) => x === "-c" || x === "--check") ? undefined : "edits the sudo rules";
    case "chsh":
    case "lchsh":
      return operands(a, ["-s", "--shell"]).some((o) => o.word === "root") ? "changes root's login shell" : undefined;
    case "chmod": {
      const mode = a.find((x) => !x.startsWith("-") || /^-[rwxXst]/.test(x));
      if (mode && (/^[ugoa]*[+=][rwxXt]*s/.test(mode) || /^[0-7]*[4-7][0-7]{3}$/.test(mode)))
        return "makes a program setuid/setgid";
      return undefined;
    }
    case "setcap":
      return a.some((x) => CAPS.test(x)) ? "gives a program root capabilities" : undefined;
    case "vipw":
    case "vigr":
      return "edits the password or group database";
    default:
      return undefined;
  }
}

export default defineRule({
  meta: {
    id: "system/account-change",
    description:
      "Blocks password changes (passwd, chpasswd, usermod -p), second roots and administrator users (useradd/usermod -o -u 0, -G sudo/wheel), sudoers edits (visudo), root's shell, setuid bits and root capabilities.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: {
      programs: [
        "passwd",
        "chpasswd",
        "chgpasswd",
        "usermod",
        "useradd",
        "adduser",
        "gpasswd",
        "visudo",
        "chsh",
        "lchsh",
        "chmod",
        "setcap",
        "vipw",
        "vigr",
      ],
    },
    examples: () => ({
      block: [
        { shell: "sudo passwd root" },
        { shell: "echo 'root:toor' | sudo chpasswd" },
        { shell: "sudo useradd -o -u 0 -g 0 -M backup2" },
        { shell: "sudo usermod -aG wheel nobody" },
        { shell: "sudo chmod u+s /bin/bash" },
        { shell: "sudo setcap cap_setuid+ep /usr/bin/python3" },
      ],
      allow: [
        { shell: "passwd -S dev" },
        { shell: "getent passwd dev" },
        { shell: "sudo visudo -c" },
        { shell: "chmod 755 scripts/run.sh" },
        { shell: "sudo usermod -aG video dev" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (cmd.remote) continue;
      const why = change(cmd);
      if (why)
        return {
          reason: `${describe(cmd)} ${why}: that changes who may log in or act as root, beyond this session. Ask the user to do it themselves.`,
        };
    }
    return null;
  },
});
