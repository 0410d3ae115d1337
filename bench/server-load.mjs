// The Staso server under load: 200 hooks at once raising escalations and reporting their spans. A real
// `staso server` (embedded database; PostgreSQL with BENCH_DATABASE_URL) on 127.0.0.1, then
//   1. 200 concurrent machines on the API (what 200 hooks on 200 machines send at once: raise an
//      escalation, read it, report a batch of spans; BENCH_API_ROUNDS rounds each): nothing lost, and
//      each endpoint's p50/p95 printed;
//   2. BENCH_HOOKS (200) real hook processes on this machine (BENCH_HOOK_PARALLEL, 16, at a time: a
//      2-core machine cannot start 200 Node processes at once within a hook's deadline, and the point is
//      the server), each escalating its own call (fire-and-forget): every one must answer with an
//      escalation id, the server must hold exactly that many pending escalations, and every audit record
//      must be acknowledged once `staso export` has run.
// Reports; exits non-zero only when something was lost. Run by `npm run bench` after the hook benchmarks.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const launcher = join(root, "bin", "staso.js");
const HOOKS = Number(process.env.BENCH_HOOKS ?? 200);
const CLIENTS = 200;
const ROUNDS = Number(process.env.BENCH_API_ROUNDS ?? 3);
const work = mkdtempSync(join(tmpdir(), "staso-bench-server-"));
const serverHome = join(work, "server");
const machineHome = join(work, "machine");
const dbUrl = process.env.BENCH_DATABASE_URL;
const env = (home) => ({
  ...process.env,
  STASO_HOME: home,
  HOME: home,
  ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
  NO_COLOR: "1",
  STASO_NOTIFY: "off",
});
let serverProc;
const cleanup = () => {
  if (serverProc && serverProc.exitCode === null) serverProc.kill("SIGTERM");
};
process.on("exit", () => {
  cleanup();
  rmSync(work, { recursive: true, force: true });
});

function staso(args, home, input) {
  const r = spawnSync(process.execPath, [launcher, ...args], { env: env(home), input: input ?? "", encoding: "utf8" });
  if (r.status !== 0) throw new Error(`staso ${args.join(" ")}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : Number.NaN;
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

const lost = [];
const key = JSON.parse(staso(["server", "keys", "create", "--name", "bench-api", "--json"], serverHome)).key;
const hookKey = JSON.parse(staso(["server", "keys", "create", "--name", "bench-hooks", "--json"], serverHome)).key;
const url = await new Promise((resolve, reject) => {
  serverProc = spawn(process.execPath, [launcher, "server", "--port", "0"], {
    env: env(serverHome),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  serverProc.stdout.setEncoding("utf8").on("data", (d) => {
    out += d;
    const m = /listening on (\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  serverProc.stderr.setEncoding("utf8").on("data", (d) => {
    out += d;
    if (process.env.BENCH_DEBUG) process.stderr.write(d);
  });
  serverProc.on("exit", (c, sig) => {
    if (process.env.BENCH_DEBUG) console.log(`server exited ${c} ${sig}: ${out.slice(-2000)}`);
    reject(new Error(`staso server exited (${c}): ${out}`));
  });
});
let failures = 0;
const api = async (method, path, body, k = key) => {
  const t = performance.now();
  try {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${k}`, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(120_000),
    });
    const json = await res.json().catch(() => undefined);
    return { status: res.status, json, ms: performance.now() - t };
  } catch (err) {
    failures++;
    if (process.env.BENCH_DEBUG) console.log(method, path, err.cause?.code ?? err.message);
    return { status: 0, json: undefined, ms: performance.now() - t };
  }
};
console.log(`staso server at ${url} (${dbUrl ? "PostgreSQL" : "embedded database"})`);

// ------------------------------------------------------------------ 1. 200 machines on the API
// (one key for all: the database is held by the running server, so the admin CLI cannot make more now)
const keys = Array.from({ length: CLIENTS }, () => key);
const lat = { raise: [], read: [], traces: [] };
let raised = 0;
let spans = 0;
const span = (i, r, j) => ({
  traceId: randomBytes(16).toString("hex"),
  spanId: randomBytes(8).toString("hex"),
  name: "guard:allowed:Bash",
  kind: 1,
  startTimeUnixNano: `${BigInt(Date.now()) * 1_000_000n}`,
  endTimeUnixNano: `${BigInt(Date.now()) * 1_000_000n}`,
  attributes: [
    { key: "guard.action", value: { stringValue: "allow" } },
    { key: "guard.tool_name", value: { stringValue: "Bash" } },
    { key: "guard.agent", value: { stringValue: "codex" } },
    { key: "guard.event", value: { stringValue: "pre" } },
    { key: "guard.latency_ms", value: { doubleValue: 12.5 } },
    { key: "guard.tool_input", value: { stringValue: JSON.stringify({ command: `ls ${i}-${r}-${j}` }) } },
  ],
  events: [],
  status: { code: 1 },
});
const t2 = performance.now();
await Promise.all(
  keys.map(async (k, i) => {
    for (let r = 0; r < ROUNDS; r++) {
      const sig = randomBytes(32).toString("hex");
      const a = await api(
        "POST",
        "/api/v1/escalations",
        {
          signature: sig,
          mode: "fire-and-forget",
          host: "codex",
          tool: "Bash",
          kind: "shell",
          summary: `load ${i} ${r}`,
          input: { command: `load ${i} ${r}` },
          reason: "load test",
          rules: [],
          raisedBy: "bench",
          expiresInSeconds: 600,
          approvalTtlSeconds: 600,
        },
        k,
      );
      lat.raise.push(a.ms);
      if (a.status === 201) raised++;
      const g = await api("GET", `/api/v1/escalations/${a.json?.escalation?.id}`, undefined, k);
      lat.read.push(g.ms);
      const batch = Array.from({ length: 20 }, (_, j) => span(i, r, j));
      const t = await api(
        "POST",
        "/v1/traces",
        {
          resourceSpans: [
            { resource: { attributes: [] }, scopeSpans: [{ scope: { name: "staso.guard" }, spans: batch }] },
          ],
        },
        k,
      );
      lat.traces.push(t.ms);
      if (t.status === 200) spans += batch.length;
    }
  }),
);
const apiWall = performance.now() - t2;
if (raised !== CLIENTS * ROUNDS) lost.push(`${CLIENTS * ROUNDS - raised} raise requests were not stored`);
if (spans !== CLIENTS * ROUNDS * 20) lost.push(`${CLIENTS * ROUNDS * 20 - spans} spans were refused`);
for (const [name, xs] of Object.entries(lat))
  console.log(
    `API ${name.padEnd(7)} ${String(xs.length).padStart(5)} requests from ${CLIENTS} clients at once: p50 ${fmt(pct(xs, 50))}, p95 ${fmt(pct(xs, 95))}`,
  );
