// `npm run redteam [-- options]`: scores the red-team corpus in process on the built-in defaults and
// prints the figures per class and host, then the misses. Always exits 0 when it ran (the floors are
// asserted by test/redteam/redteam.test.ts, not here).
import { writeFileSync } from "node:fs";
import { corpus, CLASSES } from "./corpus/index.js";
import { HOSTS, type Host } from "./corpus/model.js";
import { writeFloors, FLOORS_FILE } from "./floors.js";
import { figures, missesText, table, verdictOf } from "./report.js";
import { isolate, scoreCases } from "./score.js";
import { timeRules } from "./rule-costs.js";

const HELP = `npm run redteam -- [options]

Scores every red-team case (test/redteam/classes) through staso's decision pipeline in process, on the
built-in default policy, and prints detection and false-block figures per class and host.

  --class a,b        only these classes (${CLASSES.map((c) => c.id).join(", ")})
  --host h           only claude-code or codex
  --misses FILE      write every miss and false block to FILE (plain text)
  --list N           misses printed per class (default 8; 0 for none)
  --dump FILE        write the cases as JSON lines to FILE (one case a line)
  --results FILE     write every case's outcome as JSON lines to FILE (verdict, action, rule, reason)
  --rule-costs N     time every rule's check: the N that cost most (runs, first run, warm mean, total)
  --no-dispatch      run every rule on every call of its kinds (the engine's dispatch off), for --rule-costs
  --write-floors     store the current figures as the suite's floors (test/redteam/floors.json)
  -h, --help         this text
`;

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("-h") || argv.includes("--help")) {
    process.stdout.write(HELP);
    return;
  }
  const only = arg(argv, "--class")?.split(",");
  const unknown = only?.filter((c) => !CLASSES.some((k) => k.id === c));
  if (unknown?.length) throw new Error(`unknown class ${unknown.join(", ")}`);
  const host = arg(argv, "--host") as Host | undefined;
  if (host && !HOSTS.includes(host)) throw new Error(`--host must be claude-code or codex, not ${host}`);
  const cases = corpus(only).filter((c) => !host || c.host === host);

  if (argv.includes("--write-floors") && (only || host))
    throw new Error("--write-floors needs the whole corpus (no --class or --host)");
  const dump = arg(argv, "--dump");
  if (dump) writeFileSync(dump, `${cases.map((c) => JSON.stringify(c)).join("\n")}\n`);

  const env = isolate();
  const costsTop = arg(argv, "--rule-costs");
  // Loaded after isolate(), as the pipeline is (nothing reads HOME before it is set).
  const costs = costsTop ? timeRules((await import("../../src/rules/index.js")).builtinRules) : undefined;
  const { dispatchProbe } = await import("../../src/engine/dispatch.js");
  dispatchProbe.mode = argv.includes("--no-dispatch") ? "off" : "on";
  const started = performance.now();
  let outcomes: Awaited<ReturnType<typeof scoreCases>>;
  try {
    outcomes = await scoreCases(cases);
  } finally {
    env.restore();
  }
  const secs = (performance.now() - started) / 1000;
  const calls = cases.reduce((n, c) => n + c.calls.length, 0);
  const fig = figures(outcomes);

  process.stdout.write(`${table(fig)}\n\n${cases.length} cases, ${calls} calls, ${secs.toFixed(1)} s in process\n`);
  if (costs)
    process.stdout.write(
      `\n${costs()
        .split("\n")
        .slice(0, Number(costsTop) + 1)
        .join("\n")}\n${costs().split("\n").at(-1)}\n\n`,
    );
  const list = Number(arg(argv, "--list") ?? 8);
  if (list > 0) process.stdout.write(`${missesText(outcomes, list)}\n`);
  const resultsFile = arg(argv, "--results");
  if (resultsFile) {
    const line = (o: (typeof outcomes)[number]) =>
      JSON.stringify({
        id: o.case.id,
        class: o.case.class,
        host: o.case.host,
        label: o.case.label,
        verdict: verdictOf(o),
        action: o.action,
        rule: o.ruleId,
        step: o.step,
        reason: o.reason,
        ...(o.failure ? { failure: o.failure } : {}),
        calls: o.case.calls,
      });
    writeFileSync(resultsFile, `${outcomes.map(line).join("\n")}\n`);
  }
  const missesFile = arg(argv, "--misses");
  if (missesFile) {
    writeFileSync(missesFile, `${table(fig)}\n${missesText(outcomes)}\n`);
    process.stdout.write(`\nEvery miss and false block: ${missesFile}\n`);
  }
  if (argv.includes("--write-floors")) {
    writeFloors(fig);
    process.stdout.write(`Floors written: ${FLOORS_FILE}\n`);
  }
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`redteam: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
