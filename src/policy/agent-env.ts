// The hook's environment, as far as the user set it. Claude Code hands the `env` block of a project's
// .claude/settings.json and .claude/settings.local.json to every hook process (checked on 2.1.329: the
// project's values win over the user's shell and over the user's own settings), so a repository could
// set STASO_GUARD_ENABLED=false, STASO_FAIL_MODE=open or a STASO_HOME of its own for the guard that is
// meant to hold it. Codex hands hooks its own environment only (a project's .codex/config.toml does not
// reach them, checked on 0.169.0), so this is Claude Code's project settings.
//
// A value is the project's when a project settings file sets the variable to exactly the value the hook
// sees, and none of the user's own sources has that same value: their Claude settings' env block, or on
// Linux the environment the agent itself was started with (/proc/<pid>/environ of the agent process,
// CLAUDE_PID, when it is an ancestor of the hook). What staso makes of a project's value:
//   - STASO_GUARD_ENABLED that turns the guard off: ignored.
//   - STASO_FAIL_MODE, STASO_LEVEL, STASO_GUARD_TIMEOUT, STASO_ENVIRONMENT: tighten-only, as in a project config.
//   - where staso, the agents and the user keep their files (STASO_HOME, HOME, XDG_*, CLAUDE_CONFIG_DIR,
//     CODEX_HOME, …), where audit spans go (OTEL_*), PATH, and any other STASO_*: ignored; the user's own
//     value stands.
//   - what makes a program load code before it starts (NODE_OPTIONS beyond harmless options, BUN_OPTIONS,
//     BUN_BE_BUN, BUN_INSPECT*, LD_PRELOAD, LD_AUDIT, DYLD_INSERT_LIBRARIES, BASH_ENV, ENV, and
//     LD_LIBRARY_PATH/NODE_PATH into the project): when it reached this very process (its runtime's own, or
//     the loader's and the shell's), staso refuses to decide (the fail mode answers), as its own code may
//     not be what runs; the other runtime's is ignored, so nothing staso starts gets it. The hook command
//     `staso setup` writes empties the runtime's own (NODE_OPTIONS=, BUN_OPTIONS=, …) so they never reach it.
// Any origin: a relative STASO_HOME, or one inside the repository, is refused (its files would be the
// user's config).
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { os } from "../builtin.js";

/** A variable a project's agent settings set. */
interface ProjectEnvValue {
  value: string;
  /** The settings file. */
  file: string;
}

/** The project's values for the four settings a project may only tighten (as strings, validated later). */
export interface ProjectEnvSettings {
  failMode?: string;
  level?: string;
  timeout?: string;
  environment?: string;
  /** The settings file they came from (for the notes). */
  file: string;
}

export interface EnvTrust {
  /** Changes to the environment staso reads: a value (the user's own) or undefined (removed). */
  changes: Record<string, string | undefined>;
  /** The project's tighten-only settings, if it set any. */
  project?: ProjectEnvSettings;
  /** What was ignored or taken as tighten-only, one line per settings file, for stderr. */
  notes: string[];
  /** Set when staso must not decide at all (the fail mode answers): why, one sentence. */
  refuse?: string;
  /** Whether STASO_GUARD_ENABLED, as the user set it, turns the guard off. */
  guardOff: boolean;
}

const GUARD_OFF = /^(false|0|no|off)$/i;
const TIGHTEN: Record<string, keyof Omit<ProjectEnvSettings, "file">> = {
  STASO_FAIL_MODE: "failMode",
  STASO_LEVEL: "level",
  STASO_GUARD_TIMEOUT: "timeout",
  STASO_ENVIRONMENT: "environment",
};
/** Where things live and who the user is: a project's value is ignored. */
const LOCATIONS =
  /^(?:HOME|USERPROFILE|APPDATA|LOCALAPPDATA|XDG_[A-Z_]+|CLAUDE_CONFIG_DIR|CODEX_HOME|PATH|OTEL_[A-Z_]+|STASO_[A-Z0-9_]+)$/;
