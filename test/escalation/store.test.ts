// The local escalation store in one process: the life of an escalation (raised, reused, answered once,
// consumed once, timed out), its files and modes, and what it does with a moved clock.
import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileEscalationStore } from "../../src/escalation/file-store.js";
import type { Escalation, EscalationRequest, Resolution } from "../../src/escalation/types.js";
import {
  createApprovalKey,
  signResolution,
  unlockApprovalKey,
  verifyResolution,
} from "../../src/escalation/approval-key.js";
import { tempHome } from "../support/hook-process.js";

function req(over: Partial<EscalationRequest> = {}): EscalationRequest {
  return {
    signature: "a".repeat(64),
    mode: "fire-and-forget",
    host: "codex",
    tool: "Bash",
    kind: "shell",
    summary: "git push --force origin main",
    input: { command: "git push --force origin main" },
    cwd: "/home/dev/proj",
    ruleId: "git/force-push",
    reason: "force-pushes",
    rules: [{ ruleId: "git/force-push", action: "escalate", mode: "enforce", reason: "force-pushes" }],
    raisedBy: "dev",
    expiresInSeconds: 300,
    approvalTtlSeconds: 3600,
    ...over,
  };
}

// A human's answers are signed with the approval key; the store counts only those.
const KEY = await createApprovalKey("correct horse battery staple", { N: 2 ** 10, r: 8, p: 1 });
const SIGNING = (await unlockApprovalKey("correct horse battery staple", KEY))!;
const HUMAN = { prove: (r: Resolution, e: Escalation) => signResolution(SIGNING, e, r) };
const verify = (e: { id: string; signature: string }, r: Resolution) => verifyResolution(KEY, e, r);

function store(now?: { t: number }) {
  const dir = join(tempHome("staso-esc-"), "escalations");
  return new FileEscalationStore(dir, now ? { now: () => now.t, verify } : { verify });
}

