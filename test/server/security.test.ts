// The dashboard and the machines' API as an attacker would try them: every role against every route, API
// keys against people's routes (and against other machines' escalations), forms without or with a stolen
// CSRF token, cross-origin posts, sign-in guessing, open redirects, and agent-written text full of markup,
// terminal escapes and direction overrides. Next to each: the everyday request that must work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app.js";
import type { ServerContext } from "../../src/server/context.js";
import { createEscalation, getEscalation } from "../../src/server/store/escalations.js";
import { createKey, revokeKey } from "../../src/server/store/keys.js";
import { savePolicy } from "../../src/server/store/policy.js";
import { createSession, sessionByToken } from "../../src/server/store/sessions.js";
import { addUser, type Role } from "../../src/server/store/users.js";
import type { EscalationRequest } from "../../src/escalation/types.js";
import { freshDb, type TestDb } from "./support.js";

let db: TestDb;
let app: ReturnType<typeof createApp>;
const who: Record<Role, { cookie: string; csrf: string }> = {} as never;
let keyA: string;
let keyB: string;
let escA: string;
let escB: string;
const BASE = "http://127.0.0.1:8787";

const request = (signature: string, over: Partial<EscalationRequest> = {}): EscalationRequest => ({
  signature,
  mode: "wait",
  host: "codex",
  tool: "Bash",
  kind: "shell",
  summary: "git reset --hard",
  input: { command: "git reset --hard" },
  ruleId: "git/reset-hard",
  reason: "discards work",
  rules: [],
  raisedBy: "dev",
  expiresInSeconds: 3000,
  approvalTtlSeconds: 3600,
  ...over,
});

beforeAll(async () => {
  db = await freshDb();
  const ctx: ServerContext = {
    sql: db.sql,
    now: Date.now,
    publicUrl: () => BASE,
    trustProxy: false,
    onEscalationRaised: () => {},
  };
  app = createApp(ctx);
  for (const role of ["admin", "approver", "viewer"] as Role[]) {
    const u = await addUser(db.sql, {
      email: `${role}@example.com`,
      role,
      password: `${role} password long`,
      by: "test",
    });
    const { token } = await createSession(db.sql, u.id);
    who[role] = { cookie: `staso_session=${token}`, csrf: (await sessionByToken(db.sql, token))!.csrf };
  }
  const a = await createKey(db.sql, "machine-a", "test");
  const b = await createKey(db.sql, "machine-b", "test");
  keyA = a.key;
  keyB = b.key;
  escA = (await createEscalation(db.sql, a.record.id, request("a".repeat(64)))).escalation.id;
  escB = (await createEscalation(db.sql, b.record.id, request("b".repeat(64)))).escalation.id;
  await savePolicy(db.sql, {
    config: { level: "strict" },
    userMayLoosen: false,
    author: "admin@example.com",
    reason: "start",
  });
}, 120_000);
afterAll(() => db?.cleanup());

interface Req {
  as?: Role;
  key?: string;
  form?: Record<string, string>;
  json?: unknown;
  csrf?: string | null;
  headers?: Record<string, string>;
}

