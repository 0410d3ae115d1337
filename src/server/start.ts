// Starting the server: open the database (embedded or PostgreSQL), bring the schema up to date, listen.
// With the embedded database, <data dir>/server/server.json names the running server (pid, URL), so
// `staso dashboard` connects to it instead of starting a second one.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { serve } from "@hono/node-server";
import { stasoPaths } from "../paths.js";
import { createApp } from "./app.js";
import { ensureLinkSecret } from "./auth/links.js";
import type { ServerContext } from "./context.js";
import { migrate } from "./db/migrations.js";
import { openDatabase, type DatabaseChoice } from "./db/open.js";
import type { Sql } from "./db/types.js";
import { sendWebhooks } from "./notify.js";
import { getWebhooks } from "./store/settings.js";

export interface StartOptions {
  host?: string;
  port?: number;
  database?: DatabaseChoice;
  /** An open database to use instead (tests): not closed by close(). */
  sql?: Sql;
  /** The URL people reach the dashboard at (default: the URL it listens on). */
  publicUrl?: string;
  trustProxy?: boolean;
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
  now?: () => number;
}

export interface RunningServer {
  url: string;
  publicUrl: string;
  sql: Sql;
  ctx: ServerContext;
  close(): Promise<void>;
}

const runtimeFile = (env: NodeJS.ProcessEnv = process.env): string =>
  join(stasoPaths(env).dataDir, "server", "server.json");

export interface RuntimeInfo {
  pid: number;
  url: string;
}

/** The local server another process started with the embedded database, if it still runs. */
export function runningLocalServer(env: NodeJS.ProcessEnv = process.env): RuntimeInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(runtimeFile(env), "utf8")) as RuntimeInfo;
    process.kill(info.pid, 0);
    return typeof info.url === "string" ? info : undefined;
  } catch {
    return undefined;
  }
}

const isLoopback = (host: string) => host === "127.0.0.1" || host === "::1" || host === "localhost";

export async function startServer(o: StartOptions): Promise<RunningServer> {
  const log = o.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const host = o.host ?? "127.0.0.1";
  const own = o.sql === undefined;
  const sql = o.sql ?? (await openDatabase(o.database ?? {}, o.env));
  try {
    await migrate(sql);
  } catch (err) {
    if (own) await sql.close();
    throw err;
  }
  let publicUrl = o.publicUrl?.replace(/\/+$/, "") ?? "";
  const ctx: ServerContext = {
    sql,
    now: o.now ?? Date.now,
    publicUrl: () => publicUrl,
    trustProxy: o.trustProxy === true,
    // Sign-in links only where the OS user owns the whole server: its embedded database, on loopback.
    ...(sql.kind === "embedded" && own && isLoopback(host) ? { linkSecret: ensureLinkSecret(o.env) } : {}),
    onEscalationRaised: (e) => {
      void getWebhooks(sql)
        .then((hooks) => (hooks.length ? sendWebhooks(hooks, e, publicUrl, log) : undefined))
        .catch((err: Error) => log(`staso server: notifications for ${e.id} failed: ${err.message}`));
    },
  };
  const app = createApp(ctx, log);
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: o.port ?? 8787, hostname: host }, () => resolve(s));
      s.once("error", reject);
    });
  } catch (err) {
    if (own) await sql.close();
    const e = err as NodeJS.ErrnoException;
    throw new Error(
      e.code === "EADDRINUSE"
        ? `port ${o.port} on ${host} is in use (pick another with --port, or --port 0 for any free one)`
        : e.message,
    );
  }
  // Idle keep-alive connections stay open longer than a client or a proxy in front keeps them (load
  // balancers commonly 60 s): a server that closes first races the client's next request on the same
  // connection, which then fails with ECONNRESET (seen under load).
  const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  const addr = server.address() as AddressInfo;
  const shown = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  const url = `http://${shown === "0.0.0.0" || shown === "[::]" ? "127.0.0.1" : shown}:${addr.port}`;
  if (!publicUrl) publicUrl = url;
  if (!isLoopback(host))
    log(
      `staso server: listening on ${host} without TLS: put it behind a reverse proxy that terminates HTTPS (docs/server.md), and pass --public-url and --trust-proxy.`,
    );
  const file = sql.kind === "embedded" && own ? runtimeFile(o.env) : undefined;
  if (file) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(`${file}.tmp`, JSON.stringify({ pid: process.pid, url } satisfies RuntimeInfo), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
  let closed = false;
  return {
    url,
    publicUrl,
    sql,
    ctx,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      if (file) rmSync(file, { force: true });
      if (own) await sql.close();
    },
  };
}
