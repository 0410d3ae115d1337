// Paths an agent must not change: what would let it switch its own guard off (agent settings and hook
// files, staso's config, state and installation), run code outside the session (shell start-up files, git
// hooks, .git/config), or open the machine to others (~/.ssh/authorized_keys, /etc).
//
// The set follows the environment the hook runs in: CLAUDE_CONFIG_DIR and CODEX_HOME move the agents'
// settings, STASO_HOME and the XDG variables move staso's own (the defaults stay protected too: the human's
// own `staso` runs without the agent's environment). Names are compared case-insensitively where the file
// system is (macOS, Windows): `~/.CLAUDE/Settings.json` is the same file there.
import { posix } from "node:path";
import { stasoPaths } from "../../paths.js";
import { hookProgramsIn, packageOf, runningInstallation, type Installation } from "../../native/installation.js";
import { hookStore, hookStoreOf, installedFrom } from "../../native/hook-store.js";
import { isWithin, normalizePath } from "../../analysis/shell/paths.js";

/**
 * What is being done to a path: its content written; replaced where it stands (a file, a link or a
 * folder put in its place: the protected folders themselves count); or removed (deleted, moved away: a
 * folder that holds protected entries counts too).
 */
export type PathOp = "write" | "replace" | "remove" | "delete";

export interface ProtectedScope {
  home: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The call's project: folders above staso's installation that lie inside it may go (`rm -rf node_modules`). */
  project?: string;
  /** Default: the running installation. */
  installation?: Installation;
}

/** The file systems of these platforms compare names without case (APFS and NTFS by default). */
export const caseInsensitiveFs = (platform: NodeJS.Platform): boolean => platform === "darwin" || platform === "win32";

interface Root {
  /** Absolute, normalised, folded when the file system ignores case. */
  dir: string;
  kind: string;
  /** What the root is as a folder, for a move or deletion of it or of a folder above it. */
  folderKind: string;
  /** Which entries inside are protected ("all": the root itself and everything in it). */
  inside: "all" | RegExp;
  /** Sample names inside, for telling whether a pattern could reach a protected entry. */
  samples: string[];
  /** Removing the root or a folder above it takes its protected entries with it. */
  guardsAncestors: boolean | "outside-project";
}

const AGENT_FILE = "an agent's settings or hook file";
const STASO_STATE = "staso's own configuration and state";
const STASO_INSTALL = "staso's own installation (the program that guards this agent)";
const AGENT_FOLDER = "an agent's settings folder (its hooks are configured there)";

// Besides settings and hooks: the shell snapshot the agent sources before every command it runs, and the
// environment files its SessionStart hooks leave (an alias planted there runs behind any command staso reads).
const CLAUDE_INSIDE =
  /^(?:settings[^/]*\.json$|hooks(?:\/|$)|plugins(?:\/|$)|\.claude\.json$|shell-snapshots(?:\/|$)|session-env(?:\/|$))/;
const CODEX_INSIDE =
  /^(?:config\.toml$|hooks\.json$|hooks(?:\/|$)|plugins(?:\/|$)|requirements\.toml$|shell[_-]snapshots(?:\/|$))/;
const PACKAGE_INSIDE = /^(?:bin|dist|node_modules)(?:\/|$)|^package\.json$/;

const absolute = (p: string | undefined, cwd: string): string | undefined => {
  if (!p || p.trim() === "") return undefined;
  return normalizePath(p.startsWith("/") ? p : `${cwd}/${p}`);
};

let rootCache: { key: string; roots: Root[] } | undefined;

