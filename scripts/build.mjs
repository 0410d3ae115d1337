// Bundles the TypeScript sources with esbuild:
//   dist/hook.mjs  the hook fast path (node: built-ins only, no CLI machinery)
//   dist/cli.mjs   every other command (commands are split into chunks loaded on demand; the server is one)
//   dist/lib.mjs   the library (`import { guard } from "staso"`): the engine, no CLI; declarations in dist/types/
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { workerDefines } from "./worker-sources.mjs";
import { buildId } from "./build-id.mjs";
import { stripExamplesPlugin } from "./strip-examples.mjs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
// Clean the bundles, not dist/native (built by scripts/build-native.mjs).
for (const old of ["chunks", "hook.cjs", "hook.mjs", "guard-switch.cjs", "cli.mjs", "lib.mjs", "types"])
  rmSync(new URL(`../dist/${old}`, import.meta.url), { recursive: true, force: true });

const common = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minifySyntax: true,
  minifyWhitespace: true,
  minifyIdentifiers: true,
  legalComments: "none",
  define: {
    __STASO_VERSION__: JSON.stringify(pkg.version),
    __STASO_BUILD__: JSON.stringify(buildId()),
    ...workerDefines(),
  },
  logLevel: "warning",
};

// The hook: one self-contained CommonJS file, loaded by the CommonJS launcher (bin/package.json sets
// bin/ to commonjs). Node 20 pays ~10 ms to start its ESM loader; the hook path never starts it.
// Sources stay ESM TypeScript; only this bundle's wrapper differs (measured: bench/hook-latency.mjs).
// The hook and the library carry no setup code: __STASO_HOOK__ folds each host's `install` loader to
// undefined (src/hosts/types.ts), and the bundler then leaves the installers and their config-file
// editors out.
const hookOnly = { __STASO_HOOK__: "true" };

await build({
  ...common,
  define: { ...common.define, ...hookOnly },
  format: "cjs",
  entryPoints: { hook: "src/hook/entry.ts" },
  // performance.now() without loading Node's perf_hooks (src/hook/node-clock.ts says why).
  inject: ["src/hook/node-clock.ts"],
  // The rules' examples stay out of the hook (scripts/strip-examples.mjs says why).
  plugins: [stripExamplesPlugin],
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
});

// The hook bundle must stay ASCII: V8 holds a source with a single other character as UTF-16, twice the
// memory, read, wrapped and compiled on every call (one "…" in a regex literal cost the Node hook ~7 ms
// of CPU per call, measured). esbuild escapes strings but not regex literals: write \u2026 there.
{
  const text = readFileSync(new URL("../dist/hook.cjs", import.meta.url), "utf8");
  const at = text.search(/[^\x00-\x7f]/);
  if (at >= 0) {
    console.error(
      `staso: dist/hook.cjs holds a non-ASCII character (${JSON.stringify(text.slice(Math.max(0, at - 40), at + 20))}); escape it in the source (\\uXXXX).`,
    );
    process.exit(1);
  }
}

// The launcher's check of STASO_GUARD_ENABLED=false (who set it): loaded only when it says off.
await build({
  ...common,
  format: "cjs",
  entryPoints: { "guard-switch": "src/hook/guard-switch.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
});

await build({
  ...common,
  entryPoints: { cli: "src/cli/main.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  // The server's databases load at run time from node_modules: PGlite finds its WASM and data files next
  // to its own module, so it cannot be bundled; the server code itself is a chunk of its own that only
  // `staso server` and `staso dashboard` load.
  external: ["@electric-sql/pglite", "postgres"],
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __stasoCreateRequire } from 'node:module'; const require = __stasoCreateRequire(import.meta.url);",
  },
});

// The library: one ESM file of its own (no chunks shared with the CLI, so importing it never loads command
// code), and its declarations from tsc (tsconfig.lib.json).
await build({
  ...common,
  define: { ...common.define, ...hookOnly },
  entryPoints: { lib: "src/lib.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  banner: {
    js: "import { createRequire as __stasoCreateRequire } from 'node:module'; const require = __stasoCreateRequire(import.meta.url);",
  },
});
{
  const { spawnSync } = await import("node:child_process");
  const tsc = new URL("../node_modules/typescript/bin/tsc", import.meta.url).pathname;
  const r = spawnSync(process.execPath, [tsc, "-p", new URL("../tsconfig.lib.json", import.meta.url).pathname], {
    encoding: "utf8",
  });
  if (r.status !== 0) {
    console.error(`staso: the library's declarations did not build:\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
}

// Warm the hook's V8 code cache (bin/staso.js writes it next to the bundle on its first run), so the
// first tool call after an install is as fast as the rest.
{
  const { spawnSync } = await import("node:child_process");
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  for (const f of (await import("node:fs")).readdirSync(new URL("../dist", import.meta.url))) {
    if (/^hook\..*\.v8cache$/.test(f)) rmSync(new URL(`../dist/${f}`, import.meta.url), { force: true });
  }
  const home = mkdtempSync(join(tmpdir(), "staso-build-"));
  const payload = JSON.stringify({
    session_id: "build",
    cwd: home,
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: "git status" },
  });
  spawnSync(process.execPath, [new URL("../bin/staso.js", import.meta.url).pathname, "hook"], {
    input: payload,
    env: { ...process.env, STASO_HOME: home },
  });
  rmSync(home, { recursive: true, force: true });
}
