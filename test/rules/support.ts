// Rendering helpers for the rule case tables: what each host would print for a decision.
import { claudeCode } from "../../src/hosts/claude-code/index.js";
import { codex } from "../../src/hosts/codex/index.js";
import type { Decision, ToolCall } from "../../src/engine/types.js";

export function rendered(call: ToolCall, decision: Decision): any {
  const out = (call.host === "codex" ? codex : claudeCode).render(call, decision);
  return out.stdout ? JSON.parse(out.stdout) : undefined;
}
