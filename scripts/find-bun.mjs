// Where the bun binary of the dev dependency is: the npm package's, or straight from its per-platform
// package (no install script needed). Used by the native build and by the benchmark's Bun floor.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const exe = process.platform === "win32" ? ".exe" : "";

function works(bin) {
  return existsSync(bin) && spawnSync(bin, ["--version"], { encoding: "utf8" }).status === 0;
}

/** The path of a working bun binary, or undefined. */
export function findBun() {
  const candidates = [join(root, "node_modules", ".bin", `bun${exe}`)];
  for (const suffix of ["", "-baseline", "-musl", "-musl-baseline"]) {
    try {
      const dir = dirname(
        require.resolve(
          `@oven/bun-${process.platform === "darwin" ? "darwin" : process.platform}-${process.arch === "arm64" ? "aarch64" : process.arch}${suffix}/package.json`,
        ),
      );
      candidates.push(join(dir, "bin", `bun${exe}`));
    } catch {}
  }
  return candidates.find(works);
}
