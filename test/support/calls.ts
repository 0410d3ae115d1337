// Builds tool calls exactly as the host adapters do from real payload shapes (agents-hooks.md), so rule
// tests exercise the same path as the hook.
import { claudeCode } from "../../src/hosts/claude-code/index.js";
import { codex } from "../../src/hosts/codex/index.js";
import type { HostAdapter } from "../../src/hosts/types.js";
import { hostById, type HostId } from "../../src/hosts/index.js";
import type { Decision, ToolCall } from "../../src/engine/types.js";
import { evaluate } from "../../src/engine/evaluate.js";
import type { ActiveRule, Rule } from "../../src/engine/rule.js";
import { resolveParams } from "../../src/engine/rule.js";
import { builtinRules } from "../../src/rules/index.js";
import { shellSubjects } from "../../src/analysis/shell/index.js";

export const CWD = "/home/dev/proj";

export function claudePayload(
  tool: string,
  input: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    session_id: "cb29f1fd-0000-4000-8000-000000000001",
    transcript_path: "/home/dev/.claude/projects/-home-dev-proj/cb29f1fd.jsonl",
    cwd: CWD,
    permission_mode: "default",
    hook_event_name: "PreToolUse",
    tool_name: tool,
    tool_input: input,
    tool_use_id: "toolu_test_1",
    ...extra,
  };
}

export function codexPayload(
  tool: string,
  input: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    session_id: "01a1fc39-0000-7000-8000-000000000001",
    turn_id: "01a1fc39-0000-7000-8000-000000000002",
    transcript_path: null,
    cwd: CWD,
    hook_event_name: "PreToolUse",
    model: "gpt-5.5",
    permission_mode: "bypassPermissions",
    tool_name: tool,
    tool_input: input,
    tool_use_id: "call_test_1",
    ...extra,
  };
}

function parseWith(host: HostAdapter, payload: Record<string, unknown>): ToolCall {
  const call = host.parse(payload);
  if (!call) throw new Error("payload parsed to no call");
  return call;
}

export const claudeCall = (tool: string, input: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parseWith(claudeCode, claudePayload(tool, input, extra));
export const codexCall = (tool: string, input: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parseWith(codex, codexPayload(tool, input, extra));
/** A shell call from each host (Claude's Bash and Codex's exec_command reach hooks the same way). */
export const bash = (command: string, extra: Record<string, unknown> = {}) => claudeCall("Bash", { command }, extra);

function active(rules: Rule<any>[], params: Record<string, Record<string, unknown>> = {}): ActiveRule[] {
  return rules.map((rule) => ({
    rule,
    mode: rule.meta.defaultMode === "audit" ? "audit" : "enforce",
    params: resolveParams(rule.meta, params[rule.meta.id]),
  }));
}

/** Evaluates a call against some rules (default: all built-ins, in their default modes). */
export function decide(
  call: ToolCall,
  rules: Rule<any>[] = builtinRules,
  failMode: "open" | "closed" = "closed",
): Promise<Decision> {
  const host = hostById(call.host as HostId);
  return evaluate(call, active(rules), {
    failMode,
    withInput: host.withInput,
    withOutput: host.withOutput,
    deadlineMs: 5000,
    // Dispatched as the hook dispatches: a rule's cases also prove its declared subjects (meta.looksAt).
    shellSubjects,
  });
}

/** Runs one rule on a call, in enforce mode: the finding's action, or "allow" when it does not fire. */
export async function ruleAction(
  rule: Rule<any>,
  call: ToolCall,
  params: Record<string, unknown> = {},
): Promise<Decision> {
  const host = hostById(call.host as HostId);
  return evaluate(call, [{ rule, mode: "enforce", params: resolveParams(rule.meta, params) }], {
    failMode: "closed",
    withInput: host.withInput,
    withOutput: host.withOutput,
    deadlineMs: 5000,
    // Dispatched as the hook dispatches: a rule's cases also prove its declared subjects (meta.looksAt).
    shellSubjects,
  });
}
