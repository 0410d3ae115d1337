// The registry of agents staso guards: one line per agent. Adding an agent is one folder under hosts/
// (its card in card.ts, its protocol in index.ts, its installer in install.ts), one line here and one in
// cards.ts; the host id type, setup's --target, the wizard, doctor, uninstall, the escalation settings
// and policy tests all come from them. This module loads every adapter: the hook path imports cards.ts.
import type { HostEntry } from "./types.js";
import { detectCard, type HostId } from "./cards.js";
import { claudeCode } from "./claude-code/index.js";
import { codex } from "./codex/index.js";
import { geminiCli } from "./gemini-cli/index.js";
import { copilotCli } from "./copilot-cli/index.js";
import { opencode } from "./opencode/index.js";
import { cursor } from "./cursor/index.js";
import { droid } from "./droid/index.js";
import { qwenCode } from "./qwen-code/index.js";

export { HOST_IDS, hostShortName, targetList, type HostId } from "./cards.js";

/** Every agent's adapter, in the order of HOST_CARDS. */
const HOSTS = [claudeCode, codex, geminiCli, copilotCli, opencode, cursor, droid, qwenCode] as const;

export function hostByName(name: string): HostEntry | undefined {
  const n = name.trim().toLowerCase();
  return HOSTS.find((h) => (h.aliases as readonly string[]).includes(n));
}

export function hostById(id: HostId): HostEntry<HostId> {
  return HOSTS.find((h) => h.id === id)!;
}

export function detectHost(payload: Record<string, unknown>): HostEntry {
  return hostById(detectCard(payload).id);
}
