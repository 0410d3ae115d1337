// The escalation settings in force for one call: the policy's (policy/merge.ts) with the defaults filled
// in, and the mode for the agent that sent the call. No I/O: setup and doctor use it too.
import type { EscalationSettings } from "../policy/merge.js";
import { DEFAULT_APPROVAL_TTL_SECONDS } from "../policy/merge.js";
import type { EscalationMode, EscalationModeByHost } from "../policy/schema.js";

const DEFAULT_POLL_INTERVAL_SECONDS = 3;

/** Seconds staso leaves between the end of its own wait and the moment the agent gives up on the hook. */
export const HOST_MARGIN_SECONDS = 5;

export interface ResolvedEscalationSettings {
  timeoutSeconds: number;
  onTimeout: "block" | "allow";
  pollIntervalSeconds: number;
  approvalTtlSeconds: number;
  notify: "auto" | "desktop" | "bell" | "off";
  mode?: EscalationMode | EscalationModeByHost;
}

export function resolveEscalationSettings(s: EscalationSettings): ResolvedEscalationSettings {
  return {
    timeoutSeconds: s.timeoutSeconds,
    onTimeout: s.onTimeout,
    pollIntervalSeconds: s.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS,
    approvalTtlSeconds: s.approvalTtlSeconds ?? DEFAULT_APPROVAL_TTL_SECONDS,
    notify: s.notify ?? "auto",
    ...(s.mode !== undefined ? { mode: s.mode } : {}),
  };
}

/**
 * Who is on the other side of the call, as far as escalations go: Claude Code with a human at its
 * prompt, Claude Code without one (`claude -p`, the Agent SDK), Codex (no prompt a hook can use), or a
 * caller of the library.
 */
export type EscalationContext = "claude-code" | "claude-code-headless" | "codex" | "other";

// Claude Code tells its hooks (checked with the real binary, 2.1.329): CLAUDE_CODE_SESSION_ATTENDED is
// "1" in a terminal session and "0" under -p; CLAUDE_CODE_ENTRYPOINT is "cli" in a terminal, "sdk-cli"
// under -p, "sdk-ts"/"sdk-py" from the Agent SDK. Older versions set only the entrypoint.
const HEADLESS_ENTRYPOINT = /^(sdk-|mcp$|claude-code-github-action$)/;

export function escalationContext(host: string, env: NodeJS.ProcessEnv = process.env): EscalationContext {
  if (host === "codex") return "codex";
  if (host !== "claude-code") return "other";
  const attended = env.CLAUDE_CODE_SESSION_ATTENDED;
  if (attended === "1") return "claude-code";
  if (attended === "0") return "claude-code-headless";
  const entry = env.CLAUDE_CODE_ENTRYPOINT;
  return entry && HEADLESS_ENTRYPOINT.test(entry) ? "claude-code-headless" : "claude-code";
}

/**
 * The mode for one context. Default: Claude Code's own prompt where a human sits at it, fire-and-forget
 * everywhere else. "ask" where nobody can be asked (claude -p: an ask is a denial; Codex runs the tool
 * on an ask) falls back to fire-and-forget.
 */
export function modeFor(
  setting: EscalationMode | EscalationModeByHost | undefined,
  ctx: EscalationContext,
): EscalationMode {
  let m: EscalationMode | undefined;
  if (typeof setting === "string") m = setting;
  else if (setting && ctx !== "other") m = setting[ctx];
  if (m === undefined) m = ctx === "claude-code" ? "ask" : "fire-and-forget";
  return m === "ask" && ctx !== "claude-code" ? "fire-and-forget" : m;
}

/** The seconds an agent should wait for the hook: above staso's own deadline, plus a wait for a human when one is configured. */
export function hostTimeoutSecondsFor(stasoTimeoutSeconds: number, escalationWaitSeconds = 0): number {
  return Math.max(
    30,
    Math.ceil(stasoTimeoutSeconds + escalationWaitSeconds + (escalationWaitSeconds > 0 ? HOST_MARGIN_SECONDS : 0)) + 20,
  );
}

/** Seconds a hook of this agent may hold a call for a human (0: it never waits), for setup to size the agent's timeout. */
export function escalationWaitSeconds(target: "claude-code" | "codex", s: EscalationSettings): number {
  const contexts: EscalationContext[] = target === "codex" ? ["codex"] : ["claude-code", "claude-code-headless"];
  return contexts.some((c) => modeFor(s.mode, c) === "wait") ? s.timeoutSeconds : 0;
}
