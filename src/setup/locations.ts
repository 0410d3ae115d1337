// Where each agent reads its hooks, per scope, and the path Codex uses for a hooks file in its trust keys.
import { existsSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { HookTarget } from "../config-files/hook-command.js";

/** user: the agent's per-user config; project: the project's shared config; local: Claude Code's per-user project file. */
export type Scope = "user" | "project" | "local";

export const SCOPES: Scope[] = ["user", "project", "local"];

export function scopesFor(target: HookTarget): Scope[] {
  return target === "claude-code" ? ["user", "project", "local"] : ["user", "project"];
}

export const targetLabel = (t: HookTarget) => (t === "claude-code" ? "Claude Code" : "Codex");

export interface LocationEnv {
  env?: NodeJS.ProcessEnv;
  /** The project directory for project and local scope (default: the current directory). */
  projectDir?: string;
}

const realOrResolved = (p: string) => {
  const abs = resolve(p);
  try {
    return existsSync(abs) ? realpathSync(abs) : abs;
  } catch {
    return abs;
  }
};

/** The user's home as the agents see it ($HOME; %USERPROFILE% on Windows). */
export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return (process.platform === "win32" ? env.USERPROFILE : env.HOME) || homedir();
}

export function claudeUserDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(homeDir(env), ".claude");
}

export function claudeSettingsFile(scope: Scope, o: LocationEnv = {}): string {
  const project = resolve(o.projectDir ?? process.cwd());
  if (scope === "user") return join(claudeUserDir(o.env), "settings.json");
  return join(project, ".claude", scope === "local" ? "settings.local.json" : "settings.json");
}

/** $CODEX_HOME (canonicalized, as Codex does when the variable is set) or ~/.codex. */
export function codexHome(env: NodeJS.ProcessEnv = process.env): { dir: string; fromEnv: boolean } {
  const v = env.CODEX_HOME;
  if (v && v.trim() !== "") return { dir: realOrResolved(v), fromEnv: true };
  return { dir: join(homeDir(env), ".codex"), fromEnv: false };
}

export interface CodexFiles {
  /** The hooks.json staso writes. */
  hooksFile: string;
  /** The user config.toml that holds hook trust (always the user's, whatever the scope). */
  configFile: string;
  /** The hooks file's path as Codex spells it in trust keys. */
  trustSource: string;
  /** Project scope: the project directory Codex must trust to load .codex/ (else null). */
  project: string | null;
}

export function codexFiles(scope: Scope, o: LocationEnv = {}): CodexFiles {
  const home = codexHome(o.env);
  const configFile = join(home.dir, "config.toml");
  if (scope === "user") {
    const hooksFile = join(home.dir, "hooks.json");
    return { hooksFile, configFile, trustSource: hooksFile, project: null };
  }
  if (scope === "local") throw new Error("Codex has no local scope (use user or project)");
  const project = realOrResolved(o.projectDir ?? process.cwd());
  const hooksFile = join(project, ".codex", "hooks.json");
  return { hooksFile, configFile, trustSource: hooksFile, project };
}
