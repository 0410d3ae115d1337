// Signing in and out, and what every dashboard route checks: a session cookie (HttpOnly, SameSite=Lax,
// Secure over HTTPS), the role the route needs, and on every POST the session's CSRF token (a form field,
// or a header for the page's own script) plus a same-origin check. The sign-in form itself carries a
// double-submit token, so nobody can sign a browser in to an account of theirs.
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, Hono, Next } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { verifyPassword } from "../auth/password.js";
import { readSignInLink } from "../auth/links.js";
import { randomToken, sameSecret } from "../auth/tokens.js";
import type { Env, ServerContext } from "../context.js";
import { createSession, deleteSession, sessionByToken } from "../store/sessions.js";
import { clearFailures, lockedUntil, recordFailure } from "../store/throttle.js";
import { normalizeEmail, type Role, userWithHash } from "../store/users.js";
import { html } from "../web/html.js";
import { page } from "../web/layout.js";

const SESSION_COOKIE = "staso_session";
const LOGIN_COOKIE = "staso_login";

const RANK: Record<Role, number> = { viewer: 0, approver: 1, admin: 2 };

function isHttps(c: Context, ctx: ServerContext): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  return ctx.trustProxy && (c.req.header("x-forwarded-proto") ?? "").split(",")[0]!.trim() === "https";
}

function clientAddress(c: Context, ctx: ServerContext): string {
  if (ctx.trustProxy) {
    const fwd = (c.req.header("x-forwarded-for") ?? "").split(",")[0]!.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** A path on this server to go to after signing in: never another origin. */
function safeNext(next: string | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\r\n]/.test(next))
    return "/escalations";
  return next;
}

function loginPage(
  c: Context,
  ctx: ServerContext,
  o: { error?: string; next?: string; email?: string; status?: 200 | 401 | 403 | 429 },
) {
  const token = randomToken();
  setCookie(c, LOGIN_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps(c, ctx),
    path: "/login",
    maxAge: 3600,
  });
  return c.html(
    page({
      title: "Sign in",
      body: html`<h1>Sign in to Staso</h1>
${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ""}
<form class="stack" method="post" action="/login">
  <input type="hidden" name="_csrf" value="${token}">
  <input type="hidden" name="next" value="${safeNext(o.next)}">
  <label for="email">Email <input id="email" name="email" type="email" autocomplete="username" required value="${o.email ?? ""}"></label>
  <label for="password">Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>`,
    }).value,
    o.status ?? 200,
  );
}

const field = (form: Record<string, unknown>, k: string): string =>
  typeof form[k] === "string" ? (form[k] as string) : "";

export function authRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get("/login", async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token && (await sessionByToken(ctx.sql, token, ctx.now())))
      return c.redirect(safeNext(c.req.query("next")), 303);
    return loginPage(c, ctx, { next: c.req.query("next") });
  });

  app.post("/login", async (c) => {
    const form = (await c.req.parseBody()) as Record<string, unknown>;
    const email = normalizeEmail(field(form, "email")).slice(0, 320);
    const password = field(form, "password");
    const next = field(form, "next");
    const cookie = getCookie(c, LOGIN_COOKIE);
    if (!cookie || !sameSecret(cookie, field(form, "_csrf")))
      return loginPage(c, ctx, { error: "The form expired; sign in again.", next, email, status: 403 });
    const keys = [`email:${email}`, `ip:${clientAddress(c, ctx)}`];
    const locked = await lockedUntil(ctx.sql, keys, ctx.now());
    if (locked) {
      const s = Math.ceil((locked - ctx.now()) / 1000);
      c.header("retry-after", String(s));
      return loginPage(c, ctx, {
        error: `Too many failed sign-ins. Try again in ${s} seconds.`,
        next,
        email,
        status: 429,
      });
    }
    const user = email ? await userWithHash(ctx.sql, email) : undefined;
    // Always pay for one scrypt, so an unknown email answers as slowly as a wrong password.
    const ok = (await verifyPassword(password, user?.passwordHash)) && user !== undefined && !user.disabledAt;
    if (!ok) {
      await recordFailure(ctx.sql, keys, ctx.now());
      return loginPage(c, ctx, { error: "Wrong email or password.", next, email, status: 401 });
    }
    await clearFailures(ctx.sql, [keys[0]!]);
    const { token } = await createSession(ctx.sql, user.id, ctx.now());
    deleteCookie(c, LOGIN_COOKIE, { path: "/login" });
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: "Lax", secure: isHttps(c, ctx), path: "/" });
    return c.redirect(safeNext(next), 303);
  });

  // `staso dashboard`'s one-time link (embedded servers only: ctx.linkSecret is unset on a team's server).
  app.get("/login/link/:token", async (c) => {
    const link = ctx.linkSecret ? readSignInLink(ctx.linkSecret, c.req.param("token") ?? "", ctx.now()) : undefined;
    const user = link ? await userWithHash(ctx.sql, link.email) : undefined;
    const fresh =
      link && user && !user.disabledAt
        ? await ctx.sql.query(
            "insert into sign_in_links (nonce, used_at) values ($1, $2::timestamptz) on conflict (nonce) do nothing returning nonce",
            [link.nonce, new Date(ctx.now()).toISOString()],
          )
        : [];
    if (!user || fresh.length === 0)
      return loginPage(c, ctx, {
        error: "That sign-in link is not valid any more: run `staso dashboard` for a new one.",
        status: 403,
      });
    const { token } = await createSession(ctx.sql, user.id, ctx.now());
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: "Lax", secure: isHttps(c, ctx), path: "/" });
    return c.redirect("/escalations", 303);
  });

  app.post("/logout", requireRole(ctx, "viewer"), async (c) => {
    await deleteSession(ctx.sql, c.get("session").id);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  });
}

/** The signed-in session with at least `role`; on a POST also a valid CSRF token from this origin. */
export function requireRole(ctx: ServerContext, role: Role) {
  return async (c: Context<Env>, next: Next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await sessionByToken(ctx.sql, token, ctx.now()) : undefined;
    const unsafe = c.req.method !== "GET" && c.req.method !== "HEAD";
    if (!session) {
      if (unsafe || c.req.header("accept")?.includes("application/json") === true)
        return c.json({ error: "sign in first" }, 401);
      const u = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(u.pathname + u.search)}`, 303);
    }
    if (unsafe) {
      const origin = c.req.header("origin");
      const host = c.req.header("host");
      if (origin && origin !== "null" && host && new URL(origin).host !== host && !ctx.trustProxy)
        return c.text("cross-origin request refused", 403);
      if (origin === "null") return c.text("cross-origin request refused", 403);
      let sent = c.req.header("x-csrf-token");
      if (!sent && (c.req.header("content-type") ?? "").match(/form/)) {
        const form = (await c.req.parseBody()) as Record<string, unknown>;
        sent = typeof form._csrf === "string" ? form._csrf : undefined;
      }
      if (!sent || !sameSecret(sent, session.csrf))
        return c.text("the form's CSRF token is missing or wrong; reload the page", 403);
    }
    if (RANK[session.user.role] < RANK[role]) {
      return c.html(
        page({
          title: "Not allowed",
          session,
          body: html`<h1>Not allowed</h1><p>This needs the ${role} role; you are signed in as ${session.user.role}.</p>`,
        }).value,
        403,
      );
    }
    c.set("session", session);
    await next();
  };
}