/** Options of NODE_OPTIONS that load no code and open no door. */
const SAFE_NODE_OPTION =
  /^--(?:max-old-space-size|max-semi-space-size|stack-size|stack-trace-limit|no-warnings|no-deprecation|trace-warnings|trace-deprecation|trace-uncaught|enable-source-maps|unhandled-rejections|dns-result-order|use-openssl-ca|use-bundled-ca|openssl-legacy-provider|disable-warning|title|max-http-header-size|experimental-global-webcrypto|no-experimental-fetch|force-fips)(?:=\S*)?$/;

const underBun = (): boolean => typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";

/**
 * A project's value of a variable that makes a program load code: why, and whether it reached this very
 * process (its runtime read it at start-up, or the shell that started it did), or only would reach the
 * programs it starts (the background export, a notifier). Undefined when it is harmless.
 */
function loadsCode(
  name: string,
  value: string,
  inProject: (p: string) => boolean,
): { why: string; reachedUs: boolean } | undefined {
  if (value.trim() === "") return undefined;
  if (name === "NODE_OPTIONS") {
    const risky = value.split(/\s+/).filter((o) => o !== "" && !SAFE_NODE_OPTION.test(o));
    return risky.length
      ? { why: `its options (${risky.join(" ")}) can make Node run code before staso starts`, reachedUs: !underBun() }
      : undefined;
  }
  if (/^(?:BUN_OPTIONS|BUN_BE_BUN|BUN_INSPECT[A-Z_]*|BUN_RUNTIME_TRANSPILER_CACHE_PATH)$/.test(name))
    return { why: "it changes what Bun runs instead of staso's own code", reachedUs: underBun() };
  if (/^(?:LD_PRELOAD|LD_AUDIT|DYLD_INSERT_LIBRARIES|BASH_ENV|ENV)$/.test(name))
    return { why: "it makes programs load code of its choosing before they start", reachedUs: true };
  if (/^(?:LD_LIBRARY_PATH|DYLD_LIBRARY_PATH|DYLD_FRAMEWORK_PATH|NODE_PATH)$/.test(name)) {
    const bad = value.split(":").find((d) => d !== "" && (!isAbsolute(d) || inProject(d)));
    return bad !== undefined
      ? {
          why: `it makes programs load libraries or modules from ${bad}`,
          reachedUs: name !== "NODE_PATH" || !underBun(),
        }
      : undefined;
  }
  return undefined;
}

/** An agent settings file's content: plain JSON, else JSON with comments and trailing commas; undefined when neither. */
export function parseAgentSettings(text: string): Record<string, unknown> | undefined {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    try {
      j = JSON.parse(withoutComments(text));
    } catch {
      return undefined; // the agent cannot read it either, so it applies nothing from it
    }
  }
  return j && typeof j === "object" && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined;
}

function readEnvBlock(file: string): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  if (!text.includes('"env"')) return undefined;
  const j = parseAgentSettings(text);
  if (!j?.env || typeof j.env !== "object") return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(j.env as Record<string, unknown>))
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = String(v);
  return out;
}

/**
 * JSON with comments and trailing commas made plain JSON (strings left alone): whatever the agent accepts
 * in its settings, staso must read the same env block out of it.
 */
function withoutComments(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      out += text.slice(start, i + 1);
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, "$1");
}

/** Every `.claude` folder from each start dir up to the root, with the env blocks of its two settings files. */
function settingsDirs(starts: string[]): { dir: string; env: Record<string, ProjectEnvValue> }[] {
  const seen = new Set<string>();
  const out: { dir: string; env: Record<string, ProjectEnvValue> }[] = [];
  for (const start of starts) {
    for (let d = resolve(start); !seen.has(d); d = dirname(d)) {
      seen.add(d);
      // existsSync, not a read that throws: an exception per folder costs more than the look itself.
      const claude = join(d, ".claude");
      if (existsSync(claude)) {
        const env: Record<string, ProjectEnvValue> = {};
        // settings.local.json wins over settings.json, as in Claude Code.
        for (const name of ["settings.json", "settings.local.json"]) {
          const file = join(claude, name);
          if (!existsSync(file)) continue;
          for (const [k, value] of Object.entries(readEnvBlock(file) ?? {})) env[k] = { value, file };
        }
        out.push({ dir: d, env });
      }
      if (dirname(d) === d) break;
    }
  }
  return out;
}

