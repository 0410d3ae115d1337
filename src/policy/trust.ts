// Which projects may run code inside staso, and loosen the user's policy. A project's executable config
// (staso.config.js/ts, .stasorc.js, .config/stasorc.mjs, …) and the plugins any project config names are
// code from the repository: they run as the user, in the guard itself, so they run only for a project the
// user trusted, in one of two ways:
//   - `staso trust <dir>` (in the spirit of `direnv allow`): records the project's config and every module
//     file its code loaded, each with its sha256, in the user's own state (<data dir>/trust.json, never
//     in the project). A changed or new file is not trusted until `staso trust` runs again; the workers
//     check each file's hash as it is loaded (plugins/trust-guard.ts).
//   - `trustedProjects` globs in the user's config: every project under them, whatever its files say now
//     or later (as direnv's whitelist.prefix). The user's explicit choice; `staso trust` is the safer one.
// An untrusted project's data configs (JSON, YAML, package.json#staso) still apply, tighten-only.
import { mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { crypto, homeDir } from "../builtin.js";
import type { StasoPaths } from "../paths.js";
import { compileGlob } from "../util/linear-regex.js";
import type { PolicyConfig } from "./schema.js";

export interface TrustRecord {
  /** ISO time of `staso trust`. */
  trustedAt: string;
  /** The project config in force when the project was trusted, and its digest (configDigest). */
  config: { file: string; sha256: string };
  /** Every module file the config and the plugins loaded (real paths), with its sha256. */
  files: Record<string, string>;
}

export interface TrustStore {
  version: 1;
  /** By the project directory's real path. */
  projects: Record<string, TrustRecord>;
}

/** How a project is trusted, when it is. */
export type ProjectTrust =
  | { by: "trustedProjects"; entry: string }
  | { by: "staso trust"; trustedAt: string; files: Record<string, string> };

export const trustStoreFile = (paths: StasoPaths): string => join(paths.dataDir, "trust.json");

export function sha256(bytes: string | Uint8Array): string {
  return crypto().createHash("sha256").update(bytes).digest("hex");
}

/** The real path of a file or directory (itself when it does not exist). */
export function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** An empty store for a missing or unreadable file: nothing is trusted, which is always safe. */
export function readTrustStore(file: string): TrustStore {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as TrustStore;
    if (parsed?.version === 1 && parsed.projects && typeof parsed.projects === "object") return parsed;
  } catch {
    // missing or broken: nothing is trusted
  }
  return { version: 1, projects: {} };
}

/** Writes the store whole (a temporary file, then rename): a reader never sees half of it. */
export function writeTrustStore(file: string, store: TrustStore): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * What a trust record pins of the config file: its bytes' sha256, or for package.json the `staso` value
 * only (the rest of package.json changes with every dependency and says nothing about staso).
 * Undefined when the file cannot be read.
 */
export function configDigest(file: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (file.endsWith("/package.json")) {
    try {
      const pkg = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
      return sha256(`package.json#staso\0${JSON.stringify(pkg?.staso ?? null)}`);
    } catch {
      return undefined;
    }
  }
  return sha256(bytes);
}

/** The trustedProjects entry that covers `dir` (as spelled, or its real path), if any. */
function trustedByGlob(dir: string, user: PolicyConfig | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const globs = user?.trustedProjects ?? [];
  if (globs.length === 0) return undefined;
  const home = env.HOME ?? homeDir();
  const real = realPath(dir);
  return globs.find((g) => {
    const re = compileGlob(g.replace(/^~(?=\/|$)/, home).replace(/(.)\/$/, "$1"));
    return re.test(dir) || (real !== dir && re.test(real));
  });
}

/**
 * Whether the project whose config is `file` (in project directory `dir`) is trusted, and if not, why
 * (one clause, for the note that says what was ignored). A `staso trust` record counts only while the
 * config in force is the one it recorded, with the same digest.
 */
export function projectTrust(
  file: string,
  dir: string,
  user: PolicyConfig | undefined,
  env: NodeJS.ProcessEnv,
  storeFile: string,
): { trust?: ProjectTrust; why: string } {
  const entry = trustedByGlob(dir, user, env);
  if (entry !== undefined) return { trust: { by: "trustedProjects", entry }, why: "" };
  const record = readTrustStore(storeFile).projects[realPath(dir)];
  if (!record) return { why: "the project is not trusted" };
  const realFile = realPath(file);
  if (record.config.file !== realFile)
    return { why: `the project was trusted with ${record.config.file} as its config, not ${realFile}` };
  if (record.config.sha256 !== configDigest(file)) return { why: `${file} changed since the project was trusted` };
  return { trust: { by: "staso trust", trustedAt: record.trustedAt, files: record.files }, why: "" };
}

/** One line saying what was not run and how to trust it (stderr, `staso rules`, `staso doctor`). */
export function untrustedNote(what: string, why: string, dir: string): string {
  return `${what} not run: ${why}. A project's code runs only once you trust it: \`staso trust ${dir}\`.`;
}
