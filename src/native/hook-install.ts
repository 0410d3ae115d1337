// The hook the agents run, installed where nothing but `staso setup` changes it: <data dir>/hook/<id>/, one
// folder per version and content (`0.1.0-3f9a…`), laid out like the package (bin/staso.js, dist/hook.cjs,
// dist/native/staso-hook when there is a working one) so the launcher, the V8 code cache and the background
// exporter work there unchanged. A checkout's `npm run build` deletes and rewrites dist/; an `npm i -g`
// replaces the package folder: calls made meanwhile would find no hook. The agents' commands point here.
//
// Written atomically: filled in a temporary folder beside it, then renamed into place, so a folder with the
// final name is always whole. Content-addressed: a second setup of the same build finds it there.
//
// Old versions, and why removing one is safe (see cleanupInstalledHooks):
// - A hook process that already runs needs nothing more from disk: the launcher reads dist/hook.cjs at start
//   (the code cache is an optimisation written at exit, errors ignored); a running binary keeps its inode.
// - What does start a hook from an old folder is an agent session that read its hook command before setup
//   changed it (Claude Code and Codex read hooks when a session starts). So the version setup replaced (the
//   previous) stays, any version an agent config still names stays, any version replaced less than a grace
//   period ago stays, and any folder a live process runs from stays (Linux: /proc).
// - A removal renames the folder away first, so a half-deleted version never looks whole.
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { hookStore, MANIFEST } from "./hook-store.js";

/** A file of the installed hook: copied from `from`, or written from `text`. */
interface HookFile {
  /** Path inside the installed folder. */
  rel: string;
  from?: string;
  text?: string;
  mode: number;
}

export interface HookBundle {
  version: string;
  /** The package the bundle comes from (the installed launcher runs other commands from there). */
  packageRoot: string;
  files: HookFile[];
  native: boolean;
}

/** What install.json in an installed hook folder says. */
export interface InstalledHookManifest {
  version: string;
  id: string;
  /** The staso package it was installed from. */
  from: string;
  native: boolean;
  installedAt: string;
  /** Every file with its size, to tell a whole folder from a damaged one. */
  files: Record<string, number>;
}

const NATIVE_REL = `dist/native/${process.platform === "win32" ? "staso-hook.exe" : "staso-hook"}`;
export const LAUNCHER_REL = "bin/staso.js";
/** How long a replaced version stays for agent sessions started before the change. */
const GRACE_MS = 7 * 24 * 3600 * 1000;

/** The files the agents' hook needs, from a built package (and its working native binary, if any). */
export function hookBundleOf(packageRoot: string, version: string, nativeBinary?: string): HookBundle {
  const files: HookFile[] = [
    { rel: LAUNCHER_REL, from: join(packageRoot, "bin", "staso.js"), mode: 0o755 },
    { rel: "bin/package.json", from: join(packageRoot, "bin", "package.json"), mode: 0o644 },
    { rel: "dist/hook.cjs", from: join(packageRoot, "dist", "hook.cjs"), mode: 0o644 },
    // Named "staso" so the exporter and the protected-path rule know the folder as a staso installation.
    {
      rel: "package.json",
      text: `${JSON.stringify({ name: "staso", version, private: true, description: "The hook staso setup installed for the agents. Do not edit: run `staso setup` again." }, null, 2)}\n`,
      mode: 0o644,
    },
  ];
  // The launcher asks this small bundle whether STASO_GUARD_ENABLED=false came from the user (a build that
  // has it; without it the launcher lets the hook decide).
  const guardSwitch = join(packageRoot, "dist", "guard-switch.cjs");
  if (existsSync(guardSwitch)) files.push({ rel: "dist/guard-switch.cjs", from: guardSwitch, mode: 0o644 });
  if (nativeBinary) files.push({ rel: NATIVE_REL, from: nativeBinary, mode: 0o755 });
  for (const f of files)
    if (f.from && !existsSync(f.from))
      throw new Error(
        `${f.from} is missing, so the hook cannot be installed; build staso (npm run build) or reinstall it`,
      );
  return { version, packageRoot, files, native: Boolean(nativeBinary) };
}