describe("escalation store", () => {
  it("raises one escalation per call and reuses the pending one", async () => {
    const s = store();
    const a = await s.create(req());
    expect(a.created).toBe(true);
    expect(a.escalation).toMatchObject({ status: "pending", mode: "fire-and-forget", tool: "Bash", raisedBy: "dev" });
    expect(a.escalation.id).toMatch(/^esc_[0-9a-f]{12}$/);
    expect(a.escalation.id).toBe(FileEscalationStore.idFor("a".repeat(64), 1));
    const b = await s.create(req({ toolUseId: "call_2" }));
    expect(b).toMatchObject({ created: false, escalation: { id: a.escalation.id, status: "pending" } });
    const other = await s.create(req({ signature: "b".repeat(64) }));
    expect(other.created).toBe(true);
    expect(other.escalation.id).not.toBe(a.escalation.id);
    expect((await s.list()).map((e) => e.id).sort()).toEqual([a.escalation.id, other.escalation.id].sort());
  });

  it("keeps its files private: directories 0700, files 0600", async () => {
    const s = store();
    const { escalation } = await s.create(req());
    await s.resolve(escalation.id, { ...HUMAN, status: "approved", by: "dev" });
    await s.create(req());
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(s.dir)).toBe(0o700);
    expect(mode(join(s.dir, escalation.id))).toBe(0o700);
    for (const f of ["request.json", "resolution.json", "consumed.json"])
      expect(mode(join(s.dir, escalation.id, f))).toBe(0o600);
    expect(readdirSync(join(s.dir, "tmp"))).toEqual([]); // no temp file left behind
  });

  it("approve once: the next try of the call runs, the one after raises a new escalation", async () => {
    const s = store();
    const first = (await s.create(req())).escalation;
    const r = await s.resolve(first.id, { ...HUMAN, status: "approved", by: "alice", reason: "ok for today" });
    expect(r).toMatchObject({
      changed: true,
      escalation: { status: "approved", resolution: { by: "alice", scope: "once", reason: "ok for today" } },
    });
    const retry = await s.create(req({ toolUseId: "call_retry" }));
    expect(retry).toMatchObject({
      created: false,
      consumed: true,
      escalation: { id: first.id, status: "approved", consumed: { toolUseId: "call_retry" } },
    });
    const again = await s.create(req());
    expect(again.created).toBe(true);
    expect(again.escalation.id).toBe(FileEscalationStore.idFor("a".repeat(64), 2));
    expect(again.escalation.status).toBe("pending");
  });

  it("exactly one answer wins", async () => {
    const s = store();
    const { escalation } = await s.create(req());
    const [a, b] = await Promise.all([
      s.resolve(escalation.id, { ...HUMAN, status: "denied", by: "bob" }),
      s.resolve(escalation.id, { ...HUMAN, status: "approved", by: "alice" }),
    ]);
    expect([a.changed, b.changed].filter(Boolean)).toHaveLength(1);
    expect(a.escalation.resolution).toEqual(b.escalation.resolution);
    const late = await s.resolve(escalation.id, { ...HUMAN, status: "approved", by: "carol" });
    expect(late.changed).toBe(false);
    expect(late.escalation.resolution!.by).toBe(a.escalation.resolution!.by);
  });

  it("approve --for: every try of the same call runs until the window ends (capped to approvalTtl)", async () => {
    const clock = { t: Date.parse("2026-01-01T10:00:00Z") };
    const s = store(clock);
    const { escalation } = await s.create(req({ approvalTtlSeconds: 1800 }));
    const r = await s.resolve(escalation.id, { ...HUMAN, status: "approved", by: "alice", forSeconds: 7200 });
    expect(r.escalation.resolution).toMatchObject({ scope: "window", until: "2026-01-01T10:30:00.000Z" });
    for (let i = 0; i < 3; i++) {
      clock.t += 60_000;
      expect(await s.create(req())).toMatchObject({
        created: false,
        escalation: { id: escalation.id, status: "approved" },
      });
    }
    clock.t = Date.parse("2026-01-01T10:30:01Z");
    expect(await s.create(req())).toMatchObject({ created: true, escalation: { status: "pending" } });
  });

  it("deny: tries of the same call are refused for the window, then asked again", async () => {
    const clock = { t: Date.parse("2026-01-01T10:00:00Z") };
    const s = store(clock);
    const { escalation } = await s.create(req());
    await s.resolve(escalation.id, { ...HUMAN, status: "denied", by: "bob", reason: "not on main", forSeconds: 600 });
    clock.t += 599_000;
    expect(await s.create(req())).toMatchObject({
      created: false,
      escalation: { id: escalation.id, status: "denied", resolution: { reason: "not on main" } },
    });
    clock.t += 2000;
    expect(await s.create(req())).toMatchObject({ created: true, escalation: { status: "pending" } });
  });

  it("a pending escalation past its deadline times out once, whoever notices, and a late answer is refused", async () => {
    const clock = { t: Date.parse("2026-01-01T10:00:00Z") };
    const s = store(clock);
    const { escalation } = await s.create(req({ expiresInSeconds: 60 }));
    clock.t += 61_000;
    const late = await s.resolve(escalation.id, { ...HUMAN, status: "approved", by: "alice" });
    expect(late).toMatchObject({
      changed: false,
      timedOut: true,
      escalation: { status: "timeout", resolution: { by: "staso" } },
    });
    const next = await s.create(req());
    expect(next.created).toBe(true);
    expect(next.timedOut).toEqual([]); // already marked: not reported twice

    const other = await s.create(req({ signature: "c".repeat(64), expiresInSeconds: 10 }));
    clock.t += 11_000;
    const r = await s.create(req({ signature: "c".repeat(64) }));
    expect(r.created).toBe(true);
    expect(r.timedOut.map((e) => [e.id, e.status])).toEqual([[other.escalation.id, "timeout"]]);
  });

  it("an escalation whose writer died before request.json is skipped after a while", async () => {
    const s = store();
    const sig = "d".repeat(64);
    const id1 = FileEscalationStore.idFor(sig, 1);
    mkdirSync(s.dir, { recursive: true, mode: 0o700 });
    mkdirSync(join(s.dir, id1), { mode: 0o700 });
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(s.dir, id1), old, old);
    const r = await s.create(req({ signature: sig }));
    expect(r.created).toBe(true);
    expect(r.escalation.id).toBe(FileEscalationStore.idFor(sig, 2));
    expect(await s.get(id1)).toBeUndefined();
  });

  it("prunes answered escalations after the retention, keeping ids unique", async () => {
    const clock = { t: Date.parse("2026-01-01T10:00:00Z") };
    const s = store(clock);
    const a = (await s.create(req())).escalation;
    await s.resolve(a.id, { ...HUMAN, status: "denied", by: "bob", forSeconds: 60 });
    const pending = (await s.create(req({ signature: "e".repeat(64), expiresInSeconds: 10 ** 6 }))).escalation;
    clock.t += 31 * 86400_000;
    expect(s.prune(30 * 86400_000)).toEqual([a.id]);
    expect((await s.list()).map((e) => e.id)).toEqual([pending.id]);
    // the same call again gets a fresh id, not the pruned one
    const again = await s.create(req());
    expect(again.escalation.id).toBe(FileEscalationStore.idFor("a".repeat(64), 2));
  });

  it("get: undefined for an unknown or malformed id; resolve: an error", async () => {
    const s = store();
    expect(await s.get("esc_000000000000")).toBeUndefined();
    expect(await s.get("../../etc")).toBeUndefined();
    await expect(s.resolve("esc_000000000000", { ...HUMAN, status: "approved", by: "x" })).rejects.toThrow(
      /no escalation esc_000000000000/,
    );
    expect(await s.list()).toEqual([]);
  });
});

