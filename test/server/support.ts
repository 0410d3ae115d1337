// Databases for the server's tests: an embedded (PGlite) database migrated once into a template folder,
// then copied for each test (a first PGlite start runs initdb, 4-8 s; opening a copy takes well under one),
// or, with STASO_TEST_DATABASE_URL set, a fresh schema in that PostgreSQL for each test.
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../../src/server/db/migrations.js";
import { openEmbedded } from "../../src/server/db/pglite.js";
import { openPostgres } from "../../src/server/db/postgres.js";
import type { Sql } from "../../src/server/db/types.js";

function templateDir(): string {
  const pkg = JSON.parse(readFileSync("node_modules/@electric-sql/pglite/package.json", "utf8")) as { version: string };
  const schema = createHash("sha256").update(readFileSync("src/server/db/migrations.ts")).digest("hex").slice(0, 12);
  return join(tmpdir(), `staso-test-pglite-${pkg.version}-${schema}`);
}

async function ensureTemplate(): Promise<string> {
  const dir = templateDir();
  if (existsSync(join(dir, "ready"))) return dir;
  const lock = `${dir}.creating`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // another worker makes it: wait for it (or take over a lock left by a worker that died)
      if (existsSync(join(dir, "ready"))) return dir;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (existsSync(join(dir, "ready"))) return dir;
    const building = `${dir}.${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    const db = await openEmbedded(join(building, "db"));
    await migrate(db);
    await db.close();
    rmSync(`${join(building, "db")}.lock`, { force: true });
    mkdirSync(join(building, "ready"));
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
    return dir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface TestDb {
  sql: Sql;
  /** The embedded database's folder (undefined on PostgreSQL). */
  dir?: string;
  cleanup(): Promise<void>;
}

/** A migrated, empty database of its own. */
export async function freshDb(): Promise<TestDb> {
  const url = process.env.STASO_TEST_DATABASE_URL;
  if (url) {
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = await openPostgres(url, { max: 1 });
    await admin.exec(`create schema ${schema}`);
    await admin.close();
    const u = new URL(url);
    u.searchParams.set("options", `-c search_path=${schema}`);
    const sql = await openPostgres(u.toString(), { max: 4 });
    await migrate(sql);
    return {
      sql,
      async cleanup() {
        await sql.close();
        const a = await openPostgres(url, { max: 1 });
        await a.exec(`drop schema ${schema} cascade`);
        await a.close();
      },
    };
  }
  const template = await ensureTemplate();
  const root = mkdtempSync(join(tmpdir(), "staso-test-db-"));
  const dir = join(root, "db");
  cpSync(join(template, "db"), dir, { recursive: true });
  const sql = await openEmbedded(dir);
  return {
    sql,
    dir,
    async cleanup() {
      await sql.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
