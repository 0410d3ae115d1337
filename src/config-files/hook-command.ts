// The command an agent runs before every tool call: an absolute invocation of THIS installation of staso
// (never `npx`, which costs seconds per call), correctly quoted for the shell the agent runs it through.
// The one place that chooses how staso's hook is started: the native hook binary when this installation
// has a working one, else Node with the launcher; every writer and check uses this. Both are the copies
// installed under staso's data dir (native/hook-install.ts), never the package's own files, which a rebuild
// or an upgrade deletes under running calls.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../util/package-root.js";
import { findNativeHook } from "../native/locate.js";
import {
  cleanupInstalledHooks,
  hookBundleId,
  hookBundleOf,
  installHook,
  LAUNCHER_REL,
  type HookBundle,
  type InstallResult,
} from "../native/hook-install.js";
import { hookStore } from "../native/hook-store.js";
import { stasoPaths } from "../paths.js";
import { VERSION } from "../version.js";

export interface HookInvocation {
  /** argv[0] is the program; all absolute paths. */
  argv: string[];
  kind: "node" | "native";
}

export interface HookCommandOptions {
  /** Default: the running Node (process.execPath). */
  nodePath?: string;
  /** Default: the installed hook's bin/staso.js. */
  launcher?: string;
  /** Default: the installed hook's binary when this installation has a working one. null forces the Node launcher. */
  nativeBinary?: string | null;
  /** Where the hook is installed (its data dir; default: process.env). */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The seconds the agent waits for the hook, passed as --host-timeout (only where escalations wait for a human). */
  hostTimeout?: number;
}

/**
 * The native (Bun-compiled) hook binary of this installation when it is there and works: it answers
 * `--version` with this package's version. It starts in milliseconds where Node takes ~50, so setup
 * prefers it; without one (no binary for this platform, or a stale build) the Node launcher is used.
 */
export function nativeHookBinary(): string | undefined {
  const bin = findNativeHook(packageRoot());
  if (!bin) return undefined;
  const r = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "ignore"] });
  if (r.status !== 0) return undefined;
  if (VERSION !== "0.0.0-dev" && r.stdout.trim() !== VERSION) return undefined;
  return bin;
}

export interface PlannedHook {
  id: string;
  /** The folder it is (or will be) installed in. */
  dir: string;
  launcher: string;
  /** The installed native binary, when this installation has a working one. */
  native?: string;
  bundle: HookBundle;
}

const planned = new Map<string, PlannedHook>();

/** Where this installation's hook goes for the data dir of `env` (computed, not installed). */
export function plannedHook(env: NodeJS.ProcessEnv = process.env): PlannedHook {
  const store = hookStore(stasoPaths(env).dataDir);
  const known = planned.get(store);
  if (known) return known;
  const nativeBin = nativeHookBinary();
  const bundle = hookBundleOf(packageRoot(), VERSION, nativeBin);
  const id = hookBundleId(bundle);
  const dir = join(store, id);
  const p: PlannedHook = {
    id,
    dir,
    launcher: join(dir, LAUNCHER_REL),
    native: nativeBin ? join(dir, bundle.files.find((f) => f.from === nativeBin)!.rel) : undefined,
    bundle,
  };
  planned.set(store, p);
  return p;
}

