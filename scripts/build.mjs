// Bundles the TypeScript sources with esbuild:
//   dist/hook.mjs  the hook fast path (node: built-ins only, no CLI machinery)
//   dist/cli.mjs   every other command (commands are split into chunks loaded on demand)
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { hook: "src/hook/entry.ts", cli: "src/cli/main.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "node20",
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: "none",
  define: { __STASO_VERSION__: JSON.stringify(pkg.version) },
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __stasoCreateRequire } from 'node:module'; const require = __stasoCreateRequire(import.meta.url);" },
  logLevel: "warning",
});
