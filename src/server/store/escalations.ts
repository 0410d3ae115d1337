// Escalations held by the server: the same semantics as the local file store (src/escalation/coverage.ts
// decides what an escalation means for later tries and what an answer records), made atomic by the
// database instead of by link(): creating takes an advisory lock on (machine, call), and an answer is an
// UPDATE … WHERE status = 'pending', so exactly one answer wins whoever asks at the same time.
// A machine's calls only ever match that machine's escalations: an approval on one laptop lets nothing
// run on another.
import { coverage, resolutionFor } from "../../escalation/coverage.js";
import type {
  CreateResult,
  Escalation,
  EscalationRequest,
  ResolveInput,
  ResolveResult,
} from "../../escalation/types.js";
import { newEscalationId } from "../auth/tokens.js";
import type { Sql } from "../db/types.js";

interface Row {
  id: string;
  keyId: number;
  keyName: string | null;
  status: Escalation["status"];
  request: Omit<EscalationRequest, "expiresInSeconds">;
  createdAt: Date;
  expiresAt: Date;
  resolution: Escalation["resolution"] | null;
  consumed: Escalation["consumed"] | null;
}

/** An escalation as the server shows it: the store's shape plus the machine (API key) that raised it. */
export interface ServerEscalation extends Escalation {
  machine: { id: number; name: string };
}

const SELECT = `select e.id, e.key_id as "keyId", k.name as "keyName", e.status, e.request, e.created_at as "createdAt",
  e.expires_at as "expiresAt", e.resolution, e.consumed from escalations e left join api_keys k on k.id = e.key_id`;

function toEscalation(r: Row): ServerEscalation {
  return {
    v: 1,
    ...r.request,
    id: r.id,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    ...(r.resolution ? { resolution: r.resolution } : {}),
    ...(r.consumed ? { consumed: r.consumed } : {}),
    machine: { id: r.keyId, name: r.keyName ?? `key ${r.keyId}` },
  };
}

/** Two 31-bit numbers from a text, for pg_advisory_xact_lock(int, int). */
function lockKeys(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(i), 0x5bd1e995);
  }
  return [a & 0x7fffffff, b & 0x7fffffff];
}

const iso = (ms: number) => new Date(ms).toISOString();

async function markTimeout(tx: Sql, id: string, now: number): Promise<Row | undefined> {
  const resolution = { status: "timeout", at: iso(now), by: "staso" };
  await tx.query(
    `update escalations set status = 'timeout', resolution = $2::text::jsonb, resolved_at = $3::timestamptz
       where id = $1 and status = 'pending'`,
    [id, JSON.stringify(resolution), iso(now)],
  );
  return (await tx.query<Row>(`${SELECT} where e.id = $1`, [id]))[0];
}

/** Raises an escalation for a machine's call, or finds what already answers it (CreateResult, as the file store). */
export async function createEscalation(
  sql: Sql,
  keyId: number,
  req: EscalationRequest,
  now = Date.now(),
  /** The key's name, when the caller has it (saves a query). */
  keyName?: string,
): Promise<CreateResult & { escalation: ServerEscalation }> {
  return sql.transaction(async (tx) => {
    const [k1, k2] = lockKeys(`${keyId}:${req.signature}`);
    await tx.query("select pg_advisory_xact_lock($1::int, $2::int)", [k1, k2]);
    const timedOut: Escalation[] = [];
    const [latest] = await tx.query<Row>(
      `${SELECT} where e.key_id = $1 and e.signature = $2 order by e.created_at desc, e.id limit 1`,
      [keyId, req.signature],
    );
    if (latest) {
      let row = latest;
      let c = coverage(toEscalation(row), now);
      if (c === "expired") {
        row = (await markTimeout(tx, row.id, now))!;
        if (row.status === "timeout") timedOut.push(toEscalation(row));
        c = coverage(toEscalation(row), now);
      }
      if (c === "pending" || c === "denied" || c === "approved-window")
        return { escalation: toEscalation(row), created: false, timedOut };
      if (c === "approved-once") {
        const consumed = {
          at: iso(now),
          host: req.host,
          ...(req.session ? { session: req.session } : {}),
          ...(req.toolUseId ? { toolUseId: req.toolUseId } : {}),
        };
        const used = await tx.query<Row>(
          "update escalations set consumed = $2::text::jsonb where id = $1 and consumed is null returning id",
          [row.id, JSON.stringify(consumed)],
        );
        if (used.length > 0)
          return { escalation: { ...toEscalation(row), consumed }, created: false, consumed: true, timedOut };
      }
    }
    const { expiresInSeconds, ...stored } = req;
    const id = newEscalationId();
    await tx.query(
      `insert into escalations (id, key_id, signature, status, mode, host, tool, summary, project, rule_id, reason, request,
         created_at, expires_at)
       values ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12::timestamptz, $13::timestamptz)`,
      [
        id,
        keyId,
        req.signature,
        req.mode,
        req.host,
        req.tool,
        req.summary,
        req.project ?? null,
        req.ruleId ?? null,
        req.reason,
        JSON.stringify(stored),
        iso(now),
        iso(now + expiresInSeconds * 1000),
      ],
    );
    const name =
      keyName ?? (await tx.query<{ name: string }>("select name from api_keys where id = $1", [keyId]))[0]?.name;
    const row: Row = {
      id,
      keyId,
      keyName: name ?? null,
      status: "pending",
      request: stored,
      createdAt: new Date(now),
      expiresAt: new Date(now + expiresInSeconds * 1000),
      resolution: null,
      consumed: null,
    };
    return { escalation: toEscalation(row), created: true, timedOut };
  });
}

