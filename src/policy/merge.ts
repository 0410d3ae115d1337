// The one place that decides precedence. Two sides:
//   the user's side  = built-in defaults < the user's config < environment (STASO_*) < command flags
//   the project      = the config found from the call's cwd upward, which may TIGHTEN the user's side but
//                      never loosen it (unless the user lists the project in trustedProjects).
// A cloned repository is not trusted: its config can make staso stricter, never turn a guard off.
// What the project tried and could not do is kept as notes, for `staso rules` and `staso doctor`.
// Per-rule settings (mode, action, params, environments, allow-lists) are merged the same way when the
// rules are known (policy/active-rules.ts).
import type { FailMode } from "../engine/fail-mode.js";
import type { GrayZoneConfig } from "../judges/config.js";
import type { ProjectTrust } from "./trust.js";
import {
  ENVIRONMENTS,
  LEVELS,
  type EscalationConfig,
  type Environment,
  type Level,
  type PolicyConfig,
} from "./schema.js";

export type Origin = "user" | "project";

/** One validated config file. */
export interface PolicyLayer {
  origin: Origin;
  file: string;
  /** The directory plugins and test cwds are relative to. */
  dir: string;
  config: PolicyConfig;
  /** Project only: trusted (trustedProjects or `staso trust`), so it may loosen too and run its code. */
  trusted?: boolean;
  /** Project only: how it is trusted (a `staso trust` record's file hashes check its plugins as they load). */
  trust?: ProjectTrust;
}

/** Values given outside the files: environment variables, then command flags (flags win). */
export interface Overrides {
  failMode?: FailMode;
  timeoutSeconds?: number;
  level?: Level;
  environment?: Environment;
}

export interface MergedSettings {
  failMode: FailMode;
  timeoutSeconds: number;
  level: Level;
  environment: Environment;
  escalation: EscalationSettings;
  /** The gray-zone judge's model, when the user (or a trusted project) configured one. */
  grayZone?: GrayZoneConfig;
  notes: string[];
}

/**
 * The escalation settings in force. timeoutSeconds and onTimeout are always set; the rest only when a
 * config sets them (src/escalation/settings.ts fills in the defaults, so the everyday path carries none).
 */
export interface EscalationSettings {
  timeoutSeconds: number;
  onTimeout: "block" | "allow";
  mode?: NonNullable<EscalationConfig["mode"]>;
  pollIntervalSeconds?: number;
  approvalTtlSeconds?: number;
  notify?: NonNullable<EscalationConfig["notify"]>;
}

/** The user's own choices of how they are reached (mode, polling, notification), from one config. */
function reachSettings(
  e: EscalationConfig | undefined,
): Omit<EscalationSettings, "timeoutSeconds" | "onTimeout" | "approvalTtlSeconds"> {
  return {
    ...(e?.mode !== undefined ? { mode: e.mode } : {}),
    ...(e?.pollInterval !== undefined ? { pollIntervalSeconds: e.pollInterval } : {}),
    ...(e?.notify !== undefined ? { notify: e.notify } : {}),
  };
}

export const DEFAULT_TIMEOUT_SECONDS = 10;
const DEFAULT_ESCALATION_TIMEOUT_SECONDS = 300;
export const DEFAULT_APPROVAL_TTL_SECONDS = 3600;

const stricterLevel = (a: Level, b: Level): Level => (LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b);
const stricterEnv = (a: Environment, b: Environment): Environment =>
  ENVIRONMENTS.indexOf(a) >= ENVIRONMENTS.indexOf(b) ? a : b;

/** The four file-level settings a project may only tighten, as one value. */
interface Tightenable {
  failMode: FailMode;
  timeoutSeconds: number;
  level: Level;
  environment: Environment;
}

/** `cur` tightened by a project's `p` (its config, or its agent settings' STASO_* values); what could not be, as notes. */
function tighten(
  cur: Tightenable,
  p: { failMode?: FailMode; timeout?: number; level?: Level; environment?: Environment },
  ignored: (what: string, why: string) => void,
): Tightenable {
  let { failMode, timeoutSeconds, level, environment } = cur;
  if (p.failMode === "closed") failMode = "closed";
  else if (p.failMode === "open" && failMode === "closed")
    ignored('failMode "open"', 'a project cannot loosen the fail mode "closed"');
  if (p.level) {
    if (LEVELS.indexOf(p.level) < LEVELS.indexOf(level))
      ignored(`level "${p.level}"`, `a project cannot lower the level "${level}"`);
    level = stricterLevel(level, p.level);
  }
  if (p.environment) {
    if (ENVIRONMENTS.indexOf(p.environment) < ENVIRONMENTS.indexOf(environment))
      ignored(`environment "${p.environment}"`, `a project cannot move "${environment}" to a less guarded environment`);
    environment = stricterEnv(environment, p.environment);
  }
  // A shorter deadline is stricter only when running out of time blocks.
  if (p.timeout !== undefined) {
    if (p.timeout < timeoutSeconds && failMode === "closed") timeoutSeconds = p.timeout;
    else if (p.timeout !== timeoutSeconds)
      ignored(
        `timeout ${p.timeout}`,
        failMode === "closed"
          ? `a project can only shorten the deadline (${timeoutSeconds} s)`
          : "with fail mode open a shorter deadline would allow more, not less",
      );
  }
  return { failMode, timeoutSeconds, level, environment };
}

