// Factory droid's card: what every command needs of it without loading its adapter (hosts/cards.ts).
import type { HostCard } from "../types.js";

/** The tools only droid names so: what tells its payloads from Claude Code's without a --target. */
const DROID_ONLY = new Set(["Execute", "Create", "LS", "FetchUrl"]);

export const droidCard = {
  id: "droid",
  label: "Factory droid",
  short: "droid",
  aliases: ["droid", "factory", "factory-droid"],
  // Only by droid's own tool names: Claude Code sends Edit, MultiEdit, Read, Grep, Glob, WebSearch and Task
  // too, and without a --target such a call is Claude Code's (whose adapter checks every field's type).
  recognizes: (payload) => typeof payload.tool_name === "string" && DROID_ONLY.has(payload.tool_name),
  escalation: {
    context: () => ({ key: "droid", ask: false, bell: false }),
    keys: [{ key: "droid", ask: false }],
  },
} satisfies HostCard<"droid">;
