// Copilot CLI's card: what every command needs of it without loading its adapter (hosts/cards.ts).
import type { HostCard } from "../types.js";

export const copilotCliCard = {
  id: "copilot-cli",
  label: "GitHub Copilot CLI",
  short: "copilot",
  aliases: ["copilot-cli", "copilot", "github-copilot"],
  recognizes: (payload) => typeof payload.toolName === "string" && "sessionId" in payload,
  escalation: {
    context: () => ({ key: "copilot-cli", ask: false, bell: false }),
    keys: [{ key: "copilot-cli", ask: false }],
  },
} satisfies HostCard<"copilot-cli">;
