// How a decision is put into words for the model. One place, so both hosts say the same thing.
import type { Decision, ToolCall } from "../../engine/types.js";

/** The reason text shown to the model, always non-empty and prefixed "staso:". */
export function reasonForModel(call: ToolCall, decision: Decision): string {
  const text = decision.reason.trim() || `this ${call.tool} call was stopped by policy`;
  return text.startsWith("staso") ? text : `staso: ${text}`;
}

/**
 * The reason for a call blocked until a human approves it (fire-and-forget): the rule's reason, the
 * escalation id and the exact command that approves it. The model is told that the user must run it
 * (an agent's own `staso escalations approve` is refused) and that the same call goes through once approved.
 */
export function escalationReason(call: ToolCall, decision: Decision): string {
  const id = decision.escalationId ?? decision.escalation?.id;
  if (!id) return `${reasonForModel(call, decision)} A human must approve this call; it was not run.`;
  const url = decision.escalation?.approveUrl;
  const how = url
    ? `in the Staso dashboard (${url})`
    : `by running \`${decision.escalation?.approveCommand ?? `staso escalations approve ${id}`}\``;
  const said = reasonForModel(call, decision).trimEnd();
  return `${/[.!?\]]$/.test(said) ? said : `${said}.`} A human must approve this call first (escalation ${id}); it was not run. Ask the user to approve it ${how} (you cannot approve it yourself), then try exactly the same call again.`;
}
