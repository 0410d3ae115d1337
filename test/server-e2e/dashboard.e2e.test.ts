// The whole loop, for real: `staso server` (a real process, on the embedded database, or on PostgreSQL when
// STASO_TEST_DATABASE_URL is set), a real `codex exec` whose hook raises escalations there and waits,
// and a person in Debian's Chromium (driven by playwright-core) who signs in, sees the waiting call on the
// Escalations page, approves it (the tool runs), denies another (it never runs), and finds both on the
// Decisions page.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace, describeRun, runCodex, unixBridge, type Workspace } from "../e2e/support/agents.js";
import { openaiCallId, startMockOpenAI, type MockOpenAI } from "../e2e/support/mock-openai.js";
import { git, installStaso, stasoEnv, stasoHomeOf, stasoLauncher, writeStasoConfig } from "../e2e/support/staso.js";
import { openPostgres } from "../../src/server/db/postgres.js";

const CHROMIUM = process.env.STASO_CHROMIUM ?? "/usr/bin/chromium";
const EMAIL = "ada@example.com";
const PASSWORD = "a long enough password";
const APPROVED = "git reset --hard && echo ran > approved.txt";
const DENIED = "git reset --hard && echo ran > denied.txt";

const cleanups: Array<() => unknown> = [];
let serverHome: string;
let databaseUrl: string | undefined;
let server: { url: string; child: ChildProcess };
let apiKey: string;
let browser: BrowserContext;

