// `staso trust <dir>`: records what the user trusts of a project, so that exactly that runs (policy/trust.ts).
// The project's config in force is loaded, and its plugins, in record mode: every module file they load
// is hashed from the bytes that were compiled (plugins/trust-guard.ts), so the record holds the config,
// the plugins and everything they import (node_modules included), and nothing else.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadPlugins, type PluginSpec } from "../plugins/host.js";
import { PluginResolveError, resolvePlugin } from "../plugins/resolve.js";
import type { StasoPaths } from "../paths.js";
import { findProjectConfig, isExecutableConfig, readConfigFileRecording } from "./discover.js";
import { projectDir } from "./load.js";
import { PolicyError, validatePolicy } from "./schema.js";
import {
  configDigest,
  readTrustStore,
  realPath,
  sha256,
  trustStoreFile,
  writeTrustStore,
  type TrustRecord,
  type TrustStore,
} from "./trust.js";

/** How long trusting may take to load a project's code (it is the user's own, interactive command). */
const LOAD_SECONDS = 30;

export interface Trusted {
  /** The project directory the record is for (real path). */
  dir: string;
  record: TrustRecord;
  plugins: string[];
}

/** Loads the project's code for `dir` in record mode and stores what it loaded. Throws PolicyError with one sentence. */
export async function trustProject(dir: string, paths: StasoPaths, now = new Date()): Promise<Trusted> {
  const start = realPath(resolve(dir));
  const search = findProjectConfig(start);
  if (!search.file)
    throw new PolicyError(
      `there is no staso config in ${start} or above it (up to the repository root), so there is nothing to trust.`,
    );
  const file = realPath(search.file);
  const project = realPath(projectDir(file));
  const deadlineAt = performance.now() + LOAD_SECONDS * 1000;
  const loaded = await readConfigFileRecording(file, {
    deadlineAt,
    ...(isExecutableConfig(file) ? { trust: { record: true as const } } : {}),
  });
  if (loaded.value === undefined) throw new PolicyError(`${file} has no "staso" key, so there is nothing to trust.`);
  const config = validatePolicy(file, loaded.value, "project");
  const files: Record<string, string> = { ...(loaded.files ?? {}) };

  const specs: PluginSpec[] = (config.plugins ?? []).map((spec, i) => {
    const where = `${file}: plugins[${i}]`;
    try {
      return { spec, file: resolvePlugin(spec, dirname(file)), where, trust: { record: true } };
    } catch (err) {
      if (err instanceof PluginResolveError)
        throw new PolicyError(`${where} (${JSON.stringify(spec)}) ${err.message}.`);
      throw err;
    }
  });
  if (specs.length > 0) {
    let plugins: Awaited<ReturnType<typeof loadPlugins>>;
    try {
      plugins = await loadPlugins(specs, { deadlineAt });
    } catch (err) {
      throw new PolicyError((err as Error).message.replace(/\.?$/, "."));
    }
    await plugins.close();
    const refused = plugins.ignored[0];
    if (refused)
      throw new PolicyError(`${refused.plugin.where} (${JSON.stringify(refused.plugin.spec)}): ${refused.message}.`);
    Object.assign(files, plugins.files ?? {});
  }

  // The config's digest is taken after its code ran: a config that changed in between is not trusted.
  const digest = configDigest(file);
  if (digest === undefined) throw new PolicyError(`${file} cannot be read.`);
  if (files[file] !== undefined && files[file] !== digest)
    throw new PolicyError(`${file} changed while it was being trusted; run \`staso trust\` again.`);

  const record: TrustRecord = { trustedAt: now.toISOString(), config: { file, sha256: digest }, files };
  const storeFile = trustStoreFile(paths);
  const store = readTrustStore(storeFile);
  store.projects[project] = record;
  writeTrustStore(storeFile, store);
  return { dir: project, record, plugins: specs.map((s) => s.spec) };
}

/**
 * Forgets the record of the project `dir` belongs to (the directory itself, or the project of the config
 * in force there). Returns the directory whose record went, or undefined when there was none.
 */
export function untrustProject(dir: string, paths: StasoPaths): string | undefined {
  const storeFile = trustStoreFile(paths);
  const store: TrustStore = readTrustStore(storeFile);
  const start = realPath(resolve(dir));
  const search = findProjectConfig(start);
  const candidates = [start, ...(search.file ? [realPath(projectDir(realPath(search.file)))] : [])];
  const hit = candidates.find((d) => store.projects[d] !== undefined);
  if (hit === undefined) return undefined;
  delete store.projects[hit];
  writeTrustStore(storeFile, store);
  return hit;
}

/** Each recorded file that no longer has its recorded hash (changed or gone). */
export function changedFiles(record: TrustRecord): string[] {
  const out = configDigest(record.config.file) === record.config.sha256 ? [] : [record.config.file];
  for (const [f, sha] of Object.entries(record.files)) {
    if (f === record.config.file) continue;
    let now: string | undefined;
    try {
      now = sha256(readFileSync(f));
    } catch {
      now = undefined;
    }
    if (now !== sha) out.push(f);
  }
  return out;
}