describe("only a human's signed answer counts (as an agent would try it)", () => {
  const forged = (s: FileEscalationStore, id: string, r: object) =>
    writeFileSync(join(s.dir, id, "resolution.json"), JSON.stringify(r));
  const approval = (over: object = {}) => ({
    status: "approved",
    at: new Date().toISOString(),
    by: "dev",
    scope: "window",
    until: new Date(Date.now() + 3600_000).toISOString(),
    ...over,
  });

  it.each([
    ["no proof at all", () => approval()],
    ["a made-up proof", () => approval({ proof: { kind: "passphrase", key: "0".repeat(16), sig: "AAAA" } })],
    [
      "a proof by a key the agent made itself",
      async (e: Escalation) => {
        const own = await createApprovalKey("the agent's own phrase", { N: 2 ** 10, r: 8, p: 1 });
        const k = (await unlockApprovalKey("the agent's own phrase", own))!;
        const r = approval() as Resolution;
        return { ...r, proof: signResolution(k, e, r) };
      },
    ],
  ])("a resolution.json written into the store with %s approves nothing", async (_n, make) => {
    const s = store();
    const { escalation } = await s.create(req());
    forged(s, escalation.id, await make(escalation));
    expect((await s.get(escalation.id))!.status).toBe("pending");
    const retry = await s.create(req());
    expect(retry).toMatchObject({ created: false, escalation: { id: escalation.id, status: "pending" } });
    expect(retry.consumed).toBeUndefined();
    // The human's real answer then takes its place.
    const r = await s.resolve(escalation.id, { ...HUMAN, status: "approved", by: "alice" });
    expect(r).toMatchObject({ changed: true, escalation: { status: "approved", resolution: { by: "alice" } } });
  });

  it("a human's approval copied to another escalation, or changed after signing, counts for nothing", async () => {
    const s = store();
    const a = (await s.create(req())).escalation;
    const b = (await s.create(req({ signature: "b".repeat(64) }))).escalation;
    const signed = (await s.resolve(a.id, { ...HUMAN, status: "approved", by: "alice" })).escalation.resolution!;
    expect(signed.proof).toMatchObject({ kind: "passphrase" });
    forged(s, b.id, signed); // replayed on another call
    expect((await s.get(b.id))!.status).toBe("pending");
    const c = (await s.create(req({ signature: "c".repeat(64) }))).escalation;
    forged(s, c.id, { ...signed }); // and on a third, with the scope widened
    forged(s, a.id, { ...signed, scope: "window", until: new Date(Date.now() + 86400_000).toISOString() });
    expect((await s.get(a.id))!.status).toBe("pending");
    expect((await s.get(c.id))!.status).toBe("pending");
  });

  it("a denial needs the human too; staso's own timeout does not", async () => {
    const s = store();
    const { escalation } = await s.create(req());
    forged(s, escalation.id, { status: "denied", at: new Date().toISOString(), by: "dev" });
    expect((await s.get(escalation.id))!.status).toBe("pending");
    const t = await s.resolve(escalation.id, { status: "timeout", by: "staso" });
    expect(t.escalation.status).toBe("timeout");
  });

  it("an unsigned approval is refused by the store's default check", async () => {
    const dir = join(tempHome("staso-esc-"), "escalations");
    const s = new FileEscalationStore(dir);
    const { escalation } = await s.create(req());
    const r = await s.resolve(escalation.id, { status: "approved", by: "x" });
    expect(r.escalation.status).toBe("pending");
  });
});
