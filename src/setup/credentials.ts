// The Staso API key: kept in staso's own user config directory, in a file only its owner can read (0600),
// never in an agent's settings or a project file that might be committed. node:fs only, so anything
// (the hook included) can read it cheaply.
import { readFileSync } from "node:fs";
import { credentialsFile, stasoPaths, type StasoPaths } from "../paths.js";

export { credentialsFile };

/** `ak_` and at least 8 more letters, digits, `_` or `-`. */
const API_KEY_PATTERN = /^ak_[A-Za-z0-9_-]{8,}$/;

export function apiKeyProblem(key: string): string | undefined {
  if (API_KEY_PATTERN.test(key)) return undefined;
  if (!key.startsWith("ak_")) return "a Staso API key starts with ak_";
  return "a Staso API key is ak_ followed by at least 8 letters, digits, _ or -";
}

/** `ak_…` with only the last 4 characters shown. */
export function maskApiKey(key: string): string {
  return key.length > 11 ? `ak_…${key.slice(-4)}` : "ak_…";
}

export function readApiKey(p: StasoPaths = stasoPaths()): string | undefined {
  try {
    const v = JSON.parse(readFileSync(credentialsFile(p), "utf8")) as { apiKey?: unknown };
    return typeof v.apiKey === "string" ? v.apiKey : undefined;
  } catch {
    return undefined;
  }
}
