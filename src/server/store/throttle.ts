// Throttling failed sign-ins, per email and per client address, in the database (so every instance behind
// a load balancer counts the same failures): after 5 failures for one email (20 from one client address,
// which a whole office may share) within 15 minutes, the key is locked for 30 s, doubling with each further
// failure up to 15 minutes. A success clears the email's count. Keys are "email:<address>" and "ip:<address>".
import type { Sql } from "../db/types.js";

const WINDOW_MS = 15 * 60_000;
const freeFailures = (key: string) => (key.startsWith("ip:") ? 20 : 5);
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

/** When the latest lock of these keys ends, if one is in force. */
export async function lockedUntil(sql: Sql, keys: string[], now = Date.now()): Promise<number | undefined> {
  const rows = await sql.query<{ lockedUntil: Date | null }>(
    `select locked_until as "lockedUntil" from login_failures where key = any($1::text[])`,
    [keys],
  );
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
  return until > now ? until : undefined;
}

export async function recordFailure(sql: Sql, keys: string[], now = Date.now()): Promise<void> {
  for (const key of keys) {
    await sql.transaction(async (tx) => {
      const [row] = await tx.query<{ failures: number; firstAt: Date }>(
        `select failures, first_at as "firstAt" from login_failures where key = $1 for update`,
        [key],
      );
      const fresh = !row || now - row.firstAt.getTime() > WINDOW_MS;
      const failures = fresh ? 1 : row.failures + 1;
      const firstAt = fresh ? now : row.firstAt.getTime();
      const lock =
        failures >= freeFailures(key)
          ? new Date(now + Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - freeFailures(key)))).toISOString()
          : null;
      await tx.query(
        `insert into login_failures (key, failures, first_at, locked_until) values ($1, $2, $3::timestamptz, $4::timestamptz)
         on conflict (key) do update set failures = $2, first_at = $3::timestamptz, locked_until = $4::timestamptz`,
        [key, failures, new Date(firstAt).toISOString(), lock],
      );
    });
  }
}

export async function clearFailures(sql: Sql, keys: string[]): Promise<void> {
  await sql.query("delete from login_failures where key = any($1::text[])", [keys]);
}
