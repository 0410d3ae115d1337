// Bundles the TypeScript sources with esbuild:
//   dist/hook.mjs  the hook fast path (node: built-ins only, no CLI machinery)
//   dist/cli.mjs   every other command (commands are split into chunks loaded on demand)
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
// Clean the bundles, not dist/native (built by scripts/build-native.mjs).
for (const old of ["chunks", "hook.cjs", "hook.mjs", "cli.mjs"]) rmSync(new URL(`../dist/${old}`, import.meta.url), { recursive: true, force: true });

const common = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: "none",
  define: { __STASO_VERSION__: JSON.stringify(pkg.version) },
  logLevel: "warning",
};

// The hook: one self-contained CommonJS file, loaded by the CommonJS launcher (bin/package.json sets
// bin/ to commonjs). Node 20 pays ~10 ms to start its ESM loader; the hook path never starts it.
// Sources stay ESM TypeScript; only this bundle's wrapper differs (measured: bench/hook-latency.mjs).
await build({ ...common, format: "cjs", entryPoints: { hook: "src/hook/entry.ts" }, outdir: "dist", outExtension: { ".js": ".cjs" } });

await build({
  ...common,
  entryPoints: { cli: "src/cli/main.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __stasoCreateRequire } from 'node:module'; const require = __stasoCreateRequire(import.meta.url);" },
});
