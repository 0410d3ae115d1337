// API keys: one per machine. A key is printed once when it is made; only its sha256 is kept. What a key
// may do is fixed (report spans, raise and read its own escalations, fetch the team policy): see
// ../http/machine-api.ts. A revoked key stops working at once.
import { keyPrefix, newApiKey, sha256 } from "../auth/tokens.js";
import type { Sql } from "../db/types.js";
import { StoreError } from "./users.js";

export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastSeenAt: Date | null;
  stasoVersion: string | null;
  hostName: string | null;
  agents: string[];
}

const COLUMNS = `id, name, prefix, created_at as "createdAt", created_by as "createdBy", revoked_at as "revokedAt",
  revoked_by as "revokedBy", last_seen_at as "lastSeenAt", staso_version as "stasoVersion", host_name as "hostName", agents`;

function keyNameProblem(name: string): string | undefined {
  const n = name.trim();
  if (n === "" || n.length > 100) return "a key's name is 1 to 100 characters";
  if (/[\u0000-\u001f\u007f-\u009f]/.test(n)) return "a key's name has no control characters";
  return undefined;
}

export async function createKey(
  sql: Sql,
  name: string,
  by: string,
  now = new Date(),
): Promise<{ key: string; record: ApiKey }> {
  const bad = keyNameProblem(name);
  if (bad) throw new StoreError(bad);
  const key = newApiKey();
  const [record] = await sql.query<ApiKey>(
    `insert into api_keys (name, prefix, hash, created_at, created_by) values ($1, $2, $3, $4::timestamptz, $5)
     returning ${COLUMNS}`,
    [name.trim(), keyPrefix(key), sha256(key), now.toISOString(), by],
  );
  return { key, record: record! };
}

/** The live key a request presented, or undefined (unknown, malformed or revoked). */
export async function keyByToken(sql: Sql, token: string): Promise<ApiKey | undefined> {
  if (!/^ak_[A-Za-z0-9_-]{8,200}$/.test(token)) return undefined;
  const [row] = await sql.query<ApiKey>(`select ${COLUMNS} from api_keys where hash = $1 and revoked_at is null`, [
    sha256(token),
  ]);
  return row;
}

export async function listKeys(sql: Sql): Promise<ApiKey[]> {
  return sql.query<ApiKey>(`select ${COLUMNS} from api_keys order by revoked_at is not null, name, id`);
}

export async function revokeKey(sql: Sql, id: number, by: string, now = new Date()): Promise<boolean> {
  const rows = await sql.query(
    "update api_keys set revoked_at = $2::timestamptz, revoked_by = $3 where id = $1 and revoked_at is null returning id",
    [id, now.toISOString(), by],
  );
  return rows.length > 0;
}

/**
 * What a machine told about itself with a request: when, which staso, which host, which agents. Written
 * only when something changed or a minute has passed, so a busy machine does not write on every request.
 */
export async function touchKey(
  sql: Sql,
  id: number,
  seen: { stasoVersion?: string; hostName?: string; agents?: string[] },
  now = new Date(),
): Promise<void> {
  await sql.query(
    `update api_keys set last_seen_at = $2::timestamptz,
       staso_version = coalesce($3, staso_version), host_name = coalesce($4, host_name),
       agents = (select array(select distinct unnest(agents || $5::text[]) order by 1))
     where id = $1 and (last_seen_at is null or last_seen_at < $2::timestamptz - interval '60 seconds'
       or staso_version is distinct from coalesce($3, staso_version) or host_name is distinct from coalesce($4, host_name)
       or not (agents @> $5::text[]))`,
    [id, now.toISOString(), seen.stasoVersion ?? null, seen.hostName ?? null, seen.agents ?? []],
  );
}
