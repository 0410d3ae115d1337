// Destructive SQL sent to a database client — by -c/-e/--query, as an argument, on stdin, in a heredoc
// or from `echo … |` — and the tools that drop or reset whole databases.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf, type SimpleCommand } from "../../analysis/shell/index.js";
import { describe, operands } from "../../analysis/shell/commands.js";
import { destructiveSql } from "./sql.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";
import { isDevDjangoSettings, isDisposableDatabase, isSelfGuardedDevReset } from "../../analysis/shell/database.js";

/** Values of options (-c SQL, -cSQL, --command=SQL). */
function values(args: string[], shorts: string[], longs: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (shorts.includes(a) || longs.includes(a)) {
      if (args[i + 1] !== undefined) out.push(args[++i]!);
      continue;
    }
    const long = longs.find((l) => a.startsWith(`${l}=`));
    if (long) {
      out.push(a.slice(long.length + 1));
      continue;
    }
    const short = shorts.find((s) => a.startsWith(s) && a.length > s.length && !a.startsWith("--"));
    if (short) out.push(a.slice(short.length));
  }
  return out;
}

const stdinText = (cmd: SimpleCommand) => (cmd.stdin && cmd.stdin.kind !== "file" ? cmd.stdin.text : undefined);

/** The SQL a database client command runs, from every source staso can see. */
function sqlOf(cmd: SimpleCommand): string[] {
  const a = cmd.args;
  const p = cmd.program;
  const out: string[] = [];
  const withStdin = () => {
    const t = stdinText(cmd);
    if (t !== undefined) out.push(t);
  };
  switch (p) {
    case "psql":
    case "pgcli":
    case "usql":
      out.push(...values(a, ["-c"], ["--command"]));
      withStdin();
      break;
    case "mysql":
    case "mariadb":
    case "mycli":
    case "mysqlsh":
    case "litecli":
      out.push(...values(a, ["-e"], ["--execute"]));
      withStdin();
      break;
    case "sqlite3":
    case "sqlite":
    case "duckdb": {
      out.push(...values(a, ["-c", "-cmd"], ["--cmd"]));
      const ops = operands(a, ["-cmd", "-separator", "-nullvalue", "-newline", "-init", "-c"]);
      out.push(...ops.slice(1).map((o) => o.word));
      withStdin();
      break;
    }
    case "sqlcmd":
      out.push(...values(a, ["-Q", "-q"], ["--query"]));
      withStdin();
      break;
    case "clickhouse-client":
    case "clickhouse":
      out.push(...values(a, ["-q"], ["--query"]));
      withStdin();
      break;
    case "cockroach":
      if (a[0] === "sql") {
        out.push(...values(a, ["-e"], ["--execute"]));
        withStdin();
      }
      break;
    case "snowsql":
      out.push(...values(a, ["-q"], ["--query"]));
      break;
    case "bq":
      if (a.includes("query"))
        out.push(
          ...operands(a.slice(a.indexOf("query") + 1), ["--format", "--project_id", "--dataset_id", "--location"]).map(
            (o) => o.word,
          ),
        );
      break;
    case "trino":
    case "presto":
      out.push(...values(a, ["-e"], ["--execute"]));
      break;
  }
  return out;
}

const TEST_DB = "It looks like a test or development database, so the user is asked rather than refused.";

/**
 * Tools that drop or wipe a whole database. `line`: every command of the line (an `export RAILS_ENV=…`
 * before a framework's reset task steers it).
 */
