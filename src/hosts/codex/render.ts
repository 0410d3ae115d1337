// Decisions in Codex's hook protocol. Codex rejects any key it does not know (and then RUNS the tool),
// has no "ask", and takes a rewrite only as allow + updatedInput (reference: hooks-protocols.md B4).
import type { Decision, ToolCall } from "../../engine/types.js";
import type { HookOutput } from "../types.js";
import { escalationReason, reasonForModel } from "../shared/reason.js";
import { outputText } from "../shared/envelope.js";
import { jsonForTerminal } from "../../util/terminal-text.js";

// The agent shows the reason to the user: control and bidi characters in it travel as \u escapes.
const json = (o: unknown): HookOutput => ({ stdout: `${jsonForTerminal(o)}\n`, exitCode: 0 });
const NOTHING: HookOutput = { stdout: "", exitCode: 0 };

function renderCodexDeny(reason: string): HookOutput {
  return json({
    hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: reason },
  });
}

export function renderCodex(call: ToolCall, decision: Decision): HookOutput {
  if (call.event !== "pre") {
    // PostToolUse: a block replaces what the model sees with the reason.
    if (decision.action === "allow") return NOTHING;
    const reason = reasonForModel(call, decision);
    if (decision.action === "modify" && call.event === "post") {
      // An output repair: Codex shows the reason INSTEAD of the output, so the reason carries the
      // sanitised copy (secrets redacted, hidden characters removed) and the model keeps the output.
      const copy =
        typeof decision.modifiedOutput === "string"
          ? decision.modifiedOutput
          : (outputText(decision.modifiedOutput) ?? "");
      return json({ decision: "block", reason: `${reason}\n\nThe tool output, sanitised by staso:\n${copy}` });
    }
    return json({ decision: "block", reason });
  }
  switch (decision.action) {
    case "allow":
      return NOTHING; // a bare allow is rejected by Codex
    case "block":
      return renderCodexDeny(reasonForModel(call, decision));
    case "escalate":
      // No ask in Codex (it would run the tool): a human must approve, so the call is denied for now; with
      // an escalation id the reason names it and the command that approves it.
      return renderCodexDeny(escalationReason(call, decision));
    case "modify": {
      const input = decision.modifiedInput ?? call.input;
      // Codex takes only `command` for Bash and apply_patch; extra keys are ignored there, so keep just it.
      const updatedInput = call.tool === "Bash" || call.tool === "apply_patch" ? { command: input.command } : input;
      return json({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow", updatedInput } });
    }
  }
}
