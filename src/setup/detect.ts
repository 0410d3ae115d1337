// Which agents are installed here: their binaries (found on PATH or where their installers put them, and
// asked for their version through execa) and their config directories. What to look for is each host's
// installer's (src/hosts/<agent>/install.ts).
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { HOST_IDS, hostById, type HostId } from "../hosts/index.js";
import type { HostInstaller } from "../hosts/types.js";
import { homeDir } from "../hosts/shared/install.js";

export interface AgentInfo {
  target: HostId;
  label: string;
  binary: string | null;
  version: string | null;
  configDir: string;
  configDirExists: boolean;
  /** A binary or a config directory was found. */
  found: boolean;
}

export const ALL_TARGETS: HostId[] = HOST_IDS;

/** The installer of one host (setup code, loaded on demand). */
export async function installerOf(target: HostId): Promise<HostInstaller> {
  const load = hostById(target).install;
  if (!load) throw new Error(`staso's setup code for ${target} is not part of this build; reinstall staso`);
  return load();
}

function findOnPath(names: string[], env: NodeJS.ProcessEnv, extra: string[] = []): string | null {
  const exts =
    process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").map((e) => e.toLowerCase()) : [""];
  for (const name of names)
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

export async function detectAgent(target: HostId, env: NodeJS.ProcessEnv = process.env): Promise<AgentInfo> {
  const inst = await installerOf(target);
  const binary = findOnPath(inst.binaries, env, inst.binaryDirs(homeDir(env)));
  let version: string | null = null;
  if (binary) {
    const r = await execa(binary, ["--version"], { env, stdin: "ignore", timeout: 15_000, reject: false });
    if (r.exitCode === 0) version = String(r.stdout).trim().split("\n")[0] ?? null;
  }
  const configDir = inst.configDir(env);
  const configDirExists = existsSync(configDir);
  return {
    target,
    label: hostById(target).label,
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
