// What a deleting (or permission-changing) command reaches, shared by the filesystem rules: each
// target resolved against the tracked cwd, with globs reduced to the directory they can reach.
import type { SimpleCommand, WordInfo } from "../../analysis/shell/index.js";
import { hasOption, operands } from "../../analysis/shell/commands.js";
import { isDryRun } from "../../analysis/shell/dry-run.js";
import { pathPattern } from "../../analysis/fs/glob.js";
import {
  globBase,
  isSystemDir,
  isWithin,
  normalizePath,
  resolvePathWord,
  SYSTEM_DIRS,
  tempDirs,
} from "../../analysis/shell/paths.js";

export interface Target {
  /** The word as written (expanded). */
  word: string;
  info: WordInfo;
  /** Absolute, normalised path; undefined when its location is unknown (relative with unknown cwd, or starts with an unknown expansion). */
  path?: string;
  /** The target is a glob: `path` is then the directory the glob can reach into. */
  glob: boolean;
  /** The glob's last pattern (the part that matches names in `path`). */
  pattern?: string;
}

export interface Deletion {
  cmd: SimpleCommand;
  recursive: boolean;
  targets: Target[];
}

/** Home directories that hold what a user cannot get back. */
const CRITICAL_HOME_DIRS = [
  ".ssh",
  ".gnupg",
  ".aws",
  ".kube",
  ".config",
  ".local",
  ".docker",
  "Documents",
  "Desktop",
  "Library",
  "Pictures",
  "Music",
  "Movies",
  "Videos",
  "Dropbox",
  "Projects",
  "projects",
  "src",
  "code",
  "work",
  "git",
];

const reachedThroughFind = (cmd: SimpleCommand) =>
  cmd.wrappers.some(
    (w) => w.startsWith("find ") || w.startsWith("fd ") || w === "xargs" || w.startsWith("lines read by "),
  ) && cmd.wordInfo.length > 0;

/** A path that goes through a link the command (or the session) made, with the link's target in its place. */
function throughLinks(path: string, links: Map<string, string> | undefined): string {
  if (!links?.size) return path;
  for (let n = 0; n < 8; n++) {
    let next: string | undefined;
    for (const [link, to] of links)
      if (path === link || path.startsWith(`${link}/`)) {
        next = normalizePath(to + path.slice(link.length));
        break;
      }
    if (next === undefined || next === path) return path;
    path = next;
  }
  return path;
}

export function target(
  word: string,
  info: WordInfo,
  cmd: SimpleCommand,
  home: string,
  links?: Map<string, string>,
): Target {
  if (info.dynamicStart) return { word, info, glob: false };
  let resolved = resolvePathWord(word, cmd.remote ? undefined : cmd.cwd, home);
  if (!cmd.remote && resolved.startsWith("/")) resolved = throughLinks(resolved, links);
  if (!resolved.startsWith("/")) return { word, info, glob: false };
  const g = globBase(resolved);
  if (!g.glob) return { word, info, path: resolved, glob: false };
  return { word, info, path: normalizePath(g.base), glob: true, pattern: g.pattern ?? "*" };
}

