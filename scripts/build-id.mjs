// A build's identity: the version plus a hash of every source file, so caches keyed by it (the compiled
// policy, rule metadata) are not shared by two builds of one version, as development builds all are.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const checkout = fileURLToPath(new URL("..", import.meta.url));

function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** The identity of the build of the checkout at `root` (this one by default). */
export function buildId(root = checkout) {
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const hash = createHash("sha256");
  for (const file of files(join(root, "src"))) hash.update(`${relative(root, file)}\0`).update(readFileSync(file));
  return `${version}+${hash.digest("hex").slice(0, 12)}`;
}
