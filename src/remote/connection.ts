// Where this machine's Staso server is, and the API key it presents there: STASO_SERVER_URL and
// STASO_API_KEY, else credentials.json (0600, written by `staso setup --server … --api-key …`).
// A key is bound to the server it was given for: the key kept in credentials.json is only ever sent to
// the server kept beside it, so a STASO_SERVER_URL set elsewhere (a project's agent settings, say) cannot
// make the hook hand the key to another host. node:fs only: the hook reads this when it needs the server.
import { existsSync, readFileSync } from "node:fs";
import { credentialsFile, stasoPaths } from "../paths.js";

export interface ServerConnection {
  /** The server's base URL, without a trailing slash. */
  url: string;
  apiKey: string;
  /** Where the URL came from, for messages. */
  source: "environment" | "credentials.json";
}

/** The URL normalised (no trailing slash), or undefined when it is not http(s). */
export function normalizeServerUrl(url: string | undefined): string | undefined {
  const t = url?.trim();
  if (!t) return undefined;
  try {
    const u = new URL(t);
    if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
    if (u.username || u.password || u.search || u.hash) return undefined;
    return `${u.origin}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return undefined;
  }
}

interface Stored {
  apiKey?: string;
  server?: string;
}

export function readCredentials(env: NodeJS.ProcessEnv = process.env): Stored {
  const file = credentialsFile(stasoPaths(env));
  // Asked on every hook call (where spans go): a missing file must not cost an exception (~50-90 µs).
  if (!existsSync(file)) return {};
  try {
    const v = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    return {
      ...(typeof v.apiKey === "string" ? { apiKey: v.apiKey } : {}),
      ...(typeof v.server === "string" ? { server: v.server } : {}),
    };
  } catch {
    return {};
  }
}

export function serverConnection(env: NodeJS.ProcessEnv = process.env): ServerConnection | undefined {
  const envUrl = normalizeServerUrl(env.STASO_SERVER_URL);
  const envKey = env.STASO_API_KEY?.trim() || undefined;
  if (env.STASO_SERVER_URL?.trim() && !envUrl) return undefined; // set, but not a URL: no server rather than a guess
  if (envUrl && envKey) return { url: envUrl, apiKey: envKey, source: "environment" };
  const stored = readCredentials(env);
  const storedUrl = normalizeServerUrl(stored.server);
  if (envUrl) {
    // A URL from the environment gets the stored key only when the key was stored for that very server.
    return storedUrl === envUrl && stored.apiKey
      ? { url: envUrl, apiKey: stored.apiKey, source: "environment" }
      : undefined;
  }
  if (!storedUrl) return undefined;
  const apiKey = envKey ?? stored.apiKey;
  return apiKey ? { url: storedUrl, apiKey, source: "credentials.json" } : undefined;
}