/** Hashes a file in chunks (the native binary is ~100 MB). */
function hashFileInto(h: ReturnType<typeof createHash>, file: string): void {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

const idCache = new Map<string, string>();

/** `<version>-<first 12 hex of a sha256 over every file's path, mode and content>`. */
export function hookBundleId(b: HookBundle): string {
  const key = JSON.stringify(
    b.files.map((f) => {
      const st = f.from ? statSync(f.from) : undefined;
      return [f.rel, f.from, st?.size, st?.mtimeMs, st?.ino, f.text];
    }),
  );
  const known = idCache.get(key);
  if (known) return known;
  const h = createHash("sha256");
  for (const f of [...b.files].sort((x, y) => x.rel.localeCompare(y.rel))) {
    h.update(`${f.rel}\u0000${f.mode.toString(8)}\u0000`);
    if (f.from) hashFileInto(h, f.from);
    else h.update(f.text ?? "");
    h.update("\u0000");
  }
  const id = `${b.version}-${h.digest("hex").slice(0, 12)}`;
  idCache.set(key, id);
  return id;
}

export function readInstalledManifest(dir: string): InstalledHookManifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as InstalledHookManifest;
    return typeof m.version === "string" && typeof m.id === "string" && m.files ? m : undefined;
  } catch {
    return undefined;
  }
}

/** A folder with its manifest and every file at its recorded size. */
function isWhole(dir: string): boolean {
  const m = readInstalledManifest(dir);
  if (!m) return false;
  return Object.entries(m.files).every(([rel, size]) => {
    try {
      return statSync(join(dir, rel)).size === size;
    } catch {
      return false;
    }
  });
}

/** Removes a folder so that it never looks whole while going: renamed away first, then deleted. */
function removeDir(store: string, dir: string, name: string): void {
  const trash = join(store, `.trash-${name}-${randomBytes(4).toString("hex")}`);
  try {
    renameSync(dir, trash);
  } catch {
    return;
  }
  rmSync(trash, { recursive: true, force: true });
}

export interface InstallOptions {
  now?: Date;
  /** Runs the installed hook once so its V8 code cache is there for the first real call (default true). */
  warm?: (launcher: string) => void;
}

export interface InstallResult {
  id: string;
  dir: string;
  /** False when that exact version was already installed. */
  created: boolean;
}