/** The protected roots for one environment (cached for the process: the hook sees one environment). */
function roots(scope: ProtectedScope): Root[] {
  const { env, home } = scope;
  const fold = caseInsensitiveFs(scope.platform);
  const key = [
    home,
    scope.platform,
    env.CLAUDE_CONFIG_DIR,
    env.CODEX_HOME,
    env.COPILOT_HOME,
    env.STASO_HOME,
    env.XDG_CONFIG_HOME,
    env.XDG_DATA_HOME,
    env.XDG_CACHE_HOME,
    env.APPDATA,
    env.LOCALAPPDATA,
    env.PATH,
    scope.installation ? JSON.stringify(scope.installation) : "",
  ].join("\u0000");
  if (rootCache?.key === key) return rootCache.roots;
  const cwd = process.cwd();
  const out: Root[] = [];
  const add = (dir: string | undefined, r: Omit<Root, "dir">) => {
    if (!dir) return;
    const d = fold ? dir.toLowerCase() : dir;
    if (!out.some((o) => o.dir === d && o.kind === r.kind)) out.push({ dir: d, ...r });
  };
  const addHookStore = (dir: string | undefined) =>
    add(dir, {
      kind: STASO_INSTALL,
      folderKind: STASO_INSTALL,
      inside: "all",
      samples: ["v/bin/staso.js", "v/dist/hook.cjs", "v/dist/native/staso-hook", "v/install.json"],
      guardsAncestors: true,
    });

  const claudeDirs = [`${home}/.claude`, absolute(env.CLAUDE_CONFIG_DIR, cwd)];
  const codexDirs = [`${home}/.codex`, absolute(env.CODEX_HOME, cwd)];
  for (const d of claudeDirs)
    add(d, {
      kind: AGENT_FILE,
      folderKind: AGENT_FOLDER,
      inside: CLAUDE_INSIDE,
      samples: ["settings.json", "settings.local.json", "hooks/x", "plugins/x", ".claude.json", "shell-snapshots/x"],
      guardsAncestors: true,
    });
  for (const d of codexDirs)
    add(d, {
      kind: AGENT_FILE,
      folderKind: AGENT_FOLDER,
      inside: CODEX_INSIDE,
      samples: ["config.toml", "hooks.json", "hooks/x", "plugins/x", "requirements.toml"],
      guardsAncestors: true,
    });

  // Copilot CLI's home and opencode's config folder, where their variables move them
  for (const d of [`${home}/.copilot`, absolute(env.COPILOT_HOME, cwd)])
    add(d, {
      kind: AGENT_FILE,
      folderKind: AGENT_FOLDER,
      inside: /^(?:config\.json$|settings(?:\.local)?\.json$|hooks(?:\/|$))/,
      samples: ["config.json", "settings.json", "hooks/staso.json"],
      guardsAncestors: true,
    });
  for (const c of [`${home}/.config`, absolute(env.XDG_CONFIG_HOME, cwd)])
    add(c && `${c}/opencode`, {
      kind: AGENT_FILE,
      folderKind: AGENT_FOLDER,
      inside: "all",
      samples: ["opencode.json", "plugin/staso.js", "package-lock.json", "node_modules/x"],
      guardsAncestors: true,
    });

  // staso's state: where this environment puts it, and where the user's own staso (no STASO_HOME) does.
  const withoutHome = { ...env, STASO_HOME: undefined };
  // First the hook staso setup installed there (every version: an agent session may still run an older
  // one), so a write to it is named for what it is: the program that guards the agent.
  for (const p of [stasoPaths(env), stasoPaths(withoutHome)]) addHookStore(absolute(hookStore(p.dataDir), cwd));
  for (const p of [stasoPaths(env), stasoPaths(withoutHome)])
    for (const d of [p.configDir, p.dataDir])
      add(absolute(d, cwd), {
        kind: STASO_STATE,
        folderKind: STASO_STATE,
        inside: "all",
        // Its files by name, for a pattern that ends in one (`find … -name 'st*' -exec cp x {}/pause.json`).
        samples: [
          "x",
          "config.json",
          "config.yaml",
          "config.yml",
          "pause.json",
          "trust.json",
          "team-policy.json",
          "credentials.json",
          "approval-key.json",
          "approval-failures.json",
          "audit/x",
          "state/x",
          "cache/x",
          "escalations/x",
        ],
        guardsAncestors: true,
      });
  for (const c of [env.XDG_CACHE_HOME, `${home}/.cache`])
    add(absolute(c, cwd) && `${absolute(c, cwd)}/staso`, {
      kind: "staso's code cache (compiled code its hook loads)",
      folderKind: "staso's code cache",
      inside: "all",
      samples: ["x"],
      guardsAncestors: false,
    });

  // staso's installation: the running one, and the programs the agents' hook commands name.
  const inst = scope.installation ?? runningInstallation();
  const named = hookProgramsIn([
    ...claudeDirs.filter(Boolean).map((d) => `${d}/settings.json`),
    ...codexDirs.filter(Boolean).flatMap((d) => [`${d}/hooks.json`, `${d}/config.toml`]),
    // the other agents' user-level hook files (where staso setup writes)
    `${home}/.gemini/settings.json`,
    `${absolute(env.COPILOT_HOME, cwd) ?? `${home}/.copilot`}/hooks/staso.json`,
    `${absolute(env.XDG_CONFIG_HOME, cwd) ?? `${home}/.config`}/opencode/plugin/staso.js`,
    `${home}/.cursor/hooks.json`,
    `${home}/.factory/hooks.json`,
    `${home}/.factory/settings.json`,
    `${home}/.qwen/settings.json`,
  ]);
  const packages = new Set(inst.packages);
  const files = new Set(inst.files);
  for (const p of named) {
    const pkg = packageOf(p);
    if (pkg) packages.add(pkg);
    else files.add(p);
  }
  // An installed hook elsewhere (set up under another STASO_HOME): its store, every version in it. And the
  // package it was installed from: its CLI runs the exports the hook starts, and the human's commands.
  for (const pkg of [...packages]) {
    if (!hookStoreOf(pkg)) continue;
    addHookStore(hookStoreOf(pkg));
    const from = installedFrom(pkg);
    if (from) packages.add(from);
  }
  for (const pkg of packages)
    add(pkg, {
      kind: STASO_INSTALL,
      folderKind: STASO_INSTALL,
      inside: PACKAGE_INSIDE,
      samples: [
        "bin/staso.js",
        "dist/hook.cjs",
        "dist/cli.mjs",
        "dist/native/staso-hook",
        "package.json",
        "node_modules/x",
      ],
      guardsAncestors: "outside-project",
    });
  for (const f of files)
    add(f, { kind: STASO_INSTALL, folderKind: STASO_INSTALL, inside: "all", samples: [], guardsAncestors: false });
  // A `staso` the human runs from PATH: replaced, it would see (and could keep) the approval passphrase.
  for (const d of (env.PATH ?? "").split(":"))
    if (d.startsWith("/"))
      add(`${normalizePath(d)}/staso`, {
        kind: "the staso command on your PATH",
        folderKind: "the staso command on your PATH",
        inside: "all",
        samples: [],
        guardsAncestors: false,
      });
  rootCache = { key, roots: out };
  return out;
}

