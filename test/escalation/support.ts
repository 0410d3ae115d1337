// Helpers for the escalation tests: a STASO_HOME with an escalation config, the hook and the CLI as real
// processes (with no agent's markers in their environment unless a test puts them there), and the store
// and audit trail read back from disk.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LAUNCHER, runHook, tempHome, type HookImpl, type HookRun } from "../support/hook-process.js";
import { atTerminal, TEST_PASSPHRASE } from "../support/terminal.js";
import { createApprovalKey, unlockApprovalKey, writeApprovalKey } from "../../src/escalation/approval-key.js";

/** Variables an agent sets for its hooks and tools: removed, so the machine running the tests cannot leak them in. */
const NO_AGENT: Record<string, undefined> = {
  CLAUDECODE: undefined,
  CLAUDE_CODE_ENTRYPOINT: undefined,
  CLAUDE_CODE_SESSION_ATTENDED: undefined,
  CODEX_THREAD_ID: undefined,
  CODEX_TOOL_CALL_ID: undefined,
  CODEX_SESSION_ID: undefined,
  DISPLAY: undefined,
  WAYLAND_DISPLAY: undefined,
  DBUS_SESSION_BUS_ADDRESS: undefined,
};

/** Claude Code's hook environment under `claude -p` and in a terminal (as dumped from the real binary). */
export const CLAUDE_PRINT = { CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "sdk-cli", CLAUDE_CODE_SESSION_ATTENDED: "0" };
export const CLAUDE_TERMINAL = { CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "cli", CLAUDE_CODE_SESSION_ATTENDED: "1" };

/**
 * The approval key of TEST_PASSPHRASE, made once: at a tenth of the real scrypt cost (N=2^10), so that a
 * suite of approvals stays fast. The key file says its own cost; the CLI derives with what it says.
 */
const testKey = await createApprovalKey(TEST_PASSPHRASE, { N: 2 ** 10, r: 8, p: 1 });
/** The signing key TEST_PASSPHRASE unlocks: what `staso pause` or an approval signs with. */
export const testSigningKey = (await unlockApprovalKey(TEST_PASSPHRASE, testKey))!;

/**
 * A fresh STASO_HOME whose config.json holds `config` (notifications off unless the test says otherwise),
 * with an approval passphrase set (TEST_PASSPHRASE), unless `passphrase: false`.
 */
export function stasoHome(config: Record<string, any> = {}, o: { passphrase?: boolean } = {}): string {
  const home = tempHome("staso-esc-");
  const escalation = { notify: "off", ...(config.escalation ?? {}) };
  writeFileSync(join(home, "config.json"), JSON.stringify({ ...config, escalation }, null, 2));
  if (o.passphrase !== false) writeApprovalKey(join(home, "approval-key.json"), testKey);
  return home;
}

/** Sets the approval passphrase (TEST_PASSPHRASE) in an existing STASO_HOME. */
export function withPassphrase(home: string): string {
  writeApprovalKey(join(home, "approval-key.json"), testKey);
  return home;
}

export function hook(
  home: string,
  payload: object,
  o: { impl?: HookImpl; env?: Record<string, string | undefined>; args?: string[]; timeoutMs?: number } = {},
): Promise<HookRun> {
  return runHook(payload, {
    impl: o.impl ?? "node",
    args: o.args ?? [],
    env: { ...NO_AGENT, STASO_HOME: home, ...o.env },
    timeoutMs: o.timeoutMs ?? 30_000,
  });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  json?: any;
  /** What a command run at a terminal showed there. */
  screen?: string;
}

/** The commands that ask for the approval passphrase at the terminal. */
const asksPassphrase = (args: string[]) =>
  args[0] === "escalations" && (args[1] === "approve" || args[1] === "deny") && !args.includes("--help");

/**
 * `staso …args` as its own process. approve and deny run at a terminal of their own, where the passphrase
 * is typed (`typed`; default TEST_PASSPHRASE; null: no terminal at all, as from an agent's tool).
 */
export async function cli(
  home: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  o: { typed?: string | null } = {},
): Promise<CliRun> {
  const fullEnv = { ...NO_AGENT, STASO_HOME: home, NO_COLOR: "1", ...env };
  if (asksPassphrase(args) && o.typed !== null) {
    const r = await atTerminal([process.execPath, LAUNCHER, ...args], [o.typed ?? TEST_PASSPHRASE], { env: fullEnv });
    let json: any;
    try {
      json = args.includes("--json") ? JSON.parse(r.stdout) : undefined;
    } catch {
      json = undefined;
    }
    return { code: r.code, stdout: r.stdout, stderr: r.stderr, json, screen: r.screen };
  }
  return new Promise((resolve, reject) => {
    const e: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...fullEnv })) if (v !== undefined) e[k] = v;
    const child = spawn(process.execPath, [LAUNCHER, ...args], { env: e, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      let json: any;
      try {
        json = args.includes("--json") ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

export interface StoredEscalation {
  id: string;
  status: string;
  request: any;
  resolution?: any;
  consumed?: any;
}

/** Every escalation in the store, read straight from the files. */
export function stored(home: string): StoredEscalation[] {
  const dir = join(home, "escalations");
  if (!existsSync(dir)) return [];
  const read = (p: string) => (existsSync(p) ? JSON.parse(readFileSync(p, "utf8")) : undefined);
  return readdirSync(dir)
    .filter((n) => /^esc_[0-9a-f]{12}$/.test(n))
    .map((id) => {
      const request = read(join(dir, id, "request.json"));
      const resolution = read(join(dir, id, "resolution.json"));
      const consumed = read(join(dir, id, "consumed.json"));
      return {
        id,
        status: resolution?.status ?? "pending",
        request,
        ...(resolution ? { resolution } : {}),
        ...(consumed ? { consumed } : {}),
      };
    })
    .filter((e) => e.request);
}

/** Waits until `n` pending escalations are in the store (a waiting hook raised them). */
export async function pendingEscalations(home: string, n = 1, timeoutMs = 15_000): Promise<StoredEscalation[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const p = stored(home).filter((e) => e.status === "pending");
    if (p.length >= n) return p;
    if (Date.now() > until) throw new Error(`expected ${n} pending escalation(s) in ${home}, found ${p.length}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function auditRecords(home: string): any[] {
  const dir = join(home, "audit");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) =>
      readFileSync(join(dir, f), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    );
}

/** The hook's stdout as JSON (undefined for an empty answer: the call runs). */
export const answer = (r: HookRun): any => (r.stdout.trim() ? JSON.parse(r.stdout).hookSpecificOutput : undefined);

export { tempHome };

/**
 * The trail's [event, action, escalation status] steps. A human's answer (recorded by the command that
 * gave it) and the waiting hook's decision (recorded once the hook sees it) are written by two processes
 * at nearly the same time, so their order is not part of the contract: "escalation" steps sort first
 * among those after the first record.
 */
export function steps(records: any[]): [string, string, string | undefined][] {
  const all = records.map((x) => [x.event, x.action, x.escalation?.status] as [string, string, string | undefined]);
  const [first, ...rest] = all;
  return first
    ? [first, ...rest.sort((a, b) => (a[0] === b[0] ? 0 : a[0] === "escalation" ? -1 : b[0] === "escalation" ? 1 : 0))]
    : [];
}
