// Guard decisions: every span the machines exported (one row each; a batch sent twice is stored once),
// and the answers humans gave here. The Decisions and Overview pages read them.
import type { Sql } from "../db/types.js";

/** One decision, as stored (record holds the details the pages show: input, rules, escalation). */
export interface DecisionRow {
  keyId: number | null;
  traceId: string;
  spanId: string;
  time: Date;
  host: string;
  event: string;
  tool: string;
  action: string;
  ruleId: string | null;
  reason: string | null;
  latencyMs: number | null;
  session: string | null;
  project: string | null;
  escalationId: string | null;
  escalationStatus: string | null;
  record: DecisionDetail;
}

export interface DecisionDetail {
  span: string;
  cwd?: string;
  input?: string;
  modifiedInput?: string;
  failure?: string;
  escalation?: { mode?: string; status?: string; resolvedBy?: string; timeToResolutionMs?: number };
  rules: { ruleId: string; action: string; mode: string; reason: string; ms?: number }[];
  /** The machine's host name and staso version when it sent the span. */
  hostName?: string;
  stasoVersion?: string;
}

const COLUMNS = [
  "key_id",
  "trace_id",
  "span_id",
  "time",
  "host",
  "event",
  "tool",
  "action",
  "rule_id",
  "reason",
  "latency_ms",
  "session",
  "project",
  "escalation_id",
  "escalation_status",
  "record",
] as const;
const CASTS: Record<string, string> = { time: "::timestamptz", record: "::text::jsonb" };

/** Stores decisions; those already stored (the same machine, trace and span) are skipped. Returns how many were new. */
export async function insertDecisions(sql: Sql, rows: DecisionRow[]): Promise<number> {
  let inserted = 0;
  for (let at = 0; at < rows.length; at += 500) {
    const chunk = rows.slice(at, at + 500);
    const params: unknown[] = [];
    const values = chunk.map((r) => {
      const v = [
        r.keyId,
        r.traceId,
        r.spanId,
        r.time.toISOString(),
        r.host,
        r.event,
        r.tool,
        r.action,
        r.ruleId,
        r.reason,
        r.latencyMs,
        r.session,
        r.project,
        r.escalationId,
        r.escalationStatus,
        JSON.stringify(r.record),
      ];
      return `(${v.map((x, i) => `$${params.push(x)}${CASTS[COLUMNS[i]!] ?? ""}`).join(", ")})`;
    });
    const done = await sql.query(
      `insert into decisions (${COLUMNS.join(", ")}) values ${values.join(", ")}
       on conflict (key_id, trace_id, span_id) do nothing returning id`,
      params,
    );
    inserted += done.length;
  }
  return inserted;
}

export interface DecisionFilter {
  action?: string;
  rule?: string;
  tool?: string;
  agent?: string;
  machine?: number;
  project?: string;
  escalation?: string;
  since?: Date;
  until?: Date;
}

function whereOf(f: DecisionFilter, params: unknown[]): string {
  const w: string[] = [];
  if (f.action) w.push(`d.action = $${params.push(f.action)}`);
  if (f.tool) w.push(`d.tool = $${params.push(f.tool)}`);
  if (f.agent) w.push(`d.host = $${params.push(f.agent)}`);
  if (f.machine !== undefined) w.push(`d.key_id = $${params.push(f.machine)}`);
  if (f.escalation) w.push(`d.escalation_id = $${params.push(f.escalation)}`);
  if (f.project) {
    // The folder or anything below it.
    const p = f.project.replace(/\/+$/, "");
    w.push(`(d.project = $${params.push(p)} or d.project like $${params.push(`${p.replace(/[\\%_]/g, "\\$&")}/%`)})`);
  }
  if (f.rule) {
    // A rule id, or a pack (git matches git/force-push): the deciding rule or any rule that fired.
    const exact = params.push(f.rule);
    const pack = params.push(`${f.rule.replace(/[\\%_]/g, "\\$&")}/%`);
    w.push(
      `(d.rule_id = $${exact} or d.rule_id like $${pack} or exists (select 1 from jsonb_array_elements(d.record->'rules') r where r->>'ruleId' = $${exact} or r->>'ruleId' like $${pack}))`,
    );
  }
  if (f.since) w.push(`d.time >= $${params.push(f.since.toISOString())}::timestamptz`);
  if (f.until) w.push(`d.time < $${params.push(f.until.toISOString())}::timestamptz`);
  return w.length ? ` where ${w.join(" and ")}` : "";
}

export interface ListedDecision extends DecisionRow {
  id: string;
  machine: string | null;
}

