// Where the running staso is installed, found from the process itself: the package folder of the hook
// bundle (dist/hook.cjs), of the launcher (bin/staso.js) and of the native hook binary. The protected-path
// rule guards it: an agent that rewrites staso's own code switches the guard off, or makes the next
// `staso escalations approve` a human runs do something else. Looked up once per process, and only when
// a rule asks (a few stat calls).
import { readFileSync, realpathSync } from "node:fs";
import { basename, dirname, join } from "node:path";

declare const __filename: string | undefined;

export interface Installation {
  /** staso package folders (bin/, dist/, node_modules/ and package.json inside them run as staso). */
  packages: string[];
  /** Program files outside a package folder: a native hook binary copied elsewhere. */
  files: string[];
}

function isStasoPackage(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name === "staso";
  } catch {
    return false;
  }
}

/** The staso package folder holding `file` (up to four folders up), if any. */
export function packageOf(file: string): string | undefined {
  let dir = dirname(file);
  for (let i = 0; i < 4 && dir !== dirname(dir); i++) {
    if (isStasoPackage(dir)) return dir;
    dir = dirname(dir);
  }
  return undefined;
}

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

let cached: Installation | undefined;

/** The running installation (cached for the process). */
export function runningInstallation(): Installation {
  if (cached) return cached;
  const packages = new Set<string>();
  const files = new Set<string>();
  const candidates: string[] = [];
  // The CommonJS hook bundle knows its own file; the launcher is argv[1]; a native binary is execPath (its
  // __filename is the source file's path on the machine that built it, and argv[1] a path inside the
  // binary: neither is anything installed here).
  const native = Boolean(process.versions.bun) && /^staso-hook(?:\.exe)?$/.test(basename(process.execPath));
  if (!native && typeof __filename === "string" && __filename.startsWith("/")) candidates.push(__filename);
  if (!native && process.argv[1]?.startsWith("/")) candidates.push(process.argv[1]);
  if (native) {
    files.add(process.execPath);
    files.add(real(process.execPath));
    candidates.push(process.execPath);
  }
  for (const c of candidates) {
    const pkg = packageOf(real(c));
    if (pkg) packages.add(pkg);
  }
  cached = { packages: [...packages], files: [...files] };
  return cached;
}

/**
 * Absolute paths of staso programs named by hook commands in the agents' own config files (the hook
 * command setup writes is an absolute path to a launcher or binary): the hook another agent runs may be
 * another installation than this one.
 */
export function hookProgramsIn(files: string[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, "utf8");
    } catch {
      continue;
    }
    if (text.length > 1_000_000 || !text.includes("staso")) continue;
    for (const m of text.matchAll(/\/[^\s"'`\\]*staso[^\s"'`\\]*/g)) {
      const p = m[0].replace(/[,;)\]}]+$/, "");
      if (/(?:^|\/)(?:bin\/staso(?:\.js)?|staso-hook(?:\.exe)?|staso)$/.test(p)) out.add(p);
    }
  }
  return [...out];
}
