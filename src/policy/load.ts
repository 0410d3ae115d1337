// Loads the policy in force for a hook call: built-in defaults, the user's config under STASO_HOME,
// then environment overrides. Kept to node:fs and JSON so it costs the hook almost nothing.
import { readFileSync } from "node:fs";
import { parseFailMode, type FailMode } from "../engine/fail-mode.js";
import { stasoPaths, userConfigFile } from "../paths.js";
import { PolicyError, validatePolicy, type PolicyConfig } from "./schema.js";

export interface Policy {
  failMode: FailMode;
  timeoutSeconds: number;
  rules: NonNullable<PolicyConfig["rules"]>;
  audit: { enabled: boolean; record: "all" | "non-allow" };
  /** The files the policy came from, for `staso doctor` and `staso rules`. */
  sources: string[];
}

export const DEFAULT_TIMEOUT_SECONDS = 10;

/** The fail mode from the environment alone: what applies before (or without) a readable config. */
export function envFailMode(env: NodeJS.ProcessEnv = process.env): FailMode {
  return parseFailMode(env.STASO_FAIL_MODE) ?? "closed";
}

export function envTimeoutSeconds(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.STASO_GUARD_TIMEOUT;
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new PolicyError(`STASO_GUARD_TIMEOUT must be a number of seconds above 0, not ${JSON.stringify(raw)}.`);
  return n;
}

function readJsonFile(file: string): unknown | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new PolicyError(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PolicyError(`${file} is not valid JSON (${(err as Error).message}).`);
  }
}

/** Throws PolicyError with one human sentence when a config is broken. */
export function loadPolicy(env: NodeJS.ProcessEnv = process.env): Policy {
  const file = userConfigFile(stasoPaths(env));
  const raw = readJsonFile(file);
  const user = raw === undefined ? {} : validatePolicy(file, raw);
  const envMode = parseFailMode(env.STASO_FAIL_MODE);
  if (env.STASO_FAIL_MODE && !envMode) throw new PolicyError(`STASO_FAIL_MODE must be "closed" or "open", not ${JSON.stringify(env.STASO_FAIL_MODE)}.`);
  return {
    failMode: envMode ?? user.failMode ?? "closed",
    timeoutSeconds: envTimeoutSeconds(env) ?? user.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    rules: user.rules ?? {},
    audit: { enabled: user.audit?.enabled ?? true, record: user.audit?.record ?? "all" },
    sources: raw === undefined ? [] : [file],
  };
}
