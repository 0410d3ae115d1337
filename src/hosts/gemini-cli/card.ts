// Gemini CLI's card: what every command needs of it without loading its adapter (hosts/cards.ts).
import type { HostCard } from "../types.js";

export const geminiCliCard = {
  id: "gemini-cli",
  label: "Gemini CLI",
  short: "gemini",
  aliases: ["gemini-cli", "gemini"],
  recognizes: (payload) => payload.hook_event_name === "BeforeTool" || payload.hook_event_name === "AfterTool",
  escalation: {
    context: () => ({ key: "gemini-cli", ask: false, bell: false }),
    keys: [{ key: "gemini-cli", ask: false }],
  },
} satisfies HostCard<"gemini-cli">;