const SHELL_STARTUP =
  /^\.(?:bashrc|bash_profile|bash_login|bash_logout|bash_aliases|profile|zshrc|zshenv|zprofile|zlogin|zlogout|kshrc|mkshrc|cshrc|tcshrc|login|logout|xprofile|xsessionrc)$/;

/** Folders on PATH (the user's, the system's, a project's node_modules/.bin and virtualenv bin). */
const PROGRAM_DIR =
  /^(?:\/usr(?:\/local)?\/s?bin|\/s?bin|\/opt\/homebrew\/bin)$|\/(?:\.local\/bin|bin|go\/bin|\.cargo\/bin|\.npm-global\/bin|\.deno\/bin|\.bun\/bin|\.yarn\/bin|node_modules\/\.bin|\.venv\/bin|venv\/bin)$/;
/** Commands a wrapper of the same name in a PATH folder would hijack (credentials pass through most). */
const COMMON_COMMANDS = new Set(
  (
    "ls cd cat cp mv rm ln mkdir chmod chown sudo su doas ssh scp sftp rsync git gh curl wget node npm npx yarn pnpm " +
    "bun deno python python3 pip pip3 uv poetry ruby gem bundle perl php java go cargo rustc make cmake gcc cc clang " +
    "docker podman kubectl helm terraform aws gcloud az bash sh zsh fish env ps grep find sed awk tar gzip unzip gpg " +
    "openssl id whoami passwd kill top less more vi vim nvim nano code man which tee head tail sort xargs " +
    // What root runs or what hands out access: a copy earlier on PATH (/usr/local/sbin before /usr/sbin)
    // runs as the daemon or the login step it shadows.
    "sshd ssh-agent ssh-add ssh-keygen login getty agetty systemctl service init cron crond crontab at atd " +
    "mount umount iptables nft ufw useradd usermod userdel visudo pkexec dbus-daemon dockerd containerd kubelet"
  ).split(" "),
);

