// Which database a client command works on, and whether that is clearly a test or development one:
// every database it names is named so (myapp_test, shop_development, test.db), every server it names is
// this machine or a compose service (localhost, 127.0.0.1, db), it does not run on another machine, and
// nothing says production (a name, a host, RAILS_ENV=production, --env=prod). Rules that stop wiping a
// database ask the user instead of refusing for such a database: clearing it is everyday work, and an
// approval costs a click. A command that names no database (the default one) is never "clearly" test.
import { operands, optionValue, variablesSet } from "./commands.js";
import type { SimpleCommand } from "./types.js";

const TEST_NAME =
  /(^|[^a-z0-9])(test|tests|testing|dev|devel|develop|development|local|ci|e2e|spec|specs|sandbox|scratch|tmp|temp)([^a-z0-9]|$)/i;
const PROD_NAME = /(^|[^a-z0-9])(prod|production|prd|live|main|master|primary)([^a-z0-9]|$)/i;
/** Environment variables frameworks read to pick the database. */
const ENV_VARS = ["RAILS_ENV", "RACK_ENV", "MIX_ENV", "NODE_ENV", "APP_ENV", "ENVIRONMENT", "FLASK_ENV", "STAGE"];

/** A container of this machine's engine: `docker exec pg psql …`, `docker compose exec db psql …`. */
const LOCAL_CONTAINER = /^(docker|podman|nerdctl)(-compose| compose)? exec\b|^(docker|podman)-compose exec\b/;

interface Target {
  names: string[];
  hosts: string[];
  /** Words that say which environment (RAILS_ENV=test, --env=testing, --settings=config.settings.test). */
  envs: string[];
}

/** The database command works on a database that is clearly a test or development one. */
export function isDisposableDatabase(cmd: SimpleCommand, statements: string[] = []): boolean {
  if (cmd.remote && !cmd.wrappers.every((w) => LOCAL_CONTAINER.test(w) || !/exec|ssh/.test(w))) return false;
  const t = targetOf(cmd, statements);
  const words = [...t.names, ...t.hosts, ...t.envs];
  if (words.some((w) => PROD_NAME.test(w))) return false;
  if (!t.hosts.every(localHost)) return false;
  if (t.envs.length > 0 && t.envs.every((e) => TEST_NAME.test(e)) && t.names.every((n) => TEST_NAME.test(n)))
    return true;
  return t.names.length > 0 && t.names.every((n) => TEST_NAME.test(baseName(n)));
}

function baseName(name: string): string {
  return name.replace(/^.*\//, "");
}

/** This machine, a socket folder, or a single-label name (a compose service: db, postgres, mysql). */
function localHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").replace(/:\d+$/, "");
  return (
    h === "" ||
    h.startsWith("/") ||
    /^localhost$/i.test(h) ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    h === "::1" ||
    /^[a-z][a-z0-9_-]*$/i.test(h)
  );
}

/** scheme://user:pass@host:port/name?… → host and name. */
function fromUri(uri: string, t: Target): boolean {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/?#]*)(?:\/([^?#]*))?/i.exec(uri);
  if (!m) return false;
  for (const h of (m[1] ?? "").split(",")) t.hosts.push(h);
  if (m[2]) t.names.push(decodeURIComponent(m[2]));
  return true;
}

