// Runs a rule's own must-block and must-allow examples (its metadata) through both hosts' payload shapes,
// plus the everyday commands no shell rule may stop.
import { expect, it } from "vitest";
import { examplesOf, type Rule, type RuleExample } from "../../src/engine/rule.js";
import type { ToolCall } from "../../src/engine/types.js";
import { claudeCall, codexCall, ruleAction } from "../support/calls.js";
import { EVERYDAY } from "../analysis/shell/cases.js";

/** The example as each host sends it (a form one host has no tool for: the other host only). */
function calls(e: RuleExample): ToolCall[] {
  const extra = e.cwd ? { cwd: e.cwd } : {};
  if ("shell" in e)
    return [claudeCall("Bash", { command: e.shell }, extra), codexCall("Bash", { command: e.shell }, extra)];
  if ("mcp" in e) return [claudeCall(e.mcp, e.args, extra), codexCall(e.mcp, e.args, extra)];
  if ("fetch" in e) return [claudeCall("WebFetch", { url: e.fetch, prompt: "read it" }, extra)];
  if ("read" in e) return [claudeCall("Read", { file_path: e.read }, extra)];
  if ("write" in e) return [claudeCall("Write", { file_path: e.write, content: e.content }, extra)];
  throw new Error(`example form not supported here: ${JSON.stringify(e)}`);
}

const label = (e: RuleExample) => JSON.stringify(e).slice(0, 140);

export function runExamples(rule: Rule<any>): void {
  const { block, allow } = examplesOf(rule.meta);
  it("has must-block and must-allow examples", () => {
    expect(block.length).toBeGreaterThan(0);
    expect(allow.length).toBeGreaterThan(0);
  });
  it.each(block.map((e) => [label(e), e] as const))("stops %s", async (_, e) => {
    for (const call of calls(e)) {
      const d = await ruleAction(rule, call, e.params);
      expect(d.action, `${call.host}: ${d.reason || d.failure}`).toBe(e.action ?? rule.meta.defaultAction);
      expect(d.reason).not.toMatch(/^staso:/);
    }
  });
  const everyday: RuleExample[] = rule.meta.kinds?.includes("shell") ? EVERYDAY.map((shell) => ({ shell })) : [];
  it.each([...allow, ...everyday].map((e) => [label(e), e] as const))("allows %s", async (_, e) => {
    for (const call of calls(e)) {
      const d = await ruleAction(rule, call, e.params);
      expect(d.action, `${call.host}: ${d.reason || d.failure}`).toBe("allow");
    }
  });
}
