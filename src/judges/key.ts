// Where a judge's model is and which key it is sent: one reading for the hook (run.ts) and `staso doctor`.
import { DEFAULT_API_KEY_ENV, DEFAULT_BASE_URL, type JudgeModelConfig } from "./config.js";

export interface JudgeEndpoint {
  baseUrl: string;
  /** The environment variable the key is read from. */
  keyEnv: string;
  /** The key, when that variable is set (and not blank). */
  key?: string;
  /** A server on this machine (localhost, 127.*, ::1): it is asked without a key when there is none. */
  local: boolean;
}

export function judgeEndpoint(spec: JudgeModelConfig, env: NodeJS.ProcessEnv): JudgeEndpoint {
  const baseUrl = spec.baseUrl ?? DEFAULT_BASE_URL[spec.provider];
  const keyEnv = spec.apiKeyEnv ?? DEFAULT_API_KEY_ENV[spec.provider];
  const key = env[keyEnv]?.trim() || undefined;
  return { baseUrl, keyEnv, ...(key ? { key } : {}), local: isLocal(baseUrl) };
}

function isLocal(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || /^127\./.test(host);
  } catch {
    return false;
  }
}
