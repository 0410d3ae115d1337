// The one place that decides precedence. Two sides:
//   the user's side  = built-in defaults < the team's policy (a Staso server's) < the user's config <
//                      environment (STASO_*) < command flags; the user's config and environment may only
//                      TIGHTEN the team's policy, unless the team lets users loosen it (userMayLoosen)
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

export type Origin = "team" | "user" | "project";

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
  /** Team only: the team lets each user's own config (and environment) loosen its policy. */
  userMayLoosen?: boolean;
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

/** STASO_* values a project's agent settings put into the hook's environment (policy/agent-env.ts): tighten-only. */
export interface ProjectEnvOverrides {
  file: string;
  failMode?: FailMode;
  timeout?: number;
  level?: Level;
  environment?: Environment;
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

/** The settings as they stand after each layer. */
interface SettingsState {
  failMode: FailMode;
  timeoutSeconds: number;
  level: Level;
  environment: Environment;
  onTimeout: "block" | "allow";
  escalationTimeout: number;
  approvalTtl: number | undefined;
  reach: Omit<EscalationSettings, "timeoutSeconds" | "onTimeout" | "approvalTtlSeconds">;
}

/** Overrides written as the config fields they override. */
const asConfig = (o: Overrides): PolicyConfig => ({
  ...(o.failMode !== undefined ? { failMode: o.failMode } : {}),
  ...(o.timeoutSeconds !== undefined ? { timeout: o.timeoutSeconds } : {}),
  ...(o.level !== undefined ? { level: o.level } : {}),
  ...(o.environment !== undefined ? { environment: o.environment } : {}),
});

/** A config that decides outright: it sets whatever it sets (the base's user config, a trusted project). */
function overlay(st: SettingsState, p: PolicyConfig, overrides: Overrides): SettingsState {
  return {
    failMode: overrides.failMode ?? p.failMode ?? st.failMode,
    timeoutSeconds: overrides.timeoutSeconds ?? p.timeout ?? st.timeoutSeconds,
    level: overrides.level ?? p.level ?? st.level,
    environment: overrides.environment ?? p.environment ?? st.environment,
    onTimeout: p.escalation?.onTimeout ?? st.onTimeout,
    escalationTimeout: p.escalation?.timeout ?? st.escalationTimeout,
    approvalTtl: p.escalation?.approvalTtl ?? st.approvalTtl,
    reach: { ...st.reach, ...reachSettings(p.escalation) },
  };
}

/**
 * A config that may only tighten what stands: a project (not trusted) on the user's side, or the user's
 * own config and environment on a team policy that does not let users loosen it. What it tried and could
 * not do becomes a note naming `file`.
 */
function tighten(st: SettingsState, p: PolicyConfig, file: string, who: string, notes: string[]): SettingsState {
  const ignored = (what: string, why: string) => notes.push(`${file}: ${what} ignored: ${why}.`);
  let { failMode, timeoutSeconds, level, environment, onTimeout, escalationTimeout, approvalTtl } = st;
  if (p.failMode === "closed") failMode = "closed";
  else if (p.failMode === "open" && failMode === "closed")
    ignored('failMode "open"', `${who} cannot loosen the fail mode "closed"`);
  if (p.level) {
    if (LEVELS.indexOf(p.level) < LEVELS.indexOf(level))
      ignored(`level "${p.level}"`, `${who} cannot lower the level "${level}"`);
    level = stricterLevel(level, p.level);
  }
  if (p.environment) {
    if (ENVIRONMENTS.indexOf(p.environment) < ENVIRONMENTS.indexOf(environment))
      ignored(`environment "${p.environment}"`, `${who} cannot move "${environment}" to a less guarded environment`);
    environment = stricterEnv(environment, p.environment);
  }
  // A shorter deadline is stricter only when running out of time blocks.
  if (p.timeout !== undefined) {
    if (p.timeout < timeoutSeconds && failMode === "closed") timeoutSeconds = p.timeout;
    else if (p.timeout !== timeoutSeconds)
      ignored(
        `timeout ${p.timeout}`,
        failMode === "closed"
          ? `${who} can only shorten the deadline (${timeoutSeconds} s)`
          : "with fail mode open a shorter deadline would allow more, not less",
      );
  }
  if (p.escalation?.onTimeout === "block") onTimeout = "block";
  else if (p.escalation?.onTimeout === "allow" && onTimeout === "block")
    ignored('escalation.onTimeout "allow"', `${who} cannot let unanswered escalations through`);
  if (p.escalation?.timeout !== undefined) {
    if (p.escalation.timeout < escalationTimeout && onTimeout === "block") escalationTimeout = p.escalation.timeout;
    else if (p.escalation.timeout !== escalationTimeout)
      ignored(
        `escalation.timeout ${p.escalation.timeout}`,
        `${who} can only shorten the time a human has when silence blocks`,
      );
  }
  // A human's answer may be made to last less, never longer.
  if (p.escalation?.approvalTtl !== undefined) {
    const current = approvalTtl ?? DEFAULT_APPROVAL_TTL_SECONDS;
    if (p.escalation.approvalTtl < current) approvalTtl = p.escalation.approvalTtl;
    else if (p.escalation.approvalTtl !== current)
      ignored(
        `escalation.approvalTtl ${p.escalation.approvalTtl}`,
        `${who} can only shorten how long a human's answer lasts (${current} s)`,
      );
  }
  return { ...st, failMode, timeoutSeconds, level, environment, onTimeout, escalationTimeout, approvalTtl };
}

export function mergeSettings(
  user: PolicyConfig,
  project: PolicyLayer | undefined,
  overrides: Overrides,
  team?: PolicyLayer,
  userFile = "the user config",
  projectEnv?: ProjectEnvOverrides,
): MergedSettings {
  const notes: string[] = [];
  const defaults: SettingsState = {
    failMode: "closed",
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    level: "standard",
    environment: "dev",
    onTimeout: "block",
    escalationTimeout: DEFAULT_ESCALATION_TIMEOUT_SECONDS,
    approvalTtl: undefined,
    reach: {},
  };
  // The user's side: the team's policy (when there is one) is where the user's own config starts from.
  let st: SettingsState;
  if (!team || team.userMayLoosen) st = overlay(team ? overlay(defaults, team.config, {}) : defaults, user, overrides);
  else {
    st = tighten(
      overlay(defaults, team.config, {}),
      { ...user, ...asConfig(overrides) },
      userFile,
      "the user's config or environment",
      notes,
    );
    // How a human is reached (mode, polling, notification) stays each user's own.
    st = { ...st, reach: { ...st.reach, ...reachSettings(user.escalation) } };
    if (user.escalation?.approvalTtl === undefined && team.config.escalation?.approvalTtl === undefined)
      st.approvalTtl = undefined;
  }
  // A project's agent settings (Claude Code's project env block) reach every hook: they may only tighten.
  if (projectEnv) {
    const envNotes: string[] = [];
    st = tighten(st, projectEnv, projectEnv.file, "a project", envNotes);
    notes.push(...envNotes.map((n) => n.replace(`${projectEnv.file}: `, `${projectEnv.file}: env `)));
  }
  let grayZone = user.grayZone;
  if (project) {
    const p = project.config;
    if (project.trusted) {
      // A trusted project overrides the user's files, as a second user config would; env and flags still win.
      st = overlay(st, p, overrides);
      grayZone = p.grayZone ?? grayZone;
    } else {
      st = tighten(st, p, project.file, "a project", notes);
      for (const k of ["mode", "pollInterval", "notify"] as const) {
        if (p.escalation?.[k] !== undefined)
          notes.push(
            `${project.file}: escalation.${k} ignored: how a human is asked is the user's own choice (list the project in trustedProjects to let it choose).`,
          );
      }
      // A judge sends the call (masked) and an API key to a server: a cloned repository must not choose which.
      const toModel = "a project cannot send calls to a model (list it in trustedProjects to let it)";
      if (p.judges?.length) notes.push(`${project.file}: judges ignored: ${toModel}.`);
      if (p.grayZone) notes.push(`${project.file}: grayZone ignored: ${toModel}.`);
    }
    if (p.audit) notes.push(`${project.file}: audit ignored: the audit trail's settings are the user's own.`);
  }
  return {
    failMode: st.failMode,
    timeoutSeconds: st.timeoutSeconds,
    level: st.level,
    environment: st.environment,
    escalation: {
      timeoutSeconds: st.escalationTimeout,
      onTimeout: st.onTimeout,
      ...st.reach,
      ...(st.approvalTtl !== undefined ? { approvalTtlSeconds: st.approvalTtl } : {}),
    },
    ...(grayZone ? { grayZone } : {}),
    notes,
  };
}
