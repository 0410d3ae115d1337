// What every request handler of the server gets: the database, the clock, where the dashboard is
// reachable (for links in notifications), and how to tell whoever should know that an escalation was raised.
import type { Sql } from "./db/types.js";
import type { ApiKey } from "./store/keys.js";
import type { Session } from "./store/sessions.js";
import type { ServerEscalation } from "./store/escalations.js";

export interface ServerContext {
  sql: Sql;
  /** Milliseconds since the epoch (tests move time forward). */
  now: () => number;
  /** The dashboard's own URL as users reach it (behind a proxy: the proxy's), without a trailing slash. */
  publicUrl: () => string;
  /** Trust X-Forwarded-For / X-Forwarded-Proto (only behind a reverse proxy that sets them). */
  trustProxy: boolean;
  /** The local server's secret for `staso dashboard`'s sign-in links (embedded database only). */
  linkSecret?: Buffer;
  /** Called for every escalation raised (never awaited by the request). */
  onEscalationRaised: (e: ServerEscalation) => void;
}

/** Hono's per-request variables. */
export interface Env {
  Variables: { key: ApiKey; session: Session; csrfLogin: string };
}
