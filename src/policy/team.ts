// The team's policy, as this machine last fetched it from its Staso server: <data dir>/team-policy.json,
// written (validated, whole, 0600) by the background export (src/export/team-policy.ts) and read like the
// user's config on every call. It applies as a layer of its own between the built-in defaults and the
// user's config (policy/merge.ts). Offline, the last version fetched stays in force; `staso doctor` says
// how old it is.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StasoPaths } from "../paths.js";
import type { PolicyLayer } from "./merge.js";
import { PolicyError, type PolicyConfig, validatePolicy } from "./schema.js";

export const teamPolicyFile = (p: StasoPaths): string => join(p.dataDir, "team-policy.json");

export interface TeamPolicyCache {
  v: 1;
  /** The server it came from. */
  server: string;
  etag?: string;
  version: number;
  author: string;
  reason: string;
  createdAt: string;
  userMayLoosen: boolean;
  config: PolicyConfig;
  /** When this version was fetched, and when the server last said it is still current (ISO). */
  fetchedAt: string;
  checkedAt: string;
}

/** Keys a team policy may not hold: code (plugins), and what is each user's own. */
const NOT_IN_TEAM_POLICY: Record<string, string> = {
  plugins: "plugins are code, and a team policy runs on every machine: write declarative customRules instead",
  trustedProjects: "which projects a user trusts is the user's own choice",
  audit: "the audit trail's settings are each user's own",
};

/** The config of a team policy, validated with this staso's own schema; throws PolicyError naming `label`. */
export function validateTeamConfig(label: string, config: unknown): PolicyConfig {
  const c = validatePolicy(label, config, "user");
  for (const [k, why] of Object.entries(NOT_IN_TEAM_POLICY))
    if ((c as Record<string, unknown>)[k] !== undefined) throw new PolicyError(`${label}: ${k}: ${why}.`);
  return c;
}

export function readTeamCache(file: string): TeamPolicyCache | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as TeamPolicyCache;
  } catch {
    throw new PolicyError(`${file} is not valid JSON: delete it (the team policy is fetched again from the server).`);
  }
}

/** The team policy as a layer, or undefined when this machine has none. */
export function readTeamLayer(file: string): PolicyLayer | undefined {
  const t = readTeamCache(file);
  if (!t) return undefined;
  const label = `the team policy (version ${t.version} from ${t.server})`;
  return {
    origin: "team",
    file: label,
    dir: "/",
    config: validateTeamConfig(label, t.config),
    ...(t.userMayLoosen === true ? { userMayLoosen: true } : {}),
  };
}