/** Converts a glob component to an anchored regex (linear: only [^/]* and classes). */
function globRegex(pattern: string): RegExp | undefined {
  let src = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") src += "[^/]*";
    else if (c === "?") src += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) src += "\\[";
      else {
        let cls = pattern.slice(i + 1, end);
        if (cls.startsWith("!")) cls = `^${cls.slice(1)}`;
        src += `[${cls.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else if (c === "/") return undefined;
    else src += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  try {
    return new RegExp(`^(?:${src})$`);
  } catch {
    return undefined;
  }
}

/** Whether a glob target can match one of `names` in its directory (a bad pattern counts as matching). */
export function globReaches(t: Target, names: string[]): string | undefined {
  if (!t.glob) return undefined;
  const pattern = (t.pattern ?? "*").split("/")[0]!;
  const re = globRegex(pattern);
  if (!re) return names[0];
  return names.find((n) => re.test(n));
}

/** The glob matches (nearly) every entry of its directory, like `*` or `.*`. */
export function globMatchesAll(t: Target): boolean {
  return t.glob && globReaches(t, ["src"]) !== undefined && globReaches(t, ["README"]) !== undefined;
}

/**
 * The deletions a command performs (rm, rimraf, unlink, rsync --delete, find -delete/-exec rm, a move
 * into /dev/null or over a folder, archivers that remove what they pack, …). `links`: the symbolic
 * links the command line made (ShellAnalysis.links), which paths are resolved through.
 */
export function deletion(cmd: SimpleCommand, home: string, links?: Map<string, string>): Deletion | undefined {
  const p = cmd.program;
  const info = cmd.wordInfo.slice(1);
  const mk = (recursive: boolean, ops: { word: string; index: number }[]): Deletion => ({
    cmd,
    recursive,
    targets: ops.map((o) => target(o.word, info[o.index] ?? { dynamic: false, dynamicStart: false }, cmd, home, links)),
  });
  if (p === "mv" || p === "gmv") {
    const ops = operands(cmd.args, ["-t", "--target-directory", "-S", "--suffix"]);
    // The destination given by -t (`mv -t /dev/null a b`, `--target-directory=/dev/null`): every operand moves.
    const t = cmd.args.findIndex((a) => a === "-t" || a === "--target-directory");
    const into =
      t >= 0
        ? cmd.args[t + 1]
        : (cmd.args.find((a) => a.startsWith("--target-directory="))?.slice(19) ??
          cmd.args.find((a) => /^-[^-]*t./.test(a))?.replace(/^-[^-t]*t/, ""));
    if (into === "/dev/null") return ops.length > 0 ? mk(true, ops) : undefined;
    if (ops.length < 2) return undefined;
    const dest = ops[ops.length - 1]!;
    // Into /dev/null: the sources are gone. With -T the destination folder is replaced by the source.
    if (dest.word === "/dev/null") return mk(true, ops.slice(0, -1));
    if (hasOption(cmd.args, "T", ["--no-target-directory"]) && ops.length === 2) return mk(true, [dest]);
    return undefined;
  }
  const archived = archiveRemovingSources(cmd);
  if (archived) return mk(true, archived);
  if (p === "rm" || p === "grm") {
    const recursive = hasOption(cmd.args, "rR", ["--recursive"]) || reachedThroughFind(cmd);
    return mk(recursive, operands(cmd.args));
  }
  if (
    p === "rimraf" ||
    p === "del" ||
    p === "del-cli" ||
    p === "premove" ||
    p === "trash-empty" ||
    p === "rmtrash" ||
    p === "trash-cli"
  )
    return mk(true, operands(cmd.args));
  if (p === "unlink") return mk(false, operands(cmd.args));
  if (p === "rmdir") return undefined; // only removes empty directories
  if (
    p === "rsync" &&
    cmd.args.some((a) => a.startsWith("--delete") || a === "--remove-source-files") &&
    !isDryRun(cmd) // -n/--dry-run: lists what it would delete
  ) {
    const ops = operands(cmd.args, [
      "-e",
      "--rsh",
      "--exclude",
      "--include",
      "--filter",
      "-f",
      "--exclude-from",
      "--include-from",
      "--files-from",
      "--rsync-path",
      "--password-file",
      "--log-file",
      "--chmod",
      "--chown",
      "--backup-dir",
      "--suffix",
      "--partial-dir",
      "--temp-dir",
      "-T",
      "--compare-dest",
      "--link-dest",
      "--copy-dest",
      "--max-size",
      "--min-size",
      "--timeout",
      "--port",
      "--bwlimit",
    ]);
    const dest = ops[ops.length - 1];
    // --remove-source-files: what is copied leaves the source (local sources only).
    const sources = cmd.args.includes("--remove-source-files")
      ? ops.slice(0, -1).filter((o) => !/^[^/]*:/.test(o.word))
      : [];
    if (!dest || ops.length < 2) return undefined;
    const delete_ = cmd.args.some((a) => a.startsWith("--delete")) && !/^[^/]*:/.test(dest.word); // not remote
    const reached = [...sources, ...(delete_ ? [dest] : [])];
    return reached.length ? mk(true, reached) : undefined;
  }
  return undefined;
}

/** What an archiver packs and then removes: tar --remove-files, zip -m, 7z a -sdel. Operands, or undefined. */
function archiveRemovingSources(cmd: SimpleCommand): { word: string; index: number }[] | undefined {
  const p = cmd.program;
  const args = cmd.args;
  if ((p === "tar" || p === "bsdtar" || p === "gtar") && args.includes("--remove-files")) {
    // The archive (-f FILE, or f in a cluster or in the old-style first word) is not a source.
    const out: { word: string; index: number }[] = [];
    let skipNext = 0;
    // -C DIR / --directory DIR: the operands after it are found in DIR (`tar --remove-files -C / home/dev`).
    let dir: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (skipNext > 0) {
        skipNext--;
        continue;
      }
      if (a === "-C" || a === "--directory" || a.startsWith("--directory=")) {
        dir = a.startsWith("--directory=") ? a.slice(12) : args[i + 1];
        if (!a.includes("=")) skipNext = 1;
        continue;
      }
      if (a.startsWith("--")) {
        if (
          /^--(file|directory|exclude|files-from|transform|owner|group|mode|mtime|newer|use-compress-program|to-command)$/.test(
            a,
          )
        )
          skipNext = 1;
        continue;
      }
      const cluster = a.startsWith("-") ? a.slice(1) : i === 0 && /^[a-zA-Z]+$/.test(a) ? a : undefined;
      if (cluster !== undefined) {
        for (const c of cluster) if ("fCTXIKgNbL".includes(c)) skipNext++;
        continue;
      }
      out.push({ word: dir !== undefined && !/^[/~$]/.test(a) ? `${dir.replace(/\/+$/, "")}/${a}` : a, index: i });
    }
    return out;
  }
  if (p === "zip" && args.some((a) => /^-[a-zA-Z]*m/.test(a) && !a.startsWith("--"))) {
    const ops = operands(args, ["-b", "-n", "-t", "-tt", "-x", "-i", "-P", "-O", "--out", "-Z", "-s"]);
    return ops.slice(1); // the first is the archive
  }
  if ((p === "7z" || p === "7za" || p === "7zr") && args.includes("-sdel") && (args[0] === "a" || args[0] === "u")) {
    const ops = operands(args.slice(1)).map((o) => ({ word: o.word, index: o.index + 1 }));
    return ops.slice(1);
  }
  return undefined;
}

/** Catastrophic: the filesystem root, home, a system directory, a parent of home, or a critical home dir. */
export function catastrophic(path: string, home: string, extra: string[] = []): string | undefined {
  if (path === "/") return "the whole filesystem (/)";
  if (path === home) return "the home directory (~)";
  if (home !== "/" && isWithin(home, path)) return `${path}, which holds the home directory`;
  if (isSystemDir(path)) return `the system directory ${path}`;
  for (const d of CRITICAL_HOME_DIRS) if (path === `${home}/${d}`) return `~/${d}`;
  for (const e of extra) {
    const p = resolvePathWord(e, undefined, home);
    if (path === p) return e;
  }
  return undefined;
}

/** Names directly in `/` whose loss breaks the machine, for globs such as `/e*`. */
const ROOT_NAMES = [...new Set(SYSTEM_DIRS.map((d) => d.split("/")[1]!))];

/**
 * What a target reaches that is catastrophic, if anything: the path itself, or for a glob a
 * catastrophic entry it can match (`/*`, `/e*`, `~/*`, `~/.*`, `/usr/*`).
 */
export function catastrophicTarget(t: Target, home: string, extra: string[] = []): string | undefined {
  if (!t.path) return undefined;
  if (!t.glob) return catastrophic(t.path, home, extra);
  if (t.path === "/") {
    const hit = globReaches(t, ROOT_NAMES);
    return hit ? `/${hit} and more (the glob ${t.word} reaches into /)` : undefined;
  }
  if (t.path === home) {
    const hit = globReaches(t, CRITICAL_HOME_DIRS.concat([".bashrc", ".profile", ".zshrc"]));
    return hit || globMatchesAll(t) ? `the contents of the home directory (${t.word})` : undefined;
  }
  const self = catastrophic(t.path, home, extra);
  if (self && globMatchesAll(t)) return `the contents of ${self}`;
  if (self && home !== "/" && isWithin(home, t.path)) {
    // /home/* or /Users/*: every user's home.
    const hit = globReaches(t, [home.slice(t.path.length + 1).split("/")[0]!]);
    if (hit) return `${t.path}/${hit} (the glob ${t.word} reaches the home directory)`;
  }
  return undefined;
}

/** Places where deleting is everyday: temp dirs and the user's extra allowed paths. */
const CACHE_SEGMENT = /^\/(?:[^/]+\/)*?(?:\.?cache|caches|Caches|_cacache|http-cache)(?:\/|$)/;

export function isAllowedScratch(path: string, home: string, allowed: string[], inclusive = false): boolean {
  if (tempDirs().some((t) => isWithin(path, t) && (inclusive || path !== t))) return true;
  // A tool's cache folder in the home folder (~/.kube/cache, ~/.aws/cli/cache, ~/.npm/_cacache,
  // ~/Library/Caches/x): what is in it is made again on the next run.
  if (home && path.startsWith(`${home}/`) && CACHE_SEGMENT.test(path.slice(home.length))) return true;
  return allowed.some((a) => isWithin(path, resolvePathWord(a, undefined, home)));
}

/**
 * What a deletion of `t` deletes of what was moved (ShellAnalysis.moves): the sources, as targets of their
 * own. A glob reaches a destination whose name it matches (`rm -rf /tmp/old-*`); a destination remembered
 * as a pattern (`/tmp/x*`, from `mv ~ /tmp/x$RANDOM`) is reached by a path or a glob that could name it.
 */
export function movedTargets(t: Target, moves: [string, string][]): Target[] {
  if (!t.path) return [];
  const out: Target[] = [];
  const as = (path: string): Target => ({ ...t, glob: false, pattern: undefined, word: path, path });
  for (const [dest, src] of moves) {
    const slash = dest.lastIndexOf("/");
    const dir = dest.slice(0, slash) || "/";
    const name = dest.slice(slash + 1);
    if (t.glob) {
      // The glob names entries of t.path: the destination itself, or the folder above it.
      if (!isWithin(dest, t.path) || dest === t.path) continue;
      const first = dest.slice(t.path === "/" ? 1 : t.path.length + 1).split("/")[0]!;
      const re = pathPattern(t.pattern ?? "*", true);
      if (
        re?.test(first.replace(/\*/g, "0")) ||
        (first.includes("*") && pathPattern(first, true)?.test(t.pattern ?? ""))
      )
        out.push(as(src));
      continue;
    }
    if (name.includes("*")) {
      const re = pathPattern(name, true);
      const under =
        isWithin(t.path, dir) && t.path !== dir ? t.path.slice(dir === "/" ? 1 : dir.length + 1).split("/") : [];
      if (under.length && re?.test(under[0]!)) out.push(as([src, ...under.slice(1)].join("/")));
      continue;
    }
    // isWithin(a, b): a is b or below it.
    if (isWithin(dest, t.path)) out.push(as(src));
    else if (isWithin(t.path, dest)) out.push(as(src + t.path.slice(dest.length)));
  }
  return out;
}
