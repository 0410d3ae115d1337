// Packs staso for publishing, the way fast npm CLIs ship native parts: the main package (`npm pack`: bin/,
// dist/ without the native binary, hooks-templates/) with the per-platform hook packages laid out by the
// build (dist/packages/hook-<platform>-<arch>/) listed in its optionalDependencies, and each of those
// packed too. npm then installs only the one matching the user's machine; with none, the Node hook runs.
//
//   node scripts/pack.mjs [--out <dir>]     (default dist/release; run `npm run build` first)
//
// Prints the tarballs' paths as JSON ({ main, platforms: [...] }). The repository's package.json lists no
// optionalDependencies: a name that is not published yet must not be installable by anyone else's upload.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const outArg = process.argv.indexOf("--out");
const out = resolve(outArg > 0 ? process.argv[outArg + 1] : join(root, "dist", "release"));
mkdirSync(out, { recursive: true });

if (!existsSync(join(root, "dist", "hook.cjs")) || !existsSync(join(root, "dist", "cli.mjs"))) {
  console.error("staso: dist/ is not built; run `npm run build` first.");
  process.exit(1);
}

/** `npm pack <dir>` into `out`; returns the tarball's path. */
function npmPack(dir) {
  const r = spawnSync("npm", ["pack", dir, "--pack-destination", out, "--ignore-scripts", "--json"], {
    cwd: root,
    encoding: "utf8",
  });
  if (r.status !== 0) {
    console.error(`staso: npm pack ${dir} failed:\n${r.stderr}`);
    process.exit(1);
  }
  return join(out, JSON.parse(r.stdout)[0].filename);
}

const platformsDir = join(root, "dist", "packages");
const platformDirs = existsSync(platformsDir)
  ? readdirSync(platformsDir)
      .filter((d) => d.startsWith("hook-"))
      .map((d) => join(platformsDir, d))
  : [];
const platforms = platformDirs.map((d) => {
  const p = JSON.parse(readFileSync(join(d, "package.json"), "utf8"));
  if (p.version !== pkg.version) {
    console.error(`staso: ${d} is version ${p.version}, not ${pkg.version}; run \`npm run build\` again.`);
    process.exit(1);
  }
  return { name: p.name, tarball: npmPack(d) };
});

// The main package: what `npm pack` takes from the checkout (package.json's `files`), with the platform
// packages as optional dependencies at exactly this version.
const stage = mkdtempSync(join(tmpdir(), "staso-pack-"));
try {
  const plain = npmPack(root);
  const untar = spawnSync("tar", ["-xzf", plain, "-C", stage], { encoding: "utf8" });
  if (untar.status !== 0) throw new Error(`tar: ${untar.stderr}`);
  rmSync(plain);
  const dir = join(stage, "package");
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  manifest.optionalDependencies = Object.fromEntries(platforms.map((p) => [p.name, pkg.version]));
  // Nothing to build or develop in the published package.
  delete manifest.devDependencies;
  delete manifest.scripts;
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const main = npmPack(dir);
  console.log(JSON.stringify({ main, platforms: platforms.map((p) => p.tarball) }));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
