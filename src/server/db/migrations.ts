// The schema, as an ordered list of migrations. Each runs once, in a transaction, recorded in
// schema_migrations; they run when the server starts and with `staso server migrate`. Several instances
// starting at once take an advisory lock, so one migrates and the others then find nothing to do.
// Never edit a migration that has shipped: add the next one.
import type { Sql } from "./types.js";

interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "users, sessions, api keys, escalations, decisions, team policy, settings",
    sql: `
create table users (
  id integer generated always as identity primary key,
  email text not null unique,
  role text not null check (role in ('admin', 'approver', 'viewer')),
  password_hash text not null,
  created_at timestamptz not null,
  created_by text not null,
  disabled_at timestamptz
);

-- A session is known by the sha256 of its cookie's token; the token itself is never stored.
create table sessions (
  id text primary key,
  user_id integer not null references users(id) on delete cascade,
  csrf text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);

-- Failed sign-ins per email and per client address, for throttling.
create table login_failures (
  key text primary key,
  failures integer not null,
  first_at timestamptz not null,
  locked_until timestamptz
);

-- One key per machine. Only the sha256 of the key is kept; prefix is what the dashboard shows.
create table api_keys (
  id integer generated always as identity primary key,
  name text not null,
  prefix text not null,
  hash text not null unique,
  created_at timestamptz not null,
  created_by text not null,
  revoked_at timestamptz,
  revoked_by text,
  last_seen_at timestamptz,
  staso_version text,
  host_name text,
  agents text[] not null default '{}'
);

create table escalations (
  id text primary key,
  key_id integer not null references api_keys(id),
  signature text not null,
  status text not null check (status in ('pending', 'approved', 'denied', 'timeout')),
  mode text not null,
  host text not null,
  tool text not null,
  summary text not null,
  project text,
  rule_id text,
  reason text not null,
  request jsonb not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  resolution jsonb,
  resolved_at timestamptz,
  consumed jsonb
);
create index escalations_call on escalations (key_id, signature, created_at desc);
create index escalations_status on escalations (status, created_at desc);

-- One row per guard decision: the spans a machine exported (OTLP), and the answers humans gave here.
create table decisions (
  id bigint generated always as identity primary key,
  key_id integer references api_keys(id),
  trace_id text not null,
  span_id text not null,
  time timestamptz not null,
  host text not null,
  event text not null,
  tool text not null,
  action text not null,
  rule_id text,
  reason text,
  latency_ms double precision,
  session text,
  project text,
  escalation_id text,
  escalation_status text,
  record jsonb not null
);
create unique index decisions_span on decisions (key_id, trace_id, span_id);
create index decisions_time on decisions (time desc);
create index decisions_action on decisions (action, time desc);
create index decisions_escalation on decisions (escalation_id);

-- Every version of the team's policy is kept, with who changed it and why; the newest is in force.
create table policy_versions (
  id integer generated always as identity primary key,
  config jsonb not null,
  user_may_loosen boolean not null,
  author text not null,
  reason text not null,
  created_at timestamptz not null
);

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null,
  updated_by text not null
);
`,
  },
  {
    version: 2,
    name: "one-time sign-in links (staso dashboard)",
    sql: `
-- A sign-in link works once: its nonce is kept when used.
create table sign_in_links (
  nonce text primary key,
  used_at timestamptz not null
);
`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** An arbitrary constant: the advisory lock every instance takes while migrating. */
const MIGRATION_LOCK = 7_314_159;

export interface MigrateResult {
  applied: { version: number; name: string }[];
  version: number;
}

/** Brings the schema to the latest version; returns what was applied. */
export async function migrate(sql: Sql, now = () => new Date()): Promise<MigrateResult> {
  return sql.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.exec(
      "create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null)",
    );
    const done = new Set(
      (await tx.query<{ version: number }>("select version from schema_migrations")).map((r) => r.version),
    );
    const newer = Math.max(0, ...done);
    if (newer > LATEST_VERSION)
      throw new Error(
        `the database is at schema version ${newer}, newer than this staso knows (${LATEST_VERSION}): upgrade staso`,
      );
    const applied: MigrateResult["applied"] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query("insert into schema_migrations (version, name, applied_at) values ($1, $2, $3::timestamptz)", [
        m.version,
        m.name,
        now().toISOString(),
      ]);
      applied.push({ version: m.version, name: m.name });
    }
    return { applied, version: LATEST_VERSION };
  });
}