/** One escalation (of this machine only, when keyId is given); a pending one past its deadline is marked timed out. */
export async function getEscalation(
  sql: Sql,
  id: string,
  o: { keyId?: number; now?: number } = {},
): Promise<ServerEscalation | undefined> {
  if (!/^esc_[0-9a-f]{12}$/.test(id)) return undefined;
  const now = o.now ?? Date.now();
  let [row] = await sql.query<Row>(
    `${SELECT} where e.id = $1${o.keyId !== undefined ? " and e.key_id = $2" : ""}`,
    o.keyId !== undefined ? [id, o.keyId] : [id],
  );
  if (row && row.status === "pending" && row.expiresAt.getTime() <= now) row = await markTimeout(sql, id, now);
  return row ? toEscalation(row) : undefined;
}

/** A human's answer (or the clock's). Exactly one answer wins; too late is a timeout. */
export async function resolveEscalation(
  sql: Sql,
  id: string,
  input: ResolveInput,
  o: { keyId?: number; now?: number } = {},
): Promise<(ResolveResult & { escalation: ServerEscalation }) | undefined> {
  const now = o.now ?? Date.now();
  const e = await getEscalation(sql, id, o);
  if (!e) return undefined;
  if (e.status !== "pending") return { escalation: e, changed: false };
  const resolution = resolutionFor(e, input, now);
  const won = await sql.query(
    `update escalations set status = $2, resolution = $3::text::jsonb, resolved_at = $4::timestamptz
       where id = $1 and status = 'pending' and expires_at > $4::timestamptz returning id`,
    [id, input.status, JSON.stringify(resolution), iso(now)],
  );
  const after = (await getEscalation(sql, id, { now }))!;
  if (won.length > 0) return { escalation: after, changed: true };
  return { escalation: after, changed: false, ...(after.status === "timeout" ? { timedOut: true } : {}) };
}

export interface EscalationFilter {
  keyId?: number;
  status?: Escalation["status"];
  /** Only those raised since then (ms), besides every pending one. */
  since?: number;
  limit?: number;
}

/** Pending first (oldest first: they wait longest), then the answered ones, newest first. */
export async function listEscalations(
  sql: Sql,
  f: EscalationFilter = {},
  now = Date.now(),
): Promise<ServerEscalation[]> {
  // Whatever ran out of time is marked first, so the list never shows a pending escalation nobody can answer.
  await sql.query(
    `update escalations set status = 'timeout', resolved_at = expires_at,
       resolution = jsonb_build_object('status', 'timeout', 'at', to_char(expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'by', 'staso')
     where status = 'pending' and expires_at <= $1::timestamptz`,
    [iso(now)],
  );
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.keyId !== undefined) where.push(`e.key_id = $${params.push(f.keyId)}`);
  if (f.status) where.push(`e.status = $${params.push(f.status)}`);
  if (f.since !== undefined)
    where.push(`(e.status = 'pending' or e.created_at >= $${params.push(iso(f.since))}::timestamptz)`);
  const rows = await sql.query<Row>(
    `${SELECT}${where.length ? ` where ${where.join(" and ")}` : ""}
     order by e.status = 'pending' desc, case when e.status = 'pending' then e.created_at end asc, e.created_at desc
     limit $${params.push(Math.min(f.limit ?? 200, 1000))}`,
    params,
  );
  return rows.map(toEscalation);
}
