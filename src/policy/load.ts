// Loads the policy in force: built-in defaults, the user's config under STASO_HOME, environment
// overrides, command flags, and the project config found from the call's cwd upward (which may only
// tighten; policy/merge.ts decides precedence). The hook calls resolvePolicy() once the payload tells
// it the cwd; a compiled policy is cached by the config files' identity (policy/cache.ts), so an
// unchanged config costs one small file read.
import { dirname, resolve } from "node:path";
import { parseFailMode, type FailMode } from "../engine/fail-mode.js";
import { stasoPaths, userConfigFile } from "../paths.js";
import { resolveAuditSettings } from "../audit/settings.js";
import {
  ENVIRONMENTS,
  LEVELS,
  PolicyError,
  validatePolicy,
  type Environment,
  type Level,
  type PolicyConfig,
} from "./schema.js";
import { mergeSettings, type Overrides, type PolicyLayer, type ProjectEnvOverrides } from "./merge.js";
import type { ProjectEnvSettings } from "./agent-env.js";
import {
  findProjectConfig,
  identityOf,
  isExecutableConfig,
  readConfigFile,
  readJsonConfigSync,
  UntrustedCodeError,
  type ProjectSearch,
} from "./discover.js";
import { projectTrust, trustStoreFile, untrustedNote, type ProjectTrust } from "./trust.js";
import { readCachedPolicy, writeCachedPolicy, type CacheKey } from "./cache.js";
import { readTeamLayer, teamPolicyFile } from "./team.js";
import type { Policy } from "./policy.js";

export type { Policy } from "./policy.js";
import { requiredLiteral } from "../util/linear-regex.js";
import { buildPrefilter } from "./custom/prefilter.js";

export { DEFAULT_TIMEOUT_SECONDS } from "./merge.js";

function compiled(layers: PolicyLayer[]): Pick<Policy, "regexHints" | "prefilters"> {
  const hints = regexHints(layers);
  return {
    regexHints: hints,
    prefilters: layers.map((l) => (l.config.customRules ?? []).map((r) => buildPrefilter(r, hints))),
  };
}

/** Walks the configs for every {regex, flags?} and computes its required text (once, when the cache is refreshed). */
function regexHints(layers: PolicyLayer[]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    if (typeof o.regex === "string") {
      const flags = typeof o.flags === "string" ? o.flags : "";
      const hint = requiredLiteral(o.regex, flags);
      if (hint !== undefined) out[`${flags}/${o.regex}`] = hint;
    }
    for (const x of Object.values(o)) walk(x);
  };
  for (const l of layers) walk([l.config.customRules, l.config.allow]);
  return out;
}

/** The fail mode from the environment alone: what applies before (or without) a readable config. */
export function envFailMode(env: NodeJS.ProcessEnv = process.env): FailMode {
  return parseFailMode(env.STASO_FAIL_MODE) ?? "closed";
}

export function envTimeoutSeconds(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.STASO_GUARD_TIMEOUT;
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new PolicyError(`STASO_GUARD_TIMEOUT must be a number of seconds above 0, not ${JSON.stringify(raw)}.`);
  return n;
}

/** STASO_FAIL_MODE, STASO_GUARD_TIMEOUT, STASO_LEVEL and STASO_ENVIRONMENT. */
function envOverrides(env: NodeJS.ProcessEnv = process.env): Overrides {
  const out: Overrides = {};
  const mode = parseFailMode(env.STASO_FAIL_MODE);
  if (env.STASO_FAIL_MODE && !mode)
    throw new PolicyError(`STASO_FAIL_MODE must be "closed" or "open", not ${JSON.stringify(env.STASO_FAIL_MODE)}.`);
  if (mode) out.failMode = mode;
  const timeout = envTimeoutSeconds(env);
  if (timeout !== undefined) out.timeoutSeconds = timeout;
  if (env.STASO_LEVEL) {
    const level = env.STASO_LEVEL.trim().toLowerCase() as Level;
    if (!LEVELS.includes(level))
      throw new PolicyError(`STASO_LEVEL must be one of ${LEVELS.join(", ")}, not ${JSON.stringify(env.STASO_LEVEL)}.`);
    out.level = level;
  }
  if (env.STASO_ENVIRONMENT) {
    const e = env.STASO_ENVIRONMENT.trim().toLowerCase() as Environment;
    if (!ENVIRONMENTS.includes(e))
      throw new PolicyError(
        `STASO_ENVIRONMENT must be one of ${ENVIRONMENTS.join(", ")}, not ${JSON.stringify(env.STASO_ENVIRONMENT)}.`,
      );
    out.environment = e;
  }
  return out;
}

