// Whole-process latency of `staso hook`, as agents pay it: a fresh process per tool call.
// Runs the hook and bare `node -e 0` interleaved, N times each, and prints medians and their ratio
// (measured in the same run, so machine noise hits both alike). Targets (issue #18, judged in the clean
// environment): the Node hook <= 1.3x bare node; the native hook (when built) <= 0.35x for the everyday
// call and <= 0.6x for a 1 MiB Write. Two Bun floors are measured alongside for reference.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findBun } from "../scripts/find-bun.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const launcher = join(root, "bin", "staso.js");
const native = join(root, "dist", "native", process.platform === "win32" ? "staso-hook.exe" : "staso-hook");
const N = Number(process.env.BENCH_RUNS ?? 40);
const home = mkdtempSync(join(tmpdir(), "staso-bench-"));
// Two environments: this shell's as it is, and a clean one. NODE_EXTRA_CA_CERTS (set on these machines)
// makes every Node process load a CA bundle at start-up, ~50 ms that hides the hook's own cost; most
// users' agents do not have it. Both hook and bare node run in the same environment in each pass.
const ambientEnv = { ...process.env, STASO_HOME: home };
const cleanEnv = { ...ambientEnv };
delete cleanEnv.NODE_EXTRA_CA_CERTS;
delete cleanEnv.NODE_OPTIONS;
const envs =
  process.env.NODE_EXTRA_CA_CERTS || process.env.NODE_OPTIONS
    ? [
        ["clean env", cleanEnv],
        ["this env", ambientEnv],
      ]
    : [["this env", ambientEnv]];
let env = ambientEnv;

const envelope = {
  session_id: "bench",
  transcript_path: "/tmp/t.jsonl",
  cwd: root,
  permission_mode: "default",
  hook_event_name: "PreToolUse",
  tool_use_id: "toolu_bench",
};
const bashPayload = JSON.stringify({
  ...envelope,
  tool_name: "Bash",
  tool_input: { command: "git status && npm test -- --run 2>&1 | tail -n 20", description: "run tests" },
});
// 1 MiB of ordinary source text, the size of a large generated file.
const line = "export function add(a: number, b: number): number { return a + b; } // padding padding\n";
const bigContent = line.repeat(Math.ceil((1 << 20) / line.length)).slice(0, 1 << 20);
const writePayload = JSON.stringify({
  ...envelope,
  tool_name: "Write",
  tool_input: { file_path: join(root, "big.ts"), content: bigContent },
});

function time(cmd, args, input) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { input, env, encoding: "utf8", maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  // Both sample calls are everyday ones: a hook that prints anything did not really evaluate them
  // (e.g. a broken build answering with its fail-mode deny), and its timing would be meaningless.
  if (r.stdout !== "" || r.stderr !== "")
    throw new Error(
      `${cmd} ${args.join(" ")} should allow silently, but printed: ${(r.stdout + r.stderr).slice(0, 300)}`,
    );
  return { ms, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const subjects = [["node hook", process.execPath, [launcher, "hook", "--target", "claude-code"]]];
if (existsSync(native)) subjects.push(["native hook", native, ["hook", "--target", "claude-code"]]);

// Bun floors, for reading the native figures: what any Bun-compiled hook pays before its first rule.
// "bun start" is an empty program; "bun read+parse" reads stdin and JSON.parses it, nothing else.
const floorDir = mkdtempSync(join(tmpdir(), "staso-bench-floor-"));
const bun = existsSync(native) ? findBun() : undefined;
if (bun) {
  const programs = {
    "bun start": "0;\n",
    "bun read+parse":
      'const fs = require("node:fs"); let b = Buffer.allocUnsafe(4 << 20), n = 0;\n' +
      'for (;;) { let r; try { r = fs.readSync(0, b, n, b.length - n, null); } catch (e) { if (e.code === "EAGAIN") continue; throw e; } if (r === 0) break; n += r; }\n' +
      'JSON.parse(b.toString("utf8", 0, n));\n',
  };
  for (const [name, code] of Object.entries(programs)) {
    const src = join(floorDir, `${name.replace(/\W+/g, "-")}.js`);
    writeFileSync(src, code);
    const out = src.replace(/\.js$/, "");
    const r = spawnSync(
      bun,
      [
        "build",
        "--compile",
        "--minify",
        "--bytecode",
        "--format=cjs",
        "--no-compile-autoload-dotenv",
        "--no-compile-autoload-bunfig",
        src,
        "--outfile",
        out,
      ],
      { encoding: "utf8" },
    );
    if (r.status === 0) subjects.push([name, out, []]);
  }
}

const results = [];
for (const [envName, e] of envs) {
  // Each environment's pass starts a session of its own: within a pass the session memory and audit log
  // grow call after call, as in a real session, but the second pass does not inherit the first one's.
  env = { ...e, STASO_HOME: mkdtempSync(join(home, "pass-")) };
  for (const [payloadName, payload] of [
    ["everyday Bash", bashPayload],
    ["1 MiB Write", writePayload],
  ]) {
    const samples = { bare: [] };
    for (const [name] of subjects) samples[name] = [];
    // Warm-up: file cache, first-run costs.
    for (let i = 0; i < 3; i++) {
      time(process.execPath, ["-e", "0"], "");
      for (const [, cmd, args] of subjects) time(cmd, args, payload);
    }
    for (let i = 0; i < N; i++) {
      samples.bare.push(time(process.execPath, ["-e", "0"], "").ms);
      for (const [name, cmd, args] of subjects) samples[name].push(time(cmd, args, payload).ms);
    }
    const bare = median(samples.bare);
    for (const [name] of subjects) {
      const m = median(samples[name]);
      results.push({
        env: envName,
        payload: payloadName,
        subject: name,
        medianMs: +m.toFixed(1),
        bareNodeMs: +bare.toFixed(1),
        ratio: +(m / bare).toFixed(2),
      });
    }
  }
}
rmSync(home, { recursive: true, force: true });
rmSync(floorDir, { recursive: true, force: true });

console.log(`staso hook latency, ${N} interleaved runs each (median, whole process)`);
for (const r of results) {
  const target =
    r.subject === "native hook"
      ? r.payload === "1 MiB Write"
        ? 0.6
        : 0.35
      : r.subject === "node hook"
        ? 1.3
        : undefined;
  const verdict =
    target === undefined ? "(floor, for reference)" : `target <= ${target}x ${r.ratio <= target ? "ok" : "MISSED"}`;
  console.log(
    `${r.env.padEnd(9)} ${r.payload.padEnd(14)} ${r.subject.padEnd(14)} ${String(r.medianMs).padStart(7)} ms   bare node -e 0 ${String(r.bareNodeMs).padStart(6)} ms   ratio ${r.ratio.toFixed(2)}x   ${verdict}`,
  );
}
if (process.env.BENCH_JSON) console.log(JSON.stringify(results));
