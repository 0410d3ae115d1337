// Whether the user switched the guard off (STASO_GUARD_ENABLED=false), for the hook's fast path: the Node
// launcher loads only this small bundle (dist/guard-switch.cjs), and only when the variable says off, so
// the everyday call pays nothing. A project's agent settings that set it are not the user (policy/agent-env.ts):
// then the hook runs as usual.
import { trustEnvironment } from "../policy/agent-env.js";

const OFF = /^(false|0|no|off)$/i;

export function guardOffByUser(argv: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (!OFF.test(env.STASO_GUARD_ENABLED ?? "")) return false;
  const i = argv.indexOf("--target");
  const target = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--target="))?.slice(9);
  let cwd = "/";
  try {
    cwd = process.cwd();
  } catch {
    // a deleted folder: only CLAUDE_PROJECT_DIR's settings are looked at
  }
  return trustEnvironment(env, { cwd, ...(target ? { host: target } : {}) }).guardOff;
}
