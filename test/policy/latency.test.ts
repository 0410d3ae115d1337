// The latency target with a large config: the hook is a fresh process per tool call, so a big policy
// must cost it next to nothing. Interleaved runs of bare `node -e 0`, the hook with no config, and the
// hook with a large user + project config (200 declarative rules with regexes, globs and shell matches,
// 40 allow-list entries, 30 rule settings, tests). What the config adds must stay under 20% of bare Node
// (measured: 3-5 ms, 11-15%, with other test files running beside it);
// the whole hook's ratio is printed (the project-wide target, <= 1.3x, is the bench's: npm run bench).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAUNCHER } from "../support/hook-process.js";
import { builtinRules } from "../../src/rules/index.js";
import { sandbox } from "./support.js";

export function largeConfig(offset: number, count: number) {
  const customRules = [];
  for (let i = offset; i < offset + count; i++) {
    const kind = i % 4;
    const when =
      kind === 0
        ? { tool: "Bash", input: { command: { regex: `\\bdeploy-${i}\\s+--env=(prod|staging)\\b`, flags: "i" } } }
        : kind === 1
          ? { tool: [`mcp__svc${i}__*`, "mcp__billing__refund_*"], input: { "args.amount": { gt: 1000 + i } } }
          : kind === 2
            ? { shell: { program: `tool${i}`, subcommand: ["delete", "drop"], flags: ["--force", "-f"] } }
            : { tool: ["Write", "Edit"], input: { file_path: { glob: `**/secrets-${i}/**` } } };
    customRules.push({ id: `team/rule-${i}`, description: `Rule ${i}.`, reason: `Rule ${i} says no: ask the owners first.`, action: i % 5 === 0 ? "escalate" : "block", when });
  }
  const allow = Array.from({ length: 20 }, (_, k) => ({ rules: [`team/rule-${offset + k}`], when: { input: { command: { contains: `safe-${k}` } } }, reason: "reviewed", expires: "2099-12-31" }));
  const tests = Array.from({ length: 20 }, (_, k) => ({ tool: "Bash", input: { command: `deploy-${offset + k * 4} --env=prod` }, expect: "block" }));
  return { customRules, allow, tests };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("latency with a large config", () => {
  it("a large user + project config costs the hook a small fraction of Node's own start-up", () => {
    const sb = sandbox();
    const settings = Object.fromEntries(builtinRules.slice(0, 30).map((r) => [r.meta.id, { mode: "enforce" }]));
    sb.user({ level: "standard", rules: settings, ...largeConfig(0, 100) });
    sb.projectConfig(largeConfig(100, 100));
    const none = join(sb.root, "none");
    mkdirSync(join(none, "home"), { recursive: true });
    mkdirSync(join(none, "proj", ".git"), { recursive: true });
    writeFileSync(join(none, "proj", "README.md"), "x");

    const payload = (cwd: string) => JSON.stringify({ session_id: "lat", transcript_path: null, cwd, permission_mode: "default", hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "git status && npm test -- --run 2>&1 | tail -n 20" }, tool_use_id: "t" });
    const subjects: [string, string[], string, Record<string, string>][] = [
      ["bare", ["-e", "0"], "", {}],
      ["hook, no config", [LAUNCHER, "hook", "--target", "claude-code"], payload(join(none, "proj")), { STASO_HOME: join(none, "home") }],
      ["hook, large config", [LAUNCHER, "hook", "--target", "claude-code"], payload(sb.project), { STASO_HOME: sb.home }],
    ];
    const time = (args: string[], input: string, env: Record<string, string>) => {
      const t = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { input, env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" });
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout + r.stderr, "an everyday call must be allowed silently").toBe("");
      return ms;
    };
    const N = Number(process.env.STASO_LATENCY_RUNS ?? 15);
    for (let i = 0; i < 2; i++) for (const [, a, p, e] of subjects) time(a, p, e); // warm-up (and the policy cache)
    // Other test files run beside this one: compare each large-config run with the no-config run made
    // just before it (paired differences cancel out slow spells), and measure again before failing.
    let last = "";
    for (let attempt = 1; attempt <= 3; attempt++) {
      const samples: Record<string, number[]> = Object.fromEntries(subjects.map(([n]) => [n, []]));
      for (let i = 0; i < N; i++) for (const [n, a, p, e] of subjects) samples[n]!.push(time(a, p, e));
      const [bare, noConfig, large] = subjects.map(([n]) => median(samples[n]!)) as [number, number, number];
      const added = median(samples["hook, large config"]!.map((ms, i) => ms - samples["hook, no config"]![i]!));
      last = `latency (median of ${N}, attempt ${attempt}): bare node ${bare.toFixed(1)} ms; hook, no config ${noConfig.toFixed(1)} ms (${(noConfig / bare).toFixed(2)}x); hook, large config ${large.toFixed(1)} ms (${(large / bare).toFixed(2)}x); the config adds ${added.toFixed(1)} ms (${((added / bare) * 100).toFixed(1)}% of bare node)`;
      console.log(last);
      // What the policy adds on top of the hook must stay well inside the 1.3x budget.
      if (added < 0.2 * bare) return;
    }
    expect.fail(`a large config costs the hook too much: ${last}`);
  }, 120_000);
});
