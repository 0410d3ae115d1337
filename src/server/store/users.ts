// People who sign in to the dashboard, with one of three roles:
//   viewer    reads every page
//   approver  also approves and denies escalations
//   admin     also manages users, API keys, the team policy and notifications
import { hashPassword, passwordProblem } from "../auth/password.js";
import type { Sql } from "../db/types.js";

export const ROLES = ["admin", "approver", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  email: string;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
}

/** A request the store refuses (a bad email, a taken one): one sentence for the user. */
export class StoreError extends Error {}

const EMAIL = /^[^\s@<>"'\\]{1,64}@[^\s@<>"'\\]{1,255}$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function emailProblem(email: string): string | undefined {
  return EMAIL.test(normalizeEmail(email)) ? undefined : `${JSON.stringify(email)} is not an email address`;
}

export function isRole(v: unknown): v is Role {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}

const COLUMNS = 'id, email, role, created_at as "createdAt", disabled_at as "disabledAt"';

export async function addUser(
  sql: Sql,
  u: { email: string; role: Role; password: string; by: string },
  now = new Date(),
): Promise<User> {
  const email = normalizeEmail(u.email);
  const bad = emailProblem(email) ?? passwordProblem(u.password);
  if (bad) throw new StoreError(bad);
  if (!isRole(u.role)) throw new StoreError(`the role must be one of ${ROLES.join(", ")}`);
  const hash = await hashPassword(u.password);
  const rows = await sql.query<User>(
    `insert into users (email, role, password_hash, created_at, created_by) values ($1, $2, $3, $4::timestamptz, $5)
     on conflict (email) do nothing returning ${COLUMNS}`,
    [email, u.role, hash, now.toISOString(), u.by],
  );
  if (!rows[0]) throw new StoreError(`there is already a user ${email}`);
  return rows[0];
}

export async function userWithHash(sql: Sql, email: string): Promise<(User & { passwordHash: string }) | undefined> {
  const rows = await sql.query<User & { passwordHash: string }>(
    `select ${COLUMNS}, password_hash as "passwordHash" from users where email = $1`,
    [normalizeEmail(email)],
  );
  return rows[0];
}

export async function listUsers(sql: Sql): Promise<User[]> {
  return sql.query<User>(`select ${COLUMNS} from users order by email`);
}

export async function setUserRole(sql: Sql, id: number, role: Role): Promise<void> {
  if (!isRole(role)) throw new StoreError(`the role must be one of ${ROLES.join(", ")}`);
  await sql.transaction(async (tx) => {
    await tx.query("update users set role = $2 where id = $1", [id, role]);
    await lastAdminStays(tx);
  });
}

export async function setUserDisabled(sql: Sql, id: number, disabled: boolean, now = new Date()): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query("update users set disabled_at = $2::timestamptz where id = $1", [
      id,
      disabled ? now.toISOString() : null,
    ]);
    if (disabled) await tx.query("delete from sessions where user_id = $1", [id]);
    await lastAdminStays(tx);
  });
}

/** Someone must still be able to administer the server. */
async function lastAdminStays(tx: Sql): Promise<void> {
  const [row] = await tx.query<{ n: number }>(
    "select count(*)::int as n from users where role = 'admin' and disabled_at is null",
  );
  if ((row?.n ?? 0) === 0) throw new StoreError("that would leave no active admin");
}
