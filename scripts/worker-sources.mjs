// Worker programs (src/plugins/worker.ts) are typed sources like the rest, but each bundle carries them
// as a string to start with `new Worker(source, { eval: true })` (the hook bundle, the native binary and
// the CLI have no worker file beside them). This bundles each one on its own and returns the `define`s
// that put the strings in: scripts/build.mjs and scripts/build-native.mjs use it, and so does vitest.
import { buildSync } from "esbuild";
import { fileURLToPath } from "node:url";

// Each: its source, and the module format its runner needs (a worker's eval'd source is CommonJS; Node's
// module.register() takes an ES module).
const WORKERS = {
  __STASO_PLUGIN_WORKER__: ["src/plugins/worker.ts", "cjs"],
  __STASO_CONFIG_WORKER__: ["src/policy/config-worker.ts", "cjs"],
  __STASO_TRUST_LOADER__: ["src/plugins/trust-loader.ts", "esm"],
};

export function workerDefines() {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const out = {};
  // The trust loader first: the workers carry it as a string of their own.
  const order = Object.entries(WORKERS).sort(([a]) => (a === "__STASO_TRUST_LOADER__" ? -1 : 1));
  for (const [name, [file, format]] of order) {
    const r = buildSync({
      absWorkingDir: root,
      entryPoints: [file],
      bundle: true,
      write: false,
      format,
      define: { ...out },
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
