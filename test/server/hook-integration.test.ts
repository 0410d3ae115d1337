// The hook connected to a real Staso server (in this process, on 127.0.0.1), as real hook processes: wait
// mode holds the call until a person answers in the server, fire-and-forget blocks with the dashboard's
// link and lets the retry through once approved, a server that is down follows the fail mode, and the
// audit trail reaches the server's decisions through `staso export`. An API key never answers.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/start.js";
import { listDecisions } from "../../src/server/store/decisions.js";
import { listEscalations, resolveEscalation } from "../../src/server/store/escalations.js";
import { createKey } from "../../src/server/store/keys.js";
import { savePolicy } from "../../src/server/store/policy.js";
import { cli, hook, stasoHome } from "../escalation/support.js";
import { codexPayload } from "../support/calls.js";
import { freshDb, type TestDb } from "./support.js";

const KUBECTL = "kubectl delete pod web-1"; // escalated by data/kubernetes-delete
let db: TestDb;
let server: RunningServer;
let key: string;

beforeAll(async () => {
  db = await freshDb();
  server = await startServer({ sql: db.sql, port: 0, log: () => {} });
  key = (await createKey(db.sql, "laptop", "test")).key;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await db?.cleanup();
});

function connectedHome(config: Record<string, unknown>, url = server.url): string {
  const home = stasoHome(config);
  writeFileSync(join(home, "credentials.json"), JSON.stringify({ server: url, apiKey: key }), { mode: 0o600 });
  return home;
}

