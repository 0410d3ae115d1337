// Builds the native hook: `bun build --compile` of src/hook/native-entry.ts into dist/native/staso-hook,
// then checks the binary answers a real payload. Bun is a build-time dependency from the npm registry
// (the `bun` package ships its binary through per-platform packages); nothing else is downloaded.
// Also lays the binary out as the per-platform package it would be published as (packages/hook-*/).
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findBun } from "./find-bun.mjs";
import { buildId } from "./build-id.mjs";
import { workerDefines } from "./worker-sources.mjs";
import { stripExamples } from "./strip-examples.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const optional = process.argv.includes("--optional");
const exe = process.platform === "win32" ? ".exe" : "";

const bun = findBun();
if (!bun) {
  const msg = "bun is not available for this platform, so the native hook was not built (the Node hook is used).";
  if (optional) {
    console.warn(`staso: ${msg}`);
    process.exit(0);
  }
  console.error(`staso: ${msg} Install dev dependencies with \`npm install\`.`);
  process.exit(1);
}

const outDir = join(root, "dist", "native");
const out = join(outDir, `staso-hook${exe}`);
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
// Bun compiles a copy of the sources whose rules have no examples, as the Node hook's bundle has none
// (scripts/strip-examples.mjs): `bun build --compile` takes no bundler plugins on its command line.
const staged = join(root, "dist", ".native-src");
rmSync(staged, { recursive: true, force: true });
cpSync(join(root, "src"), join(staged, "src"), { recursive: true });
for (const entry of readdirSync(join(staged, "src", "rules"), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
  const file = join(entry.parentPath, entry.name);
  writeFileSync(file, stripExamples(readFileSync(file, "utf8"), file));
}
const build = spawnSync(
  bun,
  // --bytecode (with --format=cjs) ships precompiled bytecode: ~5 ms less start-up per call (measured).
  // No autoloading: a standalone Bun binary otherwise reads .env and bunfig.toml from the directory it
  // runs in, the agent's project, so a `.env` the agent writes (STASO_GUARD_ENABLED=false) would turn the
  // guard off, and every call would pay the look-ups.
  // --compile-jit-policy: a hook lives ~10 ms, too short for JIT tiers to pay for their compilation:
  // raising the tier-up thresholds 1000x (not 100x) saved another ~2 ms of CPU per everyday call and per
  // 1 MiB Write (measured, docs/speed.md). A call with real work for the JIT (a long shell command: the
  // analysis and every rule per command) lowers them again at run time (src/hook/jit-policy.ts).
  [
    "build",
    "--compile",
    "--minify",
    "--bytecode",
    "--format=cjs",
    "--no-compile-autoload-dotenv",
    "--no-compile-autoload-bunfig",
    "--compile-jit-policy=1000",
    "--define",
    `__STASO_VERSION__=${JSON.stringify(pkg.version)}`,
    "--define",
    `__STASO_BUILD__=${JSON.stringify(buildId())}`,
    ...Object.entries(workerDefines()).flatMap(([name, value]) => ["--define", `${name}=${value}`]),
    // no setup code in the hook (src/hosts/types.ts)
    "--define",
    "__STASO_HOOK__=true",
    join(staged, "src", "hook", "native-entry.ts"),
    "--outfile",
    out,
  ],
  { cwd: root, encoding: "utf8" },
);
rmSync(staged, { recursive: true, force: true });
if (build.status !== 0) {
  const msg = `bun build --compile failed: ${(build.stderr || build.stdout).trim()}`;
  if (optional) {
    console.warn(`staso: ${msg}`);
    process.exit(0);
  }
  console.error(`staso: ${msg}`);
  process.exit(1);
}
chmodSync(out, 0o755);

// Smoke check: a real payload must get the real decision, or the binary is not installed anywhere.
const payload = JSON.stringify({
  session_id: "build",
  cwd: root,
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command: "rm -rf /" },
});
const check = spawnSync(out, ["hook", "--target", "claude-code"], {
  input: payload,
  encoding: "utf8",
  env: { ...process.env, STASO_HOME: join(outDir, ".smoke-home") },
});
rmSync(join(outDir, ".smoke-home"), { recursive: true, force: true });
if (check.status !== 0 || !check.stdout.includes('"permissionDecision":"deny"')) {
  rmSync(out, { force: true });
  console.error(
    `staso: the native hook was built but did not answer correctly (exit ${check.status}): ${check.stdout}${check.stderr}`,
  );
  process.exit(optional ? 0 : 1);
}

// The per-platform package this binary would be published as (see docs/speed.md, "The native hook").
const platformPkgDir = join(root, "dist", "packages", `hook-${process.platform}-${process.arch}`);
mkdirSync(join(platformPkgDir, "bin"), { recursive: true });
copyFileSync(out, join(platformPkgDir, "bin", `staso-hook${exe}`));
writeFileSync(
  join(platformPkgDir, "package.json"),
  `${JSON.stringify(
    {
      name: `@staso/hook-${process.platform}-${process.arch}`,
      version: pkg.version,
      description: `The native staso hook for ${process.platform}-${process.arch} (a Bun-compiled binary).`,
      os: [process.platform],
      cpu: [process.arch],
      files: ["bin"],
      license: pkg.license,
    },
    null,
    2,
  )}\n`,
);
console.log(`native hook: ${out}`);
