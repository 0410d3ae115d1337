// The agents staso guards, by their cards (hosts/<id>/card.ts): names, recognizers and escalation
// settings, without any agent's adapter. The hook, the policy's checks and the escalation settings need
// only these; a hook call then loads its one agent's adapter (loadHost), not all eight (each costs the
// hook's start-up, measured: ~6 ms of CPU per call under Node, ~3 ms native for the seven it never used).
// The full registry for setup, doctor and the other commands is hosts/index.ts.
import type { EscalationContext, HostCard, HostEntry } from "./types.js";
import { claudeCodeCard } from "./claude-code/card.js";
import { codexCard } from "./codex/card.js";
import { geminiCliCard } from "./gemini-cli/card.js";
import { copilotCliCard } from "./copilot-cli/card.js";
import { opencodeCard } from "./opencode/card.js";
import { cursorCard } from "./cursor/card.js";
import { droidCard } from "./droid/card.js";
import { qwenCodeCard } from "./qwen-code/card.js";

/** Every agent, in the order setup, doctor and the docs list them. */
export const HOST_CARDS = [
  claudeCodeCard,
  codexCard,
  geminiCliCard,
  copilotCliCard,
  opencodeCard,
  cursorCard,
  droidCard,
  qwenCodeCard,
] as const;

/** An agent staso guards: "claude-code", "codex", … */
export type HostId = (typeof HOST_CARDS)[number]["id"];

export const HOST_IDS: HostId[] = HOST_CARDS.map((h) => h.id);

// Detection without --target: the most specific recognizer first (Codex adds turn_id to Claude's
// shape; Claude Code's recognizer takes anything in its envelope, so it comes last).
const DETECTION: readonly HostCard<HostId>[] = [...HOST_CARDS].sort(
  (a, b) => Number(a.id === "claude-code") - Number(b.id === "claude-code"),
);

export function cardByName(name: string): HostCard<HostId> | undefined {
  const n = name.trim().toLowerCase();
  return HOST_CARDS.find((h) => (h.aliases as readonly string[]).includes(n));
}

/** The agent whose payload this looks like (Claude Code when none recognizes it). */
export function detectCard(payload: Record<string, unknown>): HostCard<HostId> {
  return DETECTION.find((h) => h.recognizes(payload)) ?? claudeCodeCard;
}

/**
 * An agent's adapter, loaded when first asked for. Each is a lazy module of the same bundle (the hook,
 * the native binary): nothing to be missing at run time; one whose code fails to load rejects, and the
 * hook answers with its fail mode in the protocol every agent takes.
 */
export function loadHost(id: HostId): Promise<HostEntry> {
  switch (id) {
    case "claude-code":
      return import("./claude-code/index.js").then((m) => m.claudeCode);
    case "codex":
      return import("./codex/index.js").then((m) => m.codex);
    case "gemini-cli":
      return import("./gemini-cli/index.js").then((m) => m.geminiCli);
    case "copilot-cli":
      return import("./copilot-cli/index.js").then((m) => m.copilotCli);
    case "opencode":
      return import("./opencode/index.js").then((m) => m.opencode);
    case "cursor":
      return import("./cursor/index.js").then((m) => m.cursor);
    case "droid":
      return import("./droid/index.js").then((m) => m.droid);
    case "qwen-code":
      return import("./qwen-code/index.js").then((m) => m.qwenCode);
  }
}

export const hostNames = (): string[] => HOST_CARDS.map((h) => h.id);

/** A host's short name for narrow columns, for any id found in a record (unknown ids as they are). */
export const hostShortName = (id: string): string => HOST_CARDS.find((h) => h.id === id)?.short ?? id;

/** The --target names, for messages: "claude-code, codex, …". */
export const targetList = (): string => HOST_IDS.join(", ");

/** The escalation context of a call from this host ("other": a caller of the library, or an unknown host). */
export function escalationContextOf(host: string, env: NodeJS.ProcessEnv): EscalationContext {
  return HOST_CARDS.find((h) => h.id === host)?.escalation.context(env) ?? { key: "other", ask: false, bell: false };
}

/** Every key of escalation.mode in the policy, with whether "ask" means anything there (a human at a prompt). */
export const ESCALATION_KEYS: ReadonlyArray<{ key: string; host: HostId; ask: boolean }> = HOST_CARDS.flatMap((h) =>
  h.escalation.keys.map((k) => ({ ...k, host: h.id })),
);
