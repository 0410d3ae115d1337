// What a large config, audit recording (and an OTLP endpoint) and a long session's memory add to a hook
// process, each against its baseline, with bare `node -e 0` measured in the same interleaved run (so
// machine noise hits every variant alike); then the in-process cost of the same work, warm. Run after
// bench/hook-latency.mjs by `npm run bench`. It reports: a missed target is printed, never a failure.
// The targets are the ones the unit suite used to assert (performance targets live here, not in tests).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const launcher = join(root, "bin", "staso.js");
const native = join(root, "dist", "native", process.platform === "win32" ? "staso-hook.exe" : "staso-hook");
const N = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = 3;
const work = mkdtempSync(join(tmpdir(), "staso-bench-scenarios-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true })); // a failed run too
// The clean environment of hook-latency.mjs: NODE_EXTRA_CA_CERTS (set on these machines) adds ~50 ms of
// CA loading to every Node process, which would dwarf the few milliseconds measured here.
const cleanEnv = { ...process.env };
delete cleanEnv.NODE_EXTRA_CA_CERTS;
delete cleanEnv.NODE_OPTIONS;

// The fixture builders the unit tests use, and the functions timed in process, from the TypeScript
// sources (bench/fixtures.ts), bundled now so they are the sources' current state.
const bundle = await build({
  entryPoints: [join(root, "bench", "fixtures.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  write: false,
  logLevel: "error",
});
const fixturesFile = join(work, "fixtures.mjs");
writeFileSync(fixturesFile, bundle.outputFiles[0].contents);
const fx = await import(pathToFileURL(fixturesFile).href);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Milliseconds for one whole process. A hook must allow silently: anything printed means it did not really decide the everyday call. */
function time(cmd, args, input, env) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { input, env, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  if (r.stdout !== "" || r.stderr !== "")
    throw new Error(
      `${cmd} ${args.join(" ")} should allow silently, but printed: ${(r.stdout + r.stderr).slice(0, 300)}`,
    );
  return ms;
}

const hooks = [["node hook", process.execPath, [launcher, "hook", "--target", "claude-code"]]];
if (existsSync(native)) hooks.push(["native hook", native, ["hook", "--target", "claude-code"]]);

/** A STASO_HOME, with a user config when given. */
function home(name, config) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  if (config) writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  return dir;
}

/** A project (a folder with .git, where project configs are found), with a staso.config.json when given. */
function project(name, config) {
  const dir = join(work, name);
  mkdirSync(join(dir, ".git"), { recursive: true });
  if (config) writeFileSync(join(dir, "staso.config.json"), JSON.stringify(config));
  return dir;
}

let useId = 0;
const payload = (cwd, command, sessionId = "bench-scenarios") =>
  JSON.stringify({
    session_id: sessionId,
    transcript_path: null,
    cwd,
    permission_mode: "default",
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command },
    tool_use_id: `toolu_bench_${useId++}`,
  });

const plain = project("plain");
const SESSION_ID = "cb29f1fd-0000-4000-8000-000000000001";
// 900 calls that ran: a long session still under session/runaway's max_calls (1000; past it, every
// call escalates). The hook's own calls add pre events only, so the runs below never reach it.
const longHome = home("session-on", { rules: {} });
fx.longSession(longHome, SESSION_ID, 900);
const sessionOff = home("session-off", {
  rules: Object.fromEntries(
    ["session/retry-loop", "session/runaway", "session/rate-limit", "session/time-budget", "session/output-budget"].map(
      (id) => [id, "off"],
    ),
  ),
});
cpSync(join(longHome, "state"), join(sessionOff, "state"), { recursive: true });
const large = fx.largeConfigFiles();

// A model server for the judges scenario, in a process of its own (spawnSync blocks this one): answers every
// Messages request at once with an allow, as a local model with no latency would. It ends with our stdin.
const modelServer = spawn(
  process.execPath,
  [
    "-e",
    `const s = require("node:http").createServer((q, r) => { q.resume(); q.on("end", () => { r.writeHead(200, { "content-type": "application/json" }); r.end(JSON.stringify({ type: "message", role: "assistant", content: [{ type: "tool_use", id: "t", name: "verdict", input: { decision: "allow", reason: "routine" } }], usage: { input_tokens: 900, output_tokens: 30 } })); }); });
     s.listen(0, "127.0.0.1", () => console.log(s.address().port)); process.stdin.on("end", () => process.exit(0)); process.stdin.resume();`,
  ],
  { stdio: ["pipe", "pipe", "inherit"] },
);
process.on("exit", () => modelServer.kill());
const modelPort = await new Promise((resolve) =>
  modelServer.stdout.once("data", (d) => resolve(Number(String(d).trim()))),
);
const judge = (when) => ({
  judges: [
    {
      id: "bench/judge",
      provider: "anthropic",
      model: "bench-model",
      baseUrl: `http://127.0.0.1:${modelPort}`,
      apiKeyEnv: "STASO_BENCH_KEY",
      instructions: "Allow routine work.",
      when,
    },
  ],
});
const largeProject = project("large", large.project);
const BASH = "git status && npm test -- --run 2>&1 | tail -n 20";

/**
 * Each scenario: variants of the hook's environment, the first the baseline; `target(baseline median,
 * bare node median)` is the limit on what each other variant adds, in ms, and how it is worded.
 */
const scenarios = [
  {
    name: "large config",
    variants: [
      ["no config", { STASO_HOME: home("config-none") }, () => payload(plain, BASH)],
      ["large config", { STASO_HOME: home("config-large", large.user) }, () => payload(largeProject, BASH)],
    ],
    target: (_base, bare) => [0.2 * bare, "20% of bare node"],
  },
  {
    name: "audit",
    variants: [
      [
        "recording off",
        { STASO_HOME: home("audit-off", { audit: { enabled: false } }) },
        () => payload(plain, "npm test -- --watch=false"),
      ],
      ["recording", { STASO_HOME: home("audit-on") }, () => payload(plain, "npm test -- --watch=false")],
      // An endpoint nobody listens on: the first call starts the background export, which fails and
      // backs off; every call still records and checks whether an export is due.
      [
        "recording + OTLP",
        { STASO_HOME: home("audit-otlp"), OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9" },
        () => payload(plain, "npm test -- --watch=false"),
      ],
    ],
    target: (base) => [0.4 * base + 10, "40% of recording off + 10 ms"],
  },
  {
    // What a configured judge costs the calls it does not look at (nothing should load), and staso's own
    // part of a call it does (masking, the request to a model on 127.0.0.1 that answers at once, the
    // verdict cache), then a retried call answered from the cache.
    name: "judges",
    variants: [
      // The same config less its judge: what is measured is the judge, not having a config file at all.
      ["no judges", { STASO_HOME: home("judges-none", { rules: {} }) }, () => payload(plain, `${BASH} ${useId}`)],
      [
        "judge, not its call",
        { STASO_HOME: home("judges-other", judge({ tool: "mcp__deploy__*" })), STASO_BENCH_KEY: "k" },
        () => payload(plain, `${BASH} ${useId}`),
      ],
      [
        "judge asked",
        { STASO_HOME: home("judges-asked", judge({ kind: "shell" })), STASO_BENCH_KEY: "k" },
        () => payload(plain, `${BASH} ${useId}`),
      ],
      [
        "judge cached",
        { STASO_HOME: home("judges-cached", judge({ kind: "shell" })), STASO_BENCH_KEY: "k" },
        () => payload(plain, BASH),
      ],
    ],
    target: (_base, bare, variant) =>
      variant === "judge, not its call"
        ? [0.05 * bare + 1, "5% of bare node + 1 ms"]
        : variant === "judge cached"
          ? [0.25 * bare, "25% of bare node"]
          : [0.5 * bare, "50% of bare node"],
  },
  {
    name: "900-call session",
    variants: [
      [
        "session pack off",
        { STASO_HOME: sessionOff },
        () => payload(plain, `git status --short ${useId % 5}`, SESSION_ID),
      ],
      [
        "session pack on",
        { STASO_HOME: longHome },
        () => payload(plain, `git status --short ${useId % 5}`, SESSION_ID),
      ],
    ],
    target: (base) => [0.15 * base + 5, "15% of session pack off + 5 ms"],
  },
];

const results = [];
// BENCH_SCENARIOS=judges,audit runs only those (by name).
const only = process.env.BENCH_SCENARIOS?.split(",").map((x) => x.trim());
for (const sc of scenarios.filter((x) => !only || only.includes(x.name))) {
  // Interleaved: bare node, then every hook with every variant, round after round.
  const subjects = hooks.flatMap(([hook, cmd, args]) =>
    sc.variants.map(([variant, env, input]) => ({ hook, variant, cmd, args, env: { ...cleanEnv, ...env }, input })),
  );
  const bare = [];
  const samples = subjects.map(() => []);
  for (let i = 0; i < WARMUP + N; i++) {
    const ms = time(process.execPath, ["-e", "0"], "", cleanEnv);
    if (i >= WARMUP) bare.push(ms);
    subjects.forEach((s, k) => {
      const ms = time(s.cmd, s.args, s.input(), s.env);
      if (i >= WARMUP) samples[k].push(ms);
    });
  }
  const bareMs = median(bare);
  subjects.forEach((s, k) => {
    const m = median(samples[k]);
    const r = {
      scenario: sc.name,
      subject: s.hook,
      variant: s.variant,
      medianMs: +m.toFixed(1),
      bareNodeMs: +bareMs.toFixed(1),
      ratio: +(m / bareMs).toFixed(2),
    };
    const b = subjects.findIndex((x) => x.hook === s.hook && x.variant === sc.variants[0][0]);
    if (b !== k) {
      // What the variant adds: the median of the differences with the baseline run just before it
      // (paired, so a slow spell raises both alike).
      const added = median(samples[k].map((ms, i) => ms - samples[b][i]));
      const [limit, wording] = sc.target(median(samples[b]), bareMs, s.variant);
      Object.assign(r, {
        vs: sc.variants[0][0],
        addedMs: +added.toFixed(1),
        addedOfBare: +(added / bareMs).toFixed(3),
        targetMs: +limit.toFixed(1),
        target: wording,
        ok: added < limit,
      });
    }
    results.push(r);
  });
}

modelServer.kill(); // its pipes would keep this process alive

// In process, warm: the same work without a process around it.
const inProcess = [];
const timePer = (n, f) => {
  const t = performance.now();
  for (let i = 0; i < n; i++) f(i);
  return (performance.now() - t) / n;
};
{
  const dir = join(work, "audit-in-process");
  const c = fx.call({ input: { command: "npm test -- --watch=false" } });
  timePer(50, () => fx.appendRecord(dir, fx.buildRecord(c, fx.allow(), 1)));
  const per = timePer(2000, (i) =>
    fx.appendRecord(dir, fx.buildRecord(c, i % 2 ? fx.allow() : fx.block(), 1), { retentionDays: 30 }),
  );
  inProcess.push({
    what: "audit record",
    detail: "everyday call: build + append",
    ms: per,
    of: "mean of 2000",
    targetMs: 1,
  });
  // ~1 MiB, different each time: secret scans are cached by text, and each record here pays its own
  // (in the hook the masking usually finds the scan the rules made: this is the upper bound).
  const big = Array.from({ length: 10 }, (_, i) =>
    fx.call({
      tool: "Write",
      input: { file_path: "big.txt", content: `${i} ${"lorem ipsum dolor sit amet ".repeat(40_000)}` },
    }),
  );
  const perBig = timePer(big.length, (i) => fx.appendRecord(dir, fx.buildRecord(big[i], fx.allow(), 1)));
  inProcess.push({
    what: "audit record",
    detail: "1 MiB Write: build (masking) + append",
    ms: perBig,
    of: "mean of 10",
    targetMs: 30,
  });
}
{
  const file = fx.longSession(home("session-in-process"), "long", 2000);
  const samples = [];
  for (let i = 0; i < 60; i++) {
    const t = performance.now();
    const data = fx.readSession(file);
    fx.foldEvents(data.summary, data.events);
    fx.callsOf(data.events);
    fx.appendEvent(
      file,
      { id: `x${i}`, t: Date.now(), e: "pre", tool: "Bash", sig: "0", a: "allow" },
      { rawBytes: data.rawBytes },
    );
    samples.push(performance.now() - t);
  }
  inProcess.push({
    what: "session memory",
    detail: "2000-call session: read + fold + pair + append",
    ms: median(samples),
    of: "median of 60",
    targetMs: 3,
  });
}
{
  const content = "export const x = 1; // padding padding padding\n".repeat(22_000); // ~1 MiB
  const samples = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    fx.callSignatures("Write", { file_path: "/p/big.ts", content });
    samples.push(performance.now() - t);
  }
  inProcess.push({
    what: "signatures",
    detail: "1 MiB Write (sampled)",
    ms: median(samples),
    of: "median of 20",
    targetMs: 2,
  });
}

// Replay: `staso replay` over a generated trail of 100,000 recorded calls (and the results of those that
// ran), a week of 200 sessions in 4 projects, as the hook records them (buildRecord: masked, v2). The
// trail is written here, under the bench's temporary folder, never in the repository.
const REPLAY_CALLS = Number(process.env.BENCH_REPLAY_CALLS ?? 100_000);
const REPLAY_TARGET_MS = 5000;
const replayRuns = [];
{
  const replayHome = home("replay");
  const auditDir = join(replayHome, "audit");
  mkdirSync(auditDir, { recursive: true });
  const projects = ["api", "web", "infra", "docs"].map((name) => project(`replay-${name}`));
  // Everyday work, varied as an agent's is (numbers and names change), with a few calls the defaults stop.
  const everyday = [
    (i) => ["Bash", { command: `git status --short ${i % 7 ? "" : "src"}`.trim() }],
    (i) => ["Bash", { command: `npm test -- --grep "case ${i % 311}"` }],
    (i) => ["Bash", { command: `rg -n "fn_${i % 997}" src | head -n ${(i % 40) + 5}` }],
    (i) => ["Bash", { command: `git log --oneline -n ${(i % 50) + 1} -- src/mod${i % 83}.ts` }],
    (i, p) => ["Bash", { command: `cat ${p}/src/mod${i % 83}.ts && ls -la ${p}/src` }],
    (i, p) => ["Read", { file_path: `${p}/src/mod${i % 2003}.ts` }],
    (i, p) => ["Edit", { file_path: `${p}/src/mod${i % 83}.ts`, old_string: `a${i}`, new_string: `b${i}` }],
    (i, p) => [
      "Write",
      { file_path: `${p}/notes/n${i % 509}.md`, content: `# Note ${i}\n\n${"text ".repeat(i % 200)}\n` },
    ],
    (i, p) => ["Grep", { pattern: `TODO ${i % 61}`, path: `${p}/src` }],
    (i) => ["WebFetch", { url: `https://docs.example.com/page/${i % 401}`, prompt: "summarise" }],
  ];
  // One call in 997 is one the defaults block (recorded as the fixtures' block: filesystem/rm-root-or-home).
  const RM_ROOT = { command: "rm -rf /" };
  const t0 = Date.now() - 7 * 86_400_000;
  const days = new Map();
  const sessions = 200;
  const perSession = Math.ceil(REPLAY_CALLS / sessions);
  let n = 0;
  for (let s = 0; s < sessions && n < REPLAY_CALLS; s++) {
    const cwd = projects[s % projects.length];
    const host = s % 3 === 0 ? "codex" : "claude-code";
    const start = t0 + s * ((7 * 86_400_000) / sessions);
    for (let k = 0; k < perSession && n < REPLAY_CALLS; k++, n++) {
      const blocked = n % 997 === 0;
      const [tool, input] = blocked ? ["Bash", RM_ROOT] : everyday[n % everyday.length](n, cwd);
      const c = fx.call({ host, tool, input, toolUseId: `u${n}`, session: { id: `bench-${s}`, cwd } });
      const at = new Date(start + k * 12_000);
      const pre = fx.buildRecord(c, blocked ? fx.block() : fx.allow(), 3, at);
      const lines = [JSON.stringify(pre)];
      if (!blocked)
        lines.push(
          JSON.stringify(
            fx.buildRecord(
              { ...c, event: "post", outputText: "ok\n".repeat(k % 50), raw: { duration_ms: 40 } },
              fx.allow(),
              2,
              new Date(at.getTime() + 2000),
            ),
          ),
        );
      const day = pre.time.slice(0, 10);
      let list = days.get(day);
      if (!list) days.set(day, (list = []));
      list.push(...lines);
    }
  }
  let records = 0;
  for (const [day, lines] of days) {
    writeFileSync(join(auditDir, `${day}.jsonl`), `${lines.join("\n")}\n`);
    records += lines.length;
  }
  // The whole command, as a user runs it: the same policy (no change), then a candidate with a new rule
  // that stops one everyday call in ten (npm test).
  const candidate = join(work, "replay-candidate.json");
  writeFileSync(
    candidate,
    JSON.stringify({
      customRules: [
        {
          id: "bench/no-npm-test",
          action: "block",
          reason: "CI runs the tests.",
          when: { shell: { program: "npm", subcommand: "test" } },
        },
      ],
    }),
  );
  for (const args of [
    ["replay", "--json"],
    ["replay", "--json", "--policy", candidate],
  ]) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [launcher, ...args], {
      env: { ...cleanEnv, STASO_HOME: replayHome },
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`staso ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    const report = JSON.parse(r.stdout);
    if (report.calls !== REPLAY_CALLS)
      throw new Error(`staso replay decided ${report.calls} calls, not ${REPLAY_CALLS}`);
    replayRuns.push({
      args: args.includes("--policy") ? "--policy (a new rule)" : "(same policy)",
      ms,
      records,
      calls: report.calls,
      changed: report.changed,
    });
  }
}

const verdict = (ok) => (ok ? "ok" : "MISSED");
const ms = (x) => (x < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(1)} ms`);
console.log(`staso hook scenarios, ${N} interleaved runs each (median, whole process, clean env)`);
for (const r of results) {
  const line = `${r.scenario.padEnd(16)} ${r.subject.padEnd(11)} ${r.variant.padEnd(16)} ${r.medianMs.toFixed(1).padStart(6)} ms   bare node -e 0 ${r.bareNodeMs.toFixed(1).padStart(5)} ms   ratio ${r.ratio.toFixed(2)}x`;
  const added =
    r.vs === undefined
      ? ""
      : `   adds ${r.addedMs.toFixed(1).padStart(5)} ms (${(r.addedOfBare * 100).toFixed(1)}% of bare node) vs ${r.vs}   target < ${r.target} (${r.targetMs.toFixed(1)} ms) ${verdict(r.ok)}`;
  console.log(line + added);
}
console.log("in process, warm");
for (const r of inProcess)
  console.log(
    `${r.what.padEnd(16)} ${r.detail.padEnd(48)} ${ms(r.ms).padStart(9)}   ${r.of.padEnd(13)} target < ${r.targetMs} ms ${verdict(r.ms < r.targetMs)}`,
  );
console.log(
  `replay, whole command (${REPLAY_CALLS.toLocaleString("en-US")} recorded calls, ${replayRuns[0]?.records.toLocaleString("en-US")} records)`,
);
for (const r of replayRuns)
  console.log(
    `staso replay     ${r.args.padEnd(48)} ${ms(r.ms).padStart(9)}   ${`${r.changed} changed`.padEnd(13)} target < ${REPLAY_TARGET_MS / 1000} s ${verdict(r.ms < REPLAY_TARGET_MS)}`,
  );
if (process.env.BENCH_JSON)
  console.log(
    JSON.stringify({
      processes: results,
      inProcess: inProcess.map((r) => ({ ...r, ms: +r.ms.toFixed(3) })),
      replay: replayRuns.map((r) => ({ ...r, ms: +r.ms.toFixed(1), targetMs: REPLAY_TARGET_MS })),
    }),
  );
