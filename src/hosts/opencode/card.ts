// opencode's card: what every command needs of it without loading its adapter (hosts/cards.ts).
import type { HostCard } from "../types.js";

/** The events staso's opencode plugin hands over, and what each is. */
export const EVENTS = { "tool.execute.before": "pre", "tool.execute.after": "post" } as const;

export const opencodeCard = {
  id: "opencode",
  label: "opencode",
  short: "opencode",
  aliases: ["opencode", "opencode-ai"],
  recognizes: (payload) => typeof payload.hook_event_name === "string" && payload.hook_event_name in EVENTS,
  escalation: {
    context: () => ({ key: "opencode", ask: false, bell: false }),
    keys: [{ key: "opencode", ask: false }],
  },
} satisfies HostCard<"opencode">;
