// PostgreSQL over the network (`--database-url` / DATABASE_URL), with the `postgres` driver: a small
// pool per process. Several staso server instances may share one database: nothing that matters lives
// in a process.
import { DatabaseError, type Sql } from "./types.js";

type Driver = import("postgres").Sql;
type Tx = import("postgres").TransactionSql;

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(an unparsable database URL)";
  }
}

function wrap(db: Driver | Tx, describe: string): Sql {
  return {
    kind: "postgres",
    describe,
    async query<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
      return (await db.unsafe(text, params as never[])) as unknown as T[];
    },
    async exec(text: string): Promise<void> {
      await db.unsafe(text);
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      if (!("begin" in db)) throw new Error("nested transactions are not used");
      return (await (db as Driver).begin((tx: Tx) => fn(wrap(tx, describe)))) as T;
    },
    async close() {},
  };
}

export async function openPostgres(url: string, o: { max?: number } = {}): Promise<Sql> {
  const { default: postgres } = await import("postgres");
  const describe = redactUrl(url);
  let db: Driver;
  try {
    db = postgres(url, { max: o.max ?? 10, onnotice: () => {}, connect_timeout: 10, idle_timeout: 60 });
    await db.unsafe("select 1");
  } catch (err) {
    throw new DatabaseError(`PostgreSQL at ${describe} could not be reached (${(err as Error).message})`);
  }
  const sql = wrap(db, describe);
  sql.close = async () => {
    await db.end({ timeout: 5 });
  };
  return sql;
}
