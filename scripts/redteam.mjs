// npm run redteam: bundles the red-team scorer from its TypeScript sources (test/redteam/cli.ts, which
// imports src/ directly, so the figures are the sources' current state, not dist/'s) and runs it here.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "staso-redteam-cli-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const bundle = await build({
  entryPoints: [join(root, "test", "redteam", "cli.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  write: false,
  logLevel: "error",
  // A real require for runtimeRequire (src/builtin.ts): esbuild's ESM shim throws on a require of a name
  // held in a variable, which left zlib payloads undecoded here while the hook (CommonJS, native) decodes them.
  banner: {
    js: 'import { createRequire as __redteamCreateRequire } from "node:module"; const require = __redteamCreateRequire(import.meta.url);',
  },
  // The sources find their own files (floors.json) from import.meta.url: keep it pointing at them.
  define: { "import.meta.url": JSON.stringify(pathToFileURL(join(root, "test", "redteam", "cli.ts")).href) },
});
const file = join(work, "redteam.mjs");
writeFileSync(file, bundle.outputFiles[0].contents);
await import(pathToFileURL(file).href);