function staso(args: string[], o: { input?: string; home?: string } = {}) {
  const r = spawnSync(process.execPath, [stasoLauncher(), ...args], {
    input: o.input ?? "",
    encoding: "utf8",
    timeout: 120_000,
    env: {
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: o.home ?? serverHome,
      STASO_HOME: o.home ?? serverHome,
      NO_COLOR: "1",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  });
  if (r.status !== 0) throw new Error(`staso ${args.join(" ")} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** `staso server --port 0`: resolves with the URL it prints. */
function startServerProcess(): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [stasoLauncher(), "server", "--port", "0"], {
      env: {
        PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
        HOME: serverHome,
        STASO_HOME: serverHome,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`staso server did not start:\n${out}\n${err}`)), 90_000);
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const m = /^staso server listening on (http:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child });
      }
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("exit", (code) => reject(new Error(`staso server exited (${code}):\n${out}\n${err}`)));
  });
}

beforeAll(async () => {
  serverHome = mkdtempSync(join(tmpdir(), "staso-server-e2e-"));
  cleanups.push(() => rmSync(serverHome, { recursive: true, force: true }));
  const base = process.env.STASO_TEST_DATABASE_URL;
  if (base) {
    // A database of its own in the shared throwaway cluster.
    const name = `e2e_${randomBytes(4).toString("hex")}`;
    const admin = await openPostgres(base, { max: 1 });
    await admin.exec(`create database ${name}`);
    await admin.close();
    const u = new URL(base);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
  }
  staso(["server", "users", "add", "--email", EMAIL, "--role", "approver", "--password-stdin"], { input: PASSWORD });
  apiKey = /^(ak_\S+)$/m.exec(staso(["server", "keys", "create", "--name", "e2e-laptop"]))![1]!;
  server = await startServerProcess();
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (server.child.exitCode !== null) return resolve();
        server.child.once("exit", () => resolve());
        server.child.kill("SIGTERM");
      }),
  );
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "staso-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  cleanups.push(() => browser.close());
}, 240_000);

afterAll(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface Fixture {
  ws: Workspace;
  mock: MockOpenAI;
}

/** A git project; staso set up for Codex, escalations waiting on the Staso server; one scripted call per run. */
async function fixture(calls: string[]): Promise<Fixture> {
  const ws = createWorkspace({ prefix: "staso-server-e2e-ws-" });
  cleanups.push(() => ws.cleanup());
  git(ws, ws.project, ["init", "-q"]);
  writeFileSync(join(ws.project, "tracked.txt"), "committed\n");
  git(ws, ws.project, ["add", "tracked.txt"]);
  git(ws, ws.project, ["commit", "-q", "-m", "first"]);
  const turns = calls.flatMap((exec) => [{ calls: [{ exec }] }, { text: "finished" }]);
  const mock = await startMockOpenAI({ turns });
  cleanups.push(() => mock.close());
  writeStasoConfig(ws, { escalation: { mode: "wait", timeout: 90, pollInterval: 1, notify: "off" } });
  installStaso(ws, "codex", { codexBaseUrl: mock.baseUrl, setupArgs: ["--server", server.url, "--api-key", apiKey] });
  const creds = JSON.parse(readFileSync(join(stasoHomeOf(ws), "credentials.json"), "utf8"));
  expect(creds).toEqual({ server: server.url, apiKey });
  return { ws, mock };
}

/** codex exec in its network namespace, with the Staso server reachable on the same port inside. */
function codex(f: Fixture) {
  const port = Number(new URL(server.url).port);
  const socketPath = join(f.ws.root, "staso-server.sock");
  return unixBridge(port, socketPath).then((bridge) => {
    const run = runCodex({
      workspace: f.ws,
      mock: f.mock,
      env: stasoEnv(f.ws),
      writeConfig: false,
      timeoutMs: 150_000,
      forwards: [{ port, socketPath }],
    });
    return run.finally(() => bridge.close());
  });
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.url}/escalations`);
  await expect(page.getByRole("heading", { name: "Sign in to Staso" }).isVisible()).resolves.toBe(true);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}/escalations`);
}

/** The pending escalation's card for a command, once the waiting hook has raised it (the page reloads itself). */
async function pendingCard(page: Page, command: string) {
  await page.getByRole("link", { name: "Escalations" }).click();
  const card = page.getByRole("article").filter({ hasText: command });
  await card.getByRole("button", { name: "Approve" }).waitFor({ timeout: 60_000 });
  return card;
}

describe(`the dashboard, a person, and a real codex exec (${process.env.STASO_TEST_DATABASE_URL ? "PostgreSQL" : "embedded database"})`, () => {
  it("approve: the waiting call runs; deny: it never runs; both are on the Decisions page", async () => {
    const f = await fixture([APPROVED, DENIED]);
    const page = await browser.newPage();
    await signIn(page);

    // 1. Approve: codex waits in its hook until the person approves in the browser.
    const first = codex(f);
    const card = await pendingCard(page, APPROVED);
    await expect(card.getByText("git/reset-hard").first().isVisible()).resolves.toBe(true);
    await expect(card.getByText("e2e-laptop").isVisible()).resolves.toBe(true);
    expect(existsSync(join(f.ws.project, "approved.txt")), "the call waits for the person").toBe(false);
    await card.getByLabel("Reason").first().fill("looks fine");
    await card.getByRole("button", { name: "Approve" }).click();
    await page.getByRole("status").filter({ hasText: "approved" }).waitFor();
    const r1 = await first;
    expect(r1.exitCode, describeRun(r1)).toBe(0);
    expect(existsSync(join(f.ws.project, "approved.txt")), describeRun(r1)).toBe(true);

    // 2. Deny: the call is blocked with the person's reason and never runs.
    const second = codex(f);
    const card2 = await pendingCard(page, DENIED);
    await card2.getByLabel("Reason").last().fill("not on this branch");
    await card2.getByRole("button", { name: "Deny" }).click();
    await page.getByRole("status").filter({ hasText: "denied" }).waitFor();
    const r2 = await second;
    expect(r2.exitCode, describeRun(r2)).toBe(0);
    expect(existsSync(join(f.ws.project, "denied.txt"))).toBe(false);
    const told = f.mock.callOutput(openaiCallId(2, 0))?.output ?? "";
    expect(told).toContain(`A human (${EMAIL}) denied this call`);
    expect(told).toContain("not on this branch");

    // 3. The spans the hooks recorded reach the server (here by `staso export`: the agent's namespace ended
    // with the run, and the background export with it); both calls are on the Decisions page.
    staso(["export"], { home: stasoHomeOf(f.ws) });
    await page.getByRole("link", { name: "Decisions" }).click();
    await page.waitForURL(/\/decisions/);
    const rows = page.getByRole("row");
    await expect(
      rows.filter({ hasText: "approved.txt" }).filter({ hasText: "allow" }).first().isVisible(),
    ).resolves.toBe(true);
    await expect(rows.filter({ hasText: "denied.txt" }).filter({ hasText: "block" }).first().isVisible()).resolves.toBe(
      true,
    );
    // the hook's own record of raising each escalation, not only the person's answers
    for (const marker of ["approved.txt", "denied.txt"])
      await expect(rows.filter({ hasText: marker }).filter({ hasText: "escalate" }).first().isVisible()).resolves.toBe(
        true,
      );
    // The filter by action finds the denial alone.
    await page.getByLabel("Action").selectOption("block");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/action=block/);
    await expect(page.getByRole("row").filter({ hasText: "approved.txt" }).count()).resolves.toBe(0);
    await expect(page.getByRole("row").filter({ hasText: "denied.txt" }).first().isVisible()).resolves.toBe(true);
    // A decision's detail shows its rule trace.
    await page.getByRole("row").filter({ hasText: "denied.txt" }).first().getByRole("link").first().click();
    await page.getByRole("heading", { name: "Rule trace" }).waitFor();
    await expect(page.getByRole("cell", { name: "git/reset-hard" }).first().isVisible()).resolves.toBe(true);
    await page.close();
  });
});