function assemble(
  user: PolicyLayer | undefined,
  project: PolicyLayer | undefined,
  overrides: Overrides,
  extraNotes: string[] = [],
  projectEnv?: ProjectEnvOverrides,
  team?: PolicyLayer,
): Policy {
  const userConfig = user?.config ?? {};
  const merged = mergeSettings(userConfig, project, overrides, team, user?.file, projectEnv);
  const layers = [team, user, project].filter((l): l is PolicyLayer => l !== undefined);
  return {
    failMode: merged.failMode,
    timeoutSeconds: merged.timeoutSeconds,
    level: merged.level,
    // A project's STASO_LEVEL (its agent settings) raises the user's side too, as the user's own would.
    userLevel: stricterOf(
      team
        ? mergeSettings(userConfig, undefined, overrides, team).level
        : (overrides.level ?? userConfig.level ?? "standard"),
      projectEnv?.level,
    ),
    environment: merged.environment,
    escalation: merged.escalation,
    ...(merged.grayZone ? { grayZone: merged.grayZone } : {}),
    rules: userConfig.rules ?? {},
    audit: resolveAuditSettings(userConfig.audit),
    sources: layers.map((l) => l.file),
    layers,
    notes: [...extraNotes, ...merged.notes],
    ...(project
      ? {
          project: {
            file: project.file,
            trusted: project.trusted === true,
            ...(project.trust ? { trust: project.trust.by } : {}),
          },
        }
      : {}),
    ...compiled(layers),
  };
}

const stricterOf = (a: Level, b: Level | undefined): Level =>
  b !== undefined && LEVELS.indexOf(b) > LEVELS.indexOf(a) ? b : a;

/** The built-in defaults alone (no config files, no environment): for commands that show the defaults. */
export function defaultPolicy(): Policy {
  return assemble(undefined, undefined, {});
}

/**
 * The user's side only (no project): defaults, the user's config.json, then the environment. Synchronous,
 * for commands that need the settings without a call (doctor, export). Throws PolicyError with one
 * human sentence when a config is broken.
 */
export function loadPolicy(env: NodeJS.ProcessEnv = process.env): Policy {
  const paths = stasoPaths(env);
  const file = userConfigFile(paths);
  const raw = readJsonConfigSync(file);
  const user = raw === undefined ? undefined : layer("user", file, validatePolicy(file, raw, "user"));
  return assemble(user, undefined, envOverrides(env), [], undefined, readTeamLayer(teamPolicyFile(paths)));
}

/** One validated config alone on the built-in defaults (no environment, no other file): what it decides by itself. */
export function policyOfConfig(file: string, config: PolicyConfig): Policy {
  return assemble(layer("user", file, config), undefined, {});
}

const layer = (origin: "user" | "project", file: string, config: PolicyConfig, trust?: ProjectTrust): PolicyLayer => ({
  origin,
  file,
  dir: dirname(file),
  config,
  ...(origin === "project" ? { trusted: trust !== undefined } : {}),
  ...(trust ? { trust } : {}),
});

/**
 * The project's layer: its config, if the project may run it. An executable config of an untrusted
 * project is not run (a data config beside it applies instead, so planting one cannot switch the team's
 * off), nor are the plugins an untrusted project's config names; each such thing gets one line in
 * `untrusted`. A trusted project's code runs checked against what the user trusted (policy/trust.ts).
 */
async function projectLayer(
  search: ProjectSearch & { file: string },
  user: PolicyConfig | undefined,
  env: NodeJS.ProcessEnv,
  storeFile: string,
  deadlineAt: number | undefined,
  trustDir?: string,
): Promise<{ layer?: PolicyLayer; untrusted: string[] }> {
  const untrusted: string[] = [];
  let file = search.file;
  // Trust belongs to the project the call was made in, not to where a stand-in file happens to lie.
  const dir = trustDir ?? projectDir(file);
  let t = projectTrust(file, dir, user, env, storeFile);
  if (isExecutableConfig(file) && !t.trust) {
    untrusted.push(untrustedNote(file, t.why, dir));
    const data = search.shadowed.find((f) => projectDir(f) === dir && !isExecutableConfig(f));
    if (!data) return { untrusted };
    file = data;
    t = projectTrust(file, dir, user, env, storeFile);
  }
  let raw: unknown;
  try {
    raw = await readConfigFile(file, {
      ...(deadlineAt !== undefined ? { deadlineAt } : {}),
      ...(t.trust?.by === "staso trust" ? { trust: { table: t.trust.files } } : {}),
    });
  } catch (err) {
    if (!(err instanceof UntrustedCodeError)) throw err;
    untrusted.push(untrustedNote(file, err.message, dir));
    return { untrusted };
  }
  if (raw === undefined) return { untrusted };
  let config = validatePolicy(file, raw, "project");
  if (config.plugins?.length && !t.trust) {
    untrusted.push(
      untrustedNote(`${file}: plugins ${config.plugins.map((p) => JSON.stringify(p)).join(", ")}`, t.why, dir),
    );
    const { plugins: _ignored, ...rest } = config;
    config = rest;
  }
  return { layer: layer("project", file, config, t.trust), untrusted };
}

export interface ResolveOptions {
  /** Where the project config search starts: the call's cwd. Omit for the user's side only. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Command flags (win over the environment on the user's side). */
  flags?: Overrides;
  /** Ignore the compiled-policy cache (commands do: they always show the files as they are now). */
  fresh?: boolean;
  /** performance.now() by which a JS/TS config must have loaded (default: 10 s from now). */
  deadlineAt?: number;
  /** STASO_* values a project's agent settings set (policy/agent-env.ts): they may only tighten. */
  projectEnv?: ProjectEnvSettings;
  /**
   * A config file that stands in for the project config found from cwd (a replay's candidate policy). It
   * is trusted as that project would be, and nothing is cached for it: the hook never loads it.
   */
  projectFile?: string;
  /** Write nothing to the compiled-policy cache (a replay writes nothing of the user's). */
  noCache?: boolean;
}

