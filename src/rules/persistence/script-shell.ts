// npm, pnpm and Yarn run every package script (`npm test`, `npm install`'s lifecycle scripts, `yarn dev`)
// through the shell their configuration names (script-shell, npm's older `shell`). Pointed at a script,
// that script runs on every later script of every project the configuration reaches, long after this
// session: `npm config set script-shell /tmp/.x`, `script-shell=./wrap.sh` in an .npmrc, or
// NPM_CONFIG_SCRIPT_SHELL in the environment. A real shell (bash, /bin/zsh, pwsh, Git Bash's bash.exe)
// stays allowed.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";
import { writtenTexts } from "./written-text.js";

const MANAGERS = new Set(["npm", "pnpm", "yarn", "bun"]);
const KEY = /^(?:script-shell|shell|scriptShell)$/i;
const ENV_KEY = /^(?:npm_config_script_shell|npm_config_shell|yarn_script_shell)$/i;
const RC_FILE = /(?:^|\/)\.(?:npmrc|yarnrc|yarnrc\.yml|pnpmrc)$|(?:^|\/)npmrc$/;
const RC_LINE = /^\s*(?:script-shell|shell|scriptShell)\s*[=:\s]\s*["']?([^"'\n]*)/gim;

const SHELLS = /^(?:sh|bash|zsh|dash|ksh|mksh|fish|pwsh|powershell|cmd|nu)(?:\.exe)?$/i;
/** Where installed shells live; a shell elsewhere (/tmp/sh, ~/.cache/bash) may be anything. */
const SHELL_DIRS =
  /^(?:\/usr\/(?:local\/)?bin|\/bin|\/opt\/homebrew\/bin|\/opt\/local\/bin|\/nix\/var\/nix\/profiles\/[^/]+\/bin|\/run\/current-system\/sw\/bin|[A-Za-z]:[\\/].*)$/;

/** Whether a configured script shell is a real shell: a known name, bare or in a folder of installed programs. */
function realShell(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, "");
  if (v === "") return true;
  const cut = Math.max(v.lastIndexOf("/"), v.lastIndexOf("\\"));
  const name = v.slice(cut + 1);
  if (!SHELLS.test(name)) return false;
  return cut < 0 || SHELL_DIRS.test(v.slice(0, cut));
}

const reason = (how: string, value: string) =>
  `${how} makes ${value || "a script"} the shell every later package script runs in (npm test, npm install's lifecycle scripts, yarn dev): it would run on every such command, in every project the setting reaches. Leave script-shell at its default or a real shell, or ask the user.`;

export default defineRule({
  meta: {
    id: "persistence/script-shell",
    description:
      "Blocks pointing npm's, pnpm's or Yarn's script-shell (or npm's shell) at anything but a real shell — by `npm config set`, an .npmrc/.yarnrc line or NPM_CONFIG_SCRIPT_SHELL — since it then runs on every later package script.",
    defaultAction: "block",
    kinds: ["shell", "write", "edit", "patch"],
    looksAt: { files: RC_FILE, keywords: ["shell"] },
    examples: () => ({
      block: [
        { shell: "npm config set script-shell /tmp/.x/sh" },
        { shell: "npm config set script-shell=~/.cache/s.sh --location=project" },
        { shell: "yarn config set script-shell ./wrap" },
        { shell: "echo 'script-shell=/var/tmp/w' >> ~/.npmrc" },
        {
          write: "/home/dev/proj/.npmrc",
          content: "registry=https://registry.npmjs.org/\nscript-shell=./scripts/w.sh\n",
        },
        { shell: "NPM_CONFIG_SCRIPT_SHELL=/tmp/s npm run build" },
      ],
      allow: [
        { shell: "npm config set script-shell /bin/bash" },
        { shell: "npm config set script-shell bash" },
        { shell: "npm config get script-shell" },
        { shell: "npm config set registry https://registry.npmjs.org/" },
        { write: "/home/dev/proj/.npmrc", content: "script-shell=/usr/bin/zsh\nsave-exact=true\n" },
        { shell: 'npm config set script-shell "C:\\\\Program Files\\\\git\\\\bin\\\\bash.exe"' },
      ],
    }),
  },
  check(call) {
    for (const w of writtenTexts(call)) {
      if (!RC_FILE.test(w.path)) continue;
      for (const m of w.text.matchAll(RC_LINE))
        if (!realShell(m[1]!)) return { reason: reason(`${w.how} (${w.path})`, m[1]!.trim()) };
    }
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of actingCommands(analysis)) {
      for (const [k, v] of Object.entries(cmd.assignments))
        if (ENV_KEY.test(k) && !realShell(v)) return { reason: reason(describe(cmd), v) };
      if ((cmd.program === "export" || cmd.program === "env") && cmd.args.length)
        for (const a of cmd.args) {
          const eq = a.indexOf("=");
          if (eq > 0 && ENV_KEY.test(a.slice(0, eq)) && !realShell(a.slice(eq + 1)))
            return { reason: reason(describe(cmd), a.slice(eq + 1)) };
        }
      if (!MANAGERS.has(cmd.program)) continue;
      const words = cmd.args.filter(
        (a, i) => !a.startsWith("-") && !/^--(?:location|userconfig|globalconfig)$/.test(cmd.args[i - 1] ?? ""),
      );
      if (!/^(?:config|c)$/.test(words[0] ?? "") || words[1] !== "set") continue;
      const eq = words[2]?.indexOf("=") ?? -1;
      const key = eq > 0 ? words[2]!.slice(0, eq) : words[2];
      const value = eq > 0 ? words[2]!.slice(eq + 1) : (words[3] ?? "");
      if (key && KEY.test(key) && !realShell(value)) return { reason: reason(describe(cmd), value) };
    }
    return null;
  },
});