console.log(`API total: ${CLIENTS * ROUNDS * 3} requests in ${fmt(apiWall)}${failures ? `; ${failures} failed` : ""}`);
if (failures) lost.push(`${failures} API requests failed`);

// ------------------------------------------------------------------ 2. real hooks on this machine
mkdirSync(machineHome, { recursive: true });
writeFileSync(join(machineHome, "config.json"), JSON.stringify({ escalation: { notify: "off" } }));
writeFileSync(join(machineHome, "credentials.json"), JSON.stringify({ server: url, apiKey: hookKey }), { mode: 0o600 });
const payload = (i) =>
  JSON.stringify({
    session_id: `bench-${i}`,
    turn_id: "t",
    transcript_path: null,
    cwd: work,
    hook_event_name: "PreToolUse",
    model: "gpt-5.5",
    permission_mode: "bypassPermissions",
    tool_name: "Bash",
    tool_input: { command: `kubectl delete pod web-${i}` },
    tool_use_id: `call_${i}`,
  });
// A generous deadline: this measures the server, not how fast a busy machine starts 200 processes.
const hookEnv = { ...env(machineHome), STASO_GUARD_ENABLED: "true", STASO_GUARD_TIMEOUT: "60" };
delete hookEnv.CODEX_THREAD_ID;
const t0 = performance.now();
const PARALLEL = Number(process.env.BENCH_HOOK_PARALLEL ?? 16);
let nextHook = 0;
const runHook = (i) =>
  new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [launcher, "hook", "--target", "codex"], {
      env: hookEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.on("close", () => resolve({ out, ms: performance.now() - started }));
    child.stdin.end(payload(i));
  });
const answers = new Array(HOOKS);
await Promise.all(
  Array.from({ length: Math.min(PARALLEL, HOOKS) }, async () => {
    while (nextHook < HOOKS) {
      const i = nextHook++;
      answers[i] = await runHook(i);
    }
  }),
);
const wall = performance.now() - t0;
if (process.env.BENCH_DEBUG) console.log(answers.slice(0, 3).map((a) => a.out));
const ids = answers.map((a) => /escalation (esc_[0-9a-f]{12})/.exec(a.out)?.[1]).filter(Boolean);
if (ids.length !== HOOKS) lost.push(`${HOOKS - ids.length} of ${HOOKS} hooks answered without an escalation id`);
const held = (await api("GET", "/api/v1/escalations", undefined, hookKey)).json ?? [];
const pending = held.filter((e) => e.status === "pending").length;
if (new Set(ids).size !== HOOKS || pending !== HOOKS)
  lost.push(`the server holds ${pending} pending escalations for ${HOOKS} calls`);
console.log(
  `${HOOKS} real hooks, ${PARALLEL} at a time: all answered in ${fmt(wall)} (per hook p50 ${fmt(
    pct(
      answers.map((a) => a.ms),
      50,
    ),
  )}, p95 ${fmt(
    pct(
      answers.map((a) => a.ms),
      95,
    ),
  )}); ${ids.length} escalation ids, ${pending} pending on the server`,
);
// Their spans: every record the machine's audit trail holds, shipped and stored once.
const recorded = readdirSync(join(machineHome, "audit"))
  .filter((f) => f.endsWith(".jsonl"))
  .reduce(
    (n, f) =>
      n +
      readFileSync(join(machineHome, "audit", f), "utf8")
        .split("\n")
        .filter(Boolean).length,
    0,
  );
const te = performance.now();
staso(["export", "--wait", "60"], machineHome);
const exportMs = performance.now() - te;
const status = JSON.parse(staso(["export", "--status", "--json"], machineHome));
if (status.pendingRecords !== 0 || status.shipped !== recorded)
  lost.push(
    `the server acknowledged ${status.shipped} of the ${recorded} audit records (${status.pendingRecords} pending)`,
  );
console.log(
  `${recorded} audit records on the machine: ${status.shipped} acknowledged by the server (the last by staso export, ${fmt(exportMs)})`,
);
serverProc.kill("SIGTERM");
if (lost.length) {
  console.log(`LOST: ${lost.join("; ")}`);
  process.exitCode = 1;
} else console.log("nothing lost");
