// Where the policy files are, and how to read each format. The project config is searched from the
// call's cwd upward under cosmiconfig's file names (package.json#staso, .stasorc*, .config/stasorc*,
// staso.config.*), but by hand: importing cosmiconfig costs the hook 20–55 ms (measured), a readdir per
// directory costs well under 1 ms. JSON is parsed directly; YAML and JS/TS are loaded only when such a
// file is the one found, and only when the compiled policy cache (policy/cache.ts) is stale.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { runtimeRequire, workerThreads, url } from "../builtin.js";
import { PolicyError } from "./schema.js";

/** Project config names in the order cosmiconfig searches them (first found in a directory wins). */
const PROJECT_CONFIG_NAMES = [
  "package.json",
  ".stasorc",
  ".stasorc.json",
  ".stasorc.yaml",
  ".stasorc.yml",
  ".stasorc.js",
  ".stasorc.ts",
  ".stasorc.mjs",
  ".stasorc.cjs",
  ".config/stasorc",
  ".config/stasorc.json",
  ".config/stasorc.yaml",
  ".config/stasorc.yml",
  ".config/stasorc.js",
  ".config/stasorc.ts",
  ".config/stasorc.mjs",
  ".config/stasorc.cjs",
  "staso.config.js",
  "staso.config.ts",
  "staso.config.mjs",
  "staso.config.cjs",
  "staso.config.json",
  "staso.config.yaml",
  "staso.config.yml",
];

/** A file's identity for the cache: it is re-read when any of these change. */
export interface FileIdentity {
  path: string;
  mtimeMs: number;
  size: number;
}

export interface ProjectSearch {
  /** The project config in force, if any. */
  file?: string;
  /** Other config files beside the one in force, which are ignored. */
  shadowed: string[];
}

export function identityOf(path: string): FileIdentity | undefined {
  try {
    // No exception for a missing file: building one costs ~50 µs, and most calls have no config at all.
    const st = statSync(path, { throwIfNoEntry: false });
    return st ? { path, mtimeMs: st.mtimeMs, size: st.size } : undefined;
  } catch {
    return undefined;
  }
}

function listDir(dir: string): Set<string> | undefined {
  try {
    return new Set(readdirSync(dir));
  } catch {
    return undefined;
  }
}

/** True when a package.json has a "staso" key (read only when the cache cannot answer). */
function packageJsonHasStaso(file: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return false;
  }
  if (!text.includes('"staso"')) return false;
  try {
    const pkg = JSON.parse(text) as Record<string, unknown>;
    return pkg !== null && typeof pkg === "object" && pkg.staso !== undefined;
  } catch {
    return false; // a broken package.json is not staso's to report
  }
}

/**
 * Walks from `cwd` up to the first directory holding a staso config, stopping after the repository root
 * (the directory with .git) or at the filesystem root. A package.json counts only with a "staso" key.
 */
