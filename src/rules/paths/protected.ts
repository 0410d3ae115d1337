// Paths an agent must not change: what would let it switch its own guard off (agent settings and hook
// files, staso's config and state), run code outside the session (shell start-up files, git hooks,
// .git/config), or open the machine to others (~/.ssh/authorized_keys, /etc).
import { posix } from "node:path";
import { stasoPaths } from "../../paths.js";

export function protectedPathKind(
  path: string,
  home: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const p = path;
  const base = posix.basename(p);
  const inHome = home && p.startsWith(`${home}/`) ? p.slice(home.length + 1) : undefined;
  if (inHome !== undefined) {
    if (
      /^\.(?:bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zshenv|zprofile|zlogin|zlogout|kshrc|mkshrc|cshrc|tcshrc|login|logout|xprofile|xsessionrc)$/.test(
        inHome,
      ) ||
      /^\.(?:bashrc|zshrc|profile)\.d\//.test(inHome) ||
      /^\.config\/fish\/(?:config\.fish|conf\.d\/)/.test(inHome) ||
      /^\.config\/(?:nushell|elvish|xonsh)\//.test(inHome)
    )
      return "a shell start-up file";
    if (inHome === ".ssh" || inHome.startsWith(".ssh/")) return "SSH access configuration";
    if (/^\.claude\/(?:settings(?:\.local)?\.json|hooks\/|plugins\/)|^\.claude\.json$/.test(inHome))
      return "an agent's settings or hook file";
    if (/^\.codex\/(?:config\.toml|hooks\.json|hooks\/|plugins\/|requirements\.toml)/.test(inHome))
      return "an agent's settings or hook file";
    if (/^\.config\/(?:git\/config|git\/attributes)$|^\.gitconfig$/.test(inHome)) return "the user's git configuration";
  }
  if (p === "/etc" || p.startsWith("/etc/")) return "system configuration (/etc)";
  if (/(?:^|\/)\.git\/hooks(?:\/|$)/.test(p)) return "a git hook (runs on every commit or checkout)";
  if (/(?:^|\/)\.git\/config$/.test(p))
    return "a repository's git configuration (can run programs through hooksPath, aliases and filters)";
  if (/(?:^|\/)\.claude\/(?:settings[^/]*\.json|hooks\/)/.test(p)) return "an agent's settings or hook file";
  if (/(?:^|\/)\.codex\/(?:config\.toml|hooks\.json|hooks\/)/.test(p)) return "an agent's settings or hook file";
  if (base === "hooks.json" && /(?:^|\/)\.(?:codex|claude)(?:-plugin)?\//.test(p)) return "an agent's hook file";
  if (/^(?:\.stasorc(?:\.[a-z]+)?|staso\.config\.[a-z]+)$/.test(base)) return "staso's configuration";
  const { configDir, dataDir } = stasoPaths(env);
  for (const dir of [configDir, dataDir])
    if (p === dir || p.startsWith(`${dir.replace(/\/+$/, "")}/`)) return "staso's own configuration and state";
  return undefined;
}

/**
 * What a folder that receives unnamed content (an archive unpacked into it, a folder synced into it)
 * puts at risk: the folder itself when it is protected (block), or the protected files that live
 * directly under it (the home folder, a .git folder, an agent's settings folder, /): unknown content may
 * replace them, so a person decides (escalate). A project folder is neither: unpacking there is ordinary.
 */
export function protectedFolderKind(
  dir: string,
  home: string,
  env: NodeJS.ProcessEnv = process.env,
): { kind: string; certain: boolean } | undefined {
  const own = protectedPathKind(dir, home, env);
  if (own) return { kind: own, certain: true };
  const d = dir.replace(/(.)\/+$/, "$1");
  if (d === "/") return { kind: "the root of the filesystem (/etc and every home are under it)", certain: false };
  if (home && d === home)
    return {
      kind: "your home folder (shell start-up files, ~/.ssh and the agents' settings live there)",
      certain: false,
    };
  if (/(?:^|\/)\.git$/.test(d))
    return { kind: "a repository's .git folder (its hooks and config run programs)", certain: false };
  if (/(?:^|\/)\.(?:claude|codex)$/.test(d)) return { kind: "an agent's settings folder", certain: false };
  if (home && (d === `${home}/.config` || d === `${home}/.config/fish` || d === `${home}/.config/git`))
    return { kind: "a folder of start-up and git configuration files", certain: false };
  return undefined;
}
