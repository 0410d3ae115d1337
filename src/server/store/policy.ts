// The team's policy: every version kept, newest in force, each with who changed it and why.
import type { Sql } from "../db/types.js";
import type { PolicyConfig } from "../../policy/schema.js";

export interface PolicyVersion {
  id: number;
  config: PolicyConfig;
  /** The team lets each user's own config loosen this policy (default: a user may only tighten it). */
  userMayLoosen: boolean;
  author: string;
  reason: string;
  createdAt: Date;
}

const COLUMNS = `id, config, user_may_loosen as "userMayLoosen", author, reason, created_at as "createdAt"`;

export async function currentPolicy(sql: Sql): Promise<PolicyVersion | undefined> {
  return (await sql.query<PolicyVersion>(`select ${COLUMNS} from policy_versions order by id desc limit 1`))[0];
}

export async function policyHistory(sql: Sql, limit = 50): Promise<PolicyVersion[]> {
  return sql.query<PolicyVersion>(`select ${COLUMNS} from policy_versions order by id desc limit $1`, [limit]);
}

export async function getPolicyVersion(sql: Sql, id: number): Promise<PolicyVersion | undefined> {
  return (await sql.query<PolicyVersion>(`select ${COLUMNS} from policy_versions where id = $1`, [id]))[0];
}

/** Saves a new version (already validated and tested by the caller). */
export async function savePolicy(
  sql: Sql,
  v: { config: PolicyConfig; userMayLoosen: boolean; author: string; reason: string },
  now = new Date(),
): Promise<PolicyVersion> {
  const [row] = await sql.query<PolicyVersion>(
    `insert into policy_versions (config, user_may_loosen, author, reason, created_at)
     values ($1::text::jsonb, $2, $3, $4, $5::timestamptz) returning ${COLUMNS}`,
    [JSON.stringify(v.config), v.userMayLoosen, v.author, v.reason, now.toISOString()],
  );
  return row!;
}
