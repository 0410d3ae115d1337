// What a hook's answer says about the decision, to check a record against the answer the agent got
// (rules and their modes change as packs grow; the record must always agree with the answer).
import type { AuditRecord } from "../../src/audit/record.js";
import type { HookRun } from "../support/hook-process.js";

function answerOf(run: Pick<HookRun, "stdout" | "json">): "deny" | "ask" | "rewrite" | "none" {
  if (!run.stdout.trim()) return "none";
  const h = run.json?.hookSpecificOutput ?? {};
  if (h.permissionDecision === "deny") return "deny";
  if (h.permissionDecision === "ask") return "ask";
  if (h.updatedInput) return "rewrite";
  return "none";
}

/** The record's action is one the answer allows (Codex has no "ask": an escalation is a deny there). */
export function agrees(run: Pick<HookRun, "stdout" | "json">, r: AuditRecord): boolean {
  const audited = r.rules.some((v) => v.mode === "audit") && !r.rules.some((v) => v.mode === "enforce");
  switch (answerOf(run)) {
    case "deny":
      return r.action === "block" || r.action === "escalate";
    case "ask":
      return r.action === "escalate";
    case "rewrite":
      return r.action === "modify" || r.action === "escalate";
    case "none":
      return r.action === "allow" ? r.rules.length === 0 : r.action === "audit" && audited;
  }
}
