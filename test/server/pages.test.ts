// The dashboard's pages doing their everyday work, through the app itself: the team policy saved only when
// it validates and its tests pass (each version with its author and reason), checked as typed; a machine's
// key shown once; decisions filtered; the overview's charts drawn with their numbers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app.js";
import { insertDecisions } from "../../src/server/store/decisions.js";
import { createKey, listKeys } from "../../src/server/store/keys.js";
import { currentPolicy, policyHistory } from "../../src/server/store/policy.js";
import { createSession, sessionByToken } from "../../src/server/store/sessions.js";
import { addUser } from "../../src/server/store/users.js";
import { freshDb, type TestDb } from "./support.js";

let db: TestDb;
let app: ReturnType<typeof createApp>;
let cookie: string;
let csrf: string;
const BASE = "http://127.0.0.1:8787";

beforeAll(async () => {
  db = await freshDb();
  app = createApp({
    sql: db.sql,
    now: Date.now,
    publicUrl: () => BASE,
    trustProxy: false,
    onEscalationRaised: () => {},
  });
  const u = await addUser(db.sql, {
    email: "ada@example.com",
    role: "admin",
    password: "admin password long",
    by: "t",
  });
  const { token } = await createSession(db.sql, u.id);
  cookie = `staso_session=${token}`;
  csrf = (await sessionByToken(db.sql, token))!.csrf;
}, 120_000);
afterAll(() => db?.cleanup());

const get = async (path: string) => {
  const r = await app.request(`${BASE}${path}`, { headers: { cookie, host: "127.0.0.1:8787" } });
  return { status: r.status, text: await r.text() };
};
const post = async (path: string, form: Record<string, string>) => {
  const r = await app.request(`${BASE}${path}`, {
    method: "POST",
    headers: { cookie, host: "127.0.0.1:8787", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
  });
  return { status: r.status, text: await r.text(), location: r.headers.get("location") };
};

const POLICY = {
  customRules: [
    {
      id: "team/no-publish",
      reason: "CI publishes.",
      action: "block",
      when: { shell: { program: "npm", subcommand: "publish" } },
    },
  ],
  tests: [{ tool: "Bash", input: { command: "npm publish" }, expect: "block", rule: "team/no-publish" }],
};

describe("the team policy page", () => {
  it("refuses what does not validate, code, and a policy whose own tests fail; saves the rest with author and reason", async () => {
    const bad = await post("/policy", { config: "{ nope", reason: "x" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("not valid JSON");
    const unknown = await post("/policy", { config: JSON.stringify({ rules: { "git/nope": "off" } }), reason: "x" });
    expect(unknown.text).toContain("names no known rule");
    const code = await post("/policy", { config: JSON.stringify({ plugins: ["./x.mjs"] }), reason: "x" });
    expect(code.text).toContain("plugins are code");
    const failing = await post("/policy", {
      config: JSON.stringify({
        ...POLICY,
        tests: [{ tool: "Bash", input: { command: "npm publish" }, expect: "allow" }],
      }),
      reason: "x",
    });
    expect(failing.status).toBe(400);
    expect(failing.text).toMatch(/1 of 1 tests failed/);
    const noReason = await post("/policy", { config: JSON.stringify(POLICY), reason: "" });
    expect(noReason.text).toContain("Say why");
    expect(await currentPolicy(db.sql)).toBeUndefined();

    const ok = await post("/policy", {
      config: JSON.stringify(POLICY),
      reason: "releases go through CI",
      userMayLoosen: "1",
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("Saved version 1 (1 tests passed)");
    await post("/policy", { config: JSON.stringify({ ...POLICY, level: "strict" }), reason: "stricter" });
    const history = await policyHistory(db.sql);
    expect(history.map((v) => [v.id, v.author, v.reason, v.userMayLoosen])).toEqual([
      [2, "ada@example.com", "stricter", false],
      [1, "ada@example.com", "releases go through CI", true],
    ]);
    expect((await get("/policy")).text).toMatch(/Version 2, by ada@example\.com .*stricter/);
    expect((await get("/policy/versions/1")).text).toContain("team/no-publish");
  });

  it("checks a draft as it is typed", async () => {
    const r = await app.request(`${BASE}/policy/validate`, {
      method: "POST",
      headers: { cookie, host: "127.0.0.1:8787", "content-type": "application/json", "x-csrf-token": csrf },
      body: JSON.stringify({ config: JSON.stringify({ level: "extreme" }) }),
    });
    expect(await r.json()).toMatchObject({ ok: false, error: expect.stringContaining("level") });
  });
});

describe("machines, decisions and the overview", () => {
  it("a new key is shown once, then only its prefix", async () => {
    const made = await post("/machines", { name: "build-box" });
    const key = /(ak_[A-Za-z0-9_-]{43})/.exec(made.text)![1]!;
    expect(made.text).toContain("It is shown only this once");
    const later = await get("/machines");
    expect(later.text).not.toContain(key);
    expect(later.text).toContain(`${key.slice(0, 10)}…`);
    expect((await listKeys(db.sql)).find((k) => k.name === "build-box")).toBeTruthy();
  });

  it("decisions filter by action, rule, tool and machine; the overview draws them", async () => {
    const k = (await createKey(db.sql, "laptop", "t")).record.id;
    const now = Date.now();
    const row = (i: number, action: string, ruleId: string | null, tool = "Bash") => ({
      keyId: k,
      traceId: "a".repeat(32),
      spanId: i.toString(16).padStart(16, "0"),
      time: new Date(now - i * 60_000),
      host: "codex",
      event: "pre",
      tool,
      action,
      ruleId,
      reason: ruleId ? `${ruleId} said so` : null,
      latencyMs: 10 + i,
      session: `s${i % 2}`,
      project: "/work/api",
      escalationId: null,
      escalationStatus: null,
      record: {
        span: `guard:${action}:${tool}`,
        input: JSON.stringify({ command: `cmd-${i}` }),
        rules: ruleId ? [{ ruleId, action, mode: "enforce", reason: "r", ms: 1 }] : [],
      },
    });
    await insertDecisions(db.sql, [
      row(1, "block", "filesystem/rm-root-or-home"),
      row(2, "allow", null),
      row(3, "escalate", "git/reset-hard"),
      row(4, "allow", null, "Read"),
    ]);
    const blocks = await get("/decisions?action=block");
    expect(blocks.text).toContain("cmd-1");
    expect(blocks.text).not.toContain("cmd-2");
    expect((await get("/decisions?rule=git")).text).toContain("cmd-3");
    expect((await get("/decisions?tool=Read")).text).toContain("cmd-4");
    expect((await get(`/decisions?machine=${k}&since=24h`)).text).toContain("cmd-2");
    expect((await get("/decisions?project=/work/other")).text).toContain("No decision matches.");
    const ov = await get("/overview?days=7");
    expect(ov.text).toContain('aria-label="Decisions per day, by action"');
    expect(ov.text).toContain("4 decisions in the last 7 days");
    expect(ov.text).toMatch(/p50 <strong>\d+(\.\d)? ms<\/strong>, p95 <strong>\d+(\.\d)? ms<\/strong>/);
    expect(ov.text).toContain("filesystem/rm-root-or-home");
  });
});