function targetOf(cmd: SimpleCommand, statements: string[]): Target {
  const t: Target = { names: [], hosts: [], envs: [] };
  const a = cmd.args;
  for (const [k, v] of Object.entries(cmd.assignments)) {
    if (ENV_VARS.includes(k)) t.envs.push(v);
    if (/DATABASE_URL$|_DSN$|^DB_URL$/.test(k)) fromUri(v, t);
    if (/^(PGDATABASE|MYSQL_DATABASE|DB_NAME)$/.test(k)) t.names.push(v);
    if (/^(PGHOST|MYSQL_HOST|DB_HOST)$/.test(k)) t.hosts.push(v);
  }
  for (const x of a) {
    const env = /^--(?:env|environment|stage|settings)=(.+)$/.exec(x);
    if (env) t.envs.push(env[1]!);
  }
  const p = cmd.program;
  const host = optionValue(a, ["-h", "--host"]);
  if (host !== undefined) t.hosts.push(host);
  // Options whose value is the next word (mysql's -p takes its password attached, never separately;
  // mysqladmin's -f is --force).
  const valued = ["-h", "--host", "--port", "-U", "--username", "-u", "--user", "-d", "--dbname", "-D", "--database"];
  valued.push("-c", "--command", "-e", "--execute", "--file", "--eval", "-cmd", "-o", "--output");
  if (p === "psql" || p === "pgcli" || p === "dropdb" || p === "createdb") valued.push("-p", "-f");
  const ops = operands(a, valued).map((o) => o.word);
  const named = optionValue(a, ["-d", "--dbname", "-D", "--database"]);
  if (named !== undefined && !fromUri(named, t)) conninfo(named, t) || t.names.push(named);
  switch (p) {
    case "psql":
    case "pgcli":
    case "mysql":
    case "mariadb":
    case "mycli":
    case "mongosh":
    case "mongo":
      // The first operand is the database (or a URI, or a conninfo string).
      if (ops[0] !== undefined && !fromUri(ops[0], t) && !conninfo(ops[0], t)) t.names.push(ops[0]);
      break;
    case "dropdb":
    case "createdb":
      if (ops[0] !== undefined) t.names.push(ops[0]);
      break;
    case "mysqladmin": {
      const i = ops.findIndex((o) => o === "drop" || o === "create");
      if (i >= 0 && ops[i + 1] !== undefined) t.names.push(ops[i + 1]!);
      break;
    }
    case "sqlite3":
    case "sqlite":
    case "duckdb":
      if (ops[0] !== undefined) t.names.push(ops[0]);
      break;
  }
  // DROP DATABASE app_test / CREATE DATABASE app_test: the database the statement is about.
  for (const sql of statements)
    for (const m of sql.matchAll(
      /\b(?:DROP|CREATE)\s+(?:DATABASE|SCHEMA|KEYSPACE)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?[`"]?([\w-]+)/gi,
    ))
      if (!/^public$/i.test(m[1]!)) t.names.push(m[1]!);
  // ClickHouse names a table's database in front of it (TRUNCATE TABLE dev.events_tmp): that database.
  if (p === "clickhouse-client" || p === "clickhouse")
    for (const sql of statements)
      for (const m of sql.matchAll(
        /\b(?:TRUNCATE|DROP|ALTER|DELETE\s+FROM|OPTIMIZE)\s+(?:TABLE\s+|VIEW\s+|DICTIONARY\s+)?(?:IF\s+EXISTS\s+)?[`"]?([\w-]+)[`"]?\.[`"]?\w/gi,
      ))
        t.names.push(m[1]!);
  // USE shop; \c shop: the statements switch to another database.
  for (const sql of statements)
    for (const m of sql.matchAll(/(?:^|;|\n)\s*(?:USE|\\c|\\connect)\s+[`"]?([\w-]+)/gi)) t.names.push(m[1]!);
  return t;
}

/** psql's "host=… dbname=…" connection string. */
function conninfo(word: string, t: Target): boolean {
  if (!/\b(dbname|host)=/.test(word)) return false;
  for (const m of word.matchAll(/\b(dbname|host|hostaddr)=([^\s]+)/g))
    (m[1] === "dbname" ? t.names : t.hosts).push(m[2]!);
  return true;
}

/**
 * redis-cli on a numbered database (-n 1 and up, or redis://localhost/15) of a server of this machine (no
 * host or URL given, localhost, a loopback address), run here, nothing naming production: the separate
 * database tests and development use. Clearing it (FLUSHDB) is asked, not refused; the default database
 * 0 and FLUSHALL (every database) are still refused.
 */
export function isLocalRedisDatabase(cmd: SimpleCommand): boolean {
  // Keys computed at run time (`… | xargs redis-cli -n 15 DEL`) do not move the server; its program,
  // host, URL and database number must be literal.
  const literal = (argIndex: number) => !cmd.wordInfo[argIndex + 1]?.dynamic;
  if (cmd.remote || cmd.wordInfo[0]?.dynamic) return false;
  if (/prod|live\b/i.test(cmd.text)) return false;
  const n = cmd.args.indexOf("-n");
  if (n >= 0 && !literal(n + 1)) return false;
  const url = cmd.args.find((a, i) => /^(?:rediss?|valkey):\/\//i.test(a) && literal(i));
  const db = n >= 0 ? cmd.args[n + 1] : url ? /\/(\d+)$/.exec(url)?.[1] : undefined;
  if (db === undefined || !/^\d+$/.test(db) || Number(db) === 0) return false;
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i]!;
    const eq = a.indexOf("=");
    const [flag, value] = a.startsWith("--") && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, cmd.args[i + 1] ?? ""];
    if ((flag === "-h" || flag === "--host" || flag === "-u" || flag === "--uri") && !literal(eq > 0 ? i : i + 1))
      return false;
    if (flag === "-h" || flag === "--host") {
      if (!/^(?:localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i.test(value)) return false;
    } else if (flag === "-u" || flag === "--uri") {
      if (
        !/^(?:rediss?|valkey):\/\/(?:[^@/]*@)?(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?::\d+)?(?:\/\d*)?$/i.test(value)
      )
        return false;
    }
  }
  return true;
}

/** Variables the command line sets anywhere (`VAR=v cmd`, `export VAR=v`, `env VAR=v`): name → values. */
function settingsOf(commands: SimpleCommand[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of commands) for (const [k, v] of variablesSet(c)) out.set(k, [...(out.get(k) ?? []), v]);
  return out;
}

/** Every value set for these variables says a test or development environment (none set is fine). */
const devOnly = (values: string[]) => values.every((v) => TEST_NAME.test(v) && !PROD_NAME.test(v));

/**
 * A framework's own reset of the development or test database, which the framework itself refuses to run
 * against production: Rails' db:drop/reset/purge/schema:load check the environment stored in the database
 * (ActiveRecord's protected environments) unless DISABLE_DATABASE_ENVIRONMENT_CHECK is set; Laravel's
 * migrate:fresh/reset/refresh and db:wipe refuse in production unless --force (a non-interactive run
 * cannot confirm). So the guard need not ask as long as nothing steers the run elsewhere: no bypass, no
 * environment or database URL that is not clearly test or development, run on this machine (or in a
 * local container). `commands` is the whole command line, for `export RAILS_ENV=…` before the task.
 */
export function isSelfGuardedDevReset(
  cmd: SimpleCommand,
  framework: "rails" | "laravel",
  commands: SimpleCommand[],
): boolean {
  if (cmd.remote && !cmd.wrappers.every((w) => LOCAL_CONTAINER.test(w) || !/exec|ssh/.test(w))) return false;
  const set = settingsOf(commands);
  const urls = [...set.entries()].filter(([k]) => /DATABASE_URL$|^DB_URL$|_DSN$/.test(k)).flatMap(([, v]) => v);
  for (const u of urls) {
    const t: Target = { names: [], hosts: [], envs: [] };
    if (!fromUri(u, t) || !t.hosts.every(localHost) || [...t.names, ...t.hosts].some((w) => PROD_NAME.test(w)))
      return false;
  }
  const hosts = ["DB_HOST", "PGHOST", "MYSQL_HOST"].flatMap((k) => set.get(k) ?? []);
  if (!hosts.every(localHost)) return false;
  if (framework === "rails") {
    // rake and rails also take NAME=value among their arguments (`rake db:drop RAILS_ENV=production`).
    const given = (k: string) => [
      ...(set.get(k) ?? []),
      ...cmd.args.filter((a) => a.startsWith(`${k}=`)).map((a) => a.slice(k.length + 1)),
    ];
    if (given("DISABLE_DATABASE_ENVIRONMENT_CHECK").length) return false;
    const envs = ["RAILS_ENV", "RACK_ENV"].flatMap(given);
    const flag = optionValue(cmd.args, ["-e", "--environment"]);
    return devOnly(flag === undefined ? envs : [...envs, flag]);
  }
  if (cmd.args.includes("--force") || cmd.args.includes("-f")) return false;
  const envs = set.get("APP_ENV") ?? [];
  const flag = optionValue(cmd.args, ["--env"]);
  const db = optionValue(cmd.args, ["--database"]);
  if (db !== undefined && PROD_NAME.test(db)) return false;
  return devOnly(flag === undefined ? envs : [...envs, flag]);
}

/**
 * Django's flush/reset_db run with settings that clearly name a test, development or local configuration
 * (`--settings=config.settings.dev`, `DJANGO_SETTINGS_MODULE=app.settings.local`), nothing steering the
 * database elsewhere. Django itself does not guard production, so without such settings the user is asked.
 */
export function isDevDjangoSettings(cmd: SimpleCommand, commands: SimpleCommand[]): boolean {
  if (cmd.remote && !cmd.wrappers.every((w) => LOCAL_CONTAINER.test(w) || !/exec|ssh/.test(w))) return false;
  const set = settingsOf(commands);
  if ([...set.keys()].some((k) => /DATABASE_URL$|^DB_URL$|^DB_HOST$/.test(k))) return false;
  const flag = optionValue(cmd.args, ["--settings"]);
  const settings = [...(set.get("DJANGO_SETTINGS_MODULE") ?? []), ...(flag === undefined ? [] : [flag])];
  const db = optionValue(cmd.args, ["--database"]);
  if (db !== undefined && !devOnly([db]) && db !== "default") return false;
  return settings.length > 0 && devOnly(settings);
}
