// Runs the built CLI (bin/staso.js) as a user would.
import { spawnSync } from "node:child_process";
import { LAUNCHER } from "../support/hook-process.js";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  json: any;
}

export function cli(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string } = {}): CliRun {
  const env: Record<string, string> = {};
  // The agents' own variables (tests may run inside an agent session) make some commands refuse (staso
  // trust, escalations approve); a test sets them explicitly when it means to.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(CLAUDECODE|CLAUDE_CODE_|CODEX_)/.test(k)),
  );
  for (const [k, v] of Object.entries({ ...inherited, NO_COLOR: "1", ...opts.env })) if (v !== undefined) env[k] = v;
  const r = spawnSync(process.execPath, [LAUNCHER, ...args], { env, cwd: opts.cwd, encoding: "utf8", timeout: 30_000 });
  let json: unknown;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
}
