// Codex's card: what every command needs of it without loading its adapter (hosts/cards.ts).
import type { HostCard } from "../types.js";

export const codexCard = {
  id: "codex",
  label: "Codex",
  short: "codex",
  aliases: ["codex"],
  // Codex extends Claude's envelope with turn_id (every tool event carries it).
  recognizes: (payload) => typeof payload.turn_id === "string",
  // No ask; and staso cannot tell the Codex TUI (which owns the screen) from codex exec, so no bell.
  escalation: { context: () => ({ key: "codex", ask: false, bell: false }), keys: [{ key: "codex", ask: false }] },
} satisfies HostCard<"codex">;
