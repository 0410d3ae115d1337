// Which database the server uses: PostgreSQL when a URL is given (--database-url, DATABASE_URL), else the
// embedded one in a folder under STASO_HOME.
import { join } from "node:path";
import { stasoPaths } from "../../paths.js";
import { openEmbedded } from "./pglite.js";
import { openPostgres } from "./postgres.js";
import { DatabaseError, type Sql } from "./types.js";

/** <data dir>/server/db: the embedded database's folder. */
const embeddedDbDir = (env: NodeJS.ProcessEnv = process.env): string => join(stasoPaths(env).dataDir, "server", "db");

export interface DatabaseChoice {
  url?: string;
  /** The embedded database's folder (default embeddedDbDir()). */
  dir?: string;
}

export function chooseDatabase(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): DatabaseChoice {
  const url = flag?.trim() || env.DATABASE_URL?.trim() || undefined;
  if (url && !/^postgres(ql)?:\/\//i.test(url))
    throw new DatabaseError("the database URL must start with postgres:// or postgresql://");
  return url ? { url } : { dir: embeddedDbDir(env) };
}

export function openDatabase(choice: DatabaseChoice, env: NodeJS.ProcessEnv = process.env): Promise<Sql> {
  return choice.url ? openPostgres(choice.url) : openEmbedded(choice.dir ?? embeddedDbDir(env));
}
