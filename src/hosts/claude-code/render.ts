// Decisions in Claude Code's hook protocol (reference: agents-hooks.md §1, hooks-protocols.md A4).
import type { Decision, ToolCall } from "../../engine/types.js";
import type { HookOutput } from "../types.js";
import { escalationReason, reasonForModel } from "../shared/reason.js";
import { jsonForTerminal } from "../../util/terminal-text.js";

// The agent shows the reason to the user: control and bidi characters in it travel as \u escapes.
const json = (o: unknown): HookOutput => ({ stdout: `${jsonForTerminal(o)}\n`, exitCode: 0 });
const NOTHING: HookOutput = { stdout: "", exitCode: 0 };

export function renderClaude(call: ToolCall, decision: Decision): HookOutput {
  if (call.event !== "pre") return renderClaudePost(call, decision);
  const hookEventName = "PreToolUse";
  switch (decision.action) {
    case "allow":
      // Never "allow": it would skip the user's own permission prompts.
      return NOTHING;
    case "block":
      return json({
        hookSpecificOutput: {
          hookEventName,
          permissionDecision: "deny",
          permissionDecisionReason: reasonForModel(call, decision),
        },
      });
    case "escalate":
      // staso's own escalation (claude -p, the SDK, or fire-and-forget by choice): blocked until a human
      // approves it, and the reason says how. Otherwise Claude asks the user in its own prompt (in -p
      // mode an ask is a denial, which is the safe side).
      if (decision.escalationId)
        return json({
          hookSpecificOutput: {
            hookEventName,
            permissionDecision: "deny",
            permissionDecisionReason: escalationReason(call, decision),
          },
        });
      return json({
        hookSpecificOutput: {
          hookEventName,
          permissionDecision: "ask",
          permissionDecisionReason: reasonForModel(call, decision),
          ...(decision.modifiedInput ? { updatedInput: decision.modifiedInput } : {}),
        },
      });
    case "modify":
      // updatedInput without permissionDecision: the rewritten call still goes through the user's
      // normal permission flow. additionalContext tells the model what changed and why.
      return json({
        hookSpecificOutput: {
          hookEventName,
          updatedInput: decision.modifiedInput ?? call.input,
          additionalContext: reasonForModel(call, decision),
        },
      });
  }
}

function renderClaudePost(call: ToolCall, decision: Decision): HookOutput {
  // The tool already ran: a block puts the reason next to the output as a message to the model.
  // The top-level decision/reason pair is common to every event; hookSpecificOutput is not.
  if (decision.action === "allow") return NOTHING;
  const reason = reasonForModel(call, decision);
  if (decision.action === "modify" && call.event === "post") {
    // An output repair: the model is shown a sanitised copy (secrets redacted, hidden characters removed)
    // through updatedToolOutput (2.1.121+), and the reason as additional context beside it.
    const updated = decision.modifiedOutput;
    const changed = updated !== undefined && JSON.stringify(updated) !== JSON.stringify(call.output);
    return json({
      hookSpecificOutput: {
        hookEventName: "PostToolUse",
        additionalContext: reason,
        ...(changed ? { updatedToolOutput: updated } : {}),
      },
    });
  }
  return json({ decision: "block", reason });
}
