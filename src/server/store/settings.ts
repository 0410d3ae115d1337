// Server settings kept in the database (so every instance sees the same): the notification webhooks.
import type { Sql } from "../db/types.js";

export interface Webhook {
  url: string;
  /** generic: staso's own JSON; slack: Slack's incoming-webhook format. */
  format: "generic" | "slack";
}

async function getSetting<T>(sql: Sql, key: string): Promise<T | undefined> {
  const [row] = await sql.query<{ value: T }>("select value from settings where key = $1", [key]);
  return row?.value;
}

export async function setSetting(sql: Sql, key: string, value: unknown, by: string, now = new Date()): Promise<void> {
  await sql.query(
    `insert into settings (key, value, updated_at, updated_by) values ($1, $2::text::jsonb, $3::timestamptz, $4)
     on conflict (key) do update set value = $2::text::jsonb, updated_at = $3::timestamptz, updated_by = $4`,
    [key, JSON.stringify(value), now.toISOString(), by],
  );
}

export const getWebhooks = async (sql: Sql): Promise<Webhook[]> => (await getSetting<Webhook[]>(sql, "webhooks")) ?? [];
