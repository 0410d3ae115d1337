// A large user + project config, as a big team might write: 200 declarative rules (regexes, MCP tools
// with numeric conditions, shell matches, globs), 40 allow-list entries, 40 config tests, 30 built-in
// rule settings. test/policy/large-config.test.ts checks it decides right; bench/scenarios.mjs measures
// what it costs the hook.
import { builtinRules } from "../../src/rules/index.js";

/** Every fifth rule escalates, the others block. */
const actionOf = (i: number) => (i % 5 === 0 ? "escalate" : "block");

/** `count` custom rules numbered from `offset`, four kinds in turn, with allow-list entries and tests for them. */
function largeConfig(offset: number, count: number) {
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
    customRules.push({
      id: `team/rule-${i}`,
      description: `Rule ${i}.`,
      reason: `Rule ${i} says no: ask the owners first.`,
      action: actionOf(i),
      when,
    });
  }
  const allow = Array.from({ length: 20 }, (_, k) => ({
    rules: [`team/rule-${offset + k}`],
    when: { input: { command: { contains: `safe-${k}` } } },
    reason: "reviewed",
    expires: "2099-12-31",
  }));
  const tests = Array.from({ length: 20 }, (_, k) => ({
    tool: "Bash",
    input: { command: `deploy-${offset + k * 4} --env=prod` },
    expect: actionOf(offset + k * 4),
  }));
  return { customRules, allow, tests };
}

/** The two files: the user's (rules 0-99, plus settings for 30 built-in rules) and the project's (rules 100-199). */
export function largeConfigFiles() {
  const settings = Object.fromEntries(builtinRules.slice(0, 30).map((r) => [r.meta.id, { mode: "enforce" }]));
  return { user: { level: "standard", rules: settings, ...largeConfig(0, 100) }, project: largeConfig(100, 100) };
}
