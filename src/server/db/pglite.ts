// The embedded database: PGlite in a folder (default <STASO_HOME>/server/db). One process at a time may
// open it (PGlite is a single-connection Postgres), so a lock file beside it names the owner; a second
// `staso server` on the same folder is refused instead of corrupting it.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { DatabaseError, type Sql } from "./types.js";

type PGliteInstance = import("@electric-sql/pglite").PGlite;
type Queryable = Pick<PGliteInstance, "query" | "exec">;

function wrap(db: Queryable, describe: string, tx: (fn: (tx: Sql) => Promise<unknown>) => Promise<unknown>): Sql {
  return {
    kind: "embedded",
    describe,
    async query<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
      return (await db.query<T>(text, params as unknown[])).rows;
    },
    async exec(text: string): Promise<void> {
      await db.exec(text);
    },
    transaction: tx as Sql["transaction"],
    async close() {},
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes <dir>.lock for this process; throws when a live process holds it. */
function lockDir(dir: string): () => void {
  const file = `${dir}.lock`;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, "utf8") === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const pid = Number(readFileSync(file, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid))
      throw new DatabaseError(
        `the embedded database ${dir} is in use by another staso server (pid ${pid}); stop it, or connect to it instead`,
      );
    unlinkSync(file); // left by a process that died
  }
  throw new DatabaseError(`could not lock the embedded database ${dir}`);
}

export async function openEmbedded(dir: string): Promise<Sql> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const unlock = lockDir(dir);
  let db: PGliteInstance;
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    db = await PGlite.create(dir);
  } catch (err) {
    unlock();
    throw new DatabaseError(`the embedded database in ${dir} could not be opened (${(err as Error).message})`);
  }
  const describe = join(dir);
  const sql = wrap(db, describe, (fn) => db.transaction((tx) => fn(wrap(tx, describe, () => nested()))));
  sql.close = async () => {
    try {
      await db.close();
    } finally {
      unlock();
    }
  };
  return sql;
}

function nested(): never {
  throw new Error("nested transactions are not used");
}
