// Notifications: when a machine raises an escalation, every webhook gets a POST with a link straight to
// it, in staso's own JSON or in Slack's incoming-webhook format; received here by a real HTTP server on
// 127.0.0.1. Agent-written text cannot inject Slack markup or control characters.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/start.js";
import { createKey } from "../../src/server/store/keys.js";
import { setSetting } from "../../src/server/store/settings.js";
import { freshDb, type TestDb } from "./support.js";

let db: TestDb;
let server: RunningServer;
let key: string;
let receiver: ReturnType<typeof createServer>;
let hookUrl: string;
const got: { path: string; body: any }[] = [];
let failNext = 0;

beforeAll(async () => {
  receiver = createServer((req: IncomingMessage, res) => {
    let b = "";
    req.on("data", (d) => (b += d));
    req.on("end", () => {
      if (failNext > 0) {
        failNext--;
        res.statusCode = 503;
        return res.end();
      }
      got.push({ path: req.url ?? "", body: JSON.parse(b) });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  db = await freshDb();
  server = await startServer({ sql: db.sql, port: 0, publicUrl: "https://staso.example.com/", log: () => {} });
  key = (await createKey(db.sql, "laptop", "test")).key;
  await setSetting(
    db.sql,
    "webhooks",
    [
      { url: `${hookUrl}/generic`, format: "generic" },
      { url: `${hookUrl}/slack`, format: "slack" },
    ],
    "test",
  );
}, 120_000);
afterAll(async () => {
  await server?.close();
  await db?.cleanup();
  await new Promise((r) => receiver?.close(r));
});

const raise = (summary: string, signature: string) =>
  fetch(`${server.url}/api/v1/escalations`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      signature,
      mode: "wait",
      host: "codex",
      tool: "Bash",
      kind: "shell",
      summary,
      input: { command: summary },
      ruleId: "git/reset-hard",
      reason: "discards <b>work</b>",
      rules: [],
      raisedBy: "dev",
      expiresInSeconds: 300,
      approvalTtlSeconds: 3600,
    }),
  }).then((r) => r.json() as Promise<any>);

async function received(n: number) {
  const until = Date.now() + 10_000;
  while (got.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return got.splice(0);
}

describe("webhooks when an escalation is raised", { timeout: 60_000 }, () => {
  it("generic JSON and Slack's format, each linking straight to the escalation", async () => {
    const r = await raise("git reset --hard", "a".repeat(64));
    const msgs = await received(2);
    const generic = msgs.find((m) => m.path === "/generic")!.body;
    const slack = msgs.find((m) => m.path === "/slack")!.body;
    const link = `https://staso.example.com/escalations/${r.escalation.id}`;
    expect(generic).toMatchObject({
      type: "escalation.raised",
      url: link,
      escalation: {
        id: r.escalation.id,
        tool: "Bash",
        summary: "git reset --hard",
        ruleId: "git/reset-hard",
        machine: "laptop",
        agent: "codex",
      },
    });
    expect(slack.text).toContain(`<${link}|Open ${r.escalation.id}>`);
    expect(slack.text).toContain("`git reset --hard`");
  });

  it("not again when the same call is raised while it waits", async () => {
    await raise("git reset --hard", "a".repeat(64));
    await new Promise((r) => setTimeout(r, 300));
    expect(await received(0)).toEqual([]);
  });

  it("agent text cannot inject Slack links, mentions or control characters", async () => {
    await raise("echo <https://evil.example|click me> <!channel> `x` \x1b[31m", "b".repeat(64));
    const slack = (await received(2)).find((m) => m.path === "/slack")!.body.text as string;
    expect(slack).toContain("&lt;https://evil.example|click me&gt; &lt;!channel&gt; 'x'");
    expect(slack).toContain("discards &lt;b&gt;work&lt;/b&gt;");
    expect(slack).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });

  it("a receiver that fails once is tried again", async () => {
    failNext = 2;
    await raise("git reset --hard HEAD~1", "c".repeat(64));
    const msgs = await received(2);
    expect(msgs.map((m) => m.path).sort()).toEqual(["/generic", "/slack"]);
  });
});
