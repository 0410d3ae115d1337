// Where the native (Bun-compiled) hook binary of this installation is, if there is one. Looked up in
// the order a user could have it: built in this package (`npm run build:native`), or installed as the
// per-platform optional package (`@staso/hook-<platform>-<arch>`), the way fast npm CLIs ship binaries.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const NATIVE_BINARY_NAME = process.platform === "win32" ? "staso-hook.exe" : "staso-hook";

/** The optional package that carries the binary for this platform. */
function nativePackageName(platform: string = process.platform, arch: string = process.arch): string {
  return `@staso/hook-${platform}-${arch}`;
}

export function findNativeHook(packageRoot: string): string | undefined {
  const local = join(packageRoot, "dist", "native", NATIVE_BINARY_NAME);
  if (existsSync(local)) return local;
  try {
    const require = createRequire(join(packageRoot, "package.json"));
    const pkgJson = require.resolve(`${nativePackageName()}/package.json`);
    const bin = join(dirname(pkgJson), "bin", NATIVE_BINARY_NAME);
    if (existsSync(bin)) return bin;
  } catch {
    // not installed: the Node hook is used
  }
  return undefined;
}
