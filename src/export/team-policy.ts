// Keeping this machine's copy of its team's policy current, off the hook's path: the background export
// (and `staso export`, `staso doctor`) asks the Staso server at most once a minute, with a conditional
// request (If-None-Match), and replaces <data dir>/team-policy.json whole (temp file + rename, 0600) only
// with a version this staso validates. A server that is down, or a version that does not validate here,
// leaves the last good copy in force.
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { stasoPaths } from "../paths.js";
import { PolicyError } from "../policy/schema.js";
import { readTeamCache, teamPolicyFile, validateTeamConfig, type TeamPolicyCache } from "../policy/team.js";
import { serverRequest } from "../remote/client.js";
import { serverConnection } from "../remote/connection.js";

/** How often the server is asked whether the team policy changed. */
const CHECK_EVERY_MS = 60_000;

export type RefreshOutcome =
  | { outcome: "no-server" | "fresh" | "unchanged" | "updated" | "removed" }
  | { outcome: "failed"; error: string };

function writeWhole(file: string, value: TeamPolicyCache): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

export async function refreshTeamPolicy(
  env: NodeJS.ProcessEnv = process.env,
  o: { force?: boolean; now?: number } = {},
): Promise<RefreshOutcome> {
  const conn = serverConnection(env);
  if (!conn) return { outcome: "no-server" };
  const now = o.now ?? Date.now();
  const file = teamPolicyFile(stasoPaths(env));
  let cache: TeamPolicyCache | undefined;
  try {
    cache = readTeamCache(file);
  } catch {
    cache = undefined; // broken: fetched again whole
  }
  const same = cache?.server === conn.url ? cache : undefined;
  if (!o.force && same && now - Date.parse(same.checkedAt) < CHECK_EVERY_MS) return { outcome: "fresh" };
  try {
    const r = await serverRequest(conn, "/api/v1/policy", {
      timeoutMs: 10_000,
      ...(same?.etag ? { headers: { "if-none-match": same.etag } } : {}),
    });
    if (r.status === 304 && same) {
      writeWhole(file, { ...same, checkedAt: new Date(now).toISOString() });
      return { outcome: "unchanged" };
    }
    if (r.status === 204) {
      if (cache) rmSync(file, { force: true });
      return { outcome: "removed" };
    }
    const body = r.json as Partial<TeamPolicyCache> | undefined;
    if (!body || typeof body.version !== "number")
      return { outcome: "failed", error: "the server's answer is not a team policy" };
    const label = `the team policy (version ${body.version} from ${conn.url})`;
    const config = validateTeamConfig(label, body.config);
    const at = new Date(now).toISOString();
    writeWhole(file, {
      v: 1,
      server: conn.url,
      ...(r.headers.get("etag") ? { etag: r.headers.get("etag")! } : {}),
      version: body.version,
      author: String(body.author ?? ""),
      reason: String(body.reason ?? ""),
      createdAt: String(body.createdAt ?? at),
      userMayLoosen: body.userMayLoosen === true,
      config,
      fetchedAt: at,
      checkedAt: at,
    });
    return { outcome: "updated" };
  } catch (err) {
    const e = err as Error;
    return {
      outcome: "failed",
      error: e instanceof PolicyError ? `${e.message} (kept the last good version)` : e.message,
    };
  }
}
