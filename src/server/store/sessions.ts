// Dashboard sessions. The browser holds a random token in an HttpOnly cookie; the database holds only its
// sha256, with the session's CSRF token. A session ends after 12 idle hours and at most 7 days after
// sign-in, when its user is disabled, or at sign-out.
import { randomToken, sha256 } from "../auth/tokens.js";
import type { Sql } from "../db/types.js";
import type { User } from "./users.js";

const IDLE_MS = 12 * 3600_000;
const MAX_AGE_MS = 7 * 24 * 3600_000;
/** last_seen is written at most this often, so reading pages does not write on every request. */
const TOUCH_MS = 60_000;

export interface Session {
  id: string;
  csrf: string;
  user: User;
}

export async function createSession(sql: Sql, userId: number, now = Date.now()): Promise<{ token: string }> {
  const token = randomToken();
  await sql.query(
    `insert into sessions (id, user_id, csrf, created_at, last_seen_at, expires_at)
     values ($1, $2, $3, $4::timestamptz, $4::timestamptz, $5::timestamptz)`,
    [sha256(token), userId, randomToken(), new Date(now).toISOString(), new Date(now + IDLE_MS).toISOString()],
  );
  // Expired sessions of anyone are cleared now and then: a sign-in is a fine moment.
  await sql.query("delete from sessions where expires_at < $1::timestamptz", [new Date(now).toISOString()]);
  return { token };
}

export async function sessionByToken(sql: Sql, token: string, now = Date.now()): Promise<Session | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const rows = await sql.query<{
    id: string;
    csrf: string;
    createdAt: Date;
    lastSeenAt: Date;
    expiresAt: Date;
    userId: number;
    email: string;
    role: User["role"];
    userCreatedAt: Date;
    disabledAt: Date | null;
  }>(
    `select s.id, s.csrf, s.created_at as "createdAt", s.last_seen_at as "lastSeenAt", s.expires_at as "expiresAt",
            u.id as "userId", u.email, u.role, u.created_at as "userCreatedAt", u.disabled_at as "disabledAt"
       from sessions s join users u on u.id = s.user_id where s.id = $1`,
    [sha256(token)],
  );
  const r = rows[0];
  if (!r || r.disabledAt || r.expiresAt.getTime() <= now || r.createdAt.getTime() + MAX_AGE_MS <= now) return undefined;
  if (now - r.lastSeenAt.getTime() > TOUCH_MS) {
    const expires = Math.min(now + IDLE_MS, r.createdAt.getTime() + MAX_AGE_MS);
    await sql.query("update sessions set last_seen_at = $2::timestamptz, expires_at = $3::timestamptz where id = $1", [
      r.id,
      new Date(now).toISOString(),
      new Date(expires).toISOString(),
    ]);
  }
  return {
    id: r.id,
    csrf: r.csrf,
    user: { id: r.userId, email: r.email, role: r.role, createdAt: r.userCreatedAt, disabledAt: null },
  };
}

export async function deleteSession(sql: Sql, id: string): Promise<void> {
  await sql.query("delete from sessions where id = $1", [id]);
}
