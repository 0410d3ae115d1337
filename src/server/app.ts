// The server's HTTP application: the machines' API, sign-in, the dashboard's pages, and its two assets,
// behind headers that every answer carries. Errors answer "500" in one line, never with a stack trace.
import { Hono } from "hono";
import { VERSION } from "../version.js";
import type { Env, ServerContext } from "./context.js";
import { dashboard } from "./http/dashboard.js";
import { machineApi } from "./http/machine-api.js";
import { securityHeaders } from "./http/security.js";
import { authRoutes } from "./http/web-auth.js";
import { APP_CSS, APP_JS } from "./web/assets.js";

export function createApp(ctx: ServerContext, log: (m: string) => void = () => {}): Hono<Env> {
  const app = new Hono<Env>();
  app.use("*", securityHeaders);
  const asset = (type: string, body: string) => (c: import("hono").Context) => {
    c.header("cache-control", "public, max-age=300");
    return c.body(body, 200, { "content-type": `${type}; charset=utf-8` });
  };
  app.get("/assets/app.css", asset("text/css", APP_CSS));
  app.get("/assets/app.js", asset("text/javascript", APP_JS));
  app.get("/healthz", (c) => c.json({ ok: true, version: VERSION }));
  app.get("/favicon.ico", (c) => c.body(null, 204));
  machineApi(app, ctx);
  authRoutes(app, ctx);
  dashboard(app, ctx);
  app.notFound((c) => c.text("not found", 404));
  app.onError((err, c) => {
    log(`staso server: ${c.req.method} ${new URL(c.req.url).pathname} failed: ${err.message}`);
    return c.text("internal error", 500);
  });
  return app;
}