/** Installs the bundle under `dataDir`/hook (atomically) and marks it the current one. */
export function installHook(dataDir: string, b: HookBundle, o: InstallOptions = {}): InstallResult {
  const store = hookStore(dataDir);
  const id = hookBundleId(b);
  const dir = join(store, id);
  const now = o.now ?? new Date();
  mkdirSync(store, { recursive: true, mode: 0o700 });
  if (existsSync(dir)) {
    if (isWhole(dir)) {
      utimesSync(dir, now, now); // the folder's time says when it last became the current one
      return { id, dir, created: false };
    }
    removeDir(store, dir, id); // damaged (files deleted by hand): put a whole one in its place
  }
  const tmp = join(store, `.tmp-${id}-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    const sizes: Record<string, number> = {};
    for (const f of b.files) {
      const target = join(tmp, f.rel);
      mkdirSync(join(target, ".."), { recursive: true, mode: 0o755 });
      // A copy, never a link: the source is exactly what a rebuild deletes or rewrites. FICLONE is a
      // copy-on-write clone where the file system has them, else a plain copy.
      if (f.from) copyFileSync(f.from, target, constants.COPYFILE_FICLONE);
      else writeFileSync(target, f.text ?? "");
      chmodSync(target, f.mode);
      sizes[f.rel] = statSync(target).size;
    }
    const manifest: InstalledHookManifest = {
      version: b.version,
      id,
      from: b.packageRoot,
      native: b.native,
      installedAt: now.toISOString(),
      files: sizes,
    };
    writeFileSync(join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o644 });
    // Warm the code cache inside the temporary folder: the cache's name follows the bundle's inode and
    // mtime, which the rename keeps.
    o.warm?.(join(tmp, LAUNCHER_REL));
    chmodSync(tmp, 0o755);
    utimesSync(tmp, now, now);
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // Another setup installed the same version meanwhile: theirs is whole (renamed into place too).
      const code = (err as NodeJS.ErrnoException).code;
      if ((code === "ENOTEMPTY" || code === "EEXIST" || code === "EPERM") && isWhole(dir)) {
        rmSync(tmp, { recursive: true, force: true });
        return { id, dir, created: false };
      }
      throw err;
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { id, dir, created: true };
}

/** Installed version folders, newest "became current" first. */
export function listInstalledHooks(dataDir: string): Array<{ id: string; dir: string; mtimeMs: number }> {
  const store = hookStore(dataDir);
  let names: string[];
  try {
    names = readdirSync(store);
  } catch {
    return [];
  }
  const out: Array<{ id: string; dir: string; mtimeMs: number }> = [];
  for (const id of names) {
    if (id.startsWith(".")) continue;
    const dir = join(store, id);
    try {
      const st = statSync(dir);
      if (st.isDirectory()) out.push({ id, dir, mtimeMs: st.mtimeMs });
    } catch {
      // gone meanwhile
    }
  }
  return out.sort((a, b) => b.mtimeMs - a.mtimeMs);
}

/** Folders some live process runs from (its executable or a word of its command line), Linux only. */
export function foldersInUse(dirs: string[]): Set<string> {
  const used = new Set<string>();
  if (process.platform !== "linux" || dirs.length === 0) return used;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return used;
  }
  const inside = (p: string) => dirs.find((d) => p === d || p.startsWith(`${d}/`));
  for (const pid of pids) {
    try {
      const words = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\u0000");
      for (const w of words) {
        const d = inside(w);
        if (d) used.add(d);
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return used;
}

export interface CleanupOptions {
  /** The version just made current. */
  current: string;
  /** Versions still named somewhere (agents' config files): never removed. */
  referenced?: Iterable<string>;
  now?: Date;
  graceMs?: number;
  /** Default foldersInUse. */
  inUse?: (dirs: string[]) => Set<string>;
}

/**
 * Removes versions no agent can still start: not the current one, not the one before it, not one an agent
 * config names, not one replaced within the grace period (a session started before may still call it), not
 * one a live process runs from. Also clears what a crashed install or removal left. Returns what it removed.
 */
export function cleanupInstalledHooks(dataDir: string, o: CleanupOptions): string[] {
  const store = hookStore(dataDir);
  const now = (o.now ?? new Date()).getTime();
  const grace = o.graceMs ?? GRACE_MS;
  const keep = new Set([o.current, ...(o.referenced ?? [])]);
  const all = listInstalledHooks(dataDir);
  const removed: string[] = [];
  // Leftovers of an install or removal that crashed (an hour is far beyond either).
  try {
    for (const name of readdirSync(store)) {
      if (!/^\.(tmp|trash)-/.test(name)) continue;
      const p = join(store, name);
      if (now - statSync(p).mtimeMs > 3600_000) rmSync(p, { recursive: true, force: true });
    }
  } catch {
    // no store yet
  }
  const others = all.filter((v) => v.id !== o.current);
  // others[0] is the previous current one: kept, as are those replaced within the grace period (a version
  // was replaced when the next newer one became current).
  const candidates = others.slice(1).filter((v) => {
    if (keep.has(v.id)) return false;
    const newer = all.filter((x) => x.mtimeMs > v.mtimeMs);
    const replacedAt = newer.length ? Math.min(...newer.map((x) => x.mtimeMs)) : now;
    return now - replacedAt > grace;
  });
  const busy = (o.inUse ?? foldersInUse)(candidates.map((c) => c.dir));
  for (const v of candidates) {
    if (busy.has(v.dir)) continue;
    removeDir(store, v.dir, v.id);
    removed.push(v.id);
  }
  return removed;
}
