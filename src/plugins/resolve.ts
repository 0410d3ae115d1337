// Where a plugin listed in a config lives: a path relative to the config file, an absolute path or
// file: URL, or a package name found in node_modules from the config's directory upward (its "exports"
// import/node/default entry, else "module" or "main"). Hand-written so the hook needs no resolver library.
import { url } from "../builtin.js";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export class PluginResolveError extends Error {}

function pickExport(entry: unknown): string | undefined {
  if (typeof entry === "string") return entry;
  if (Array.isArray(entry)) {
    for (const e of entry) {
      const hit = pickExport(e);
      if (hit) return hit;
    }
    return undefined;
  }
  if (entry && typeof entry === "object") {
    const o = entry as Record<string, unknown>;
    for (const cond of ["import", "node", "default", "require"]) if (o[cond] !== undefined) return pickExport(o[cond]);
  }
  return undefined;
}

function packageEntry(pkgDir: string, subpath: string): string | undefined {
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as Record<string, unknown>;
  const exportsField = pkg.exports;
  if (exportsField !== undefined) {
    const map =
      typeof exportsField === "object" &&
      exportsField !== null &&
      !Array.isArray(exportsField) &&
      Object.keys(exportsField).some((k) => k.startsWith("."))
        ? (exportsField as Record<string, unknown>)
        : { ".": exportsField };
    const target = pickExport(map[subpath]);
    return target ? join(pkgDir, target) : undefined;
  }
  if (subpath !== ".") return join(pkgDir, subpath);
  const main =
    (typeof pkg.module === "string" && pkg.module) || (typeof pkg.main === "string" && pkg.main) || "index.js";
  const file = join(pkgDir, main);
  if (existsSync(file) && statSync(file).isDirectory()) return join(file, "index.js");
  return existsSync(file) || /\.[cm]?js$/.test(file) ? file : `${file}.js`;
}

/** The absolute file of a plugin. Throws PluginResolveError saying where it looked. */
export function resolvePlugin(spec: string, fromDir: string): string {
  if (spec.startsWith("file:")) return url().fileURLToPath(spec);
  if (spec.startsWith(".") || spec.startsWith("/")) {
    const file = resolve(fromDir, spec);
    if (!existsSync(file)) throw new PluginResolveError(`does not exist (looked for ${file})`);
    return file;
  }
  const m = /^((?:@[^/]+\/)?[^/]+)(\/.*)?$/.exec(spec);
  if (!m) throw new PluginResolveError("is neither a path nor a package name");
  const [, name, sub] = m;
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const pkgDir = join(dir, "node_modules", name!);
    if (existsSync(join(pkgDir, "package.json"))) {
      const entry = packageEntry(pkgDir, sub ? `.${sub}` : ".");
      if (!entry || !existsSync(entry)) throw new PluginResolveError(`has no loadable entry point in ${pkgDir}`);
      return entry;
    }
    if (dirname(dir) === dir) break;
  }
  throw new PluginResolveError(`is not installed (no node_modules/${name} from ${fromDir} upward)`);
}
