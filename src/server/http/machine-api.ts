// The machines' API: what a hook's API key may do, and nothing more.
//   POST /v1/traces                          report decisions (OTLP/HTTP JSON spans)
//   POST /api/v1/escalations                 raise an escalation (or find what answers the call)
//   GET  /api/v1/escalations[/:id]           read its own escalations
//   POST /api/v1/escalations/:id/timeout     close its own escalation once its deadline has come
//   GET  /api/v1/policy                      fetch the team policy (conditional: ETag / If-None-Match)
// A key can never answer an escalation, see another machine's, or change the policy: those routes do
// not exist here, and the dashboard's routes take a signed-in person's session, never a key.
import { gunzipSync } from "node:zlib";
import type { Context, Hono } from "hono";
import { maskText, maskValue } from "../../audit/mask.js";
import type { EscalationRequest } from "../../escalation/types.js";
import type { Env, ServerContext } from "../context.js";
import { ingestTraces, OtlpError } from "../otlp-ingest.js";
import { insertDecisions } from "../store/decisions.js";
import { createEscalation, getEscalation, listEscalations, resolveEscalation } from "../store/escalations.js";
import { keyByToken, touchKey } from "../store/keys.js";
import { currentPolicy } from "../store/policy.js";

const MAX_BODY = 8 * 1024 * 1024;

const problem = (c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 415, message: string) =>
  c.json({ error: message }, status);

/** The body as text: at most MAX_BODY bytes, gunzipped when sent gzipped (also capped). */
async function bodyText(c: Context): Promise<string | { status: 413 | 415 | 400; message: string }> {
  const declared = Number(c.req.header("content-length") ?? 0);
  if (declared > MAX_BODY) return { status: 413, message: `the body is larger than ${MAX_BODY} bytes` };
  const buf = Buffer.from(await c.req.arrayBuffer());
  if (buf.length > MAX_BODY) return { status: 413, message: `the body is larger than ${MAX_BODY} bytes` };
  const enc = (c.req.header("content-encoding") ?? "").toLowerCase();
  if (enc === "gzip") {
    try {
      return gunzipSync(buf, { maxOutputLength: MAX_BODY }).toString("utf8");
    } catch {
      return { status: 413, message: "the gzipped body is broken or larger than allowed" };
    }
  }
  if (enc && enc !== "identity") return { status: 415, message: `content-encoding ${enc} is not supported` };
  return buf.toString("utf8");
}

async function jsonBody(c: Context): Promise<unknown | { status: 413 | 415 | 400; message: string }> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (!type.startsWith("application/json"))
    return { status: 415, message: "send application/json (OTLP/HTTP with the JSON encoding)" };
  const t = await bodyText(c);
  if (typeof t !== "string") return t;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return { status: 400, message: "the body is not valid JSON" };
  }
}

const isFailure = (v: unknown): v is { status: 413 | 415 | 400; message: string } =>
  typeof v === "object" && v !== null && "status" in v && "message" in v && Object.keys(v).length === 2;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown, max: number): v is string => typeof v === "string" && v.length <= max;

/** A raise request as the hook's escalation step builds it (src/escalation/step.ts), checked field by field. */
function parseEscalationRequest(v: unknown): EscalationRequest | string {
  if (!isObj(v)) return "the body must be a JSON object";
  if (!str(v.signature, 128) || !/^[0-9a-f]{64}$/.test(v.signature)) return "signature must be 64 hex digits";
  if (v.mode !== "wait" && v.mode !== "fire-and-forget") return 'mode must be "wait" or "fire-and-forget"';
  for (const k of ["host", "tool", "kind", "raisedBy"] as const)
    if (!str(v[k], 300) || v[k] === "") return `${k} must be a string of at most 300 characters`;
  for (const k of ["summary", "reason"] as const) if (!str(v[k], 20_000)) return `${k} must be a string`;
  for (const k of ["cwd", "project", "session", "toolUseId", "ruleId"] as const)
    if (v[k] !== undefined && !str(v[k], 4096)) return `${k} must be a string`;
  if (!isObj(v.input)) return "input must be an object";
  if (v.modifiedInput !== undefined && !isObj(v.modifiedInput)) return "modifiedInput must be an object";
  if (JSON.stringify(v.input).length + JSON.stringify(v.modifiedInput ?? {}).length > 1024 * 1024)
    return "input is larger than 1 MiB";
  if (!Array.isArray(v.rules) || v.rules.length > 500) return "rules must be an array";
  for (const r of v.rules)
    if (!isObj(r) || !str(r.ruleId, 300) || !str(r.action, 40) || !str(r.mode, 40) || !str(r.reason, 20_000))
      return "each rule needs ruleId, action, mode and reason";
  for (const k of ["expiresInSeconds", "approvalTtlSeconds"] as const) {
    const n = v[k];
    if (typeof n !== "number" || !Number.isFinite(n) || n <= 0 || n > 30 * 86400)
      return `${k} must be a number of seconds above 0 and at most 30 days`;
  }
  const rules = (v.rules as Record<string, string>[]).map((r) => ({
    ruleId: r.ruleId!,
    action: r.action!,
    mode: r.mode!,
    reason: maskText(r.reason!),
  }));
  const opt = (k: "cwd" | "project" | "session" | "toolUseId" | "ruleId") =>
    v[k] !== undefined ? { [k]: maskText(v[k] as string) } : {};
  return {
    signature: v.signature,
    mode: v.mode,
    host: v.host as string,
    tool: v.tool as string,
    kind: v.kind as EscalationRequest["kind"],
    summary: maskText(v.summary as string, 1000),
    input: maskValue(v.input),
    ...(v.modifiedInput !== undefined ? { modifiedInput: maskValue(v.modifiedInput as Record<string, unknown>) } : {}),
    ...opt("cwd"),
    ...opt("project"),
    ...opt("session"),
    ...opt("toolUseId"),
    ...opt("ruleId"),
    reason: maskText(v.reason as string),
    rules,
    raisedBy: maskText(v.raisedBy as string, 300),
    expiresInSeconds: v.expiresInSeconds as number,
    approvalTtlSeconds: v.approvalTtlSeconds as number,
  };
}