/** A project's STASO_FAIL_MODE/LEVEL/GUARD_TIMEOUT/ENVIRONMENT, validated as the environment's own are. */
function projectEnvOverrides(p: ProjectEnvSettings | undefined): ProjectEnvOverrides | undefined {
  if (!p) return undefined;
  const raw: NodeJS.ProcessEnv = {
    ...(p.failMode !== undefined ? { STASO_FAIL_MODE: p.failMode } : {}),
    ...(p.level !== undefined ? { STASO_LEVEL: p.level } : {}),
    ...(p.timeout !== undefined ? { STASO_GUARD_TIMEOUT: p.timeout } : {}),
    ...(p.environment !== undefined ? { STASO_ENVIRONMENT: p.environment } : {}),
  };
  try {
    const o = envOverrides(raw);
    return {
      file: p.file,
      ...(o.failMode ? { failMode: o.failMode } : {}),
      ...(o.timeoutSeconds !== undefined ? { timeout: o.timeoutSeconds } : {}),
      ...(o.level ? { level: o.level } : {}),
      ...(o.environment ? { environment: o.environment } : {}),
    };
  } catch (err) {
    throw new PolicyError(`${p.file}: env ${(err as Error).message}`);
  }
}

/** The policy for a call made in `cwd`. Throws PolicyError with one sentence naming the file and path. */
export async function resolvePolicy(opts: ResolveOptions = {}): Promise<Policy> {
  const env = opts.env ?? process.env;
  const overrides: Overrides = { ...envOverrides(env), ...(opts.flags ?? {}) };
  const projectEnv = projectEnvOverrides(opts.projectEnv);
  const paths = stasoPaths(env);
  const userFile = userConfigFile(paths);
  const userId = identityOf(userFile);
  const search = opts.cwd !== undefined ? findProjectConfig(opts.cwd) : { shadowed: [] as string[] };
  const projectFile = opts.projectFile ?? search.file;
  const projectId = projectFile ? identityOf(projectFile) : undefined;
  if (opts.projectFile && !projectId) throw new PolicyError(`${opts.projectFile} cannot be read (ENOENT).`);
  const teamFile = teamPolicyFile(paths);
  const teamId = identityOf(teamFile);
  if (!userId && !projectId && !teamId) return assemble(undefined, undefined, overrides, [], projectEnv);

  // Whether the project is trusted is part of what the cached policy says: the store's identity is in the key.
  const storeFile = trustStoreFile(paths);
  const key: CacheKey = {
    user: userId ?? null,
    project: projectId ?? null,
    trust: projectId ? (identityOf(storeFile) ?? null) : null,
    overrides,
    ...(projectEnv ? { projectEnv } : {}),
    ...(teamId ? { team: teamId } : {}),
  };
  const cache = !opts.projectFile && !opts.noCache;
  if (!opts.fresh && cache) {
    const cached = readCachedPolicy(paths.dataDir, key);
    if (cached) return cached;
  }

  let user: PolicyLayer | undefined;
  if (userId) {
    const raw = readJsonConfigSync(userFile);
    if (raw !== undefined) user = layer("user", userFile, validatePolicy(userFile, raw, "user"));
  }
  let project: PolicyLayer | undefined;
  const notes = opts.projectFile
    ? []
    : search.shadowed.map((f) => `${f}: ignored: ${search.file} is the project config in force (one per directory).`);
  let untrusted: string[] = [];
  if (opts.projectFile) {
    const trustDir = search.file ? projectDir(search.file) : resolve(opts.cwd ?? ".");
    const stand = { file: opts.projectFile, shadowed: [] };
    const p = await projectLayer(stand, user?.config, env, storeFile, opts.deadlineAt, trustDir);
    project = p.layer;
    untrusted = p.untrusted;
  } else if (search.file) {
    const p = await projectLayer({ ...search, file: search.file }, user?.config, env, storeFile, opts.deadlineAt);
    project = p.layer;
    untrusted = p.untrusted;
  }
  const team = teamId ? readTeamLayer(teamFile) : undefined;
  const policy = assemble(user, project, overrides, [...untrusted, ...notes], projectEnv, team);
  if (untrusted.length) policy.untrusted = untrusted;
  if (cache) writeCachedPolicy(paths.dataDir, key, policy);
  return policy;
}

/** The promise's value, or a PolicyError once performance.now() passes `at` (a JS config that never settles). */
export function beforeDeadline<T>(promise: Promise<T>, at: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PolicyError(`${what} before the deadline`)),
      Math.max(0, at - performance.now()),
    );
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The project directory a config file belongs to (its .config/ parent for .config/stasorc*). */
export function projectDir(file: string): string {
  const dir = dirname(file);
  return dir.endsWith("/.config") ? dirname(dir) : dir;
}
