// Codex's rollout file (~/.codex/sessions/YYYY/MM/DD/rollout-….jsonl): the user's typed messages are
// event lines, {"type":"event_msg","payload":{"type":"user_message","message":…}} in older releases and
// {"type":"event_msg","payload":{"type":"item_completed","item":{"type":"UserMessage","content":[…]}}} in
// newer ones. The response_item messages with role "user" are not used: Codex also puts its environment
// context and the AGENTS.md instructions there.
import { textOf, type TranscriptShape } from "../shared/transcript.js";

export const codexTranscript: TranscriptShape = {
  marks: ['"user_message"', '"UserMessage"'],
  userText(e) {
    if (e.type !== "event_msg") return undefined;
    const p = e.payload as Record<string, unknown> | undefined;
    if (p?.type === "user_message") return typeof p.message === "string" ? p.message : undefined;
    const item = p?.type === "item_completed" ? (p.item as Record<string, unknown> | undefined) : undefined;
    return item?.type === "UserMessage" ? textOf(item.content) : undefined;
  },
};