/** "staso/0.1.0" → "0.1.0" */
const versionOf = (ua: string | undefined) => /^staso\/([\w.+-]{1,40})/.exec(ua ?? "")?.[1];

export function machineApi(app: Hono<Env>, ctx: ServerContext): void {
  const machine = async (c: Context<Env>, next: () => Promise<void>) => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    const key = m ? await keyByToken(ctx.sql, m[1]!) : undefined;
    if (!key) {
      c.header("www-authenticate", 'Bearer realm="staso"');
      return problem(c, 401, "an API key (Authorization: Bearer ak_…) that is valid and not revoked is required");
    }
    c.set("key", key);
    await next();
  };
  for (const path of ["/v1/traces", "/api/v1/*"]) app.use(path, machine);

  app.post("/v1/traces", async (c) => {
    const key = c.get("key");
    const body = await jsonBody(c);
    if (isFailure(body)) return problem(c, body.status, body.message);
    let batch: ReturnType<typeof ingestTraces>;
    try {
      batch = ingestTraces(body, key.id);
    } catch (err) {
      if (err instanceof OtlpError) return problem(c, 400, err.message);
      throw err;
    }
    await insertDecisions(ctx.sql, batch.rows);
    await touchKey(
      ctx.sql,
      key.id,
      {
        ...(batch.stasoVersion ? { stasoVersion: batch.stasoVersion } : {}),
        ...(batch.hostName ? { hostName: batch.hostName } : {}),
        agents: batch.agents,
      },
      new Date(ctx.now()),
    );
    return c.json(
      batch.rejected > 0
        ? {
            partialSuccess: {
              rejectedSpans: String(batch.rejected),
              errorMessage: "spans without staso's guard attributes are not stored",
            },
          }
        : {},
    );
  });

  app.post("/api/v1/escalations", async (c) => {
    const key = c.get("key");
    const body = await jsonBody(c);
    if (isFailure(body)) return problem(c, body.status, body.message);
    const req = parseEscalationRequest(body);
    if (typeof req === "string") return problem(c, 400, req);
    const r = await createEscalation(ctx.sql, key.id, req, ctx.now(), key.name);
    const v = versionOf(c.req.header("user-agent"));
    await touchKey(ctx.sql, key.id, { ...(v ? { stasoVersion: v } : {}), agents: [req.host] }, new Date(ctx.now()));
    if (r.created) ctx.onEscalationRaised(r.escalation);
    return c.json(r, r.created ? 201 : 200);
  });

  app.get("/api/v1/escalations", async (c) => {
    const list = await listEscalations(ctx.sql, { keyId: c.get("key").id, limit: 200 }, ctx.now());
    return c.json(list);
  });

  app.get("/api/v1/escalations/:id", async (c) => {
    const e = await getEscalation(ctx.sql, c.req.param("id"), { keyId: c.get("key").id, now: ctx.now() });
    return e ? c.json(e) : problem(c, 404, "there is no such escalation for this key");
  });

  // The hook's wait ended with its deadline: close the escalation (only then; a key never answers one).
  app.post("/api/v1/escalations/:id/timeout", async (c) => {
    const keyId = c.get("key").id;
    const e = await getEscalation(ctx.sql, c.req.param("id"), { keyId, now: ctx.now() });
    if (!e) return problem(c, 404, "there is no such escalation for this key");
    if (e.status === "pending" && Date.parse(e.expiresAt) > ctx.now() + 2000)
      return problem(c, 409, "the escalation's deadline has not come yet");
    const r = await resolveEscalation(
      ctx.sql,
      e.id,
      { status: "timeout", by: "staso" },
      { keyId, now: Math.max(ctx.now(), Date.parse(e.expiresAt)) },
    );
    return c.json(r);
  });

  app.get("/api/v1/policy", async (c) => {
    const p = await currentPolicy(ctx.sql);
    if (!p) return c.body(null, 204);
    const etag = `"v${p.id}"`;
    c.header("etag", etag);
    c.header("cache-control", "no-cache");
    if ((c.req.header("if-none-match") ?? "").split(/\s*,\s*/).includes(etag)) return c.body(null, 304);
    return c.json({
      version: p.id,
      author: p.author,
      reason: p.reason,
      createdAt: p.createdAt.toISOString(),
      userMayLoosen: p.userMayLoosen,
      config: p.config,
    });
  });
}
