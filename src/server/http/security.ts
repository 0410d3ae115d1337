// Headers on every answer: a strict Content-Security-Policy (scripts and styles only from this server,
// nothing inline, no frames, forms post only here), no sniffing, no referrer leaking escalation ids, and
// no caching of pages that show people's data.
import type { Context, Next } from "hono";

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

export async function securityHeaders(c: Context, next: Next): Promise<void> {
  await next();
  c.header("content-security-policy", CSP);
  c.header("x-content-type-options", "nosniff");
  c.header("x-frame-options", "DENY");
  // same-origin, not no-referrer: under no-referrer browsers send "Origin: null" with the dashboard's own form posts.
  c.header("referrer-policy", "same-origin");
  c.header("cross-origin-opener-policy", "same-origin");
  c.header("cross-origin-resource-policy", "same-origin");
  c.header("permissions-policy", "camera=(), microphone=(), geolocation=()");
  if (!c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
}