const SELECT = `select d.id::text as id, d.key_id as "keyId", k.name as machine, d.trace_id as "traceId", d.span_id as "spanId",
  d.time, d.host, d.event, d.tool, d.action, d.rule_id as "ruleId", d.reason, d.latency_ms as "latencyMs", d.session,
  d.project, d.escalation_id as "escalationId", d.escalation_status as "escalationStatus", d.record
  from decisions d left join api_keys k on k.id = d.key_id`;

export async function listDecisions(
  sql: Sql,
  f: DecisionFilter,
  page: { limit: number; before?: string },
): Promise<ListedDecision[]> {
  const params: unknown[] = [];
  let where = whereOf(f, params);
  if (page.before && /^\d{1,19}$/.test(page.before))
    where += `${where ? " and" : " where"} d.id < $${params.push(page.before)}::bigint`;
  return sql.query<ListedDecision>(
    `${SELECT}${where} order by d.id desc limit $${params.push(Math.min(page.limit, 500))}`,
    params,
  );
}

export async function getDecision(sql: Sql, id: string): Promise<ListedDecision | undefined> {
  if (!/^\d{1,19}$/.test(id)) return undefined;
  return (await sql.query<ListedDecision>(`${SELECT} where d.id = $1::bigint`, [id]))[0];
}

export interface Overview {
  perDay: { day: string; action: string; n: number }[];
  topRules: { ruleId: string; n: number }[];
  blockedSessions: { session: string; host: string; machine: string | null; n: number; last: Date }[];
  latency: { p50: number | null; p95: number | null; n: number };
  latencyPerDay: { day: string; p50: number | null; p95: number | null }[];
  total: number;
}

export async function overview(sql: Sql, since: Date): Promise<Overview> {
  const s = since.toISOString();
  const perDay = await sql.query<Overview["perDay"][number]>(
    `select to_char(time at time zone 'UTC', 'YYYY-MM-DD') as day, action, count(*)::int as n
       from decisions where time >= $1::timestamptz and event <> 'escalation' group by 1, 2 order by 1, 2`,
    [s],
  );
  const topRules = await sql.query<Overview["topRules"][number]>(
    `select r->>'ruleId' as "ruleId", count(*)::int as n
       from decisions d, jsonb_array_elements(d.record->'rules') r
      where d.time >= $1::timestamptz and d.event <> 'escalation' group by 1 order by 2 desc, 1 limit 10`,
    [s],
  );
  const blockedSessions = await sql.query<Overview["blockedSessions"][number]>(
    `select d.session, d.host, k.name as machine, count(*)::int as n, max(d.time) as last
       from decisions d left join api_keys k on k.id = d.key_id
      where d.time >= $1::timestamptz and d.action = 'block' and d.session is not null and d.event <> 'escalation'
      group by 1, 2, 3 order by 4 desc, 5 desc limit 10`,
    [s],
  );
  const [latency] = await sql.query<Overview["latency"]>(
    `select percentile_cont(0.5) within group (order by latency_ms) as p50,
            percentile_cont(0.95) within group (order by latency_ms) as p95, count(latency_ms)::int as n
       from decisions where time >= $1::timestamptz and event <> 'escalation' and latency_ms is not null`,
    [s],
  );
  const latencyPerDay = await sql.query<Overview["latencyPerDay"][number]>(
    `select to_char(time at time zone 'UTC', 'YYYY-MM-DD') as day,
            percentile_cont(0.5) within group (order by latency_ms) as p50,
            percentile_cont(0.95) within group (order by latency_ms) as p95
       from decisions where time >= $1::timestamptz and event <> 'escalation' and latency_ms is not null
      group by 1 order by 1`,
    [s],
  );
  const total = perDay.reduce((a, r) => a + r.n, 0);
  return {
    perDay,
    topRules,
    blockedSessions,
    latency: latency ?? { p50: null, p95: null, n: 0 },
    latencyPerDay,
    total,
  };
}

/** The values a filter can take, for the Decisions page's menus: those seen in the last 30 days (an index range, not the whole table). */
export async function filterChoices(
  sql: Sql,
  now = Date.now(),
): Promise<{ tools: string[]; agents: string[]; rules: string[]; projects: string[] }> {
  const since = new Date(now - 30 * 86400_000).toISOString();
  const col = async (c: string, limit: number) =>
    (
      await sql.query<{ v: string }>(
        `select distinct ${c} as v from decisions where time >= $1::timestamptz and ${c} is not null order by 1 limit ${limit}`,
        [since],
      )
    ).map((r) => r.v);
  return {
    tools: await col("tool", 200),
    agents: await col("host", 50),
    rules: await col("rule_id", 500),
    projects: await col("project", 500),
  };
}
