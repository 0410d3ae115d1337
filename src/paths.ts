// Where staso keeps per-user state. STASO_HOME, when set, is the one root of everything; otherwise the
// platform's usual per-user config and data directories.
import { homeDir } from "./builtin.js";
import { join } from "node:path";

export interface StasoPaths {
  /** User config (config.json) and the API key. */
  configDir: string;
  /** Audit records, escalations, per-session state. */
  dataDir: string;
}

export function stasoPaths(env: NodeJS.ProcessEnv = process.env): StasoPaths {
  const root = env.STASO_HOME;
  if (root) return { configDir: root, dataDir: root };
  const home = homeDir();
  if (process.platform === "win32") {
    const appData = env.APPDATA ?? join(home, "AppData", "Roaming");
    const local = env.LOCALAPPDATA ?? join(home, "AppData", "Local");
    return { configDir: join(appData, "staso"), dataDir: join(local, "staso") };
  }
  if (process.platform === "darwin" && !env.XDG_CONFIG_HOME) {
    const dir = join(home, "Library", "Application Support", "staso");
    return { configDir: dir, dataDir: dir };
  }
  return {
    configDir: join(env.XDG_CONFIG_HOME || join(home, ".config"), "staso"),
    dataDir: join(env.XDG_DATA_HOME || join(home, ".local", "share"), "staso"),
  };
}

export const userConfigFile = (p: StasoPaths = stasoPaths()): string => join(p.configDir, "config.json");
export const auditDir = (p: StasoPaths = stasoPaths()): string => join(p.dataDir, "audit");
/** The Staso server connection (API key, server URL): 0600, never in an agent's settings or a project. */
export const credentialsFile = (p: StasoPaths = stasoPaths()): string => join(p.configDir, "credentials.json");
