// Makes sure the pinned agent binaries are installed (scripts/install-agents.mjs;
// a no-op when they already are) and hands their paths to the test workers
// through STASO_E2E_CLAUDE_BIN / STASO_E2E_CODEX_BIN.
// STASO_E2E_NO_INSTALL=1 turns the install off (the run then fails with a clear
// message if the binaries are missing).

import { spawnSync } from "node:child_process";
import { join } from "node:path";

import { REPO_ROOT } from "./agents.js";

export default function setup(): void {
  if (process.env.STASO_E2E_CLAUDE_BIN && process.env.STASO_E2E_CODEX_BIN) return;
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
        "Install the agents with `node scripts/install-agents.mjs`, or set STASO_E2E_CLAUDE_BIN and STASO_E2E_CODEX_BIN.",
    );
  }
  // The answer is the last line: anything a tool printed before it is not the script's.
  const last = r.stdout.trim().split("\n").pop() ?? "";
  let bins: { claude: string; codex: string };
  try {
    bins = JSON.parse(last) as { claude: string; codex: string };
  } catch {
    throw new Error(
      `e2e global setup: scripts/install-agents.mjs printed no JSON answer (stdout: ${JSON.stringify(r.stdout.slice(-300))}).`,
    );
  }
  process.env.STASO_E2E_CLAUDE_BIN = bins.claude;
  process.env.STASO_E2E_CODEX_BIN = bins.codex;
}
