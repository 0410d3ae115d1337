// How a decision is put into words for the model. One place, so both hosts say the same thing.
import type { Decision, ToolCall } from "../../engine/types.js";

/** The reason text shown to the model, always non-empty and prefixed "staso:". */
export function reasonForModel(call: ToolCall, decision: Decision): string {
  const text = decision.reason.trim() || `this ${call.tool} call was stopped by policy`;
  return text.startsWith("staso") ? text : `staso: ${text}`;
}