function dropTool(cmd: SimpleCommand, line: SimpleCommand[]): RuleFinding | undefined {
  const p = cmd.program;
  const a = cmd.args;
  const says = (what: string, action: "block" | "escalate") => ({
    reason: `${describe(cmd)} ${what}. Ask the user to do it, or work on a disposable copy.`,
    action,
  });
  if (p === "dropdb") return says("drops a whole PostgreSQL database", "block");
  if (p === "mysqladmin" && a.some((x) => x === "drop")) return says("drops a whole MySQL database", "block");
  const tasks = a.filter((x) => !x.startsWith("-"));
  if (p === "rails" || p === "rake" || p.endsWith("/rails") || (p === "bundle" && a[0] === "exec")) {
    const t = tasks.find((x) => /^db:(drop|reset|purge|schema:load|setup|truncate_all)(:|$)/.test(x));
    // Rails refuses these against a production database by itself: the development one needs no question.
    if (t && !isSelfGuardedDevReset(cmd, "rails", line)) return says(`runs ${t}, which wipes the database`, "escalate");
  }
  if (p === "prisma" || (p === "npx" && a[0] === "prisma")) {
    if (
      (tasks.includes("migrate") && tasks.includes("reset")) ||
      a.includes("--force-reset") ||
      a.includes("--accept-data-loss")
    )
      return says("resets the database or accepts data loss", "escalate");
  }
  // `supabase db reset` alone resets the local development stack (its own Docker database); --linked or
  // --db-url point it at a hosted project's database.
  if (
    p === "supabase" &&
    tasks[0] === "db" &&
    tasks[1] === "reset" &&
    a.some((x) => x === "--linked" || x === "--db-url" || x.startsWith("--db-url="))
  )
    return says("resets a hosted project's database", "escalate");
  if (p === "mix" && tasks.some((x) => /^ecto\.(drop|reset|rollback)$/.test(x)))
    return says("drops or resets the Ecto database", "escalate");
  if (
    /^python[0-9.]*$/.test(p) &&
    a.some((x) => x.endsWith("manage.py")) &&
    tasks.some((x) => x === "flush" || x === "reset_db") &&
    !isDevDjangoSettings(cmd, line)
  )
    return says("wipes every table of the Django database", "escalate");
  if (
    p === "php" &&
    a[0] === "artisan" &&
    tasks.some((x) => /^(migrate:fresh|migrate:reset|db:wipe|migrate:refresh)$/.test(x)) &&
    !isSelfGuardedDevReset(cmd, "laravel", line)
  )
    return says("drops every table of the database", "escalate");
  // Migration tools run through a package runner or on their own: every migration rolled back, or the
  // database dropped (alembic downgrade base, knex migrate:rollback --all, sequelize db:drop, typeorm
  // schema:drop, goose reset, dbmate drop, migrate … down -all).
  const tool =
    p === "npx" || p === "pnpm" || p === "yarn" || p === "bunx"
      ? (tasks[p === "npx" || p === "bunx" ? 0 : 1] ?? "")
      : p;
  const rest = tool === p ? tasks : tasks.slice(tasks.indexOf(tool) + 1);
  const all = a.includes("--all") || a.includes("-all");
  if (
    (tool === "alembic" && rest.includes("downgrade") && rest[rest.indexOf("downgrade") + 1] === "base") ||
    (tool === "knex" && rest[0] === "migrate:rollback" && all) ||
    (/^sequelize(?:-cli)?$/.test(tool) && /^db:(?:drop|migrate:undo:all)$/.test(rest[0] ?? "")) ||
    (/^typeorm(?:-ts-node-\w+)?$/.test(tool) && rest[0] === "schema:drop") ||
    (tool === "goose" && rest.includes("reset")) ||
    (tool === "dbmate" && rest[0] === "drop") ||
    (tool === "migrate" && rest.includes("drop")) ||
    (tool === "migrate" && rest.includes("down") && all)
  )
    return says("rolls every migration back or drops the database", "escalate");
  return undefined;
}

