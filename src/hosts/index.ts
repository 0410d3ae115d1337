// The registry of agents staso guards: one line per agent. Adding an agent is one folder under hosts/
// (its protocol in index.ts, its installer in install.ts) and one line here; the host id type, setup's
// --target, the wizard, doctor, uninstall, the escalation settings and policy tests all come from it.
import type { EscalationContext, HostEntry } from "./types.js";
import { claudeCode } from "./claude-code/index.js";
import { codex } from "./codex/index.js";
import { geminiCli } from "./gemini-cli/index.js";
import { copilotCli } from "./copilot-cli/index.js";
import { opencode } from "./opencode/index.js";
import { cursor } from "./cursor/index.js";
import { droid } from "./droid/index.js";
import { qwenCode } from "./qwen-code/index.js";

/** Every agent, in the order setup, doctor and the docs list them. */
const HOSTS = [claudeCode, codex, geminiCli, copilotCli, opencode, cursor, droid, qwenCode] as const;

/** An agent staso guards: "claude-code", "codex", … */
export type HostId = (typeof HOSTS)[number]["id"];

export const HOST_IDS: HostId[] = HOSTS.map((h) => h.id);

// Detection without --target: the most specific recognizer first (Codex adds turn_id to Claude's
// shape; Claude Code's recognizer takes anything in its envelope, so it comes last).
const DETECTION: readonly HostEntry[] = [...HOSTS].sort(
  (a, b) => Number(a.id === "claude-code") - Number(b.id === "claude-code"),
);

export function hostByName(name: string): HostEntry | undefined {
  const n = name.trim().toLowerCase();
  return HOSTS.find((h) => (h.aliases as readonly string[]).includes(n));
}

export function hostById(id: HostId): HostEntry<HostId> {
  return HOSTS.find((h) => h.id === id)!;
}

export function detectHost(payload: Record<string, unknown>): HostEntry {
  return DETECTION.find((h) => h.recognizes(payload)) ?? claudeCode;
}

export const hostNames = (): string[] => HOSTS.map((h) => h.id);

/** A host's short name for narrow columns, for any id found in a record (unknown ids as they are). */
export const hostShortName = (id: string): string => HOSTS.find((h) => h.id === id)?.short ?? id;

/** The --target names, for messages: "claude-code, codex, …". */
export const targetList = (): string => HOST_IDS.join(", ");

/** The escalation context of a call from this host ("other": a caller of the library, or an unknown host). */
export function escalationContextOf(host: string, env: NodeJS.ProcessEnv): EscalationContext {
  return HOSTS.find((h) => h.id === host)?.escalation.context(env) ?? { key: "other", ask: false, bell: false };
}

/** Every key of escalation.mode in the policy, with whether "ask" means anything there (a human at a prompt). */
export const ESCALATION_KEYS: ReadonlyArray<{ key: string; host: HostId; ask: boolean }> = HOSTS.flatMap((h) =>
  h.escalation.keys.map((k) => ({ ...k, host: h.id })),
);
