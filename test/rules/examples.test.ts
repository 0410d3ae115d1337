// The rule tester: every built-in rule's must-block and must-allow examples (its metadata), in Claude Code's
// and Codex's shapes, through the real pipeline (src/pipeline/rule-examples.ts, which `staso test` runs too).
import { describe, expect, it } from "vitest";
import { builtinRules } from "../../src/rules/index.js";
import { examplesOf } from "../../src/engine/rule.js";
import { runRuleExamples } from "../../src/pipeline/rule-examples.js";

describe("every rule's examples", () => {
  for (const rule of builtinRules) {
    it(`${rule.meta.id}`, async () => {
      const results = await runRuleExamples(rule);
      const failed = results
        .filter((r) => !r.ok)
        .map((r) => `${r.list}[${r.index}] ${r.host}: ${r.name}: ${r.problem}`);
      expect(failed).toEqual([]);
      // Every rule documents itself: at least one call it stops and one near miss it lets through.
      expect(examplesOf(rule.meta).block.length, "must-block examples").toBeGreaterThan(0);
      expect(examplesOf(rule.meta).allow.length, "must-allow examples").toBeGreaterThan(0);
      // Each example runs in at least one host's shape, and both hosts are covered by the rule's examples.
      const { block, allow } = examplesOf(rule.meta);
      const ran = new Set(results.map((r) => `${r.list}[${r.index}]`));
      const unrun = [...block.map((_, i) => `block[${i}]`), ...allow.map((_, i) => `allow[${i}]`)].filter(
        (k) => !ran.has(k),
      );
      expect(unrun).toEqual([]);
    });
  }
});