async function call(method: string, path: string, o: Req = {}) {
  const headers: Record<string, string> = { host: "127.0.0.1:8787", ...(o.headers ?? {}) };
  if (o.as) headers.cookie = who[o.as].cookie;
  if (o.key) headers.authorization = `Bearer ${o.key}`;
  let body: string | undefined;
  if (o.form) {
    const csrf = o.csrf === undefined ? (o.as ? who[o.as].csrf : undefined) : o.csrf;
    body = new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), ...o.form }).toString();
    headers["content-type"] = "application/x-www-form-urlencoded";
  } else if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers["content-type"] = "application/json";
    const csrf = o.csrf === undefined ? (o.as ? who[o.as].csrf : undefined) : o.csrf;
    if (csrf) headers["x-csrf-token"] = csrf;
  }
  const res = await app.request(`${BASE}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const RANK: Record<Role, number> = { viewer: 0, approver: 1, admin: 2 };

// Every dashboard route with the least role it needs. POST bodies are harmless (validation fails or the
// target does not exist) so the matrix can run in any order.
const ROUTES: {
  method: "GET" | "POST";
  path: () => string;
  role: Role;
  form?: Record<string, string>;
  json?: unknown;
}[] = [
  { method: "GET", path: () => "/escalations", role: "viewer" },
  { method: "GET", path: () => `/escalations/${escA}`, role: "viewer" },
  { method: "GET", path: () => "/decisions", role: "viewer" },
  { method: "GET", path: () => "/decisions/1", role: "viewer" },
  { method: "GET", path: () => "/overview", role: "viewer" },
  { method: "GET", path: () => "/machines", role: "viewer" },
  { method: "GET", path: () => "/policy", role: "viewer" },
  { method: "GET", path: () => "/policy/versions/1", role: "viewer" },
  { method: "GET", path: () => "/settings", role: "admin" },
  { method: "POST", path: () => "/escalations/esc_000000000000/approve", role: "approver", form: {} },
  { method: "POST", path: () => "/escalations/esc_000000000000/deny", role: "approver", form: {} },
  { method: "POST", path: () => "/machines", role: "admin", form: { name: "" } },
  { method: "POST", path: () => "/machines/999999/revoke", role: "admin", form: {} },
  { method: "POST", path: () => "/policy", role: "admin", form: { config: "{", reason: "x" } },
  { method: "POST", path: () => "/policy/validate", role: "admin", json: { config: "{}" } },
  { method: "POST", path: () => "/settings/users", role: "admin", form: { email: "x", role: "viewer", password: "x" } },
  { method: "POST", path: () => "/settings/users/999999/role", role: "admin", form: { role: "viewer" } },
  { method: "POST", path: () => "/settings/webhooks", role: "admin", form: { url: "notaurl", format: "generic" } },
  { method: "POST", path: () => "/settings/webhooks/99/delete", role: "admin", form: {} },
];

describe("every role against every dashboard route", () => {
  for (const r of ROUTES) {
    for (const role of ["viewer", "approver", "admin"] as Role[]) {
      const allowed = RANK[role] >= RANK[r.role];
      it(`${role} ${r.method} ${r.path().replace(/esc_\w+/, ":id")}: ${allowed ? "allowed" : "403"}`, async () => {
        const res = await call(r.method, r.path(), {
          as: role,
          ...(r.form ? { form: r.form } : {}),
          ...(r.json ? { json: r.json } : {}),
        });
        if (allowed) expect([200, 303, 400, 404, 409]).toContain(res.status);
        else expect(res.status).toBe(403);
      });
    }
    it(`nobody signed in ${r.method} ${r.path().replace(/esc_\w+/, ":id")}: sign in first`, async () => {
      const res = await call(r.method, r.path(), {
        ...(r.form ? { form: r.form, csrf: null } : {}),
        ...(r.json ? { json: r.json } : {}),
      });
      if (r.method === "GET") {
        expect(res.status).toBe(303);
        expect(res.headers.get("location")).toMatch(/^\/login\?next=/);
      } else expect(res.status).toBe(401);
    });
    it(`an API key ${r.method} ${r.path().replace(/esc_\w+/, ":id")}: a key is not a person`, async () => {
      const res = await call(r.method, r.path(), {
        key: keyA,
        ...(r.form ? { form: r.form } : {}),
        ...(r.json ? { json: r.json } : {}),
      });
      expect([303, 401]).toContain(res.status);
    });
    if (r.method === "POST") {
      it(`${r.role} POST ${r.path()} without, with a wrong, or with another person's CSRF token: 403`, async () => {
        for (const csrf of [null, "x".repeat(43), who[r.role === "admin" ? "viewer" : "admin"].csrf]) {
          const res = await call("POST", r.path(), {
            as: r.role,
            ...(r.json ? { json: r.json } : { form: r.form! }),
            csrf,
          });
          expect(res.status).toBe(403);
        }
      });
      it(`${r.role} POST ${r.path()} from another origin: 403`, async () => {
        const res = await call("POST", r.path(), {
          as: r.role,
          ...(r.json ? { json: r.json } : { form: r.form! }),
          headers: { origin: "https://evil.example" },
        });
        expect(res.status).toBe(403);
      });
    }
  }

  it("an approver's answer works, and records who answered", async () => {
    const res = await call("POST", `/escalations/${escA}/deny`, { as: "approver", form: { reason: "not now" } });
    expect(res.status).toBe(303);
    const e = await getEscalation(db.sql, escA);
    expect(e).toMatchObject({ status: "denied", resolution: { by: "approver@example.com", reason: "not now" } });
  });
});

