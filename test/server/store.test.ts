import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/server/auth/password.js";
import { LATEST_VERSION, migrate } from "../../src/server/db/migrations.js";
import {
  createEscalation,
  getEscalation,
  listEscalations,
  resolveEscalation,
} from "../../src/server/store/escalations.js";
import { createKey, keyByToken, listKeys, revokeKey, touchKey } from "../../src/server/store/keys.js";
import { createSession, deleteSession, sessionByToken } from "../../src/server/store/sessions.js";
import { clearFailures, lockedUntil, recordFailure } from "../../src/server/store/throttle.js";
import { addUser, listUsers, setUserDisabled, setUserRole, userWithHash } from "../../src/server/store/users.js";
import type { EscalationRequest } from "../../src/escalation/types.js";
import { freshDb, type TestDb } from "./support.js";

let db: TestDb;
beforeAll(async () => {
  db = await freshDb();
}, 120_000);
afterAll(() => db?.cleanup());

const request = (signature: string, over: Partial<EscalationRequest> = {}): EscalationRequest => ({
  signature,
  mode: "wait",
  host: "codex",
  tool: "Bash",
  kind: "shell",
  summary: "git reset --hard",
  input: { command: "git reset --hard" },
  cwd: "/work/p",
  project: "/work/p",
  ruleId: "git/reset-hard",
  reason: "discards work",
  rules: [],
  raisedBy: "dev",
  expiresInSeconds: 300,
  approvalTtlSeconds: 3600,
  ...over,
});

describe("migrations", () => {
  it("run once: a second run applies nothing", async () => {
    const again = await migrate(db.sql);
    expect(again).toEqual({ applied: [], version: LATEST_VERSION });
  });
});

