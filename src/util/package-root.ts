// The installed staso package's root (where bin/ and dist/ live), found from the running bundle file:
// chunks sit at different depths, so walk up to the package.json named "staso".
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "staso") return (cached = dir);
      } catch {
        // not ours; keep walking
      }
    }
    dir = dirname(dir);
  }
  throw new Error(`the staso package root could not be found from ${fileURLToPath(import.meta.url)}`);
}

/** The launcher every agent hook and every spawned staso runs. */
export const launcherPath = (): string => join(packageRoot(), "bin", "staso.js");