export default defineRule({
  meta: {
    id: "data/sql-destructive",
    description:
      "Blocks DROP DATABASE/TABLE, TRUNCATE and DELETE without WHERE sent to psql/mysql/sqlite3/… (by -c, stdin, heredoc or echo |) and dropdb; escalates UPDATE without WHERE and database resets.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: {
      // sqlOf()'s clients and dropTool()'s programs.
      programs: [
        "psql",
        "pgcli",
        "usql",
        "mysql",
        "mariadb",
        "mycli",
        "mysqlsh",
        "litecli",
        "sqlite3",
        "sqlite",
        "duckdb",
        "sqlcmd",
        "clickhouse-client",
        "clickhouse",
        "cockroach",
        "snowsql",
        "bq",
        "trino",
        "presto",
        "dropdb",
        "mysqladmin",
        "rails",
        "rake",
        "bundle",
        "prisma",
        "npx",
        "supabase",
        "mix",
        "python*",
        "php",
        "pnpm",
        "yarn",
        "bunx",
        "alembic",
        "knex",
        "sequelize",
        "sequelize-cli",
        "typeorm*",
        "goose",
        "dbmate",
        "migrate",
      ],
    },
    actions: ["block", "escalate"],
    examples: () => ({
      block: [
        { shell: "psql -c 'DROP TABLE users'" },
        { shell: "psql -c 'UPDATE users SET admin = true'", action: "escalate" },
        { shell: 'psql -d prod -c "drop database prod;"' },
        { shell: 'mysqlsh --sql root@db.prod.internal -e "DROP DATABASE shop"' },
        { shell: "litecli /srv/app/data/prod.sqlite3 -e 'DELETE FROM users'" },
        { shell: "alembic -x env=prod downgrade base", action: "escalate" },
        { shell: "npx knex migrate:rollback --all --env production", action: "escalate" },
        { shell: "NODE_ENV=production npx sequelize-cli db:drop", action: "escalate" },
        { shell: 'goose -dir db/migrations postgres "$DATABASE_URL" reset', action: "escalate" },
        { shell: "psql --command='TRUNCATE orders CASCADE'" },
        { shell: "RAILS_ENV=production bin/rails db:reset", action: "escalate" },
        { shell: "export RAILS_ENV=staging && bundle exec rake db:drop", action: "escalate" },
        { shell: "bundle exec rake db:drop RAILS_ENV=production", action: "escalate" },
        { shell: "bin/rails db:reset DISABLE_DATABASE_ENVIRONMENT_CHECK=1", action: "escalate" },
        { shell: "DISABLE_DATABASE_ENVIRONMENT_CHECK=1 bin/rails db:schema:load", action: "escalate" },
        { shell: "DATABASE_URL=postgres://app@db.prod.internal/app bin/rails db:reset", action: "escalate" },
        { shell: "php artisan migrate:fresh --force", action: "escalate" },
        { shell: "php artisan db:wipe --env=production", action: "escalate" },
        { shell: "supabase db reset --linked", action: "escalate" },
        {
          shell: "supabase db reset --db-url postgresql://postgres:pw@db.abcd.supabase.co:5432/postgres",
          action: "escalate",
        },
        { shell: "python manage.py flush --noinput", action: "escalate" },
        { shell: "python manage.py flush --noinput --settings=config.settings.production", action: "escalate" },
      ],
      allow: [
        { shell: "alembic upgrade head" },
        { shell: "alembic downgrade -1", note: "one step back, not every migration" },
        { shell: "npx knex migrate:rollback", note: "the last batch only" },
        { shell: "npx sequelize-cli db:migrate" },
        { shell: "psql -c 'SELECT * FROM users LIMIT 5'" },
        { shell: "psql -c \"DELETE FROM sessions WHERE created_at < now() - interval '1 day'\"" },
        { shell: "psql -c \"INSERT INTO audit(msg) VALUES ('DROP TABLE users requested')\"" },
        { shell: "bin/rails db:reset", note: "Rails refuses it against a production database by itself" },
        { shell: "RAILS_ENV=test bin/rails db:drop db:create db:schema:load" },
        { shell: "bundle exec rake db:reset" },
        {
          shell: "bin/rails db:drop db:create RAILS_ENV=test",
          note: "the test database, named among rails' arguments",
        },
        { shell: "php artisan migrate:fresh --seed", note: "Laravel refuses it in production without --force" },
        { shell: "APP_ENV=local php artisan db:wipe" },
        { shell: "supabase db reset", note: "the local development stack's own database" },
        { shell: "python manage.py flush --no-input --settings=config.settings.dev" },
        { shell: "python manage.py sqlflush", note: "prints the SQL, runs nothing" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let escalation: RuleFinding | undefined;
    for (const cmd of actingCommands(analysis)) {
      const statements = sqlOf(cmd);
      // A clearly test or development database: wiping it is everyday work, so the user approves it.
      const soften = (f: RuleFinding): RuleFinding =>
        f.action === "block" && isDisposableDatabase(cmd, statements)
          ? { reason: `${f.reason} ${TEST_DB}`, action: "escalate" }
          : f;
      const tool = dropTool(cmd, analysis.commands);
      if (tool && soften(tool).action === "block") return tool;
      if (tool) escalation ??= soften(tool);
      for (const sql of statements) {
        for (const f of destructiveSql(sql)) {
          const instead = /WHERE/.test(f.what)
            ? "Add a WHERE clause that selects only the rows you mean, or ask the user."
            : "Ask the user to run it, or work on a disposable copy of the database.";
          const finding = soften({
            reason: `${describe(cmd)} runs \`${f.statement}\` (${f.what}), which destroys data irreversibly. ${instead}`,
            action: f.severity,
          });
          if (finding.action === "block") return finding;
          escalation ??= finding;
        }
      }
    }
    return escalation ?? null;
  },
});