export function findProjectConfig(
  cwd: string,
  hasStaso: (file: string) => boolean = packageJsonHasStaso,
): ProjectSearch {
  let dir = resolve(cwd);
  for (;;) {
    const names = listDir(dir);
    if (names) {
      const configNames = names.has(".config") ? listDir(join(dir, ".config")) : undefined;
      const found: string[] = [];
      for (const name of PROJECT_CONFIG_NAMES) {
        const inConfig = name.startsWith(".config/");
        const present = inConfig ? configNames?.has(name.slice(8)) : names.has(name);
        if (!present) continue;
        const file = join(dir, name);
        if (name === "package.json" && !hasStaso(file)) continue;
        found.push(file);
      }
      if (found.length > 0) return { file: found[0], shadowed: found.slice(1) };
      if (names.has(".git")) break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { shadowed: [] };
}

type Format = "json" | "yaml" | "json-or-yaml" | "module" | "package.json";

function formatOf(file: string): Format {
  const base = file.slice(file.lastIndexOf("/") + 1);
  if (base === "package.json") return "package.json";
  if (/\.json$/.test(base)) return "json";
  if (/\.ya?ml$/.test(base)) return "yaml";
  if (/\.(m|c)?[jt]s$/.test(base)) return "module";
  return "json-or-yaml"; // .stasorc, .config/stasorc
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new PolicyError(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PolicyError(`${file} is not valid JSON (${(err as Error).message}).`);
  }
}

/**
 * The YAML parser, loaded only when a YAML config is read: Bun's own (the native hook), else js-yaml
 * required at run time from staso's node_modules. Not bundled into the hook: its 73 kB cost every call
 * ~2 ms of parsing (measured), for a format read only when the policy cache is stale.
 */
function yamlParser(): (text: string, file: string) => unknown {
  const bun = (globalThis as { Bun?: { YAML?: { parse(text: string): unknown } } }).Bun;
  if (bun?.YAML?.parse) return (text) => bun.YAML!.parse(text);
  const name = "js-yaml";
  const yaml = runtimeRequire(name) as typeof import("js-yaml");
  return (text, file) => yaml.load(text, { filename: file, schema: yaml.JSON_SCHEMA });
}

async function parseYaml(file: string, text: string): Promise<unknown> {
  let parse: (text: string, file: string) => unknown;
  try {
    parse = yamlParser();
  } catch (err) {
    throw new PolicyError(
      `${file} is YAML, but no YAML parser could be loaded (${(err as Error).message.split("\n")[0]}); reinstall staso or use a JSON config.`,
    );
  }
  try {
    return parse(text, file);
  } catch (err) {
    throw new PolicyError(`${file} is not valid YAML (${(err as Error).message.split("\n")[0]}).`);
  }
}

// JS/TS configs are evaluated in a short-lived worker: the hook's bundle is compiled from a V8 code cache
// where import() is not available, a config's code must not run in the guard's own thread, and a config
// that never finishes (or loops) is cut at the deadline. Only when the config changed (cache miss).
const CONFIG_WORKER_SOURCE = String.raw`
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const mod = await import(workerData.url);
  let value = mod && "default" in mod ? mod.default : mod;
  if (typeof value === "function") value = await value();
  parentPort.postMessage({ ok: true, value: value === undefined ? undefined : JSON.parse(JSON.stringify(value)) });
})().catch((e) => parentPort.postMessage({ ok: false, code: e && e.code, message: e && e.message ? String(e.message).split("\n")[0] : String(e) }));
`;

async function importModule(file: string, deadlineAt: number): Promise<unknown> {
  const worker = new (workerThreads().Worker)(CONFIG_WORKER_SOURCE, {
    eval: true,
    workerData: { url: url().pathToFileURL(file).href },
  });
  try {
    const answer = await new Promise<{ ok: boolean; value?: unknown; code?: string; message?: string }>(
      (resolve, reject) => {
        const timer = setTimeout(
          () => reject(new PolicyError(`${file} did not finish loading before the deadline.`)),
          Math.max(0, deadlineAt - performance.now()),
        );
        worker.once("message", (m) => {
          clearTimeout(timer);
          resolve(m);
        });
        worker.once("error", (err) => {
          clearTimeout(timer);
          resolve({ ok: false, message: (err as Error).message.split("\n")[0] });
        });
      },
    );
    if (answer.ok) return answer.value;
    if (
      file.endsWith(".ts") &&
      (answer.code === "ERR_UNKNOWN_FILE_EXTENSION" || answer.code === "ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING")
    ) {
      throw new PolicyError(
        `${file} is TypeScript, which this Node ${process.versions.node} cannot load: use staso.config.mjs or .json, or Node 22.18+ or Bun.`,
      );
    }
    throw new PolicyError(`${file} could not be loaded (${answer.message}).`);
  } finally {
    void worker.terminate();
  }
}

/** The raw config a file holds (undefined for a package.json without a "staso" key). */
export async function readConfigFile(file: string, opts: { deadlineAt?: number } = {}): Promise<unknown> {
  switch (formatOf(file)) {
    case "json":
      return parseJson(file, readText(file));
    case "package.json": {
      const pkg = parseJson(file, readText(file)) as Record<string, unknown> | null;
      return pkg && typeof pkg === "object" ? pkg.staso : undefined;
    }
    case "yaml":
      return parseYaml(file, readText(file));
    case "json-or-yaml": {
      const text = readText(file);
      if (/^\s*[{[]/.test(text)) return parseJson(file, text);
      return parseYaml(file, text);
    }
    case "module":
      return importModule(file, opts.deadlineAt ?? performance.now() + 10_000);
  }
}

/** Reads a JSON config synchronously (the sync loadPolicy's path); undefined when it does not exist. */
export function readJsonConfigSync(file: string): unknown | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new PolicyError(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  return parseJson(file, text);
}
