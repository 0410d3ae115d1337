// Runs the built hook exactly as an agent does: a fresh process, the payload on stdin.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const LAUNCHER = fileURLToPath(new URL("../../bin/staso.js", import.meta.url));
const NATIVE_HOOK = fileURLToPath(new URL("../../dist/native/staso-hook", import.meta.url));

/** The two builds of the hook that must behave identically: Node (bin/staso.js) and native (Bun). */
export type HookImpl = "node" | "native";
export const HOOK_IMPLS: HookImpl[] = ["node", "native"];

export function hookCommand(impl: HookImpl): { cmd: string; args: string[] } {
  return impl === "node" ? { cmd: process.execPath, args: [LAUNCHER, "hook"] } : { cmd: NATIVE_HOOK, args: ["hook"] };
}

/** Whether the native hook is built; in CI its absence is a failure, not a skip. */
export function nativeHookAvailable(): boolean {
  if (existsSync(NATIVE_HOOK)) return true;
  if (process.env.CI) throw new Error(`the native hook is not built (${NATIVE_HOOK}): npm run build:native`);
  return false;
}

export interface HookRun {
  stdout: string;
  stderr: string;
  code: number | null;
  json: any;
  ms: number;
}

export function tempHome(prefix = "staso-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Spawns `staso hook [args]`, writes `stdin` (string, or JSON for an object), resolves on exit. */
export function runHook(
  stdin: string | object,
  opts: {
    args?: string[];
    env?: Record<string, string | undefined>;
    timeoutMs?: number;
    cwd?: string;
    impl?: HookImpl;
    /** Another program than this checkout's hook (an installed copy, say): program and its arguments before [args]. */
    command?: { cmd: string; args: string[] };
  } = {},
): Promise<HookRun> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string> = {};
    // The agents' own variables (tests may run inside an agent session) change how the hook renders
    // escalations; a test sets them explicitly when it means to.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(CLAUDECODE|CLAUDE_CODE_|CODEX_)/.test(k)),
    );
    for (const [k, v] of Object.entries({ ...inherited, ...opts.env })) if (v !== undefined) env[k] = v;
    const { cmd, args } = opts.command ?? hookCommand(opts.impl ?? "node");
    const child = spawn(cmd, [...args, ...(opts.args ?? [])], { env, cwd: opts.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 20000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      let json: unknown;
      try {
        json = stdout.trim() ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolvePromise({ stdout, stderr, code, json, ms: Date.now() - started });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(typeof stdin === "string" ? stdin : JSON.stringify(stdin));
  });
}
