// Node built-ins that only some calls need (child_process for a background export, worker_threads and
// url for plugins and JS configs), loaded on first use: each costs the hook ~2-3 ms at start-up under
// Node or Bun if imported at the top (measured), on every tool call. Works in the CommonJS hook bundle, under Bun, and in vitest.
import { createRequire } from "node:module";

declare const require: NodeJS.Require | undefined;

/**
 * require() at run time, in every form staso runs in: the CommonJS hook bundle and the native binary have
 * one; ESM sources (vitest, the CLI's chunks) make one. A name passed through a variable is not bundled
 * (esbuild follows only a literal require("…")), so this is also how a module stays out of the hook bundle.
 */
export const runtimeRequire: NodeJS.Require =
  typeof require === "function" ? require : createRequire(`${process.cwd()}/`);
const load = runtimeRequire;

export const os = (): typeof import("node:os") => load("node:os") as typeof import("node:os");
export const childProcess = (): typeof import("node:child_process") =>
  load("node:child_process") as typeof import("node:child_process");
export const url = (): typeof import("node:url") => load("node:url") as typeof import("node:url");
export const crypto = (): typeof import("node:crypto") => load("node:crypto") as typeof import("node:crypto");
export const workerThreads = (): typeof import("node:worker_threads") =>
  load("node:worker_threads") as typeof import("node:worker_threads");
export const http = (): typeof import("node:http") => load("node:http") as typeof import("node:http");
export const https = (): typeof import("node:https") => load("node:https") as typeof import("node:https");

/**
 * The user's home directory, as os.homedir() gives it (HOME first on POSIX, the password database only
 * without it), without loading node:os for the usual case: its start-up cost under Bun is paid on every call.
 */
export function homeDir(): string {
  const home = process.platform === "win32" ? undefined : process.env.HOME;
  return home ? home : os().homedir();
}