describe("the machines' API: what a key can and cannot do", () => {
  it("reads its own escalations only", async () => {
    const own = await call("GET", `/api/v1/escalations/${escB}`, { key: keyB });
    expect(own.status).toBe(200);
    expect((await call("GET", `/api/v1/escalations/${escB}`, { key: keyA })).status).toBe(404);
    const list = JSON.parse((await call("GET", "/api/v1/escalations", { key: keyA })).text) as { id: string }[];
    expect(list.map((e) => e.id)).not.toContain(escB);
  });

  it("can never approve or deny: there is no such route, and the dashboard's needs a person", async () => {
    for (const path of [
      `/api/v1/escalations/${escB}/approve`,
      `/api/v1/escalations/${escB}/resolve`,
      `/api/v1/escalations/${escB}`,
    ])
      expect((await call("POST", path, { key: keyB, json: { status: "approved", by: "me" } })).status).toBe(404);
    expect((await call("POST", `/escalations/${escB}/approve`, { key: keyB, form: {} })).status).toBe(401);
    expect((await getEscalation(db.sql, escB))!.status).toBe("pending");
  });

  it("cannot close its own escalation before the deadline (only the clock times one out)", async () => {
    const res = await call("POST", `/api/v1/escalations/${escB}/timeout`, { key: keyB });
    expect(res.status).toBe(409);
    expect((await getEscalation(db.sql, escB))!.status).toBe("pending");
    expect((await call("POST", `/api/v1/escalations/${escB}/timeout`, { key: keyA })).status).toBe(404);
  });

  it("fetches the policy but cannot change it", async () => {
    const got = await call("GET", "/api/v1/policy", { key: keyA });
    expect(got.status).toBe(200);
    expect(JSON.parse(got.text)).toMatchObject({ version: 1, config: { level: "strict" } });
    expect(
      (await call("GET", "/api/v1/policy", { key: keyA, headers: { "if-none-match": got.headers.get("etag")! } }))
        .status,
    ).toBe(304);
    for (const m of ["POST", "PUT", "DELETE"])
      expect((await call(m, "/api/v1/policy", { key: keyA, json: { config: {} } })).status).toBe(404);
    expect((await call("POST", "/policy", { key: keyA, form: { config: "{}", reason: "x" } })).status).toBe(401);
  });

  it("needs a valid, live key: none, a made-up one, a person's cookie or a revoked one are refused", async () => {
    expect((await call("GET", "/api/v1/escalations")).status).toBe(401);
    expect((await call("GET", "/api/v1/escalations", { key: "ak_madeupmadeupmadeup" })).status).toBe(401);
    expect((await call("GET", "/api/v1/escalations", { as: "admin" })).status).toBe(401);
    const k = await createKey(db.sql, "temp", "test");
    expect((await call("GET", "/api/v1/escalations", { key: k.key })).status).toBe(200);
    await revokeKey(db.sql, k.record.id, "test");
    expect((await call("GET", "/api/v1/escalations", { key: k.key })).status).toBe(401);
    expect((await call("POST", "/v1/traces", { key: k.key, json: { resourceSpans: [] } })).status).toBe(401);
  });

  it("refuses raise requests that are not what a hook sends", async () => {
    for (const bad of [
      {},
      { ...request("c".repeat(64)), signature: "x" },
      { ...request("c".repeat(64)), expiresInSeconds: -1 },
      { ...request("c".repeat(64)), input: "x" },
    ])
      expect((await call("POST", "/api/v1/escalations", { key: keyA, json: bad })).status).toBe(400);
    expect((await call("POST", "/v1/traces", { key: keyA, json: "nope" })).status).toBe(400);
    const big = { resourceSpans: [], pad: "x".repeat(9 * 1024 * 1024) };
    expect((await call("POST", "/v1/traces", { key: keyA, json: big })).status).toBe(413);
  });
});