async function pendingOnServer(summary: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const e = (await listEscalations(db.sql)).find((x) => x.status === "pending" && x.summary === summary);
    if (e) return e;
    if (Date.now() > until) throw new Error("no escalation reached the server");
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Real hook processes against a real server: generous timeouts, a busy machine may take a while to start them.
describe("a hook connected to a Staso server", { timeout: 120_000 }, () => {
  it("wait mode: the call waits until a person approves it on the server, then runs", async () => {
    const home = connectedHome({ escalation: { mode: "wait", timeout: 20, pollInterval: 0.1 } });
    const waiting = hook(home, codexPayload("Bash", { command: KUBECTL, description: "a" }));
    const e = await pendingOnServer(KUBECTL);
    expect(e).toMatchObject({
      mode: "wait",
      host: "codex",
      ruleId: "data/kubernetes-delete",
      machine: { name: "laptop" },
    });
    await resolveEscalation(db.sql, e.id, { status: "approved", by: "ada@example.com", reason: "stuck pod" });
    const r = await waiting;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(""); // Codex: allow is silence
    // The answer is final on the server; the same call again raises a new escalation (approve once).
    expect((await listEscalations(db.sql)).find((x) => x.id === e.id)?.consumed).toBeTruthy();
  });

  it("wait mode: a denial on the server blocks the call with the person's reason", async () => {
    const home = connectedHome({ escalation: { mode: "wait", timeout: 20, pollInterval: 0.1 } });
    const cmd = `${KUBECTL}-deny`;
    const waiting = hook(home, codexPayload("Bash", { command: cmd }));
    const e = await pendingOnServer(cmd);
    await resolveEscalation(db.sql, e.id, { status: "denied", by: "ada@example.com", reason: "not in prod" });
    const r = await waiting;
    expect(r.json.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(r.json.hookSpecificOutput.permissionDecisionReason).toContain("A human (ada@example.com) denied this call");
    expect(r.json.hookSpecificOutput.permissionDecisionReason).toContain("not in prod");
  });

  it("fire-and-forget: blocked with the dashboard's link; once approved there, the retry runs", async () => {
    const home = connectedHome({});
    const cmd = `${KUBECTL}-ff`;
    const first = await hook(home, codexPayload("Bash", { command: cmd }));
    const reason: string = first.json.hookSpecificOutput.permissionDecisionReason;
    const id = /escalation (esc_[0-9a-f]{12})/.exec(reason)![1]!;
    expect(reason).toContain(`Ask the user to approve it in the Staso dashboard (${server.url}/escalations/${id})`);
    await resolveEscalation(db.sql, id, { status: "approved", by: "ada@example.com" });
    const retry = await hook(home, codexPayload("Bash", { command: cmd }));
    expect(retry.stdout).toBe("");
  });

  it("the machine's own `staso escalations approve` refuses: people answer in the dashboard", async () => {
    const home = connectedHome({});
    const r = await cli(home, ["escalations", "approve", "esc_000000000000"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`answer them in its dashboard (${server.url}/escalations)`);
  });

  it("a server that is down: fail closed blocks, fail open allows, and stderr says why in one line", async () => {
    const dead = "http://127.0.0.1:9"; // discard port: nothing listens
    const closed = await hook(connectedHome({}, dead), codexPayload("Bash", { command: KUBECTL }));
    expect(closed.json.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(closed.json.hookSpecificOutput.permissionDecisionReason).toMatch(
      /the escalation could not be raised: the Staso server at http:\/\/127\.0\.0\.1:9 could not be reached/,
    );
    expect(closed.stderr.trim().split("\n")).toHaveLength(1);
    const open = await hook(connectedHome({ failMode: "open" }, dead), codexPayload("Bash", { command: KUBECTL }));
    expect(open.stdout).toBe("");
  });

  it("a revoked or unknown key is refused, and the fail mode decides", async () => {
    const home = stasoHome({});
    writeFileSync(
      join(home, "credentials.json"),
      JSON.stringify({ server: server.url, apiKey: "ak_not_a_real_key_at_all" }),
    );
    const r = await hook(home, codexPayload("Bash", { command: KUBECTL }));
    expect(r.json.hookSpecificOutput.permissionDecisionReason).toMatch(/answered HTTP 401/);
  });

  it("the stored key is never sent to a server the environment names instead", async () => {
    const home = connectedHome({});
    // STASO_SERVER_URL from, say, a project's agent settings: the hook has no key for it, so no server at all.
    const r = await hook(home, codexPayload("Bash", { command: `${KUBECTL}-env` }), {
      env: { STASO_SERVER_URL: "http://127.0.0.1:9" },
    });
    expect(r.json.hookSpecificOutput.permissionDecisionReason).toContain("staso escalations approve"); // the local store
    expect((await listEscalations(db.sql)).some((x) => x.summary === `${KUBECTL}-env`)).toBe(false);
  });

  it("decisions reach the server as spans with `staso export` (and are stored once)", async () => {
    const home = connectedHome({});
    await hook(home, codexPayload("Bash", { command: "git status" }));
    await hook(home, codexPayload("Bash", { command: "rm -rf /" }));
    const status = await cli(home, ["export", "--status", "--json"]);
    expect(status.stdout).toContain(`${server.url}/v1/traces`);
    const sent = await cli(home, ["export", "--json"]);
    expect(sent.code, sent.stderr).toBe(0);
    const rows = await listDecisions(db.sql, { tool: "Bash" }, { limit: 50 });
    const rm = rows.find((d) => d.action === "block" && d.record.input?.includes("rm -rf /"));
    expect(rm).toMatchObject({ host: "codex", machine: "laptop", ruleId: expect.stringMatching(/^filesystem\//) });
    expect(rm!.record.rules.length).toBeGreaterThan(0);
    const again = await cli(home, ["export", "--json"]);
    expect(again.code).toBe(0);
    expect((await listDecisions(db.sql, { tool: "Bash" }, { limit: 50 })).length).toBe(rows.length);
  });

  it("the team policy: saved on the server, fetched off the hook's path, applied by the hook; offline the last copy stays", async () => {
    await savePolicy(db.sql, {
      config: {
        customRules: [
          {
            id: "team/no-publish",
            reason: "CI publishes.",
            action: "block",
            when: { shell: { program: "npm", subcommand: "publish" } },
          },
        ],
      },
      userMayLoosen: false,
      author: "admin@example.com",
      reason: "releases go through CI",
    });
    const home = connectedHome({ rules: { "team/no-publish": "off" } });
    const before = await hook(home, codexPayload("Bash", { command: "npm publish" }));
    expect(before.stdout).toBe(""); // not fetched yet: nothing to apply
    expect((await cli(home, ["export"])).code).toBe(0);
    const cached = JSON.parse(readFileSync(join(home, "team-policy.json"), "utf8"));
    expect(cached).toMatchObject({
      server: server.url,
      reason: "releases go through CI",
      etag: expect.stringMatching(/^"v\d+"$/),
    });
    const after = await hook(home, codexPayload("Bash", { command: "npm publish" }));
    expect(after.json.hookSpecificOutput.permissionDecisionReason).toContain("CI publishes.");
    // The user's "off" could not loosen it, and says so.
    const rules = await cli(home, ["rules", "--json"]);
    expect(rules.stdout).toContain('rules[\\"team/no-publish\\"].mode \\"off\\" ignored');
    // A second fetch is a conditional request: the copy is confirmed, not replaced.
    await new Promise((r) => setTimeout(r, 20));
    await cli(home, ["export"]);
    const again = JSON.parse(readFileSync(join(home, "team-policy.json"), "utf8"));
    expect(again.fetchedAt).toBe(cached.fetchedAt);
    expect(Date.parse(again.checkedAt)).toBeGreaterThan(Date.parse(cached.checkedAt));
    // Offline: the server cannot be reached; the last copy stays in force, and doctor says how old it is.
    writeFileSync(join(home, "credentials.json"), JSON.stringify({ server: "http://127.0.0.1:9", apiKey: key }));
    await cli(home, ["export"]);
    const offline = await hook(home, codexPayload("Bash", { command: "npm publish" }));
    expect(offline.json.hookSpecificOutput.permissionDecisionReason).toContain("CI publishes.");
    const doctor = await cli(home, ["doctor", "--json"]);
    const checks = JSON.parse(doctor.stdout).staso as { id: string; ok: boolean; message: string }[];
    expect(checks.find((c) => c.id === "server")).toMatchObject({
      ok: false,
      message: expect.stringContaining("could not be reached"),
    });
    expect(checks.find((c) => c.id === "team-policy")?.message).toMatch(
      /^team policy version \d+ from http:\/\/127\.0\.0\.1:\d+ \(by admin@example\.com: releases go through CI\) is in force; fetched \d+ s ago/,
    );
  });
});
