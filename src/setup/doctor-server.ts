// `staso doctor` on the Staso server side: is this machine connected, does the server take its key, and
// which version of the team's policy is in force here and how old it is (offline, the last copy applies).
import { refreshTeamPolicy } from "../export/team-policy.js";
import { stasoPaths } from "../paths.js";
import { readTeamCache, teamPolicyFile } from "../policy/team.js";
import { normalizeServerUrl, serverConnection } from "../remote/connection.js";

/** One finding, as doctor reports them. */
interface Check {
  id: string;
  ok: boolean;
  message: string;
  fix?: string;
}

function age(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 90
    ? `${s} s`
    : s < 5400
      ? `${Math.round(s / 60)} min`
      : s < 172800
        ? `${Math.round(s / 3600)} h`
        : `${Math.round(s / 86400)} d`;
}

export async function serverChecks(env: NodeJS.ProcessEnv, now = Date.now()): Promise<Check[]> {
  const checks: Check[] = [];
  const conn = serverConnection(env);
  if (!conn) {
    const envUrl = normalizeServerUrl(env.STASO_SERVER_URL);
    if (env.STASO_SERVER_URL)
      checks.push({
        id: "server",
        ok: false,
        message: envUrl
          ? `STASO_SERVER_URL is ${envUrl}, but this machine has no API key for that server (a stored key is only sent to the server it was given for)`
          : `STASO_SERVER_URL is ${JSON.stringify(env.STASO_SERVER_URL)}, which is not an http:// or https:// URL`,
        fix: "staso setup --server <url> --api-key ak_…, or set STASO_API_KEY too",
      });
  } else {
    const r = await refreshTeamPolicy(env, { force: true, now });
    if (r.outcome === "failed")
      checks.push({
        id: "server",
        ok: false,
        message: `the Staso server ${conn.url} (${conn.source}): ${r.error}`,
        fix: /401/.test(r.error)
          ? "the API key was revoked or is wrong: make a new one (dashboard → Machines) and run staso setup --server … --api-key …"
          : "start the server or check its URL; meanwhile escalations follow the fail mode and spans wait in the audit trail",
      });
    else
      checks.push({
        id: "server",
        ok: true,
        message: `connected to the Staso server ${conn.url} (${conn.source}); it accepts this machine's key`,
      });
  }
  let team: ReturnType<typeof readTeamCache>;
  try {
    team = readTeamCache(teamPolicyFile(stasoPaths(env)));
  } catch (err) {
    checks.push({
      id: "team-policy",
      ok: false,
      message: (err as Error).message,
      fix: "delete the file; it is fetched again",
    });
    return checks;
  }
  if (team)
    checks.push({
      id: "team-policy",
      ok: true,
      message: `team policy version ${team.version} from ${team.server} (by ${team.author}: ${team.reason}) is in force; fetched ${age(team.fetchedAt, now)} ago, last confirmed current ${age(team.checkedAt, now)} ago${team.userMayLoosen ? "; your config may loosen it" : "; your config may only tighten it"}`,
    });
  return checks;
}
