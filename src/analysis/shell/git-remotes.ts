// Where git pushes: the remotes a command line points somewhere (`git remote add|set-url`, `git config
// remote.X.url`, `git -c remote.X.url=…`), the pushes it makes and the URL each goes to. Remotes pointed
// in one call are remembered for the session (a RememberedFile on the repository's config, see
// remoteMemory), so a push in a later call knows the agent chose that URL.
import { readFileSync, statSync } from "node:fs";
import { gitSubcommand } from "./commands.js";
import { projectRoot } from "./paths.js";
import type { RememberedFile, SimpleCommand } from "./types.js";

/** A push and where it goes. */
export interface GitPush {
  cmd: SimpleCommand;
  /** The remote named (or "" when the push names a URL). */
  remote: string;
  /** The URL, when the command line (or the session) set it or the push names it. */
  url?: string;
  /** The URL was pointed by an earlier call of the session (the config holds it now). */
  remembered: boolean;
  /** The remote was added (`git remote add`) by this command line. */
  added: boolean;
  /** The URL is only partly known (variables in it): its repository is unknown. */
  partial?: boolean;
}

const REMOTE_KEY = /^remote\.(.+)\.(?:url|pushurl)$/i;
const PUSH_VALUE = new Set(["--repo", "-o", "--push-option", "--receive-pack", "--exec", "--signed"]);
const REMOTE_ADD_VALUE = new Set(["-t", "-m", "--mirror"]);
const CONFIG_VALUE = new Set(["-f", "--file", "--blob", "--type", "--default", "--comment"]);

/** A word that names a repository by URL rather than a remote: scheme://, user@host:path, a path. */
function isRepositoryUrl(word: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(word) ||
    /^[^\s/:@]+@[^\s/:]+:/.test(word) ||
    /^[\w.-]+\.[a-z]{2,}:[^/\d]/i.test(word)
  );
}

/** host/path of a repository URL without scheme, user, port, `.git` and slashes: the same repository in any spelling. */
export function repositoryKey(url: string): string {
  let u = url.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(u);
  let host: string;
  let path: string;
  if (scheme) {
    u = u.slice(scheme[0].length);
    const slash = u.indexOf("/");
    const authority = slash < 0 ? u : u.slice(0, slash);
    path = slash < 0 ? "" : u.slice(slash + 1);
    host = authority.slice(authority.lastIndexOf("@") + 1).replace(/:\d*$/, "");
  } else {
    const at = u.indexOf("@");
    const rest = at >= 0 ? u.slice(at + 1) : u;
    const colon = rest.indexOf(":");
    host = colon >= 0 ? rest.slice(0, colon) : "";
    path = colon >= 0 ? rest.slice(colon + 1) : rest;
  }
  return `${host.toLowerCase()}/${path.replace(/^\/+|\/+$/g, "").replace(/\.git$/, "")}`;
}

function gitArgs(cmd: SimpleCommand): { sub: string; rest: string[]; globals: string[] } | undefined {
  if (cmd.program !== "git") return undefined;
  const g = gitSubcommand(cmd.args);
  if (!g) return undefined;
  return { sub: g.sub, rest: g.rest, globals: cmd.args.slice(0, cmd.args.length - g.rest.length - 1) };
}

/** The remote → URL settings a git command makes (and `git -c` settings that hold for itself). */
function remotesSet(sub: string, rest: string[]): [string, string, "add" | "set"][] {
  const positional = (values: Set<string>) => {
    const out: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      if (values.has(a)) i++;
      else if (!a.startsWith("-")) out.push(a);
    }
    return out;
  };
  if (sub === "remote") {
    const [verb, ...more] = positional(REMOTE_ADD_VALUE);
    if ((verb === "add" || verb === "set-url") && more.length >= 2) {
      // set-url NAME NEWURL [OLDURL]; --delete removes a URL instead.
      if (rest.includes("--delete")) return [];
      return [[more[0]!, more[1]!, verb === "add" ? "add" : "set"]];
    }
    return [];
  }
  if (sub === "config") {
    const p = positional(CONFIG_VALUE);
    if (rest.some((x) => /^--(?:unset|get|list|remove-section|rename-section)/.test(x))) return [];
    const i = p[0] === "set" ? 1 : 0;
    const m = REMOTE_KEY.exec(p[i] ?? "");
    return m && p[i + 1] ? [[m[1]!, p[i + 1]!, "set"]] : [];
  }
  return [];
}