/** The env block of the user's own Claude Code settings (~/.claude/settings.json and settings.local.json). */
function userSettingsEnv(home: string): Record<string, ProjectEnvValue> {
  const env: Record<string, ProjectEnvValue> = {};
  for (const name of ["settings.json", "settings.local.json"]) {
    const file = join(home, ".claude", name);
    for (const [k, value] of Object.entries(readEnvBlock(file) ?? {})) env[k] = { value, file };
  }
  return env;
}

/** The environment the agent process started with, when it is an ancestor of this process (Linux). */
function agentStartEnv(env: NodeJS.ProcessEnv): Record<string, string> | undefined {
  if (process.platform !== "linux" || !/^\d+$/.test(env.CLAUDE_PID ?? "")) return undefined;
  const agent = Number(env.CLAUDE_PID);
  let pid = process.ppid;
  for (let i = 0; i < 4 && pid > 1 && pid !== agent; i++) {
    try {
      pid = Number(/\)\s+\S+\s+(\d+)/.exec(readFileSync(`/proc/${pid}/stat`, "utf8"))?.[1] ?? 0);
    } catch {
      return undefined;
    }
  }
  if (pid !== agent) return undefined;
  try {
    const out: Record<string, string> = {};
    for (const kv of readFileSync(`/proc/${agent}/environ`, "utf8").split("\0")) {
      const eq = kv.indexOf("=");
      if (eq > 0) out[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    return out;
  } catch {
    return undefined;
  }
}

/** The home directory from the password database (not from HOME, which a project may set). */
function accountHome(): string | undefined {
  try {
    return os().userInfo().homedir;
  } catch {
    return undefined;
  }
}

// realpathSync.native: one system call, where the JavaScript one lstat()s every component.
const realOr = (p: string): string => {
  try {
    return (realpathSync.native ?? realpathSync)(p);
  } catch {
    return resolve(p);
  }
};
const within = (p: string, dir: string): boolean => p === dir || p.startsWith(dir.endsWith("/") ? dir : `${dir}/`);

/** The repository around `cwd` (the nearest folder with .git), unless that is the home folder or above it. */
function repositoryOf(cwd: string, home: string | undefined): string | undefined {
  for (let d = resolve(cwd); ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return home && within(home, d) ? undefined : d;
    if (dirname(d) === d) return undefined;
  }
}

export interface EnvTrustOptions {
  /** Where the call runs: the project settings are looked for from here (and CLAUDE_PROJECT_DIR) upward. */
  cwd: string;
  /** The agent, when known: Codex applies no project env block, so nothing there is the project's. */
  host?: string;
}

/**
 * What of `env` the user set, and what a project's agent settings did. Cheap when nothing is set: one
 * readdir per folder from the cwd up (where .claude folders are), no other file unless one holds settings.
 */
export function trustEnvironment(env: NodeJS.ProcessEnv, opts: EnvTrustOptions): EnvTrust {
  const changes: Record<string, string | undefined> = {};
  const notes: string[] = [];
  let refuse: string | undefined;
  let project: ProjectEnvSettings | undefined;
  const guardOffAsSet = GUARD_OFF.test(env.STASO_GUARD_ENABLED ?? "");

  const starts = opts.host === "codex" ? [] : [opts.cwd, ...(env.CLAUDE_PROJECT_DIR ? [env.CLAUDE_PROJECT_DIR] : [])];
  const dirs = settingsDirs(starts);
  // Candidates: variables a settings file sets to exactly the value the hook sees.
  const candidates = new Map<string, ProjectEnvValue & { dir: string }>();
  for (const { dir, env: block } of dirs)
    for (const [k, v] of Object.entries(block))
      if (env[k] === v.value && !candidates.has(k)) candidates.set(k, { ...v, dir });

  let guardOff = guardOffAsSet;
  if (candidates.size > 0) {
    // The user's own settings are those of the home folder (the account's, when HOME is one of the candidates).
    const home = candidates.has("HOME") ? (accountHome() ?? env.HOME) : env.HOME;
    const own = home ? userSettingsEnv(home) : undefined;
    for (const [k, c] of candidates) if (home && c.dir === resolve(home)) candidates.delete(k);
    let started: Record<string, string> | undefined | null = null;
    const userValue = (k: string): string | undefined => {
      if (own?.[k] !== undefined) return own[k]!.value;
      if (started === null) started = agentStartEnv(env);
      return started?.[k];
    };
    let repo: string | undefined | null = null;
    const inProject = (p: string) => {
      if (repo === null) repo = repositoryOf(opts.cwd, home);
      const r = realOr(resolve(opts.cwd, p));
      return [repo, env.CLAUDE_PROJECT_DIR].some((d) => d !== undefined && within(r, realOr(d)));
    };
    const said = new Map<string, { ignored: string[]; tighten: string[] }>();
    const say = (file: string, kind: "ignored" | "tighten", what: string) => {
      const entry = said.get(file) ?? { ignored: [], tighten: [] };
      entry[kind].push(what);
      said.set(file, entry);
    };
    for (const [k, c] of candidates) {
      const mine = userValue(k);
      if (mine === c.value) continue; // the user set the same value themselves
      const code = loadsCode(k, c.value, inProject);
      if (code?.reachedUs) {
        refuse ??= `${c.file} sets ${k} for every hook, and ${code.why}; staso cannot be sure its own code is what decides, so the fail mode decides (remove it from the project's settings, or set it in your own shell)`;
        continue;
      }
      if (code) {
        // Not this runtime's: it would reach only what staso starts, which does not get it.
        changes[k] = mine;
        say(c.file, "ignored", k);
        continue;
      }
      if (k === "STASO_GUARD_ENABLED") {
        if (GUARD_OFF.test(c.value)) {
          guardOff = mine !== undefined && GUARD_OFF.test(mine);
          say(c.file, "ignored", `${k}=${c.value}`);
        }
        changes[k] = mine;
      } else if (TIGHTEN[k]) {
        project ??= { file: c.file };
        project[TIGHTEN[k]] = c.value;
        changes[k] = mine;
        say(c.file, "tighten", `${k}=${c.value}`);
      } else if (LOCATIONS.test(k)) {
        changes[k] = mine;
        say(c.file, "ignored", k);
      }
    }
    for (const [file, { ignored, tighten }] of said) {
      const parts = [
        ...(ignored.length ? [`cannot switch staso off or move its files (${ignored.join(", ")} ignored)`] : []),
        ...(tighten.length ? [`can only tighten it (${tighten.join(", ")} applies only where it does)`] : []),
      ];
      notes.push(
        `${file} sets ${[...ignored, ...tighten].join(", ")} for the hook: a project's agent settings ${parts.join(" and ")}.`,
      );
    }
  }

  // STASO_HOME, whoever set it: relative, or inside the repository, its config would be the repository's.
  // Refused, it is not used either: the fail mode is then the user's config's in its usual place.
  const stasoHome = valueAfter("STASO_HOME", env, changes);
  if (stasoHome !== undefined && stasoHome !== "") {
    let why: string | undefined;
    if (!isAbsolute(stasoHome))
      why = `STASO_HOME is relative (${JSON.stringify(stasoHome)}), so staso's config would be whatever the project holds there; set it to an absolute path outside any repository`;
    else {
      const repo = repositoryOf(opts.cwd, valueAfter("HOME", env, changes));
      if (repo && within(realOr(stasoHome), realOr(repo)))
        why = `STASO_HOME (${stasoHome}) is inside the repository ${repo}, so staso's config would be the repository's; set it to a folder outside any repository`;
    }
    if (why) {
      refuse ??= why;
      changes.STASO_HOME = undefined;
    }
  }
  return { changes, notes, guardOff, ...(project ? { project } : {}), ...(refuse ? { refuse } : {}) };
}

/** A variable's value after the changes. */
function valueAfter(
  name: string,
  env: NodeJS.ProcessEnv,
  changes: Record<string, string | undefined>,
): string | undefined {
  return name in changes ? changes[name] : env[name];
}

/** Applies the changes to an environment object (the hook applies them to process.env, which every reader uses). */
export function applyEnvChanges(env: NodeJS.ProcessEnv, changes: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
}
