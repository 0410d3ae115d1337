// Vitest global setup shared by every suite: the run's temporary files go into one folder of its own
// (TMPDIR, which os.tmpdir() and every spawned tool read), removed when the run ends. Tests make
// thousands of sandboxes; left in /tmp they crowd it (20,000 entries after a few days here), and every
// hook call whose cwd has no repository above it walks up through /tmp. STASO_KEEP_TMP=1 keeps the
// folder for a look after a failure.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), "staso-vitest-"));
  // Others may pass through, not list: a test PostgreSQL cluster runs as its own user (runuser) in a
  // folder of its own in here (test/server/postgres-cluster.ts).
  chmodSync(root, 0o711);
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.STASO_KEEP_TMP === "1") console.log(`staso: the run's temporary files are kept in ${root}`);
    else rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