/** STASO_* values a project's agent settings put into the hook's environment (policy/agent-env.ts): tighten-only. */
export interface ProjectEnvOverrides {
  file: string;
  failMode?: FailMode;
  timeout?: number;
  level?: Level;
  environment?: Environment;
}

export function mergeSettings(
  user: PolicyConfig,
  project: PolicyLayer | undefined,
  overrides: Overrides,
  projectEnv?: ProjectEnvOverrides,
): MergedSettings {
  const notes: string[] = [];
  // The user's side.
  let failMode: FailMode = overrides.failMode ?? user.failMode ?? "closed";
  let timeoutSeconds = overrides.timeoutSeconds ?? user.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  let level: Level = overrides.level ?? user.level ?? "standard";
  let environment: Environment = overrides.environment ?? user.environment ?? "dev";
  let onTimeout = user.escalation?.onTimeout ?? "block";
  let escalationTimeout = user.escalation?.timeout ?? DEFAULT_ESCALATION_TIMEOUT_SECONDS;
  let approvalTtl = user.escalation?.approvalTtl;
  const reach = reachSettings(user.escalation);
  const escalation = (): EscalationSettings => ({
    timeoutSeconds: escalationTimeout,
    onTimeout,
    ...reach,
    ...(approvalTtl !== undefined ? { approvalTtlSeconds: approvalTtl } : {}),
  });
  if (projectEnv) {
    const t = tighten({ failMode, timeoutSeconds, level, environment }, projectEnv, (what, why) =>
      notes.push(`${projectEnv.file}: env ${what} ignored: ${why}.`),
    );
    ({ failMode, timeoutSeconds, level, environment } = t);
  }
  const grayZone = user.grayZone;
  if (!project)
    return { failMode, timeoutSeconds, level, environment, escalation: escalation(), ...gray(grayZone), notes };

  const p = project.config;
  const ignored = (what: string, why: string) => notes.push(`${project.file}: ${what} ignored: ${why}.`);
  if (project.trusted) {
    // A trusted project overrides the user's files, as a second user config would; env and flags still win.
    failMode = overrides.failMode ?? p.failMode ?? failMode;
    timeoutSeconds = overrides.timeoutSeconds ?? p.timeout ?? timeoutSeconds;
    level = overrides.level ?? p.level ?? level;
    environment = overrides.environment ?? p.environment ?? environment;
    onTimeout = p.escalation?.onTimeout ?? onTimeout;
    escalationTimeout = p.escalation?.timeout ?? escalationTimeout;
    approvalTtl = p.escalation?.approvalTtl ?? approvalTtl;
    Object.assign(reach, reachSettings(p.escalation));
    if (p.audit) ignored("audit", "the audit trail's settings are the user's own");
    return {
      failMode,
      timeoutSeconds,
      level,
      environment,
      escalation: escalation(),
      ...gray(p.grayZone ?? grayZone),
      notes,
    };
  }

  ({ failMode, timeoutSeconds, level, environment } = tighten(
    { failMode, timeoutSeconds, level, environment },
    p,
    ignored,
  ));
  if (p.escalation?.onTimeout === "block") onTimeout = "block";
  else if (p.escalation?.onTimeout === "allow" && onTimeout === "block")
    ignored('escalation.onTimeout "allow"', "a project cannot let unanswered escalations through");
  if (p.escalation?.timeout !== undefined) {
    if (p.escalation.timeout < escalationTimeout && onTimeout === "block") escalationTimeout = p.escalation.timeout;
    else if (p.escalation.timeout !== escalationTimeout)
      ignored(
        `escalation.timeout ${p.escalation.timeout}`,
        "a project can only shorten the time a human has when silence blocks",
      );
  }
  // A human's answer may be made to last less, never longer; how the user is reached is the user's own.
  if (p.escalation?.approvalTtl !== undefined) {
    const current = approvalTtl ?? DEFAULT_APPROVAL_TTL_SECONDS;
    if (p.escalation.approvalTtl < current) approvalTtl = p.escalation.approvalTtl;
    else if (p.escalation.approvalTtl !== current)
      ignored(
        `escalation.approvalTtl ${p.escalation.approvalTtl}`,
        `a project can only shorten how long a human's answer lasts (${current} s)`,
      );
  }
  for (const k of ["mode", "pollInterval", "notify"] as const) {
    if (p.escalation?.[k] !== undefined)
      ignored(
        `escalation.${k}`,
        "how a human is asked is the user's own choice (list the project in trustedProjects to let it choose)",
      );
  }
  if (p.audit) ignored("audit", "the audit trail's settings are the user's own");
  // A judge sends the call (masked) and an API key to a server: a cloned repository must not choose which.
  const toModel = "a project cannot send calls to a model (list it in trustedProjects to let it)";
  if (p.judges?.length) ignored("judges", toModel);
  if (p.grayZone) ignored("grayZone", toModel);
  return { failMode, timeoutSeconds, level, environment, escalation: escalation(), ...gray(grayZone), notes };
}

const gray = (g: GrayZoneConfig | undefined) => (g ? { grayZone: g } : {});