/** Runs a freshly installed hook once, so the first real call finds its V8 code cache. */
function warmHook(launcher: string): void {
  const home = mkdtempSync(join(tmpdir(), "staso-warm-"));
  try {
    spawnSync(process.execPath, [launcher, "hook"], {
      input: JSON.stringify({
        session_id: "staso-setup",
        cwd: home,
        hook_event_name: "PreToolUse",
        tool_name: "Bash",
        tool_input: { command: "git status" },
      }),
      env: { PATH: process.env.PATH, HOME: home, STASO_HOME: home },
      timeout: 30_000,
      stdio: ["pipe", "ignore", "ignore"],
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Installs this installation's hook under the data dir (setup calls it before writing the agents' configs)
 * and removes versions nothing can start any more. `referencedIn`: texts (agents' hook commands, config
 * files) that name installed versions, which stay.
 */
export function ensureInstalledHook(
  env: NodeJS.ProcessEnv = process.env,
  referencedIn: string[] = [],
): InstallResult & { removed: string[] } {
  const p = plannedHook(env);
  const dataDir = stasoPaths(env).dataDir;
  const r = installHook(dataDir, p.bundle, { warm: warmHook });
  const store = hookStore(dataDir);
  const referenced = new Set<string>();
  for (const text of referencedIn)
    for (const m of text.matchAll(/\/hook\/([^/\s'"\\]+)\/(?:bin|dist)\//g)) referenced.add(m[1]!);
  let removed: string[] = [];
  try {
    removed = cleanupInstalledHooks(dataDir, { current: r.id, referenced });
  } catch {
    // a version that cannot be removed now is removed by a later setup
  }
  return { ...r, removed, dir: join(store, r.id) };
}

export function hookInvocation(target: string, o: HookCommandOptions = {}): HookInvocation {
  // The agent's own timeout, for a hook that may wait for a human: its wait then ends before the agent's.
  const wait = o.hostTimeout !== undefined ? ["--host-timeout", String(o.hostTimeout)] : [];
  const installed = o.launcher === undefined || o.nativeBinary === undefined ? plannedHook(o.env) : undefined;
  // The installed binary need not exist yet (setup plans before it installs); one passed in must.
  const native =
    o.nativeBinary === undefined
      ? installed?.native
      : o.nativeBinary && existsSync(o.nativeBinary)
        ? o.nativeBinary
        : undefined;
  if (native) return { argv: [native, "hook", "--target", target, ...wait], kind: "native" };
  return {
    argv: [o.nodePath ?? process.execPath, o.launcher ?? installed!.launcher, "hook", "--target", target, ...wait],
    kind: "node",
  };
}

/**
 * Variables that make the hook's runtime run other code than staso's: Node preloads what NODE_OPTIONS names;
 * a Bun-compiled binary takes options from BUN_OPTIONS (--preload), becomes the bun CLI with BUN_BE_BUN
 * (and runs the project's package.json scripts), opens an inspector, or reads a transpiler cache. A project's
 * agent settings can put them into every hook's environment (Claude Code's project `env` block), so the
 * command empties them for the hook alone (`NAME= program …`); checked against the real binaries.
 */
export const RUNTIME_ENV: Record<HookInvocation["kind"], string[]> = {
  node: ["NODE_OPTIONS"],
  native: [
    "BUN_BE_BUN",
    "BUN_OPTIONS",
    "BUN_INSPECT",
    "BUN_INSPECT_CONNECT_TO",
    "BUN_INSPECT_PRELOAD",
    "BUN_RUNTIME_TRANSPILER_CACHE_PATH",
  ],
};

/** The command line for an invocation: POSIX shells get the runtime's variables emptied first (RUNTIME_ENV). */
function commandLine(inv: HookInvocation, platform: NodeJS.Platform = process.platform): string {
  const empty = platform === "win32" ? [] : RUNTIME_ENV[inv.kind].map((name) => `${name}=`);
  return [...empty, shellJoin(inv.argv, platform)].join(" ");
}

/** The hook command line for `target`, as written into the agent's configuration. */
export function hookCommand(target: string, o: HookCommandOptions = {}): string {
  return commandLine(hookInvocation(target, o), o.platform ?? process.platform);
}

/** Whether a staso hook command empties its runtime's code-loading variables (written by this staso's setup). */
export function emptiesRuntimeEnv(command: string): boolean {
  const kind: HookInvocation["kind"] = /staso-hook(?:\.exe)?['"]?(?:\s|$)/.test(command) ? "native" : "node";
  return RUNTIME_ENV[kind].every((name) => new RegExp(`(?:^|\\s)${name}=(?:\\s|'')`).test(command));
}

/** POSIX sh quoting: bare when safe, else single quotes ('\'' for a quote inside). */
export function shellQuote(word: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") return /^[A-Za-z0-9_\\/:.,=+-]+$/.test(word) ? word : `"${word.replace(/"/g, '\\"')}"`;
  if (word !== "" && /^[A-Za-z0-9_/.,:@%+=-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellJoin(argv: string[], platform: NodeJS.Platform = process.platform): string {
  return argv.map((w) => shellQuote(w, platform)).join(" ");
}

/**
 * True for a hook command that runs staso's hook, whatever the installation or version wrote it:
 * `staso hook …`, `npx [-y] staso[@v] hook …`, `<node> <path>/bin/staso.js hook …`, a native `staso-hook`.
 */
export function isStasoHookCommand(command: string): boolean {
  const b = `(?:^|[\\s/\\\\'"])`;
  if (new RegExp(`${b}staso(?:\\.m?js|\\.cmd|\\.exe)?(?:@[^\\s'"]*)?['"]?\\s+hook(?:\\s|$)`).test(command)) return true;
  return new RegExp(`${b}staso-hook(?:\\.exe)?['"]?(?:\\s|$)`).test(command);
}
