// `staso server` and its admin commands: run the HTTP API and dashboard; bring the schema up to date; add
// people; make, list and revoke machines' API keys. Every one of them opens the same database: the
// embedded one under STASO_HOME, or PostgreSQL with --database-url / DATABASE_URL.
import { UsageError } from "./errors.js";

export interface DbFlags {
  databaseUrl?: string;
}

async function withDatabase<T>(
  flags: DbFlags,
  fn: (sql: import("../server/db/types.js").Sql) => Promise<T>,
): Promise<T> {
  const { chooseDatabase, openDatabase } = await import("../server/db/open.js");
  const { migrate } = await import("../server/db/migrations.js");
  const { DatabaseError } = await import("../server/db/types.js");
  let sql: import("../server/db/types.js").Sql;
  try {
    sql = await openDatabase(chooseDatabase(flags.databaseUrl));
  } catch (err) {
    if (err instanceof DatabaseError && /in use by another staso server/.test(err.message))
      throw new UsageError(
        `${err.message}. With the embedded database, add people and keys in the dashboard (Settings, Machines) while the server runs, or stop it first.`,
      );
    throw err;
  }
  try {
    await migrate(sql);
    return await fn(sql);
  } finally {
    await sql.close();
  }
}

function parsePort(v: string | undefined): number {
  if (v === undefined) return 8787;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--port ${v} is not a port (0 to 65535; 0 picks a free one).`);
  return n;
}

export interface ServerFlags extends DbFlags {
  host?: string;
  port?: string;
  publicUrl?: string;
  trustProxy?: boolean;
}

export async function serverCommand(flags: ServerFlags): Promise<void> {
  const { chooseDatabase } = await import("../server/db/open.js");
  const { startServer } = await import("../server/start.js");
  if (flags.publicUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(flags.publicUrl))
    throw new UsageError(`--public-url ${flags.publicUrl} is not an http:// or https:// URL.`);
  const running = await startServer({
    host: flags.host ?? "127.0.0.1",
    port: parsePort(flags.port),
    database: chooseDatabase(flags.databaseUrl),
    ...(flags.publicUrl ? { publicUrl: flags.publicUrl } : {}),
    trustProxy: flags.trustProxy === true,
  });
  const count = (await running.sql.query<{ count: number }>("select count(*)::int as count from users"))[0]?.count ?? 0;
  process.stdout.write(`staso server listening on ${running.url}\n`);
  process.stdout.write(`dashboard: ${running.publicUrl}\ndatabase: ${running.sql.describe}\n`);
  if (count === 0)
    process.stdout.write(
      "No one can sign in yet: stop the server and run `staso server users add --email you@example.com --role admin --password-stdin`, or use `staso dashboard`.\n",
    );
  await waitForSignal(running.close);
}

/** Runs until SIGINT or SIGTERM, then closes cleanly. */
export function waitForSignal(close: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void close().finally(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export async function migrateCommand(flags: DbFlags): Promise<void> {
  const { chooseDatabase, openDatabase } = await import("../server/db/open.js");
  const { migrate } = await import("../server/db/migrations.js");
  const sql = await openDatabase(chooseDatabase(flags.databaseUrl));
  try {
    const r = await migrate(sql);
    process.stdout.write(
      r.applied.length
        ? `${r.applied.map((m) => `applied ${m.version}: ${m.name}`).join("\n")}\nthe schema is at version ${r.version} (${sql.describe})\n`
        : `the schema is already at version ${r.version} (${sql.describe})\n`,
    );
  } finally {
    await sql.close();
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError(
      "--password-stdin reads the password from standard input: pipe it in (e.g. from a password manager).",
    );
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

export async function usersAddCommand(
  flags: DbFlags & { email?: string; role?: string; passwordStdin?: boolean },
): Promise<void> {
  const { addUser, isRole, StoreError, ROLES } = await import("../server/store/users.js");
  if (!flags.email) throw new UsageError("--email is required.");
  if (!isRole(flags.role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}.`);
  if (!flags.passwordStdin)
    throw new UsageError("--password-stdin is required: a password never goes on the command line.");
  const password = await readStdin();
  await withDatabase(flags, async (sql) => {
    try {
      const u = await addUser(sql, { email: flags.email!, role: flags.role as "admin", password, by: "cli" });
      process.stdout.write(`added ${u.email} (${u.role})\n`);
    } catch (err) {
      if (err instanceof StoreError) throw new UsageError(`${err.message}.`);
      throw err;
    }
  });
}

export async function usersListCommand(flags: DbFlags & { json?: boolean }): Promise<void> {
  const { listUsers } = await import("../server/store/users.js");
  await withDatabase(flags, async (sql) => {
    const users = await listUsers(sql);
    if (flags.json) process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
    else for (const u of users) process.stdout.write(`${u.email}\t${u.role}${u.disabledAt ? "\tdisabled" : ""}\n`);
  });
}

export async function keysCreateCommand(flags: DbFlags & { name?: string; json?: boolean }): Promise<void> {
  const { createKey } = await import("../server/store/keys.js");
  const { StoreError } = await import("../server/store/users.js");
  if (!flags.name) throw new UsageError("--name is required (the machine the key is for, e.g. --name laptop).");
  await withDatabase(flags, async (sql) => {
    try {
      const { key, record } = await createKey(sql, flags.name!, "cli");
      if (flags.json) process.stdout.write(`${JSON.stringify({ key, id: record.id, name: record.name })}\n`);
      else
        process.stdout.write(
          `${key}\n\nThe API key for "${record.name}" (id ${record.id}). It is shown only now: on that machine run\n  staso setup --server <this server's URL> --api-key ${key}\n`,
        );
    } catch (err) {
      if (err instanceof StoreError) throw new UsageError(`${err.message}.`);
      throw err;
    }
  });
}

export async function keysListCommand(flags: DbFlags & { json?: boolean }): Promise<void> {
  const { listKeys } = await import("../server/store/keys.js");
  await withDatabase(flags, async (sql) => {
    const keys = await listKeys(sql);
    if (flags.json) process.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
    else
      for (const k of keys)
        process.stdout.write(
          `${k.id}\t${k.name}\t${k.prefix}…\t${k.revokedAt ? "revoked" : k.lastSeenAt ? `last seen ${k.lastSeenAt.toISOString()}` : "never seen"}\n`,
        );
  });
}

export async function keysRevokeCommand(id: string, flags: DbFlags): Promise<void> {
  const { listKeys, revokeKey } = await import("../server/store/keys.js");
  await withDatabase(flags, async (sql) => {
    const keys = await listKeys(sql);
    const hit = keys.filter(
      (k) => String(k.id) === id || k.prefix === id || (id.startsWith("ak_") && id.startsWith(k.prefix)),
    );
    if (hit.length !== 1)
      throw new UsageError(
        `${id} names ${hit.length ? "more than one key" : "no key"} (staso server keys list shows them).`,
      );
    const done = await revokeKey(sql, hit[0]!.id, "cli");
    process.stdout.write(
      done ? `revoked ${hit[0]!.name} (${hit[0]!.prefix}…)\n` : `${hit[0]!.name} was already revoked\n`,
    );
  });
}
