// Decisions in Gemini CLI's hook protocol (0.61.0, agents-more.md §1): a deny is {"decision":"deny",
// "reason"} (the model reads "Tool execution blocked: <reason>"); a rewrite is
// hookSpecificOutput.tool_input, the call's whole new input; there is no ask a hook can use (in
// headless mode it hangs), so an escalation is always staso's own. After the tool, a deny replaces the
// output the model reads ("Tool result blocked: <reason>") and additionalContext is put beside it.
import type { Decision, ToolCall } from "../../engine/types.js";
import type { HookOutput } from "../types.js";
import { outputText } from "../shared/envelope.js";
import { escalationReason, reasonForModel } from "../shared/reason.js";

const json = (o: unknown): HookOutput => ({ stdout: `${JSON.stringify(o)}\n`, exitCode: 0 });
const NOTHING: HookOutput = { stdout: "", exitCode: 0 };
const deny = (reason: string) => json({ decision: "deny", reason });

export function renderGemini(call: ToolCall, decision: Decision): HookOutput {
  if (call.event !== "pre") {
    if (decision.action === "allow") return NOTHING;
    const reason = reasonForModel(call, decision);
    if (decision.action === "modify" && call.event === "post") {
      const changed = JSON.stringify(decision.modifiedOutput) !== JSON.stringify(call.output);
      if (!changed) return json({ hookSpecificOutput: { hookEventName: "AfterTool", additionalContext: reason } });
      // The output itself must change (a secret in it): the deny's reason replaces it, carrying the copy.
      const mod = decision.modifiedOutput as { llmContent?: unknown } | undefined;
      const copy = typeof mod?.llmContent === "string" ? mod.llmContent : (outputText(mod?.llmContent ?? mod) ?? "");
      return deny(`${reason}\n\nThe tool output, sanitised by staso:\n${copy}`);
    }
    return deny(reason);
  }
  switch (decision.action) {
    case "allow":
      return NOTHING;
    case "block":
      return deny(reasonForModel(call, decision));
    case "escalate":
      return deny(escalationReason(call, decision));
    case "modify":
      // The whole rewritten input: Gemini 0.61's scheduler builds the call from it alone (an older path
      // merged it over the arguments, which a whole input satisfies too).
      return json({
        hookSpecificOutput: { hookEventName: "BeforeTool", tool_input: decision.modifiedInput ?? call.input },
      });
  }
}
