// staso's own user config (config.json under STASO_HOME / the config dir, read by the hook): setup records
// the fail mode and, when asked, the guard timeout there, merged into whatever the file already holds.
// The API key goes to credentials.json beside it (0600).
import type { FailMode } from "../engine/fail-mode.js";
import { stasoPaths, userConfigFile, type StasoPaths } from "../paths.js";
import { DEFAULT_TIMEOUT_SECONDS, envTimeoutSeconds } from "../policy/load.js";
import type { FileChange } from "./apply.js";
import { credentialsFile } from "./credentials.js";
import { SetupError } from "../config-files/errors.js";
import { readFileState } from "../config-files/fs-write.js";
import { JsonEditor, parseJsonDocument } from "../config-files/json-edit.js";

export interface StasoConfigState {
  file: string;
  text: string | null;
  failMode: FailMode | undefined;
  timeout: number | undefined;
}

export function readStasoConfig(p: StasoPaths = stasoPaths()): StasoConfigState {
  const file = userConfigFile(p);
  const st = readFileState(file);
  if (st.text === null) return { file, text: null, failMode: undefined, timeout: undefined };
  // staso's own file, not an agent's: comments are allowed (staso init writes them; the loader reads them).
  const doc = parseJsonDocument(file, st.text, { allowComments: true });
  const v = (doc.value ?? {}) as Record<string, unknown>;
  if (doc.value !== undefined && (typeof doc.value !== "object" || doc.value === null || Array.isArray(doc.value))) {
    throw new SetupError(
      `${file}: the top level must be a JSON object, so staso changed nothing. Fix the file, then run the command again.`,
    );
  }
  return {
    file,
    text: st.text,
    failMode: v.failMode === "open" || v.failMode === "closed" ? v.failMode : undefined,
    timeout: typeof v.timeout === "number" ? v.timeout : undefined,
  };
}

/** Seconds staso's hook may take, as the hook will see it (environment first, then config, then default). */
export function effectiveTimeout(
  cfg: StasoConfigState,
  env: NodeJS.ProcessEnv = process.env,
  override?: number,
): number {
  if (override !== undefined) return envTimeoutSeconds(env) ?? override;
  return envTimeoutSeconds(env) ?? cfg.timeout ?? DEFAULT_TIMEOUT_SECONDS;
}

/** config.json with the given settings; null when it already says so (or says nothing and the default fits). */
export function planStasoConfig(
  cfg: StasoConfigState,
  want: { failMode: FailMode; timeout?: number },
): FileChange | null {
  const sets: Array<[string, unknown]> = [];
  if (cfg.failMode !== undefined ? cfg.failMode !== want.failMode : want.failMode !== "closed")
    sets.push(["failMode", want.failMode]);
  if (want.timeout !== undefined && (cfg.timeout ?? DEFAULT_TIMEOUT_SECONDS) !== want.timeout)
    sets.push(["timeout", want.timeout]);
  if (sets.length === 0) return null;
  const doc = parseJsonDocument(cfg.file, cfg.text ?? "", { allowComments: true });
  const ed = new JsonEditor(doc);
  for (const [k, v] of sets) {
    if (ed.node([k])) ed.replaceValue([k], v);
    else ed.addProperty([], k, v);
  }
  return { path: cfg.file, label: "staso config", before: cfg.text, after: ed.text, mode: 0o600, dirMode: 0o700 };
}

/**
 * credentials.json with this API key and/or Staso server. A key is kept together with the server it was
 * given for (the hook sends it nowhere else), so a new server needs its key.
 */
export function planCredentials(
  want: { apiKey?: string; server?: string },
  p: StasoPaths = stasoPaths(),
): FileChange | null {
  const file = credentialsFile(p);
  const st = readFileState(file);
  let current: Record<string, unknown> = {};
  if (st.text !== null) {
    const doc = parseJsonDocument(file, st.text, { allowComments: false });
    if (doc.value && typeof doc.value === "object" && !Array.isArray(doc.value))
      current = doc.value as Record<string, unknown>;
  }
  const next = {
    ...current,
    ...(want.apiKey !== undefined ? { apiKey: want.apiKey } : {}),
    ...(want.server !== undefined ? { server: want.server } : {}),
  };
  if (want.server !== undefined && want.apiKey === undefined && current.server !== want.server)
    throw new SetupError(
      `--server ${want.server} needs the API key that server gave this machine: add --api-key ak_….`,
    );
  if (next.apiKey === current.apiKey && next.server === current.server) return null;
  const after = `${JSON.stringify(next, null, 2)}\n`;
  return {
    path: file,
    label: want.server !== undefined ? "Staso server and API key" : "Staso API key",
    before: st.text,
    after,
    mode: 0o600,
    forceMode: true,
    dirMode: 0o700,
    sensitive: true,
  };
}
