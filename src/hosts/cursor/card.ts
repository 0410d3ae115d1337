// Cursor's card: what every command needs of it without loading its adapter (hosts/cards.ts).
import type { HostCard } from "../types.js";

export const cursorCard = {
  id: "cursor",
  label: "Cursor",
  short: "cursor",
  aliases: ["cursor", "cursor-agent"],
  recognizes: (payload) => "cursor_version" in payload || ("conversation_id" in payload && "generation_id" in payload),
  escalation: {
    // Cursor's agent runs in the editor with a human at it: its own prompt asks.
    context: () => ({ key: "cursor", ask: true, bell: false }),
    keys: [{ key: "cursor", ask: true }],
  },
} satisfies HostCard<"cursor">;
