// Qwen Code's card: what every command needs of it without loading its adapter (hosts/cards.ts).
import type { HostCard } from "../types.js";
import { QWEN_TOOLS } from "./tools.js";

export const qwenCodeCard = {
  id: "qwen-code",
  label: "Qwen Code",
  short: "qwen",
  aliases: ["qwen-code", "qwen"],
  // Claude Code's envelope with Gemini's tool ids: only a --target tells them apart for sure
  recognizes: (payload) =>
    typeof payload.tool_name === "string" && payload.tool_name in QWEN_TOOLS && "permission_mode" in payload,
  escalation: {
    context: () => ({ key: "qwen-code", ask: false, bell: false }),
    keys: [{ key: "qwen-code", ask: false }],
  },
} satisfies HostCard<"qwen-code">;