describe("users", () => {
  it("keeps only a scrypt hash, refuses duplicates, short passwords and bad emails", async () => {
    const u = await addUser(db.sql, {
      email: " Ada@Example.com ",
      role: "admin",
      password: "correct horse battery",
      by: "cli",
    });
    expect(u.email).toBe("ada@example.com");
    const stored = await userWithHash(db.sql, "ADA@example.com");
    expect(stored!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored!.passwordHash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", stored!.passwordHash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored!.passwordHash)).toBe(false);
    await expect(
      addUser(db.sql, { email: "ada@example.com", role: "viewer", password: "another long one", by: "cli" }),
    ).rejects.toThrow(/already a user/);
    await expect(
      addUser(db.sql, { email: "bob@example.com", role: "viewer", password: "short", by: "cli" }),
    ).rejects.toThrow(/at least 12/);
    await expect(
      addUser(db.sql, { email: "<script>@x", role: "viewer", password: "long enough pass", by: "cli" }),
    ).rejects.toThrow(/not an email/);
    await expect(
      addUser(db.sql, { email: "eve@example.com", role: "root" as never, password: "long enough pass", by: "cli" }),
    ).rejects.toThrow(/role/);
  });

  it("never leaves the server without an active admin", async () => {
    const [admin] = (await listUsers(db.sql)).filter((u) => u.role === "admin");
    await expect(setUserRole(db.sql, admin!.id, "viewer")).rejects.toThrow(/no active admin/);
    await expect(setUserDisabled(db.sql, admin!.id, true)).rejects.toThrow(/no active admin/);
    expect((await listUsers(db.sql)).find((u) => u.id === admin!.id)!.role).toBe("admin");
  });
});

describe("sessions", () => {
  it("are found by their token only, end when idle, and end with a disabled user", async () => {
    const u = await addUser(db.sql, { email: "s@example.com", role: "viewer", password: "a long password", by: "cli" });
    const t0 = Date.now();
    const { token } = await createSession(db.sql, u.id, t0);
    const s = await sessionByToken(db.sql, token, t0 + 1000);
    expect(s?.user.email).toBe("s@example.com");
    expect(s?.csrf).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(await sessionByToken(db.sql, `${token}x`, t0)).toBeUndefined();
    expect(await sessionByToken(db.sql, token, t0 + 13 * 3600_000)).toBeUndefined();
    const { token: t2 } = await createSession(db.sql, u.id, t0);
    await setUserDisabled(db.sql, u.id, true);
    expect(await sessionByToken(db.sql, t2, t0)).toBeUndefined();
    await setUserDisabled(db.sql, u.id, false);
    const { token: t3 } = await createSession(db.sql, u.id, t0);
    await deleteSession(db.sql, (await sessionByToken(db.sql, t3, t0))!.id);
    expect(await sessionByToken(db.sql, t3, t0)).toBeUndefined();
  });
});

describe("sign-in throttling", () => {
  it("locks an email after 5 failures, longer with each further one, and forgets on success", async () => {
    const keys = ["email:t@example.com"];
    const t = Date.now();
    for (let i = 0; i < 4; i++) await recordFailure(db.sql, keys, t);
    expect(await lockedUntil(db.sql, keys, t)).toBeUndefined();
    await recordFailure(db.sql, keys, t);
    expect(await lockedUntil(db.sql, keys, t)).toBe(t + 30_000);
    await recordFailure(db.sql, keys, t);
    expect(await lockedUntil(db.sql, keys, t)).toBe(t + 60_000);
    expect(await lockedUntil(db.sql, keys, t + 61_000)).toBeUndefined();
    await clearFailures(db.sql, keys);
    expect(await lockedUntil(db.sql, keys, t)).toBeUndefined();
  });

  it("gives a client address more room (an office shares one)", async () => {
    const keys = ["ip:10.0.0.1"];
    const t = Date.now();
    for (let i = 0; i < 19; i++) await recordFailure(db.sql, keys, t);
    expect(await lockedUntil(db.sql, keys, t)).toBeUndefined();
    await recordFailure(db.sql, keys, t);
    expect(await lockedUntil(db.sql, keys, t)).toBeGreaterThan(t);
  });
});

describe("api keys", () => {
  it("are shown once, kept hashed, found by the key, and stop working when revoked", async () => {
    const { key, record } = await createKey(db.sql, "laptop", "cli");
    expect(key).toMatch(/^ak_[A-Za-z0-9_-]{43}$/);
    const rows = await db.sql.query<{ hash: string }>("select hash from api_keys where id = $1", [record.id]);
    expect(rows[0]!.hash).not.toContain(key.slice(3));
    expect((await keyByToken(db.sql, key))?.id).toBe(record.id);
    // Another last character (a random key ends in "A" one time in sixteen: never the key itself).
    const other = `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`;
    expect(await keyByToken(db.sql, other)).toBeUndefined();
    await touchKey(db.sql, record.id, { stasoVersion: "0.1.0", hostName: "box", agents: ["codex"] });
    await touchKey(db.sql, record.id, { agents: ["claude-code", "codex"] });
    const listed = (await listKeys(db.sql)).find((k) => k.id === record.id)!;
    expect(listed).toMatchObject({ stasoVersion: "0.1.0", hostName: "box", agents: ["claude-code", "codex"] });
    expect(await revokeKey(db.sql, record.id, "admin@x")).toBe(true);
    expect(await revokeKey(db.sql, record.id, "admin@x")).toBe(false);
    expect(await keyByToken(db.sql, key)).toBeUndefined();
  });
});

describe("escalations", () => {
  it("reuse a pending one, let one approve-once run exactly once, and stay per machine", async () => {
    const a = (await createKey(db.sql, "a", "cli")).record.id;
    const b = (await createKey(db.sql, "b", "cli")).record.id;
    const t = Date.now();
    const first = await createEscalation(db.sql, a, request("sig1"), t);
    expect(first.created).toBe(true);
    expect(first.escalation).toMatchObject({
      status: "pending",
      machine: { id: a, name: "a" },
      summary: "git reset --hard",
    });
    const again = await createEscalation(db.sql, a, request("sig1"), t + 10);
    expect(again).toMatchObject({ created: false, escalation: { id: first.escalation.id } });
    const other = await createEscalation(db.sql, b, request("sig1"), t + 10);
    expect(other.created).toBe(true);
    expect(await getEscalation(db.sql, first.escalation.id, { keyId: b })).toBeUndefined();

    const r = await resolveEscalation(
      db.sql,
      first.escalation.id,
      { status: "approved", by: "ada@example.com" },
      { now: t + 20 },
    );
    expect(r).toMatchObject({
      changed: true,
      escalation: { status: "approved", resolution: { scope: "once", by: "ada@example.com" } },
    });
    const lost = await resolveEscalation(db.sql, first.escalation.id, { status: "denied", by: "eve" }, { now: t + 21 });
    expect(lost).toMatchObject({ changed: false, escalation: { status: "approved" } });

    const [x, y] = await Promise.all([
      createEscalation(db.sql, a, request("sig1"), t + 30),
      createEscalation(db.sql, a, request("sig1"), t + 30),
    ]);
    expect([x.consumed, y.consumed].filter(Boolean)).toHaveLength(1);
    expect([x.created, y.created].filter(Boolean)).toHaveLength(1);
    // machine b's call is still pending: a's approval did not touch it
    expect((await getEscalation(db.sql, other.escalation.id, { now: t + 40 }))!.status).toBe("pending");
  });

  it("time out when nobody answers; an answer after that changes nothing", async () => {
    const k = (await createKey(db.sql, "c", "cli")).record.id;
    const t = Date.now();
    const e = await createEscalation(db.sql, k, request("sig2", { expiresInSeconds: 5 }), t);
    const late = await resolveEscalation(db.sql, e.escalation.id, { status: "approved", by: "ada" }, { now: t + 6000 });
    expect(late).toMatchObject({ changed: false, escalation: { status: "timeout" } });
    const next = await createEscalation(db.sql, k, request("sig2"), t + 7000);
    expect(next.created).toBe(true);
  });

  it("a denial answers retries for its window; approve --for lets every try through until then", async () => {
    const k = (await createKey(db.sql, "d", "cli")).record.id;
    const t = Date.now();
    const e = await createEscalation(db.sql, k, request("sig3"), t);
    await resolveEscalation(
      db.sql,
      e.escalation.id,
      { status: "denied", by: "ada", reason: "no", forSeconds: 60 },
      { now: t },
    );
    expect(await createEscalation(db.sql, k, request("sig3"), t + 1000)).toMatchObject({
      created: false,
      escalation: { status: "denied" },
    });
    expect((await createEscalation(db.sql, k, request("sig3"), t + 61_000)).created).toBe(true);
    const w = await createEscalation(db.sql, k, request("sig4"), t);
    await resolveEscalation(db.sql, w.escalation.id, { status: "approved", by: "ada", forSeconds: 600 }, { now: t });
    for (const dt of [1, 2, 3])
      expect((await createEscalation(db.sql, k, request("sig4"), t + dt)).escalation.status).toBe("approved");
  });

  it("list pending first, and a machine sees only its own", async () => {
    const k = (await createKey(db.sql, "e", "cli")).record.id;
    const t = Date.now();
    const p = await createEscalation(db.sql, k, request("sig5"), t);
    const all = await listEscalations(db.sql, {}, t + 1);
    expect(all[0]!.status).toBe("pending");
    expect(all.findIndex((x) => x.status !== "pending")).toBeGreaterThan(
      all.findLastIndex((x) => x.status === "pending"),
    );
    const mine = await listEscalations(db.sql, { keyId: k }, t + 1);
    expect(mine.map((x) => x.id)).toEqual([p.escalation.id]);
  });
});