/** Protected by name, wherever they are (`p` folded when the file system ignores case). */
function byName(p: string, home: string): string | undefined {
  const base = posix.basename(p);
  const inHome = home && p.startsWith(`${home}/`) ? p.slice(home.length + 1) : undefined;
  if (inHome !== undefined) {
    if (
      SHELL_STARTUP.test(inHome) ||
      /^\.(?:bashrc|zshrc|profile)\.d\//.test(inHome) ||
      /^\.config\/fish\/(?:config\.fish|conf\.d\/)/.test(inHome) ||
      /^\.config\/(?:nushell|elvish|xonsh)\//.test(inHome)
    )
      return "a shell start-up file";
    if (inHome === ".ssh" || inHome.startsWith(".ssh/")) return "SSH access configuration";
    if (inHome === ".claude.json") return AGENT_FILE;
    // The other agents' user-level settings, hook files and plugins at their default places (their
    // folders moved by COPILOT_HOME or XDG_CONFIG_HOME are roots above). Every file staso setup writes is
    // protected: test/hosts/registry.test.ts checks it.
    if (
      /^\.gemini\/(?:settings\.json|trustedFolders\.json|trusted_hooks\.json|extensions\/)/.test(inHome) ||
      /^\.copilot\/(?:config\.json|settings(?:\.local)?\.json|hooks\/)/.test(inHome) ||
      /^\.config\/opencode(?:\/|$)/.test(inHome) ||
      /^\.cursor\/(?:hooks\.json|hooks\/|cli-config\.json)/.test(inHome) ||
      /^\.factory\/(?:settings(?:\.local)?\.json|hooks\.json|hooks\/)/.test(inHome) ||
      /^\.qwen\/(?:settings\.json|extensions\/)/.test(inHome)
    )
      return AGENT_FILE;
    if (/^\.config\/(?:git\/config|git\/attributes)$|^\.gitconfig$/.test(inHome)) return "the user's git configuration";
    // Where the user's logins live, and what they run: replaced, the user's pushes, uploads and deploys go
    // to an account of the writer's choosing; aws credential_process, kubeconfig exec plugins, docker
    // credHelpers, terraform credentials_helper and gpg-agent's pinentry-program run programs.
    if (
      /^(?:\.aws\/(?:credentials|config)|\.kube\/config|\.docker\/config\.json|\.netrc|\.git-credentials|\.config\/git\/credentials|\.config\/gh\/hosts\.yml|\.config\/hub|\.pypirc|\.terraformrc|\.terraform\.d\/credentials\.tfrc\.json|\.vault-token|\.gnupg\/[^/]+\.conf)$/.test(
        inHome,
      )
    )
      return "the user's login credentials (or the programs they run)";
  }
  if (p === "/etc" || p.startsWith("/etc/")) return "system configuration (/etc)";
  if (/(?:^|\/)\.ssh\/authorized_keys2?$/.test(p)) return "SSH access configuration";
  if (PROGRAM_DIR.test(posix.dirname(p)) && COMMON_COMMANDS.has(base.replace(/\.exe$/, "")))
    return "a program folder on PATH, under the name of a command everyone runs (it would run instead of it)";
  // git never runs a `.sample` file (it ships them disabled): removing or rewriting one changes nothing
  // that runs; renaming one into place names the real hook, which is caught here.
  if (/(?:^|\/)\.git\/hooks(?:\/|$)/.test(p) && !/\/\.git\/hooks\/[^/]+\.sample$/.test(p))
    return "a git hook (runs on every commit or checkout)";
  if (/(?:^|\/)\.git\/config$/.test(p))
    return "a repository's git configuration (can run programs through hooksPath, aliases and filters)";
  if (/(?:^|\/)\.claude\/(?:settings[^/]*\.json|hooks\/)/.test(p)) return AGENT_FILE;
  if (/(?:^|\/)\.codex\/(?:config\.toml|hooks\.json|hooks\/)/.test(p)) return AGENT_FILE;
  if (base === "hooks.json" && /(?:^|\/)\.(?:codex|claude)(?:-plugin)?\//.test(p)) return "an agent's hook file";
  if (
    /^(?:\.stasorc(?:\.[a-z]+)?|staso\.config\.[a-z]+)$/.test(base) ||
    /(?:^|\/)\.config\/stasorc(?:\.[a-z]+)?$/.test(p)
  )
    return "staso's configuration";
  // Project-level settings, hooks and plugins of the other agents: a repository's own can switch a guard
  // off or run code (Copilot's .github/hooks, opencode's plugins and opencode.json, …).
  if (
    /(?:^|\/)\.(?:gemini|qwen)\/settings\.json$/.test(p) ||
    /(?:^|\/)\.github\/(?:hooks\/|copilot\/settings(?:\.local)?\.json$)/.test(p) ||
    /(?:^|\/)\.opencode(?:\/|$)/.test(p) ||
    /(?:^|\/)opencode\.jsonc?$/.test(p) ||
    /(?:^|\/)\.cursor\/(?:hooks\.json$|hooks\/)/.test(p) ||
    /(?:^|\/)\.factory\/(?:settings(?:\.local)?\.json$|hooks\.json$|hooks\/)/.test(p)
  )
    return AGENT_FILE;
  return undefined;
}

function fullScope(home: string, scope: Partial<ProtectedScope>): ProtectedScope {
  return { home, env: scope.env ?? process.env, platform: scope.platform ?? process.platform, ...scope };
}

/**
 * What protected thing `path` (absolute, normalised) is, or undefined. For "remove" and "delete" (moved away,
 * deleted), a folder that holds an agent's settings, staso's state or its installation counts too:
 * `mv ~/.claude ~/.claude.bak` switches the hooks off as surely as editing settings.json.
 */
export function protectedPathKind(
  path: string,
  home: string,
  scope: Partial<ProtectedScope> = {},
  op: PathOp = "write",
): string | undefined {
  const s = fullScope(home, scope);
  const fold = caseInsensitiveFs(s.platform);
  const p = fold ? path.toLowerCase() : path;
  const h = fold ? home.toLowerCase() : home;
  const named = byName(p, h);
  if (named) return named;
  for (const r of roots(s)) {
    if (p === r.dir) {
      if (r.inside === "all") return r.kind;
      if (op !== "write") return r.folderKind;
      continue;
    }
    if (p.startsWith(`${r.dir}/`)) {
      const rel = p.slice(r.dir.length + 1);
      if (r.inside === "all" || r.inside.test(rel)) return r.kind;
    }
  }
  if (op === "write") return undefined;
  if (/(?:^|\/)\.(?:claude|codex)$/.test(p)) return "an agent's settings folder";
  if (op === "replace") return undefined;
  // Deleting / or the home folder is the filesystem rules' to stop (always, and for what it is).
  if (op === "delete" && (p === "/" || p === h)) return undefined;
  const project = s.project && (fold ? s.project.toLowerCase() : s.project);
  for (const r of roots(s)) {
    if (!r.guardsAncestors || !isWithin(r.dir, p) || p === r.dir) continue;
    if (r.guardsAncestors === "outside-project" && project && isWithin(p, project)) continue;
    return `a folder holding ${r.folderKind}`;
  }
  return undefined;
}

/** Relative paths protected wherever they are, as samples for patterns ending in their folders (`.git/$X`). */
const NAMED_SAMPLES = [
  ".git/hooks/pre-commit",
  ".git/config",
  ".claude/settings.json",
  ".claude/settings.local.json",
  ".claude/hooks/x",
  ".codex/config.toml",
  ".codex/hooks.json",
  ".codex/hooks/x",
  ".claude-plugin/hooks.json",
  ".codex-plugin/hooks.json",
];
const HOME_SAMPLES = [
  ".bashrc",
  ".bash_profile",
  ".profile",
  ".zshrc",
  ".zshenv",
  ".ssh/authorized_keys",
  ".gitconfig",
  ".config/git/config",
  ".config/fish/config.fish",
  ".claude.json",
];

/**
 * Concrete protected paths a pattern could stand for: every protected root and samples inside it, the
 * home folder's start-up files, /etc, and the named files whose folder the pattern's fixed part ends in
 * (`.git/hook*` can be `.git/hooks/…`; `dist/*` is not checked against `dist/.git/hooks/…`: what exists
 * there is found on disk instead). For "remove", the roots' parent folders too.
 */
export function protectedSamples(home: string, fixedDir: string, scope: Partial<ProtectedScope>, op: PathOp): string[] {
  const s = fullScope(home, scope);
  const fold = caseInsensitiveFs(s.platform);
  const h = fold ? home.toLowerCase() : home;
  const dir = fold ? fixedDir.toLowerCase() : fixedDir;
  const out = new Set<string>();
  for (const r of roots(s)) {
    for (const x of r.samples) out.add(`${r.dir}/${x}`);
    out.add(r.dir);
    if ((op === "remove" || op === "delete") && r.guardsAncestors)
      for (let d = posix.dirname(r.dir); d !== "/" && d.length > 1; d = posix.dirname(d)) out.add(d);
  }
  for (const f of HOME_SAMPLES) out.add(`${h}/${f}`);
  for (const f of ["/etc/x", "/etc/cron.d/x", "/etc/sudoers"]) out.add(f);
  for (const sample of NAMED_SAMPLES) {
    const comps = sample.split("/");
    for (let k = 1; k < comps.length; k++)
      if (dir.endsWith(`/${comps.slice(0, k).join("/")}`)) out.add(`${dir}/${comps.slice(k).join("/")}`);
  }
  return [...out];
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
  scope: Partial<ProtectedScope> = {},
): { kind: string; certain: boolean } | undefined {
  const own = protectedPathKind(dir, home, scope);
  if (own) return { kind: own, certain: true };
  const s = fullScope(home, scope);
  const fold = caseInsensitiveFs(s.platform);
  const d = (fold ? dir.toLowerCase() : dir).replace(/(.)\/+$/, "$1");
  const h = fold ? home.toLowerCase() : home;
  if (d === "/") return { kind: "the root of the filesystem (/etc and every home are under it)", certain: false };
  if (h && d === h)
    return {
      kind: "your home folder (shell start-up files, ~/.ssh and the agents' settings live there)",
      certain: false,
    };
  if (/(?:^|\/)\.git$/.test(d))
    return { kind: "a repository's .git folder (its hooks and config run programs)", certain: false };
  if (
    /(?:^|\/)\.(?:claude|codex|gemini|copilot|opencode|cursor|factory|qwen)$/.test(d) ||
    roots(s).some((r) => r.dir === d && r.folderKind === AGENT_FOLDER)
  )
    return { kind: "an agent's settings folder", certain: false };
  if (h && (d === `${h}/.config` || d === `${h}/.config/fish` || d === `${h}/.config/git`))
    return { kind: "a folder of start-up and git configuration files", certain: false };
  return undefined;
}
