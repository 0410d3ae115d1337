// A throwaway PostgreSQL cluster for the server's tests (Debian's postgresql package): initdb into a
// temp folder, pg_ctl start on a free port on 127.0.0.1 (no other listener, trust auth for the local
// test user only), and stop + remove afterwards. As root, the cluster runs as the `postgres` user (initdb
// refuses root), or `nobody` when there is no such user.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Cluster {
  url: string;
  stop(): void;
}

function pgBin(name: string): string {
  for (const dir of ["/usr/lib/postgresql"]) {
    if (!existsSync(dir)) continue;
    const versions = readdirSync(dir).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const p = join(dir, v, "bin", name);
      if (existsSync(p)) return p;
    }
  }
  const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  throw new Error(
    `PostgreSQL's ${name} was not found: install Debian's postgresql package (apt-get install -y postgresql)`,
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function runAs(user: string | undefined, file: string, args: string[]): void {
  const argv = user ? ["runuser", "-u", user, "--", file, ...args] : [file, ...args];
  execFileSync(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
}

export async function startCluster(): Promise<Cluster> {
  const user = isRoot() ? (spawnSync("id", ["-u", "postgres"]).status === 0 ? "postgres" : "nobody") : undefined;
  const root = mkdtempSync(join(tmpdir(), "staso-pg-"));
  chmodSync(root, 0o777); // the cluster's own user writes here
  const data = join(root, "data");
  const port = await freePort();
  runAs(user, pgBin("initdb"), ["-D", data, "-U", "staso", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  runAs(user, pgBin("pg_ctl"), [
    "-D",
    data,
    "-l",
    join(root, "log"),
    "-w",
    "-t",
    "60",
    "-o",
    `-p ${port} -h 127.0.0.1 -k ${root} -c max_connections=300 -c synchronous_commit=off -c fsync=off`,
    "start",
  ]);
  const stop = () => {
    try {
      runAs(user, pgBin("pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // already stopped
    }
    rmSync(root, { recursive: true, force: true });
  };
  return { url: `postgres://staso@127.0.0.1:${port}/postgres`, stop };
}
