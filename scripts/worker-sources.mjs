// Worker programs (src/plugins/worker.ts) are typed sources like the rest, but each bundle carries them
// as a string to start with `new Worker(source, { eval: true })` (the hook bundle, the native binary and
// the CLI have no worker file beside them). This bundles each one on its own and returns the `define`s
// that put the strings in: scripts/build.mjs and scripts/build-native.mjs use it, and so does vitest.
import { buildSync } from "esbuild";
import { fileURLToPath } from "node:url";

const WORKERS = { __STASO_PLUGIN_WORKER__: "src/plugins/worker.ts" };

export function workerDefines() {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const out = {};
  for (const [name, file] of Object.entries(WORKERS)) {
    const r = buildSync({
      absWorkingDir: root,
      entryPoints: [file],
      bundle: true,
      write: false,
      format: "cjs",
      platform: "node",
      target: "node20",
      minify: true,
      legalComments: "none",
      logLevel: "warning",
    });
    out[name] = JSON.stringify(r.outputFiles[0].text);
  }
  return out;
}
