// Makes sure the pinned agent binaries are installed (scripts/install-agents.mjs;
// a no-op when they already are) and hands their paths to the test workers
// through STASO_E2E_<AGENT>_BIN (CLAUDE, CODEX, GEMINI, COPILOT, OPENCODE).
// STASO_E2E_NO_INSTALL=1 turns the install off (the run then fails with a clear
// message if the binaries are missing).

import { spawnSync } from "node:child_process";
import { join } from "node:path";

import { AGENT_KEYS, agentBinEnv, REPO_ROOT } from "./agents.js";

export default function setup(): void {
  if (AGENT_KEYS.every((k) => process.env[agentBinEnv(k)])) return;
  const args = [join(REPO_ROOT, "scripts", "install-agents.mjs"), "--json"];
  if (process.env.STASO_E2E_NO_INSTALL === "1") args.push("--check");
  const r = spawnSync(process.execPath, args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 20 * 60 * 1000,
  });
  if (r.status !== 0) {
    throw new Error(
      `e2e global setup: scripts/install-agents.mjs failed (exit ${r.status ?? r.signal}). ` +
        `Install the agents with \`node scripts/install-agents.mjs\`, or set ${AGENT_KEYS.map(agentBinEnv).join(", ")}.`,
    );
  }
  // The answer is the last line: anything a tool printed before it is not the script's.
  const last = r.stdout.trim().split("\n").pop() ?? "";
  let bins: Record<string, string>;
  try {
    bins = JSON.parse(last) as Record<string, string>;
  } catch {
    throw new Error(
      `e2e global setup: scripts/install-agents.mjs printed no JSON answer (stdout: ${JSON.stringify(r.stdout.slice(-300))}).`,
    );
  }
  for (const k of AGENT_KEYS) if (!process.env[agentBinEnv(k)]) process.env[agentBinEnv(k)] = bins[k];
  process.env.STASO_E2E_CACHE_DIR = bins.cacheDir;
}
