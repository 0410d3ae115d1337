// Destructive SQL that reaches a database without a SQL client: string literals in a language driver's
// code (psycopg, pg, mysql2, PDO, DBI, SQLAlchemy, Prisma's raw queries), code or SQL handed to a
// framework runner (rails runner, manage.py shell -c, go run … -e), ORM calls that wipe a table
// (delete_all, objects.all().delete(), deleteMany({})), and a SQL file written in the same command and fed
// to a client. Judged like data/sql-destructive; a clearly test or development database only escalates.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { rememberedFiles, shellOf, userHome } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { resolvePathWord } from "../../analysis/shell/paths.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";
import { stateful } from "../../state/session.js";
import { writtenTexts } from "../persistence/written-text.js";
import { destructiveSql } from "./sql.js";

/** Programs that run code or a program's own SQL given on their command line. */
const RUNNERS =
  /^(?:python[0-9.]*|node|nodejs|deno|bun|ruby|perl|php|rails|rake|bundle|go|cargo|dotnet|java|npx|tsx|ts-node|manage\.py|artisan|sqlx|diesel|flyway|liquibase)$/;
const ORM_WIPE =
  /\.(?:delete_all|destroy_all|truncate!?)\b(?!\s*\()|\.objects(?:\.all\(\))?\.delete\(\)|\.deleteMany\(\s*(?:\{\s*\})?\s*\)|\.destroy\(\s*\{\s*(?:where\s*:\s*\{\s*\}\s*,?\s*)?truncate\s*:\s*true|\.drop_all\(|\.dropDatabase\(\)|\.drop_database\(|\.flush(?:all|db)(?:Async)?\(\s*\)|\$executeRawUnsafe\s*\(\s*['"`]\s*(?:DROP|TRUNCATE|DELETE)/i;
const TEST_DB =
  /(?:\b|_)(?:test|tests|testing|dev|development|local)(?:\b|_)|localhost|127\.0\.0\.1|sqlite|:memory:|RAILS_ENV=test|DJANGO_SETTINGS_MODULE=\S*test/i;
const PROD = /prod|production|live\b/i;

/** String literals in code: '…', "…", `…`, and Python's triple quotes. */
function literals(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(
    /'''([\s\S]*?)'''|"""([\s\S]*?)"""|'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`([^`]*)`/g,
  ))
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? "");
  return out;
}

/** Code that talks to a database (a print of SQL is text, not a query). */
const DB_USE =
  /connect|execute|exec\b|query|cursor|\.do\(|runner|raw|PDO|DBI|Client|Pool|create_engine|prisma|--dsn|\bdsn\b|\/sql\b|ActiveRecord|django\.db|sequelize|knex|typeorm|metadata\.|\bengine\b|\bredis\b/i;
const SQL_HEAD = /^\s*(?:BEGIN\s*;\s*)?(?:DROP|TRUNCATE|DELETE|UPDATE|ALTER|WITH)\b/i;

/** Calls in a chain that select rows: `where`, `filter`, `find_by`, Rails scopes named `by_…`. */
const SELECTING = /^(?:where|filter|find_by|by_\w+|joins|limit)$/;
/** Arguments that select every row: none, `{}`, `nil`, `true`, `"1=1"`. */
const EVERY_ROW = /^\s*(?:\{\s*\}|nil|true|["'`]\s*1\s*=\s*1\s*["'`])?\s*$/;

/**
 * The method calls of the receiver chain just before `end` (`User.where(email: "x").order(:id)` →
 * where, order), read backwards over `.name(…)` and `.name` links; undefined when the chain cannot be read.
 */
function chainBefore(code: string, end: number): { name: string; args: string }[] | undefined {
  const out: { name: string; args: string }[] = [];
  let i = end;
  for (let links = 0; links < 20; links++) {
    let args = "";
    if (code[i - 1] === ")") {
      let depth = 0;
      let j = i - 1;
      for (; j >= 0; j--) {
        if (code[j] === ")") depth++;
        else if (code[j] === "(" && --depth === 0) break;
      }
      if (j < 0) return undefined;
      args = code.slice(j + 1, i - 1);
      i = j;
    }
    const name = /[A-Za-z_]\w*[!?]?$/.exec(code.slice(Math.max(0, i - 80), i))?.[0];
    if (!name) return out;
    out.push({ name, args });
    i -= name.length;
    if (code[i - 1] !== ".") return out;
    i--;
  }
  return out;
}

/**
 * The first ORM call in the code that deletes every row of a table, or undefined. A delete_all or
 * destroy_all on a chain with a condition that selects rows (`User.where(email: "x").destroy_all`) is a
 * scoped delete, not a wipe.
 */
function ormWipe(code: string): string | undefined {
  for (const m of code.matchAll(new RegExp(ORM_WIPE.source, "gi"))) {
    if (/^\.(?:delete_all|destroy_all)/i.test(m[0])) {
      const chain = chainBefore(code, m.index);
      // `.or(…)`, `.unscope(:where)` and `.unscoped` widen the selection again.
      if (
        chain?.some((c) => SELECTING.test(c.name) && !EVERY_ROW.test(c.args)) &&
        !chain.some((c) => /^(?:or|unscope|unscoped|rewhere)$/.test(c.name))
      )
        continue;
    }
    return m[0];
  }
  return undefined;
}

/** What the code or words run against a database: destructive SQL literals, then ORM wipes. */
function findings(
  texts: string[],
  code: string,
): { what: string; statement: string; severity: "block" | "escalate" }[] {
  const out: { what: string; statement: string; severity: "block" | "escalate" }[] = [];
  for (const t of texts) if (SQL_HEAD.test(t)) out.push(...destructiveSql(t));
  const orm = ormWipe(code);
  if (orm) out.push({ what: "an ORM call that deletes every row", statement: orm, severity: "block" });
  return out;
}

/** The SQL files a client reads: -f/--file/-i/--input/source, and stdin from a file. */
function sqlFiles(cmd: SimpleCommand): string[] {
  if (
    !/^(?:psql|mysql|mariadb|sqlite3|sqlcmd|clickhouse-client|cockroach|cqlsh|snowsql|duckdb|usql|pgcli|mycli)$/.test(
      cmd.program,
    )
  )
    return [];
  const out: string[] = [];
  cmd.args.forEach((a, i) => {
    if (/^(?:-f|--file|-i|--input-file|--queries-file)$/.test(a) && cmd.args[i + 1]) out.push(cmd.args[i + 1]!);
    else if (/^--(?:file|input-file|queries-file)=/.test(a)) out.push(a.slice(a.indexOf("=") + 1));
    else if (/^-f./.test(a) && cmd.program === "psql") out.push(a.slice(2));
  });
  if (cmd.stdin?.kind === "file" && cmd.stdin.text) out.push(cmd.stdin.text);
  // mysql -e "source file.sql", psql -c "\\i file.sql"
  for (const a of cmd.args)
    for (const m of a.matchAll(/(?:^|;)\s*(?:source|\\i|\\include|\.read)\s+(\S+)/gi)) out.push(m[1]!);
  return out;
}

// Stateful: a SQL file written by an earlier call of the session (a Write, a heredoc) and fed to a client
// now is read from the session's memory of written files.
export default stateful(
  defineRule({
    meta: {
      id: "data/sql-in-code",
      description:
        "Blocks destructive SQL sent through language drivers and framework runners (string literals in python/node/ruby/php/perl code, rails runner, manage.py shell -c), ORM calls that delete every row, and SQL files written (in the same command or earlier in the session) and fed to a client; escalates when the database is clearly a test or development one.",
      defaultAction: "block",
      actions: ["block", "escalate"],
      kinds: ["shell"],
      examples: () => ({
        block: [
          {
            shell: `python3 -c "import os,psycopg2; psycopg2.connect(os.environ['DATABASE_URL']).cursor().execute('DELETE FROM invoices')"`,
          },
          {
            shell: `ruby -e 'require "pg"; PG.connect("postgresql://admin@prod-db.acme.io/app").exec("DROP TABLE users")'`,
          },
          {
            shell: `python3 -c "import pymongo,os; pymongo.MongoClient(os.environ['MONGO_URL']).drop_database('shop')"`,
          },
          { shell: "RAILS_ENV=production bin/rails runner 'User.delete_all'" },
          { shell: "RAILS_ENV=production bin/rails runner 'User.where({}).delete_all'" },
          { shell: "RAILS_ENV=production bin/rails runner 'User.where(id: 1).first; Order.destroy_all'" },
          { shell: "RAILS_ENV=production bin/rails runner 'User.where(\"1=1\").destroy_all'" },
          { shell: "RAILS_ENV=production bin/rails runner 'User.where(id: 1).or(User.all).delete_all'" },
          { shell: `python3 -c "from app.db import Base, engine; Base.metadata.drop_all(engine)"` },
          {
            shell: `node -e "require('redis').createClient({url:process.env.REDIS_URL}).connect().then(c=>c.flushAll())"`,
          },
          { shell: "echo 'DROP TABLE users;' > /tmp/fix.sql && psql -h db.prod.acme.io -d orders -f /tmp/fix.sql" },
          {
            shell: "mysql -h prod-mysql.acme.io -u root shop < db/cleanup.sql",
            session: [
              { write: "/home/dev/proj/db/cleanup.sql", content: "BEGIN;\nTRUNCATE TABLE payments;\nCOMMIT;\n" },
            ],
            note: "the file was written by an earlier call",
          },
          {
            shell: "sqlcmd -S prod-sql.acme.io -d Sales -i /tmp/x.sql",
            session: [{ shell: "cat > /tmp/x.sql <<'EOF'\nDELETE FROM invoices;\nEOF" }],
          },
          {
            shell: `python3 -c "import psycopg2; psycopg2.connect('dbname=app_test').cursor().execute('TRUNCATE users')"`,
            action: "escalate",
          },
        ],
        allow: [
          {
            shell: `python3 -c "import psycopg2; c=psycopg2.connect('dbname=app_dev'); c.cursor().execute('select 1')"`,
          },
          { shell: `node -e "require('pg').Pool && new (require('pg').Pool)().query('SELECT NOW()')"` },
          { shell: `python3 -c "print('DROP TABLE users is blocked')"` },
          { shell: "bin/rails runner 'puts User.count'" },
          {
            shell: `bin/rails runner 'User.where(email: "test@example.com").destroy_all'`,
            note: "a delete of the rows a condition selects",
          },
          { shell: `bundle exec rails runner 'Session.where("expires_at < ?", Time.now).delete_all'` },
          { shell: `python3 -c "from app.db import Base, engine; Base.metadata.create_all(engine)"` },
          { shell: "psql -f migrations/001_create_users.sql" },
          {
            shell: "psql -h db.prod.acme.io -d orders -f db/report.sql",
            session: [{ write: "/home/dev/proj/db/report.sql", content: "SELECT count(*) FROM users;\n" }],
            note: "the file written earlier only reads",
          },
        ],
      }),
    },
    check(call) {
      const analysis = shellOf(call);
      if (!analysis) return null;
      const home = userHome();
      const all = call.shell?.command ?? "";
      const severityFor = (f: { severity: "block" | "escalate" }, context: string) =>
        TEST_DB.test(context) && !PROD.test(context) ? "escalate" : f.severity;
      let escalation: RuleFinding | undefined;
      const report = (cmd: SimpleCommand, list: ReturnType<typeof findings>, context: string, how: string) => {
        for (const f of list) {
          const action = severityFor(f, context);
          const finding = {
            reason: `${describe(cmd)} ${how} \`${f.statement.slice(0, 100)}\` (${f.what}), which destroys data irreversibly. Ask the user to run it, or work on a disposable copy of the database.`,
            action,
          };
          if (action === "block") return finding;
          escalation ??= finding;
        }
        return undefined;
      };
      for (const code of analysis.inlineCode) {
        // A print of SQL is text; code that connects or executes is a driver.
        if (!DB_USE.test(code.code)) continue;
        const hit = report(code.command, findings(literals(code.code), code.code), `${code.code} ${all}`, "runs");
        if (hit) return hit;
      }
      for (const cmd of analysis.commands) {
        if (cmd.remote) continue;
        const runner =
          RUNNERS.test(cmd.program) || cmd.args.some((a) => /(?:^|\/)(?:manage\.py|rails|artisan)$/.test(a));
        if (runner && cmd.context !== "inline-code" && DB_USE.test(cmd.text)) {
          const words = cmd.args.filter((a) => !a.startsWith("-") || /\s/.test(a));
          const code = words.join("\n");
          const hit = report(
            cmd,
            findings([...words, ...literals(code)], /runner|shell|-e|-c/.test(cmd.args.join(" ")) ? code : ""),
            all,
            "runs",
          );
          if (hit) return hit;
        }
        // Clients data/sql-destructive does not read: Cassandra's cqlsh, Cloudflare D1 on the remote database.
        const client =
          cmd.program === "cqlsh"
            ? [
                ...cmd.args.filter((_, i) => /^(?:-e|--execute)$/.test(cmd.args[i - 1] ?? "")),
                ...cmd.args.filter((a) => a.startsWith("--execute=")).map((a) => a.slice(10)),
                ...(cmd.stdin && cmd.stdin.kind !== "file" && cmd.stdin.text ? [cmd.stdin.text] : []),
              ]
            : cmd.program === "wrangler" &&
                cmd.args.includes("d1") &&
                cmd.args.includes("execute") &&
                !cmd.args.includes("--local")
              ? cmd.args
                  .filter((_, i) => cmd.args[i - 1] === "--command")
                  .concat(cmd.args.filter((a) => a.startsWith("--command=")).map((a) => a.slice(10)))
              : [];
        for (const sql of client) {
          const hit = report(cmd, destructiveSql(sql), all, "runs");
          if (hit) return hit;
        }
        for (const file of sqlFiles(cmd)) {
          const path = resolvePathWord(file, cmd.cwd ?? call.session.cwd, home);
          for (const w of writtenTexts(call)) {
            if (w.path !== path) continue;
            const hit = report(cmd, destructiveSql(w.text), all, `runs ${file}, written by ${w.how}, with`);
            if (hit) return hit;
          }
          // Written by an earlier call of the session (a Write, a heredoc), fed to the client now.
          for (const f of rememberedFiles(call)) {
            if (f.path !== path || f.text === undefined) continue;
            const hit = report(cmd, destructiveSql(f.text), all, `runs ${file}, written earlier in the session, with`);
            if (hit) return hit;
          }
        }
      }
      return escalation ?? null;
    },
  }),
);
