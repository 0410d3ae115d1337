// Decisions for staso's opencode plugin (hooks-templates/opencode.js), which does what they say in
// opencode's own terms: "deny" → it throws the reason (the model reads it as the tool's error); "modify"
// → it changes the call's arguments in place (opencode ignores a new object), or after the tool replaces
// the output the model reads; "note" → it puts the reason beside the output. Nothing printed: the call runs.
import type { Decision, ToolCall } from "../../engine/types.js";
import type { HookOutput } from "../types.js";
import { outputText } from "../shared/envelope.js";
import { escalationReason, reasonForModel } from "../shared/reason.js";

const json = (o: unknown): HookOutput => ({ stdout: `${JSON.stringify(o)}\n`, exitCode: 0 });
const NOTHING: HookOutput = { stdout: "", exitCode: 0 };

export function renderOpencode(call: ToolCall, decision: Decision): HookOutput {
  if (call.event !== "pre") {
    if (decision.action === "allow") return NOTHING;
    const note = reasonForModel(call, decision);
    const changed =
      decision.action === "modify" &&
      call.event === "post" &&
      JSON.stringify(decision.modifiedOutput) !== JSON.stringify(call.output);
    if (!changed) return json({ action: "note", note });
    const out = decision.modifiedOutput;
    return json({ action: "modify", output: typeof out === "string" ? out : (outputText(out) ?? ""), note });
  }
  switch (decision.action) {
    case "allow":
      return NOTHING;
    case "block":
      return json({ action: "deny", reason: reasonForModel(call, decision) });
    case "escalate":
      return json({ action: "deny", reason: escalationReason(call, decision) });
    case "modify":
      return json({ action: "modify", args: decision.modifiedInput ?? call.input });
  }
}
