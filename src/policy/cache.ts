// The compiled-policy cache: the validated, merged policy of one (user config, project config) pair,
// stored as JSON under <data dir>/cache and reused while both files keep their identity (path, mtime,
// size) and the environment overrides are the same. A hit costs one small read and JSON.parse instead of
// parsing YAML or importing a JS config, validating every rule and checking every regex.
// A JS/TS config is cached like the others: it is evaluated again when its own file changes, or the
// trust store does (`staso trust`/`untrust`); a module it imports changing needs `staso trust` again
// anyway (policy/trust.ts), and any staso command refreshes the cache, as it always reads the files.
// The identities include ctime and inode, so a content change hidden behind a restored mtime still misses.
// Failures here are never errors: without a cache the policy is simply loaded again.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUILD } from "../version.js";
import type { FileIdentity } from "./discover.js";
import type { Overrides, ProjectEnvOverrides } from "./merge.js";
import type { Policy } from "./policy.js";

export interface CacheKey {
  user: FileIdentity | null;
  project: FileIdentity | null;
  /** The trust store (policy/trust.ts), when there is a project config: trusting or untrusting refreshes. */
  trust: FileIdentity | null;
  overrides: Overrides;
  /** A project's agent settings' STASO_* values (tighten-only), when it set any. */
  projectEnv?: ProjectEnvOverrides;
  /** The team policy file, when this machine has one. */
  team?: FileIdentity;
}

/** FNV-1a, 32 bits: names the cache file (the full key inside it decides). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

const cacheFile = (dataDir: string, key: CacheKey) =>
  join(dataDir, "cache", `policy-${fnv1a(`${key.user?.path ?? ""}\0${key.project?.path ?? ""}`)}.json`);
/** Bumped when the cached shape changes, so an old entry is never read as a new one. */
const CACHE_FORMAT = 5;
const keyText = (key: CacheKey) =>
  JSON.stringify([
    CACHE_FORMAT,
    BUILD,
    key.user,
    key.project,
    key.trust,
    key.overrides,
    key.projectEnv ?? null,
    ...(key.team ? [key.team] : []),
  ]);

export function readCachedPolicy(dataDir: string, key: CacheKey): Policy | undefined {
  try {
    const entry = JSON.parse(readFileSync(cacheFile(dataDir, key), "utf8")) as { key: string; policy: Policy };
    return entry.key === keyText(key) ? entry.policy : undefined;
  } catch {
    return undefined;
  }
}

export function writeCachedPolicy(dataDir: string, key: CacheKey, policy: Policy): void {
  const file = cacheFile(dataDir, key);
  try {
    mkdirSync(join(dataDir, "cache"), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    // The hook never runs the configs' tests (`staso test` reads the files fresh): leave them out.
    const slim: Policy = {
      ...policy,
      layers: policy.layers.map((l) => ({ ...l, config: { ...l.config, tests: undefined } })),
    };
    writeFileSync(tmp, JSON.stringify({ key: keyText(key), policy: slim }), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // read-only or full disk: the next call loads the files again
  }
}

/** A plugin's rule metadata, cached by the plugin file's identity: lets the hook skip the worker for calls none of its rules looks at. */
export interface PluginMetaEntry {
  identity: FileIdentity;
  metas: { id: string; events?: string[]; kinds?: string[] }[];
}

const pluginCacheFile = (dataDir: string, file: string) => join(dataDir, "cache", `plugin-${fnv1a(file)}.json`);

export function readPluginMetas(dataDir: string, identity: FileIdentity): PluginMetaEntry["metas"] | undefined {
  try {
    const entry = JSON.parse(readFileSync(pluginCacheFile(dataDir, identity.path), "utf8")) as PluginMetaEntry & {
      v: string;
    };
    return entry.v === BUILD && JSON.stringify(entry.identity) === JSON.stringify(identity) ? entry.metas : undefined;
  } catch {
    return undefined;
  }
}

export function writePluginMetas(dataDir: string, identity: FileIdentity, metas: PluginMetaEntry["metas"]): void {
  const file = pluginCacheFile(dataDir, identity.path);
  try {
    mkdirSync(join(dataDir, "cache"), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ v: BUILD, identity, metas }), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // the worker is simply started next time too
  }
}
