// The one place that decides precedence. Two sides:
//   the user's side  = built-in defaults < the user's config < environment (STASO_*) < command flags
//   the project      = the config found from the call's cwd upward, which may TIGHTEN the user's side but
//                      never loosen it (unless the user lists the project in trustedProjects).
// A cloned repository is not trusted: its config can make staso stricter, never turn a guard off.
// What the project tried and could not do is kept as notes, for `staso rules` and `staso doctor`.
// Per-rule settings (mode, action, params, environments, allow-lists) are merged the same way when the
// rules are known (policy/active-rules.ts).
import type { FailMode } from "../engine/fail-mode.js";
import { ENVIRONMENTS, LEVELS, type Environment, type Level, type PolicyConfig } from "./schema.js";

export type Origin = "user" | "project";

/** One validated config file. */
export interface PolicyLayer {
  origin: Origin;
  file: string;
  /** The directory plugins and test cwds are relative to. */
  dir: string;
  config: PolicyConfig;
  /** Project only: listed in the user's trustedProjects, so it may loosen too. */
  trusted?: boolean;
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
  escalation: { timeoutSeconds: number; onTimeout: "block" | "allow" };
  notes: string[];
}

export const DEFAULT_TIMEOUT_SECONDS = 10;
export const DEFAULT_ESCALATION_TIMEOUT_SECONDS = 300;

const stricterLevel = (a: Level, b: Level): Level => (LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b);
const stricterEnv = (a: Environment, b: Environment): Environment => (ENVIRONMENTS.indexOf(a) >= ENVIRONMENTS.indexOf(b) ? a : b);

export function mergeSettings(user: PolicyConfig, project: PolicyLayer | undefined, overrides: Overrides): MergedSettings {
  const notes: string[] = [];
  // The user's side.
  let failMode: FailMode = overrides.failMode ?? user.failMode ?? "closed";
  let timeoutSeconds = overrides.timeoutSeconds ?? user.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  let level: Level = overrides.level ?? user.level ?? "standard";
  let environment: Environment = overrides.environment ?? user.environment ?? "dev";
  let onTimeout = user.escalation?.onTimeout ?? "block";
  let escalationTimeout = user.escalation?.timeout ?? DEFAULT_ESCALATION_TIMEOUT_SECONDS;
  if (!project) return { failMode, timeoutSeconds, level, environment, escalation: { timeoutSeconds: escalationTimeout, onTimeout }, notes };

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
    if (p.audit) ignored("audit", "the audit trail's settings are the user's own");
    return { failMode, timeoutSeconds, level, environment, escalation: { timeoutSeconds: escalationTimeout, onTimeout }, notes };
  }

  if (p.failMode === "closed") failMode = "closed";
  else if (p.failMode === "open" && failMode === "closed") ignored('failMode "open"', 'a project cannot loosen the fail mode "closed"');
  if (p.level) {
    if (LEVELS.indexOf(p.level) < LEVELS.indexOf(level)) ignored(`level "${p.level}"`, `a project cannot lower the level "${level}"`);
    level = stricterLevel(level, p.level);
  }
  if (p.environment) {
    if (ENVIRONMENTS.indexOf(p.environment) < ENVIRONMENTS.indexOf(environment)) ignored(`environment "${p.environment}"`, `a project cannot move "${environment}" to a less guarded environment`);
    environment = stricterEnv(environment, p.environment);
  }
  // A shorter deadline is stricter only when running out of time blocks.
  if (p.timeout !== undefined) {
    if (p.timeout < timeoutSeconds && failMode === "closed") timeoutSeconds = p.timeout;
    else if (p.timeout !== timeoutSeconds) ignored(`timeout ${p.timeout}`, failMode === "closed" ? `a project can only shorten the deadline (${timeoutSeconds} s)` : "with fail mode open a shorter deadline would allow more, not less");
  }
  if (p.escalation?.onTimeout === "block") onTimeout = "block";
  else if (p.escalation?.onTimeout === "allow" && onTimeout === "block") ignored('escalation.onTimeout "allow"', "a project cannot let unanswered escalations through");
  if (p.escalation?.timeout !== undefined) {
    if (p.escalation.timeout < escalationTimeout && onTimeout === "block") escalationTimeout = p.escalation.timeout;
    else if (p.escalation.timeout !== escalationTimeout) ignored(`escalation.timeout ${p.escalation.timeout}`, "a project can only shorten the time a human has when silence blocks");
  }
  if (p.audit) ignored("audit", "the audit trail's settings are the user's own");
  return { failMode, timeoutSeconds, level, environment, escalation: { timeoutSeconds: escalationTimeout, onTimeout }, notes };
}
