// Which agents are installed here: their binaries (found on PATH or where their installers put them, and
// asked for their version through execa) and their config directories.
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import type { HookTarget } from "../config-files/hook-command.js";
import { claudeUserDir, codexHome, homeDir, targetLabel } from "./locations.js";

export interface AgentInfo {
  target: HookTarget;
  label: string;
  binary: string | null;
  version: string | null;
  configDir: string;
  configDirExists: boolean;
  /** A binary or a config directory was found. */
  found: boolean;
}

export const ALL_TARGETS: HookTarget[] = ["claude-code", "codex"];

function findOnPath(name: string, env: NodeJS.ProcessEnv, extra: string[] = []): string | null {
  const exts =
    process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").map((e) => e.toLowerCase()) : [""];
  for (const dir of [...(env.PATH ?? "").split(delimiter), ...extra]) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = join(dir, name + ext);
      try {
        accessSync(p, constants.X_OK);
        return p;
      } catch {
        // next
      }
    }
  }
  return null;
}

function agentBinaryName(target: HookTarget): string {
  return target === "claude-code" ? "claude" : "codex";
}

export async function detectAgent(target: HookTarget, env: NodeJS.ProcessEnv = process.env): Promise<AgentInfo> {
  const home = homeDir(env);
  const extra =
    target === "claude-code"
      ? [join(home, ".claude", "local"), join(home, ".local", "bin")]
      : [join(home, ".local", "bin")];
  const binary = findOnPath(agentBinaryName(target), env, extra);
  let version: string | null = null;
  if (binary) {
    const r = await execa(binary, ["--version"], { env, stdin: "ignore", timeout: 15_000, reject: false });
    if (r.exitCode === 0) version = String(r.stdout).trim().split("\n")[0] ?? null;
  }
  const configDir = target === "claude-code" ? claudeUserDir(env) : codexHome(env).dir;
  const configDirExists = existsSync(configDir);
  return {
    target,
    label: targetLabel(target),
    binary,
    version,
    configDir,
    configDirExists,
    found: binary !== null || configDirExists,
  };
}

export function detectAgents(env: NodeJS.ProcessEnv = process.env): Promise<AgentInfo[]> {
  return Promise.all(ALL_TARGETS.map((t) => detectAgent(t, env)));
}
