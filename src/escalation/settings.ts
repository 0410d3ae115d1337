// The escalation settings in force for one call: the policy's (policy/merge.ts) with the defaults filled
// in, and the mode for the agent that sent the call. No I/O: setup and doctor use it too.
import type { EscalationSettings } from "../policy/merge.js";
import { DEFAULT_APPROVAL_TTL_SECONDS } from "../policy/merge.js";
import type { EscalationMode, EscalationModeByHost } from "../policy/schema.js";
import { ESCALATION_KEYS, escalationContextOf, type HostId } from "../hosts/cards.js";
import type { EscalationContext } from "../hosts/types.js";

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
 * Who is on the other side of the call, as far as escalations go: which escalation.mode key applies and
 * whether a human can answer an ask (Claude Code in a terminal; not `claude -p`, not Codex, …). The
 * registry's hosts say (src/hosts/); a caller of the library is "other".
 */
export type { EscalationContext };

export function escalationContext(host: string, env: NodeJS.ProcessEnv = process.env): EscalationContext {
  return escalationContextOf(host, env);
}

/**
 * The mode for one context. Default: the host's own prompt where a human sits at it, fire-and-forget
 * everywhere else. "ask" where nobody can be asked (claude -p: an ask is a denial; Codex runs the tool
 * on an ask) falls back to fire-and-forget.
 */
export function modeFor(
  setting: EscalationMode | EscalationModeByHost | undefined,
  ctx: EscalationContext,
): EscalationMode {
  let m: EscalationMode | undefined;
  if (typeof setting === "string") m = setting;
  else if (setting && ctx.key !== "other") m = setting[ctx.key];
  if (m === undefined) m = ctx.ask ? "ask" : "fire-and-forget";
  return m === "ask" && !ctx.ask ? "fire-and-forget" : m;
}

/** The seconds an agent should wait for the hook: above staso's own deadline, plus a wait for a human when one is configured. */
export function hostTimeoutSecondsFor(stasoTimeoutSeconds: number, escalationWaitSeconds = 0): number {
  return Math.max(
    30,
    Math.ceil(stasoTimeoutSeconds + escalationWaitSeconds + (escalationWaitSeconds > 0 ? HOST_MARGIN_SECONDS : 0)) + 20,
  );
}

/** Seconds a hook of this agent may hold a call for a human (0: it never waits), for setup to size the agent's timeout. */
export function escalationWaitSeconds(target: HostId, s: EscalationSettings): number {
  const contexts = ESCALATION_KEYS.filter((k) => k.host === target).map((k) => ({
    key: k.key,
    ask: k.ask,
    bell: false,
  }));
  return contexts.some((c) => modeFor(s.mode, c) === "wait") ? s.timeoutSeconds : 0;
}
