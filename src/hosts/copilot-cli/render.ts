// Decisions in GitHub Copilot CLI's hook protocol (1.0.102, agents-more.md §2): flat keys. A deny is
// {"permissionDecision":"deny","permissionDecisionReason"} (the model reads "Denied by preToolUse hook:
// <reason>"); a rewrite is {"modifiedArgs"}, which replaces the arguments, with no decision (so Copilot's
// own permission flow still runs); there is no ask staso relies on (in -p an ask is a denial that no human
// can approve), so an escalation is staso's own. After the tool: "modifiedResult" replaces the result the
// model reads, "additionalContext" is put beside it; the call has already run, so nothing blocks.
import type { Decision, ToolCall } from "../../engine/types.js";
import type { HookOutput } from "../types.js";
import { outputText } from "../shared/envelope.js";
import { escalationReason, reasonForModel } from "../shared/reason.js";

const json = (o: unknown): HookOutput => ({ stdout: `${JSON.stringify(o)}\n`, exitCode: 0 });
const NOTHING: HookOutput = { stdout: "", exitCode: 0 };
const deny = (reason: string) => json({ permissionDecision: "deny", permissionDecisionReason: reason });

export function renderCopilot(call: ToolCall, decision: Decision): HookOutput {
  if (call.event !== "pre") {
    if (decision.action === "allow") return NOTHING;
    const reason = reasonForModel(call, decision);
    const changed =
      decision.action === "modify" &&
      call.event === "post" &&
      JSON.stringify(decision.modifiedOutput) !== JSON.stringify(call.output);
    if (!changed) return json({ additionalContext: reason });
    const mod = decision.modifiedOutput;
    const result =
      mod && typeof mod === "object" && !Array.isArray(mod)
        ? mod
        : { resultType: "success", textResultForLlm: outputText(mod) ?? "" };
    return json({ modifiedResult: result, additionalContext: reason });
  }
  switch (decision.action) {
    case "allow":
      return NOTHING;
    case "block":
      return deny(reasonForModel(call, decision));
    case "escalate":
      return deny(escalationReason(call, decision));
    case "modify":
      return json({ modifiedArgs: decision.modifiedInput ?? call.input });
  }
}