describe("signing in", { timeout: 60_000 }, () => {
  async function loginForm() {
    const page = await call("GET", "/login");
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const cookie = page.headers.get("set-cookie")!.split(";")[0]!;
    return { token, cookie };
  }
  async function login(email: string, password: string, o: { next?: string; ip?: string } = {}) {
    const { token, cookie } = await loginForm();
    return call("POST", "/login", {
      form: { email, password, ...(o.next ? { next: o.next } : {}) },
      csrf: token,
      headers: { cookie },
    });
  }

  it("the right password signs in with an HttpOnly, SameSite cookie; the page has Email, Password and Sign in", async () => {
    const page = await call("GET", "/login");
    expect(page.text).toMatch(/<label for="email">Email <input id="email"/);
    expect(page.text).toMatch(/<label for="password">Password <input id="password" name="password" type="password"/);
    expect(page.text).toContain('<button type="submit">Sign in</button>');
    const ok = await login("viewer@example.com", "viewer password long");
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/escalations");
    const set = ok.headers.get("set-cookie")!;
    expect(set).toMatch(/staso_session=[A-Za-z0-9_-]{40,}/);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
  });

  it("a wrong password and an unknown email get the same answer", async () => {
    const a = await login("viewer@example.com", "wrong password!!");
    const b = await login("nobody@example.com", "wrong password!!");
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.text).toContain("Wrong email or password.");
    expect(b.text).toContain("Wrong email or password.");
  });

  it("guessing is throttled: after 5 failures even the right password waits", async () => {
    await addUser(db.sql, { email: "target@example.com", role: "viewer", password: "target password ok", by: "t" });
    for (let i = 0; i < 5; i++) await login("target@example.com", `guess number ${i}`);
    const locked = await login("target@example.com", "target password ok");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a sign-in without the form's token is refused (no login CSRF)", async () => {
    const res = await call("POST", "/login", {
      form: { email: "viewer@example.com", password: "viewer password long" },
      csrf: null,
    });
    expect(res.status).toBe(403);
  });

  it("goes only to a page of this server after signing in", async () => {
    for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
      const res = await login("admin@example.com", "admin password long", { next });
      expect(res.headers.get("location")).toBe("/escalations");
    }
    expect(
      (await login("admin@example.com", "admin password long", { next: "/decisions?action=block" })).headers.get(
        "location",
      ),
    ).toBe("/decisions?action=block");
  });
});

describe("what the pages show", () => {
  it("every answer carries a strict CSP and no inline script", async () => {
    for (const path of [
      "/login",
      "/escalations",
      "/decisions",
      "/overview",
      "/machines",
      "/policy",
      "/settings",
      "/nope",
    ]) {
      const res = await call("GET", path, { as: "admin" });
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(res.headers.get("content-security-policy")).not.toContain("unsafe-inline");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)/);
      expect(res.text).not.toMatch(/\sstyle=|\son[a-z]+=/i);
    }
  });

  it("text from agents is escaped, control characters and direction overrides included", async () => {
    const k = await createKey(db.sql, "<b>evil</b>\u202e", "t").catch(() => createKey(db.sql, "evil-machine", "t"));
    const nasty = `rm -rf ~ <script>alert(1)</script> \x1b[2K\x1b[1Aok \u202egnp.exe "'& \x07\x9b`;
    const e = await createEscalation(
      db.sql,
      k.record.id,
      request("d".repeat(64), { summary: nasty, reason: nasty, input: { command: nasty }, project: nasty }),
    );
    for (const path of ["/escalations", `/escalations/${e.escalation.id}`]) {
      const res = await call("GET", path, { as: "viewer" });
      expect(res.text).not.toContain("<script>alert");
      expect(res.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(res.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      expect(res.text).toContain("\\x1b[2K");
      expect(res.text).toContain("\\u202egnp.exe");
      expect(res.text).toContain("&quot;&#39;&amp;");
    }
  });

  it("a viewer sees no answer buttons; an approver sees Approve and Deny", async () => {
    const k = await createKey(db.sql, "buttons", "t");
    await createEscalation(db.sql, k.record.id, request("e".repeat(64)));
    expect((await call("GET", "/escalations", { as: "viewer" })).text).not.toContain(">Approve</button>");
    const page = (await call("GET", "/escalations", { as: "approver" })).text;
    expect(page).toContain(">Approve</button>");
    expect(page).toContain(">Deny</button>");
    expect(page).toMatch(/<a href="\/escalations"[^>]*>Escalations<\/a>/);
    expect(page).toMatch(/<a href="\/decisions">Decisions<\/a>/);
  });
});