/** The pushes of a command line, in order, each with where it goes as far as the command line says. */
export function gitPushes(commands: SimpleCommand[], remembered: RememberedFile[] = [], cwd = "/"): GitPush[] {
  const chosen = new Map<string, string>();
  const fromSession = new Set<string>();
  const added = new Set<string>();
  const root = remembered.length ? projectRoot(cwd) : "";
  for (const f of remembered) {
    const m = /#remote\.(.+)\.url$/.exec(f.path);
    if (m && f.path.startsWith(`${root}/.git/config#`) && f.text) {
      chosen.set(m[1]!, f.text);
      fromSession.add(m[1]!);
    }
  }
  const out: GitPush[] = [];
  for (const cmd of commands) {
    const g = gitArgs(cmd);
    if (!g) continue;
    for (const [name, url, verb] of remotesSet(g.sub, g.rest)) {
      chosen.set(name, url);
      fromSession.delete(name);
      if (verb === "add") added.add(name);
      else added.delete(name);
    }
    if (g.sub !== "push") continue;
    const local = new Map(chosen);
    for (let i = 0; i < g.globals.length; i++) {
      const kv = g.globals[i] === "-c" ? g.globals[i + 1] : /^-c(.+)/.exec(g.globals[i]!)?.[1];
      const m = kv ? /^remote\.(.+)\.(?:url|pushurl)=(.+)$/i.exec(kv) : null;
      if (m) local.set(m[1]!, m[2]!);
    }
    let remote: string | undefined;
    let repo: string | undefined;
    for (let i = 0; i < g.rest.length; i++) {
      const a = g.rest[i]!;
      if (a === "--repo") repo = g.rest[++i];
      else if (a.startsWith("--repo=")) repo = a.slice(7);
      else if (PUSH_VALUE.has(a)) i++;
      else if (a === "--") {
        remote ??= g.rest[i + 1];
        break;
      } else if (!a.startsWith("-")) {
        remote = a;
        break;
      }
    }
    remote ??= repo;
    if (remote && isRepositoryUrl(remote)) {
      // A URL pieced from variables (`https://x:${TOKEN}@github.com/${REPO}.git` in CI) names a
      // repository staso cannot see: only its host is judged.
      const k = cmd.argv.indexOf(remote);
      const partial = k > 0 && cmd.wordInfo[k]?.dynamic === true;
      out.push({ cmd, remote: "", url: remote, remembered: false, added: false, ...(partial ? { partial } : {}) });
      continue;
    }
    // No remote named: the branch's upstream, in practice origin (or the one remote the line pointed).
    const name = remote ?? (local.has("origin") || local.size !== 1 ? "origin" : [...local.keys()][0]!);
    const url = local.get(name);
    out.push({
      cmd,
      remote: name,
      ...(url !== undefined ? { url } : {}),
      remembered: fromSession.has(name) && local.get(name) === chosen.get(name),
      added: added.has(name) && local.get(name) === chosen.get(name),
    });
  }
  return out;
}

/** What a command line points its remotes at, as the session memory keeps it (after the line ran). */
export function remoteMemory(commands: SimpleCommand[], cwd: string): RememberedFile[] {
  const out: RememberedFile[] = [];
  for (const cmd of commands) {
    const g = gitArgs(cmd);
    if (!g) continue;
    const set = remotesSet(g.sub, g.rest);
    if (!set.length) continue;
    const root = projectRoot(cmd.cwd ?? cwd);
    // Read before the line runs: a remote pointed at a repository the config already names (https to
    // ssh, a fork's upstream) is not the agent's choice of a new destination.
    const configured = configuredRemotes(root);
    const known = [...configured.values()].flat().map(repositoryKey);
    for (const [name, url, verb] of set)
      if (out.length < 8 && !known.includes(repositoryKey(url)) && !(verb === "add" && firstOrigin(configured, name)))
        out.push({ path: `${root}/.git/config#remote.${name}.url`, text: url });
  }
  return out;
}

/**
 * A repository with no remote at all getting its `origin` (`git remote add`, not set-url: that one needs
 * an origin already): how a new project is first published
 * (`git remote add origin …; git push -u origin main`), not a copy of one that already lives somewhere.
 */
export function firstOrigin(configured: Map<string, string[]>, name: string): boolean {
  return configured.size === 0 && name === "origin";
}

/** The remotes configured in the repository at `root` (name → URLs), read from its config file. */
export function configuredRemotes(root: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  try {
    let gitDir = `${root}/.git`;
    if (!statSync(gitDir).isDirectory()) {
      const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitDir, "utf8"));
      if (!m) return out;
      gitDir = m[1]!.trim().startsWith("/") ? m[1]!.trim() : `${root}/${m[1]!.trim()}`;
      try {
        const common = readFileSync(`${gitDir}/commondir`, "utf8").trim();
        gitDir = common.startsWith("/") ? common : `${gitDir}/${common}`;
      } catch {
        // not a linked worktree
      }
    }
    const text = readFileSync(`${gitDir}/config`, "utf8");
    let section: string | undefined;
    for (const line of text.split("\n")) {
      const s = /^\s*\[\s*remote\s+"([^"]+)"\s*\]/.exec(line);
      if (s) {
        section = s[1];
        continue;
      }
      if (/^\s*\[/.test(line)) section = undefined;
      const kv = /^\s*(?:url|pushurl)\s*=\s*(.+?)\s*$/i.exec(line);
      if (section && kv) out.set(section, [...(out.get(section) ?? []), kv[1]!]);
    }
  } catch {
    // no repository, or unreadable: nothing configured as far as staso can tell
  }
  return out;
}
