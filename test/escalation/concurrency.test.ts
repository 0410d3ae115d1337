// Many escalations at once, as real processes: hooks raising the same call and different calls together,
// hooks waiting while humans answer them all at once, answers racing for one escalation, and retries
// racing for one approve-once approval. The store has no lock; these are its guarantees.
import { describe, expect, it } from "vitest";
import { codexPayload } from "../support/calls.js";
import { answer, auditRecords, cli, hook, pendingEscalations, stasoHome, stored } from "./support.js";

const N = 10;
const ID = /\(escalation (esc_[0-9a-f]{12})\)/;
const idOf = (r: { stdout: string }) => ID.exec(answer(r as never)?.permissionDecisionReason ?? "")?.[1];

describe("escalations under concurrency", () => {
  it(`${N} hooks raising the same call at once share one escalation`, async () => {
    const home = stasoHome();
    const runs = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        hook(home, codexPayload("Bash", { command: "kubectl delete pod web-1" }, { tool_use_id: `call_${i}` })),
      ),
    );
    const ids = new Set(runs.map(idOf));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^esc_/);
    expect(stored(home)).toHaveLength(1);
    expect(auditRecords(home).filter((r) => r.action === "escalate")).toHaveLength(N);
  });

  it(`${N} hooks raising different calls at once get ${N} escalations`, async () => {
    const home = stasoHome();
    const runs = await Promise.all(
      Array.from({ length: N }, (_, i) => hook(home, codexPayload("Bash", { command: `kubectl delete pod web-${i}` }))),
    );
    expect(new Set(runs.map(idOf)).size).toBe(N);
    expect(stored(home).map((e) => e.status)).toEqual(Array(N).fill("pending"));
  });

  it(`${N} waiting hooks, approved and denied by ${N} processes at once: each gets its own answer`, async () => {
    const home = stasoHome({ escalation: { mode: "wait", timeout: 30, pollInterval: 0.1 } });
    const waiting = Array.from({ length: N }, (_, i) =>
      hook(home, codexPayload("Bash", { command: `kubectl delete pod web-${i}` }, { tool_use_id: `call_${i}` })),
    );
    const pending = await pendingEscalations(home, N);
    const byIndex = new Map(pending.map((e) => [Number(/web-(\d+)/.exec(e.request.summary)![1]), e.id]));
    const answers = await Promise.all(
      [...byIndex].map(([i, id]) =>
        cli(home, ["escalations", i % 2 === 0 ? "approve" : "deny", id, "--reason", `answer ${i}`, "--json"]),
      ),
    );
    expect(answers.map((a) => a.json?.changed)).toEqual(Array(N).fill(true));
    const results = await Promise.all(waiting);
    results.forEach((r, i) => {
      if (i % 2 === 0) expect(r.stdout, `call ${i}`).toBe("");
      else expect(answer(r).permissionDecisionReason, `call ${i}`).toContain(`answer ${i}`);
    });
    const trail = auditRecords(home);
    expect(trail.filter((r) => r.event === "escalation")).toHaveLength(N);
    expect(trail.filter((r) => r.event === "pre" && r.escalation?.status === "approved")).toHaveLength(N / 2);
    expect(trail.filter((r) => r.event === "pre" && r.escalation?.status === "denied")).toHaveLength(N / 2);
  });

  it("answers racing for one escalation: exactly one wins, the others are told who did", async () => {
    const home = stasoHome();
    const id = idOf(await hook(home, codexPayload("Bash", { command: "kubectl delete pod web-1" })))!;
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        cli(home, ["escalations", i % 2 ? "approve" : "deny", id, "--reason", `r${i}`, "--json"]),
      ),
    );
    const winners = answers.filter((a) => a.json?.changed === true);
    expect(winners).toHaveLength(1);
    const won = winners[0]!.json.escalation.resolution;
    for (const a of answers) expect(a.json.escalation.resolution).toEqual(won);
    // a loser that wanted the same answer succeeds quietly; one that wanted the other answer fails
    answers.forEach((a, i) =>
      expect(a.code, a.stderr).toBe(a.json.changed || (i % 2 ? "approved" : "denied") === won.status ? 0 : 1),
    );
    expect(auditRecords(home).filter((r) => r.event === "escalation")).toHaveLength(1);
  });

  it(`an approve-once approval is used by exactly one of ${N} retries racing for it; the rest share one new escalation`, async () => {
    const home = stasoHome();
    const id = idOf(await hook(home, codexPayload("Bash", { command: "kubectl delete pod web-1" })))!;
    expect((await cli(home, ["escalations", "approve", id])).code).toBe(0);
    const retries = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        hook(home, codexPayload("Bash", { command: "kubectl delete pod web-1" }, { tool_use_id: `retry_${i}` })),
      ),
    );
    const ran = retries.filter((r) => r.stdout === "");
    expect(ran).toHaveLength(1);
    const newIds = new Set(retries.filter((r) => r.stdout !== "").map(idOf));
    expect(newIds.size).toBe(1);
    expect([...newIds][0]).not.toBe(id);
    expect(
      stored(home)
        .map((e) => [e.id === id, e.status, Boolean(e.consumed)])
        .sort(),
    ).toEqual([
      [false, "pending", false],
      [true, "approved", true],
    ]);
  });

  it("waiting hooks on the same call: approve once runs one of them; the others wait on a new escalation", async () => {
    const home = stasoHome({ escalation: { mode: "wait", timeout: 30, pollInterval: 0.1 } });
    const waiting = Array.from({ length: 4 }, (_, i) =>
      hook(home, codexPayload("Bash", { command: "kubectl delete pod web-1" }, { tool_use_id: `call_${i}` })),
    );
    const [first] = await pendingEscalations(home, 1);
    await new Promise((r) => setTimeout(r, 300)); // all four are waiting on it
    expect(stored(home)).toHaveLength(1);
    await cli(home, ["escalations", "approve", first!.id]);
    const second = await (async () => {
      for (;;) {
        const p = stored(home).filter((e) => e.status === "pending");
        if (p.length) return p[0]!;
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    expect(second.id).not.toBe(first!.id);
    await cli(home, ["escalations", "approve", second.id, "--for", "1m"]);
    const results = await Promise.all(waiting);
    expect(results.map((r) => r.stdout)).toEqual(["", "", "", ""]);
    expect(stored(home)).toHaveLength(2);
  });
});
