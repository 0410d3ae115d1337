// Paths as commands name them: resolving against the tracked cwd and home, normalising, and telling
// what a path (or a glob) reaches: the filesystem root, the home directory, a system directory, the
// project. Shared by every rule that looks at file targets.
import { existsSync, readFileSync, statSync } from "node:fs";
import { os } from "../../builtin.js";

/** Normalises an absolute or relative path: collapses "//", "." and ".." (never above "/"). */
export function normalizePath(p: string): string {
  if (p === "") return p;
  const abs = p.startsWith("/");
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length && out[out.length - 1] !== "..") out.pop();
      else if (!abs) out.push("..");
      continue;
    }
    out.push(seg);
  }
  const joined = out.join("/");
  return abs ? `/${joined}` : joined || ".";
}

/** Resolves a path word against the tracked cwd and home ("~" expanded). Relative words stay relative when cwd is unknown. */
export function resolvePathWord(word: string, cwd: string | undefined, home: string): string {
  let p = word;
  if (p === "~" || p.startsWith("~/")) p = home + p.slice(1);
  if (!p.startsWith("/")) {
    if (!cwd) return p;
    p = `${cwd.replace(/\/+$/, "")}/${p}`;
  }
  return normalizePath(p);
}

const GLOB_CHARS = /[*?[]/;

/**
 * The directory a glob word can reach: the path up to (not including) the first component holding a
 * glob character, and whether there was one. `/e*` → { base: "/", glob: true }; `~/*` → home.
 */
export function globBase(path: string): { base: string; glob: boolean; pattern?: string } {
  const i = path.search(GLOB_CHARS);
  if (i < 0) return { base: path, glob: false };
  const slash = path.lastIndexOf("/", i);
  const base = slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
  return { base, glob: true, pattern: path.slice(slash + 1) };
}

/** The directories whose recursive deletion (or chmod -R) breaks the machine. */
export const SYSTEM_DIRS = [
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/home",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/opt",
  "/proc",
  "/root",
  "/run",
  "/sbin",
  "/srv",
  "/sys",
  "/usr",
  "/usr/bin",
  "/usr/lib",
  "/usr/lib64",
  "/usr/local",
  "/usr/sbin",
  "/usr/share",
  "/usr/local/bin",
  "/usr/local/lib",
  "/var",
  "/var/lib",
  "/var/log",
  "/var/db",
  "/var/spool",
  "/var/mail",
  "/var/backups",
  "/var/www",
  "/snap",
  "/nix",
  "/nix/store",
  "/mnt",
  "/media",
  "/Users",
  "/System",
  "/Library",
  "/Applications",
  "/Volumes",
  "/private",
  "/private/etc",
  "/private/var",
  "/cores",
  "/efi",
  "/boot/efi",
];
const SYSTEM_SET = new Set(SYSTEM_DIRS);

export function isSystemDir(path: string): boolean {
  return SYSTEM_SET.has(path);
}

/** Inside (or equal to) dir. */
export function isWithin(path: string, dir: string): boolean {
  if (dir === "/") return path.startsWith("/");
  return path === dir || path.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
}

/** Temporary directories: deleting in them is everyday. */
export function tempDirs(): string[] {
  const dirs = ["/tmp", "/var/tmp", "/private/tmp", "/private/var/folders", "/var/folders", "/dev/shm"];
  try {
    const t = normalizePath(os().tmpdir());
    if (t !== "/" && !dirs.includes(t)) dirs.push(t);
  } catch {
    // no tmpdir: the defaults do
  }
  return dirs;
}

const rootCache = new Map<string, string>();

/**
 * The project a session works in: the nearest ancestor of `cwd` holding `.git`, else `cwd` itself.
 * A handful of stat calls, cached per process.
 */
export function projectRoot(cwd: string): string {
  const start = normalizePath(cwd);
  const hit = rootCache.get(start);
  if (hit) return hit;
  let root = start;
  try {
    let dir = start;
    for (let i = 0; i < 64 && dir.startsWith("/"); i++) {
      if (existsSync(`${dir + (dir === "/" ? "" : "/")}.git`)) {
        root = dir;
        break;
      }
      if (dir === "/") break;
      dir = dir.slice(0, dir.lastIndexOf("/")) || "/";
    }
  } catch {
    root = start;
  }
  // A repository at / or at home is not a project boundary worth trusting (dotfile repos): use cwd.
  rootCache.set(start, root === "/" ? start : root);
  return rootCache.get(start)!;
}

/** The branch checked out in the repository at `root`, or undefined when unknown (detached, no repo). */
export function currentBranch(root: string): string | undefined {
  try {
    let gitDir = `${root}/.git`;
    if (!statSync(gitDir).isDirectory()) {
      const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitDir, "utf8"));
      if (!m) return undefined;
      gitDir = m[1]!.trim().startsWith("/") ? m[1]!.trim() : `${root}/${m[1]!.trim()}`;
    }
    const head = readFileSync(`${gitDir}/HEAD`, "utf8");
    const m = /^ref:\s*refs\/heads\/(\S+)/.exec(head);
    return m ? m[1] : undefined;
  } catch {
    return undefined;
  }
}
