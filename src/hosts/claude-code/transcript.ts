// Claude Code's transcript (~/.claude/projects/<project>/<session>.jsonl): the user's typed messages are
// lines {"type":"user","message":{"role":"user","content":…}}. Not the user's words, and skipped: tool
// results (also role "user", with tool_result blocks), meta lines (isMeta: caveats, reminders), a
// sub-agent's prompts (isSidechain: the agent wrote them) and compaction summaries (the model wrote them).
import { textOf, type TranscriptShape } from "../shared/transcript.js";

export const claudeTranscript: TranscriptShape = {
  marks: ['"type":"user"'],
  userText(e) {
    if (e.type !== "user" || e.isMeta || e.isSidechain || e.isCompactSummary || e.toolUseResult !== undefined)
      return undefined;
    const message = e.message as { role?: unknown; content?: unknown } | undefined;
    if (message?.role !== "user") return undefined;
    const content = message.content;
    if (Array.isArray(content) && content.some((b) => (b as { type?: unknown } | null)?.type === "tool_result"))
      return undefined;
    const text = textOf(content);
    // Output of the user's local commands, echoed into the transcript: not something the user typed.
    return text?.startsWith("<local-command-stdout>") ? undefined : text;
  },
};
