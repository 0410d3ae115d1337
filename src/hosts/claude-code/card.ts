// Claude Code's card: what every command needs of it without loading its adapter (hosts/cards.ts).
import type { HostCard } from "../types.js";

// Claude Code tells its hooks (checked with the real binary, 2.1.329): CLAUDE_CODE_SESSION_ATTENDED is
// "1" in a terminal session and "0" under -p; CLAUDE_CODE_ENTRYPOINT is "cli" in a terminal, "sdk-cli"
// under -p, "sdk-ts"/"sdk-py" from the Agent SDK. Older versions set only the entrypoint.
const HEADLESS_ENTRYPOINT = /^(sdk-|mcp$|claude-code-github-action$)/;

export const claudeCodeCard = {
  id: "claude-code",
  label: "Claude Code",
  short: "claude",
  aliases: ["claude-code", "claude"],
  recognizes: (payload) => !("turn_id" in payload),
  escalation: {
    context(env) {
      const attended = env.CLAUDE_CODE_SESSION_ATTENDED;
      const entry = env.CLAUDE_CODE_ENTRYPOINT;
      const headless = attended === "0" || (attended !== "1" && !!entry && HEADLESS_ENTRYPOINT.test(entry));
      // claude -p draws no screen: a bell in the user's terminal is safe there, not in a session.
      return headless
        ? { key: "claude-code-headless", ask: false, bell: true }
        : { key: "claude-code", ask: true, bell: false };
    },
    keys: [
      { key: "claude-code", ask: true },
      { key: "claude-code-headless", ask: false },
    ],
  },
} satisfies HostCard<"claude-code">;
