// Where the policy files are, and how to read each format. The project config is searched from the
// call's cwd upward under cosmiconfig's file names (package.json#staso, .stasorc*, .config/stasorc*,
// staso.config.*), but by hand: importing cosmiconfig costs the hook 20–55 ms (measured), a readdir per
// directory costs well under 1 ms. JSON is parsed directly; YAML and JS/TS are loaded only when such a
// file is the one found, and only when the compiled policy cache (policy/cache.ts) is stale.
import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { runtimeRequire, workerThreads, url } from "../builtin.js";
import { PolicyError } from "./schema.js";
import { yamlParser } from "../analysis/fs/yaml.js";
import { UNTRUSTED_PREFIX, type CodeTrust } from "../plugins/trust-protocol.js";
import type { ParseError } from "jsonc-parser/lib/esm/main.js";

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

/**
 * A file's identity for the cache: it is re-read when any of these change. The change time and inode
 * are in it because a file's mtime can be set back (touch -d) after its content changed; its ctime
 * cannot be set by anyone but the kernel.
 */
export interface FileIdentity {
  path: string;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
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
    return st ? { path, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, size: st.size } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which of `names` a directory holds. One readdir is cheapest for an ordinary directory, but its cost grows
 * with the entries: a crowded /tmp (20,000 entries, on a machine whose tests leave folders behind) took
 * ~100 ms a call, measured. A directory that large (its size, in every Linux and macOS file system, grows
 * with its entries) is asked name by name instead (one lstat a name, as readdir would list it, links included).
 */
const LARGE_DIR_BYTES = 64 * 1024;
type Names = { has(name: string): boolean };

function listDir(dir: string, names: readonly string[]): Names | undefined {
  try {
    const st = statSync(dir, { throwIfNoEntry: false });
    if (!st?.isDirectory()) return undefined;
    if (st.size <= LARGE_DIR_BYTES) return new Set(readdirSync(dir));
    const present = new Set<string>();
    for (const name of names) if (lstatSync(join(dir, name), { throwIfNoEntry: false })) present.add(name);
    return present;
  } catch {
    return undefined;
  }
}

/** The names findProjectConfig asks a directory for, and those of its .config folder. */
const TOP_NAMES = [...PROJECT_CONFIG_NAMES.filter((n) => !n.startsWith(".config/")), ".config", ".git"];
const CONFIG_DIR_NAMES = PROJECT_CONFIG_NAMES.filter((n) => n.startsWith(".config/")).map((n) => n.slice(8));

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
    const names = listDir(dir, TOP_NAMES);
    if (names) {
      const configNames = names.has(".config") ? listDir(join(dir, ".config"), CONFIG_DIR_NAMES) : undefined;
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

/**
 * jsonc-parser, loaded only for a config that is not plain JSON: its module builds ~1,200 strings when it
 * loads, ~1 ms of every call under Bun (measured). Bundled (the literal require) into the hook; ESM
 * sources (vitest) take the package's CommonJS build.
 */
declare const __STASO_VERSION__: string | undefined;
function jsoncParser(): typeof import("jsonc-parser/lib/esm/main.js") {
  // Bundles define the version and carry the module (esbuild resolves the literal require); sources run
  // by vitest may see a `require` too, which cannot load the package's extensionless ESM build.
  return typeof __STASO_VERSION__ === "string"
    ? (require("jsonc-parser/lib/esm/main.js") as typeof import("jsonc-parser/lib/esm/main.js"))
    : (runtimeRequire("jsonc-parser") as typeof import("jsonc-parser/lib/esm/main.js"));
}

/**
 * JSON, or JSON with comments (JSONC: what `staso init` writes and editors know as
 * jsonc). Plain JSON.parse first: the everyday file has no comments, and JSONC costs a second parse.
 */
function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const { parse: parseJsonc, printParseErrorCode } = jsoncParser();
    const errors: ParseError[] = [];
    const value: unknown = parseJsonc(text, errors, { allowTrailingComma: false, allowEmptyContent: false });
    if (errors.length === 0) return value;
    const { offset, error } = errors[0]!;
    const before = text.slice(0, offset).split("\n");
    const what = printParseErrorCode(error)
      .replace(/(?<=[a-z])(?=[A-Z])/g, " ")
      .toLowerCase();
    throw new PolicyError(
      `${file} is not valid JSON (line ${before.length}, column ${before.at(-1)!.length + 1}: ${what}).`,
    );
  }
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

// JS/TS configs are evaluated in a short-lived worker (policy/config-worker.ts): the hook's bundle is
// compiled from a V8 code cache where import() is not available, a config's code must not run in the
// guard's own thread, and a config that never finishes (or loops) is cut at the deadline. Only when the
// config changed (cache miss), and only for a project the user trusted (policy/trust.ts): with
// `staso trust`, every file it loads is checked against the hashes recorded then (plugins/trust-guard.ts).
declare const __STASO_CONFIG_WORKER__: string;

/** A module a trusted project's code loads is not the one the user trusted (changed, new, or a native addon). */
export class UntrustedCodeError extends PolicyError {}

interface ModuleAnswer {
  ok: boolean;
  value?: unknown;
  files?: Record<string, string>;
  untrusted?: string;
  code?: string;
  message?: string;
}

async function importModule(
  file: string,
  deadlineAt: number,
  trust: CodeTrust | undefined,
): Promise<{ value: unknown; files?: Record<string, string> }> {
  const worker = new (workerThreads().Worker)(__STASO_CONFIG_WORKER__, {
    eval: true,
    workerData: { url: url().pathToFileURL(file).href, trust: trust ?? null },
  });
  try {
    const answer = await new Promise<ModuleAnswer>((resolve, reject) => {
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
        const message = (err as Error).message;
        const at = message.indexOf(UNTRUSTED_PREFIX);
        resolve(
          at >= 0
            ? { ok: false, untrusted: message.slice(at + UNTRUSTED_PREFIX.length).split("\n")[0] }
            : { ok: false, message: message.split("\n")[0] },
        );
      });
    });
    if (answer.ok) return { value: answer.value, ...(answer.files ? { files: answer.files } : {}) };
    if (answer.untrusted !== undefined) throw new UntrustedCodeError(answer.untrusted);
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

/** True for a config that is code (JS/TS), which runs only for a trusted project. */
export const isExecutableConfig = (file: string): boolean => formatOf(file) === "module";

/** The raw config a file holds (undefined for a package.json without a "staso" key). */
export async function readConfigFile(
  file: string,
  opts: { deadlineAt?: number; trust?: CodeTrust } = {},
): Promise<unknown> {
  return (await readConfigFileRecording(file, opts)).value;
}

/** readConfigFile, plus the module files a JS/TS config loaded and their hashes when opts.trust records them. */
export async function readConfigFileRecording(
  file: string,
  opts: { deadlineAt?: number; trust?: CodeTrust } = {},
): Promise<{ value: unknown; files?: Record<string, string> }> {
  switch (formatOf(file)) {
    case "json":
      return { value: parseJson(file, readText(file)) };
    case "package.json": {
      const pkg = parseJson(file, readText(file)) as Record<string, unknown> | null;
      return { value: pkg && typeof pkg === "object" ? pkg.staso : undefined };
    }
    case "yaml":
      return { value: await parseYaml(file, readText(file)) };
    case "json-or-yaml": {
      const text = readText(file);
      if (/^\s*[{[]/.test(text)) return { value: parseJson(file, text) };
      return { value: await parseYaml(file, text) };
    }
    case "module":
      return importModule(file, opts.deadlineAt ?? performance.now() + 10_000, opts.trust);
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
