// Runs the real Claude Code and Codex binaries once, non-interactively, in a
// throwaway HOME against a mock model server, with hook configuration supplied
// by the caller.
//
// Isolation (see isolationSupport / AgentRunResult.isolation):
// - 'netns' (default on Linux when `unshare` and `ip` work): the run happens in a
//   new network + PID namespace, `unshare [-r] -n -p --fork --kill-child
//   [--mount-proc]` (`-r` when not root, which makes the agent uid 0 inside).
//   The only interface there is `lo`, so nothing can leave the machine. The mock
//   server lives in the test process, outside the namespace; it also listens on
//   a Unix socket (file system, not network, so reachable from inside), and a
//   small Node launcher, PID 1 of the namespace, listens on 127.0.0.1:<mock port>
//   inside and pipes each connection to that socket, then runs the agent.
// - 'pidns' (netns: 'off', or no `ip`): PID namespace only; the agent talks to
//   the mock's TCP port directly.
// - 'none' (namespaces: false, or no `unshare`): the agent runs in its own
//   process group.
// In both namespace modes the kernel kills every process of the run when the
// launcher exits or is killed. In 'none', the group and every descendant seen
// by a periodic /proc scan are killed after the run (a process that leaves the
// group and is orphaned between two scans can escape).

import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  accessSync,
  constants as fsConstants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { createServer as createNetServer, connect as netConnect } from "node:net";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import type { MockAnthropic } from "./mock-anthropic.js";
import type { RecordedHttpRequest } from "./mock-http.js";
import type { MockOpenAI } from "./mock-openai.js";

// ---------------------------------------------------------------------------
// binaries

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const INSTALL_SCRIPT = join(REPO_ROOT, "scripts", "install-agents.mjs");

/** The agents the e2e suite drives, by the keys scripts/install-agents.mjs answers with. */
export const AGENT_KEYS = ["claude", "codex", "gemini", "copilot", "opencode"] as const;
export type AgentKey = (typeof AGENT_KEYS)[number];
export type AgentBinaries = Record<AgentKey, string> & { cacheDir: string };

/** `STASO_E2E_<AGENT>_BIN`: the path of one agent's binary, set by global setup or by hand. */
export const agentBinEnv = (k: AgentKey): string => `STASO_E2E_${k.toUpperCase()}_BIN`;

let cachedBinaries: AgentBinaries | null = null;

/**
 * Paths of the agent binaries: `$STASO_E2E_<AGENT>_BIN` when set, else what
 * `scripts/install-agents.mjs --check` reports for the cache (`$STASO_E2E_CACHE`, default
 * ~/.cache/staso-e2e/agents). Never installs; throws a message that says how to install.
 */
export function agentBinaries(): AgentBinaries {
  if (cachedBinaries) return cachedBinaries;
  let fromScript: Record<string, string> | null = null;
  if (!AGENT_KEYS.every((k) => process.env[agentBinEnv(k)]) || !process.env.STASO_E2E_CACHE_DIR) {
    const r = spawnSync(process.execPath, [INSTALL_SCRIPT, "--json", "--check"], {
      encoding: "utf8",
      timeout: 120_000,
    });
    if (r.status !== 0) {
      throw new Error(
        `e2e: the agent binaries are not installed.\n${(r.stderr || r.error?.message || "").trim()}\n` +
          `Install them with: node scripts/install-agents.mjs  (or set ${AGENT_KEYS.map(agentBinEnv).join(", ")})`,
      );
    }
    fromScript = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as Record<string, string>;
  }
  const bins = { cacheDir: process.env.STASO_E2E_CACHE_DIR || fromScript!.cacheDir } as AgentBinaries;
  for (const k of AGENT_KEYS) bins[k] = process.env[agentBinEnv(k)] || fromScript![k]!;
  for (const k of AGENT_KEYS) {
    try {
      accessSync(bins[k], fsConstants.X_OK);
    } catch {
      throw new Error(
        `e2e: the ${k} binary ${bins[k]} is missing or not executable. Run: node scripts/install-agents.mjs`,
      );
    }
  }
  cachedBinaries = bins;
  return bins;
}

// ---------------------------------------------------------------------------
// workspace

export interface Workspace {
  /** Real path of the throwaway root directory. */
  root: string;
  /** HOME given to the agent. */
  home: string;
  /** CODEX_HOME given to Codex (`<home>/.codex`). */
  codexHome: string;
  /** The project directory (agent cwd). */
  project: string;
  /** TMPDIR given to the agent. */
  tmp: string;
  /** Removes the directory tree (kept when STASO_E2E_KEEP=1). */
  cleanup(): void;
}

/** A fresh root with home/, home/.codex/, proj/ and tmp/. */
export function createWorkspace(opts: { baseDir?: string; prefix?: string } = {}): Workspace {
  const base = opts.baseDir ?? process.env.STASO_E2E_TMP ?? tmpdir();
  mkdirSync(base, { recursive: true });
  const root = realpathSync(mkdtempSync(join(base, opts.prefix ?? "staso-e2e-")));
  const home = join(root, "home");
  const codexHome = join(home, ".codex");
  const project = join(root, "proj");
  const tmp = join(root, "tmp");
  for (const d of [home, codexHome, project, tmp]) mkdirSync(d, { recursive: true });
  return {
    root,
    home,
    codexHome,
    project,
    tmp,
    cleanup() {
      if (process.env.STASO_E2E_KEEP === "1") return;
      rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

// ---------------------------------------------------------------------------
// hook configuration (same shape for both agents)

export interface HookHandler {
  type: "command";
  command: string;
  /** Seconds. */
  timeout?: number;
  async?: boolean;
  statusMessage?: string;
  [key: string]: unknown;
}

export interface HookGroup {
  matcher?: string;
  hooks: HookHandler[];
}

/** Event name (`PreToolUse`, `PostToolUse`, …) → matcher groups. */
export type HooksByEvent = Record<string, HookGroup[]>;

/** `{Event: [{matcher, hooks: [{type: "command", command, timeout}]}]}` for each event given. */
export function commandHooks(
  command: string,
  opts: { events?: string[]; matcher?: string; timeout?: number } = {},
): HooksByEvent {
  const out: HooksByEvent = {};
  for (const ev of opts.events ?? ["PreToolUse"]) {
    const handler: HookHandler = { type: "command", command };
    if (opts.timeout !== undefined) handler.timeout = opts.timeout;
    const group: HookGroup = { hooks: [handler] };
    if (opts.matcher !== undefined) group.matcher = opts.matcher;
    out[ev] = [group];
  }
  return out;
}

/** Writes an executable script (e.g. a bash hook) and returns its path. */
export function writeExecutable(path: string, content: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { mode: 0o755 });
  return path;
}

// ---------------------------------------------------------------------------
// Claude Code settings

/**
 * Writes Claude Code settings (e.g. `{hooks: …}`) to `~/.claude/settings.json`
 * (`user`) or `<project>/.claude/settings.json` (`project`). Returns the path.
 */
export function writeClaudeSettings(
  ws: Workspace,
  settings: Record<string, unknown>,
  where: "user" | "project" = "user",
): string {
  const dir = join(where === "user" ? ws.home : ws.project, ".claude");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "settings.json");
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`);
  return path;
}

// ---------------------------------------------------------------------------
// Codex config, hooks and hook trust

/** `PreToolUse` → `pre_tool_use` (the event labels used in Codex trust keys and hashes). */
function codexEventKey(event: string): string {
  return event.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The `trusted_hash` Codex 0.169.0 expects for one handler:
 * `sha256:` + hex(sha256(compact JSON with sorted keys of
 * `{event_name, hooks: [{async, command, timeout, type}], matcher}`)),
 * with `matcher` left out when absent and `timeout` defaulting to 600.
 * A `statusMessage` is hashed under that key when present (checked on 0.169.0 by
 * running it). Other handler keys are rejected, since how they enter the hash is unverified.
 */
export function codexHookTrustHash(event: string, matcher: string | undefined, handler: HookHandler): string {
  const known = new Set(["type", "command", "timeout", "timeoutSec", "async", "statusMessage"]);
  const unknown = Object.keys(handler).filter((k) => !known.has(k) && handler[k] !== undefined);
  if (unknown.length > 0) {
    throw new Error(`codexHookTrustHash: cannot hash handler key(s) ${unknown.join(", ")} (unverified)`);
  }
  const timeoutRaw = handler.timeout ?? (handler.timeoutSec as number | undefined) ?? 600;
  const hashed: Record<string, unknown> = {
    async: handler.async ?? false,
    command: handler.command,
    timeout: Math.max(1, timeoutRaw),
    type: handler.type,
  };
  if (handler.statusMessage !== undefined) hashed.statusMessage = handler.statusMessage;
  const identity: Record<string, unknown> = { event_name: codexEventKey(event), hooks: [hashed] };
  if (matcher !== undefined) identity.matcher = matcher;
  return `sha256:${createHash("sha256").update(canonicalJson(identity)).digest("hex")}`;
}

export interface CodexTrustEntry {
  /** `<source file>:<event_key>:<group index>:<handler index>` */
  key: string;
  trustedHash: string;
}

/** The `[hooks.state."…"]` entries that trust every handler of `hooks` as loaded from `sourcePath`. */
export function codexTrustEntries(sourcePath: string, hooks: HooksByEvent): CodexTrustEntry[] {
  const out: CodexTrustEntry[] = [];
  for (const [event, groups] of Object.entries(hooks)) {
    groups.forEach((g, gi) => {
      g.hooks.forEach((h, hi) => {
        out.push({
          key: `${sourcePath}:${codexEventKey(event)}:${gi}:${hi}`,
          trustedHash: codexHookTrustHash(event, g.matcher, h),
        });
      });
    });
  }
  return out;
}

/** A TOML basic string (JSON string escapes are valid TOML escapes). */
function tomlString(s: string): string {
  return JSON.stringify(s);
}

function tomlValue(v: unknown): string {
  if (typeof v === "string") return tomlString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new Error(`tomlValue: unsupported value ${JSON.stringify(v)}`);
}

/** Hooks as `[[hooks.<Event>]]` TOML tables (the config.toml form). */
function codexHooksToml(hooks: HooksByEvent): string {
  let out = "";
  for (const [event, groups] of Object.entries(hooks)) {
    for (const g of groups) {
      out += `\n[[hooks.${event}]]\n`;
      if (g.matcher !== undefined) out += `matcher = ${tomlString(g.matcher)}\n`;
      for (const h of g.hooks) {
        out += `[[hooks.${event}.hooks]]\n`;
        for (const [k, v] of Object.entries(h)) if (v !== undefined) out += `${k} = ${tomlValue(v)}\n`;
      }
    }
  }
  return out;
}

interface CodexConfigOptions {
  /** Model provider base URL, e.g. `mock.baseUrl` (`http://127.0.0.1:PORT/v1`). */
  baseUrl: string;
  /** A slug from Codex's bundled catalog; unknown slugs get no apply_patch tool. Default gpt-5.5. */
  model?: string;
  /** Marked `trust_level = "trusted"` (needed for `<project>/.codex/hooks.json`). */
  trustedProjects?: string[];
  trust?: CodexTrustEntry[];
  /** Inline `[[hooks.*]]` tables. */
  inlineHooks?: HooksByEvent;
  /** Appended verbatim at the end (tables only). */
  extraToml?: string;
}

/** The offline config.toml: mock provider, no update check, no analytics, no plugins/apps. */
function codexConfigToml(o: CodexConfigOptions): string {
  let s = "";
  s += `model = ${tomlString(o.model ?? "gpt-5.5")}\n`;
  s += 'model_provider = "mock"\n';
  s += "check_for_update_on_startup = false\n";
  s += "\n[analytics]\nenabled = false\n";
  s += "\n[features]\nplugins = false\nremote_plugin = false\napps = false\n";
  s += '\n[model_providers.mock]\nname = "mock"\n';
  s += `base_url = ${tomlString(o.baseUrl)}\n`;
  s += 'env_key = "MOCK_API_KEY"\nwire_api = "responses"\n';
  for (const p of o.trustedProjects ?? []) s += `\n[projects.${tomlString(p)}]\ntrust_level = "trusted"\n`;
  for (const t of o.trust ?? [])
    s += `\n[hooks.state.${tomlString(t.key)}]\ntrusted_hash = ${tomlString(t.trustedHash)}\n`;
  if (o.inlineHooks) s += codexHooksToml(o.inlineHooks);
  if (o.extraToml) s += `\n${o.extraToml}\n`;
  return s;
}

type CodexHooksLocation = "hooks.json" | "config.toml" | "project";

export interface CodexSetupOptions {
  baseUrl: string;
  hooks?: HooksByEvent;
  /** Where the hooks go: `$CODEX_HOME/hooks.json` (default), inline in `$CODEX_HOME/config.toml`, or `<project>/.codex/hooks.json`. */
  hooksLocation?: CodexHooksLocation;
  /** Write `[hooks.state]` trust entries for every handler (default true). */
  trustHooks?: boolean;
  model?: string;
  extraToml?: string;
}

/** Writes `$CODEX_HOME/config.toml` (and hooks.json when used); returns the paths and trust entries written. */
export function writeCodexSetup(
  ws: Workspace,
  o: CodexSetupOptions,
): { configPath: string; hooksPath: string | null; trust: CodexTrustEntry[] } {
  const configPath = join(ws.codexHome, "config.toml");
  const location = o.hooksLocation ?? "hooks.json";
  let hooksPath: string | null = null;
  let trust: CodexTrustEntry[] = [];
  let inlineHooks: HooksByEvent | undefined;
  if (o.hooks && Object.keys(o.hooks).length > 0) {
    if (location === "config.toml") {
      inlineHooks = o.hooks;
      hooksPath = configPath;
    } else {
      const dir = location === "project" ? join(ws.project, ".codex") : ws.codexHome;
      mkdirSync(dir, { recursive: true });
      hooksPath = join(dir, "hooks.json");
      writeFileSync(hooksPath, `${JSON.stringify({ hooks: o.hooks }, null, 2)}\n`);
    }
    if (o.trustHooks !== false) trust = codexTrustEntries(hooksPath, o.hooks);
  }
  mkdirSync(ws.codexHome, { recursive: true });
  const cfg: CodexConfigOptions = { baseUrl: o.baseUrl, trustedProjects: [ws.project], trust };
  if (o.model !== undefined) cfg.model = o.model;
  if (inlineHooks) cfg.inlineHooks = inlineHooks;
  if (o.extraToml !== undefined) cfg.extraToml = o.extraToml;
  writeFileSync(configPath, codexConfigToml(cfg));
  return { configPath, hooksPath, trust };
}

// ---------------------------------------------------------------------------
// isolation

export type NetnsMode = "auto" | "off" | "require";

/** How a run was isolated: network + PID namespace, PID namespace only, or nothing (process-group cleanup). */
type Isolation = "netns" | "pidns" | "none";

interface NsWrapper {
  unshare: string;
  /** unshare flags before the program */
  flags: string[];
}

export interface IsolationSupport {
  /** `unshare` wrapper for a new network + PID namespace (lo brought up by `ip`), or null. */
  netns: (NsWrapper & { ip: string }) | null;
  /** `unshare` wrapper for a new PID namespace only, or null. */
  pidns: NsWrapper | null;
  /** Why netns / pidns are unavailable, if they are. */
  notes: string[];
}

let isolationCache: IsolationSupport | null = null;

function findExecutable(name: string, extraDirs: string[] = []): string | null {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), ...extraDirs].filter(Boolean);
  for (const d of dirs) {
    const p = join(d, name);
    try {
      accessSync(p, fsConstants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0;

/**
 * Probes (once) which namespaces work here: `unshare [-r] -n -p --fork --kill-child [--mount-proc]`
 * (`-r` when not root, which makes the agent uid 0 inside), then `ip link set lo up` inside.
 */
export function isolationSupport(): IsolationSupport {
  if (isolationCache) return isolationCache;
  const notes: string[] = [];
  if (process.platform !== "linux") {
    return (isolationCache = { netns: null, pidns: null, notes: [`no namespaces on ${process.platform}`] });
  }
  const sbin = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];
  const unshare = findExecutable("unshare", sbin);
  if (!unshare) return (isolationCache = { netns: null, pidns: null, notes: ["`unshare` not found"] });
  const ip = findExecutable("ip", sbin);
  const user = isRoot() ? [] : ["-r"];
  const tryFlags = (variants: string[][], program: string[]): string[] | null => {
    for (const flags of variants) {
      const r = spawnSync(unshare, [...flags, ...program], { encoding: "utf8", timeout: 10_000 });
      if (r.status === 0) return flags;
      notes.push(
        `\`unshare ${flags.join(" ")} ${program.join(" ")}\` failed: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}`,
      );
    }
    return null;
  };
  // --mount-proc gives the agent a private /proc (it sees only its own processes)
  const pidBase = [...user, "-p", "--fork", "--kill-child"];
  const pidFlags = tryFlags([[...pidBase, "--mount-proc"], pidBase], ["true"]);
  let netns: IsolationSupport["netns"] = null;
  if (!ip) notes.push("`ip` (iproute2) not found: cannot bring up lo in a new network namespace");
  else if (pidFlags) {
    const withNet = [...pidFlags.slice(0, user.length), "-n", ...pidFlags.slice(user.length)];
    const netFlags = tryFlags([withNet], [ip, "link", "set", "lo", "up"]);
    if (netFlags) netns = { unshare, flags: netFlags, ip };
  }
  isolationCache = { netns, pidns: pidFlags ? { unshare, flags: pidFlags } : null, notes };
  return isolationCache;
}

/**
 * Runs inside the namespace as PID 1. With `ip`: brings lo up and forwards
 * 127.0.0.1:port to the mock's Unix socket. Then runs the agent and exits with its status.
 */
const LAUNCHER_SOURCE = `
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { constants } from 'node:os';
const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const fail = (code, msg) => { process.stderr.write('[e2e launcher] ' + msg + '\\n'); process.exit(code); };
const run = () => {
  const child = spawn(cfg.bin, cfg.args, { cwd: cfg.cwd, env: cfg.env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('error', (e) => fail(99, 'cannot start ' + cfg.bin + ': ' + e.message));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
};
if (cfg.ip) {
  const up = spawnSync(cfg.ip, ['link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  if (up.status !== 0) fail(97, 'ip link set lo up failed: ' + (up.stderr || up.error));
  const server = createServer((client) => {
    const upstream = connect(cfg.socketPath);
    const drop = () => { client.destroy(); upstream.destroy(); };
    client.on('error', drop);
    upstream.on('error', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.on('error', (e) => fail(98, 'forwarder: ' + e.message));
  // Further ports (a Staso server the hook talks to), each to its own Unix socket outside.
  let pending = 1 + (cfg.forwards || []).length;
  const ready = () => { if (--pending === 0) run(); };
  for (const f of cfg.forwards || []) {
    const extra = createServer((client) => {
      const upstream = connect(f.socketPath);
      const drop = () => { client.destroy(); upstream.destroy(); };
      client.on('error', drop);
      upstream.on('error', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    extra.on('error', (e) => fail(98, 'forwarder ' + f.port + ': ' + e.message));
    extra.listen(f.port, '127.0.0.1', ready);
  }
  server.listen(cfg.port, '127.0.0.1', ready);
} else {
  run();
}
`;

interface IsolationChoice {
  isolation: Isolation;
  note: string;
  wrapper: (NsWrapper & { ip?: string }) | null;
}

export function chooseIsolation(mode: NetnsMode, hasSocket: boolean, namespaces: boolean): IsolationChoice {
  if (!namespaces) {
    if (mode === "require") throw new Error('e2e: netns "require" contradicts namespaces: false');
    return { isolation: "none", note: "namespaces off (requested); process-group cleanup only", wrapper: null };
  }
  const sup = isolationSupport();
  let why: string;
  if (mode === "off") why = "network namespace off (requested)";
  else if (!hasSocket) why = "the mock server has no Unix socket (listenSocket: false)";
  else if (sup.netns) return { isolation: "netns", note: `unshare ${sup.netns.flags.join(" ")}`, wrapper: sup.netns };
  else why = sup.notes.join("; ") || "network namespace unavailable";
  if (mode === "require") throw new Error(`e2e: network namespace required but unavailable: ${why}`);
  if (sup.pidns)
    return { isolation: "pidns", note: `no netns (${why}); unshare ${sup.pidns.flags.join(" ")}`, wrapper: sup.pidns };
  return { isolation: "none", note: `no namespaces (${why}); process-group cleanup only`, wrapper: null };
}

/** Whether the agent will run as uid 0 (root, or `unshare -r`); Claude then needs IS_SANDBOX=1 for --dangerously-skip-permissions. */
export function agentUidIsZero(choice: IsolationChoice): boolean {
  return isRoot() || choice.wrapper?.flags.includes("-r") === true;
}

// ---------------------------------------------------------------------------
// process running

export interface AgentRunResult {
  agent: AgentKey;
  /** argv of the agent itself (without the namespace wrapper). */
  command: string[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The mock requests received during this run. */
  requests: RecordedHttpRequest[];
  isolation: Isolation;
  /** Which unshare flags were used, and why there was no network namespace if there was none. */
  isolationNote: string;
  /** Claude: stdout parsed as the `-p --output-format json` result, when it parses. */
  json?: unknown;
  /** Codex: content of `--output-last-message`. */
  lastMessage?: string;
}

export interface RunOptionsBase {
  workspace: Workspace;
  prompt?: string;
  /** Extra CLI arguments (inserted before the prompt). */
  args?: string[];
  /** Extra env vars; they override the defaults (e.g. PATH). */
  env?: Record<string, string>;
  /** Kill the run after this long; default $STASO_E2E_TIMEOUT_MS or 30 s. */
  timeoutMs?: number;
  /** Network namespace: 'auto' (default: use when it works, else run without), 'off', 'require' (throw if unavailable). Env STASO_E2E_NETNS overrides the default. */
  netns?: NetnsMode;
  /** false: no namespaces at all (no netns, no PID namespace); the run is cleaned up by process group + /proc scan. */
  namespaces?: boolean;
  /** Working directory of the agent; default the workspace project. */
  cwd?: string;
  /**
   * More loopback ports the agent's processes reach inside a network namespace, each forwarded to a Unix
   * socket outside (make one with unixBridge): e.g. a Staso server its hook talks to. Without a
   * namespace the port is reached directly.
   */
  forwards?: { port: number; socketPath: string }[];
}

const MAX_OUTPUT = 8 * 1024 * 1024;

function defaultPath(): string {
  const dirs = [
    dirname(process.execPath),
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
  ];
  return [...new Set(dirs)].join(":");
}

/** `pid → start time` (from /proc/<pid>/stat) of every descendant of `root` (Linux; empty elsewhere). */
function descendants(root: number): Map<number, string> {
  const out = new Map<number, string>();
  if (process.platform !== "linux") return out;
  const children = new Map<number, Array<[number, string]>>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      // fields after "(comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(f[1]);
      const list = children.get(ppid) ?? [];
      list.push([Number(e), f[19] ?? ""]);
      children.set(ppid, list);
    } catch {
      /* gone */
    }
  }
  const queue = [root];
  while (queue.length > 0 && out.size < 10_000) {
    const p = queue.shift()!;
    for (const [c, startTime] of children.get(p) ?? []) {
      if (out.has(c)) continue;
      out.set(c, startTime);
      queue.push(c);
    }
  }
  return out;
}

function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Tracks the processes of one run (without a PID namespace): its process group,
 * plus every descendant seen by a periodic /proc scan, so that processes that
 * left the group (setsid) and were orphaned are still found. Kills only PIDs whose
 * start time still matches what was seen, so a recycled PID is left alone.
 */
class ProcessTracker {
  private readonly seen = new Map<number, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pid: number,
    scan: boolean,
  ) {
    if (scan && process.platform === "linux") {
      this.timer = setInterval(() => this.scan(), 250);
      this.timer.unref();
    }
  }

  scan(): void {
    for (const [p, t] of descendants(this.pid)) this.seen.set(p, t);
  }

  killAll(): void {
    this.scan();
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch {
      /* group gone */
    }
    try {
      process.kill(this.pid, "SIGKILL");
    } catch {
      /* gone */
    }
    for (const [p, t] of this.seen) {
      if (startTimeOf(p) !== t) continue;
      try {
        process.kill(p, "SIGKILL");
      } catch {
        /* gone */
      }
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

let runCounter = 0;

interface SpawnSpec {
  agent: AgentKey;
  bin: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  workspace: Workspace;
  mock: { port: number; socketPath: string | null; requests: RecordedHttpRequest[] };
  timeoutMs: number;
  isolation: IsolationChoice;
  forwards?: { port: number; socketPath: string }[];
}

/**
 * A Unix socket at `socketPath` that pipes every connection to 127.0.0.1:`port` (outside any namespace),
 * for RunOptionsBase.forwards. close() stops it.
 */
export function unixBridge(port: number, socketPath: string): Promise<{ close(): Promise<void> }> {
  return new Promise((resolvePromise, reject) => {
    const server = createNetServer((client) => {
      const upstream = netConnect(port, "127.0.0.1");
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("error", drop);
      upstream.on("error", drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    server.on("error", reject);
    server.listen(socketPath, () =>
      resolvePromise({
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
          }),
      }),
    );
  });
}

export async function runProcess(spec: SpawnSpec): Promise<Omit<AgentRunResult, "json" | "lastMessage">> {
  const choice = spec.isolation;
  const firstRequest = spec.mock.requests.length;
  let file: string;
  let argv: string[];
  let env: Record<string, string>;
  if (choice.wrapper) {
    const n = ++runCounter;
    const launcher = join(spec.workspace.root, ".e2e-launcher.mjs");
    const cfgPath = join(spec.workspace.root, `.e2e-run-${n}.json`);
    writeFileSync(launcher, LAUNCHER_SOURCE);
    const cfg = {
      ip: choice.isolation === "netns" ? choice.wrapper.ip : null,
      socketPath: spec.mock.socketPath,
      port: spec.mock.port,
      bin: spec.bin,
      args: spec.args,
      cwd: spec.cwd,
      env: spec.env,
      forwards: choice.isolation === "netns" ? (spec.forwards ?? []) : [],
    };
    writeFileSync(cfgPath, JSON.stringify(cfg));
    file = choice.wrapper.unshare;
    argv = [...choice.wrapper.flags, process.execPath, launcher, cfgPath];
    env = { PATH: spec.env.PATH ?? defaultPath() };
  } else {
    file = spec.bin;
    argv = spec.args;
    env = spec.env;
  }

  const started = Date.now();
  const child = spawn(file, argv, { cwd: spec.cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  // in a PID namespace the kernel kills everything when the launcher (PID 1) dies
  const tracker = child.pid === undefined ? null : new ProcessTracker(child.pid, choice.wrapper === null);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (d: string) => {
    if (stdout.length < MAX_OUTPUT) stdout += d;
  });
  child.stderr.on("data", (d: string) => {
    if (stderr.length < MAX_OUTPUT) stderr += d;
  });
  let timedOut = false;
  let durationMs = 0;
  type Outcome = { code: number | null; signal: NodeJS.Signals | null };
  const result = await new Promise<Outcome>((resolvePromise, reject) => {
    let exited: Outcome | null = null;
    let exitedAt = 0;
    let settled = false;
    let graceTimer: NodeJS.Timeout | null = null;
    const finish = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      tracker?.stop();
      durationMs = (exitedAt || Date.now()) - started;
      resolvePromise(outcome);
    };
    // once the run is over, stop waiting for the pipes after a grace period
    const startGrace = (): void => {
      graceTimer ??= setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(exited ?? { code: null, signal: "SIGKILL" });
      }, 5_000);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      tracker?.killAll();
      startGrace();
    }, spec.timeoutMs);
    child.on("error", (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      tracker?.stop();
      reject(new Error(`e2e: cannot start ${file}: ${err.message}`));
    });
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      exitedAt = Date.now();
      // leftovers (background jobs started by tools, holding our pipes open) die with the run
      tracker?.killAll();
      startGrace();
    });
    child.on("close", (code, signal) => finish(exited ?? { code, signal }));
  });
  if (timedOut) stderr += `\n[e2e] ${spec.agent} killed after ${spec.timeoutMs} ms timeout\n`;
  return {
    agent: spec.agent,
    command: [spec.bin, ...spec.args],
    exitCode: result.code,
    signal: result.signal,
    timedOut,
    stdout,
    stderr,
    durationMs,
    requests: spec.mock.requests.slice(firstRequest),
    isolation: choice.isolation,
    isolationNote: choice.note,
  };
}

export function defaultTimeout(): number {
  const v = Number(process.env.STASO_E2E_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : 30_000;
}

export function defaultNetns(): NetnsMode {
  const v = process.env.STASO_E2E_NETNS;
  return v === "off" || v === "require" || v === "auto" ? v : "auto";
}

export function commonEnv(ws: Workspace, rootInside: boolean): Record<string, string> {
  const env: Record<string, string> = {
    HOME: ws.home,
    PATH: defaultPath(),
    TMPDIR: ws.tmp,
    LANG: "C.UTF-8",
    TERM: "dumb",
    NO_COLOR: "1",
    SHELL: existsSync("/bin/bash") ? "/bin/bash" : "/bin/sh",
  };
  if (rootInside) env.IS_SANDBOX = "1";
  return env;
}

/** Formats a run for assertion messages. */
export function describeRun(r: AgentRunResult): string {
  const cut = (s: string): string => (s.length > 4000 ? `${s.slice(0, 2000)}\n…\n${s.slice(-2000)}` : s);
  return [
    `${r.agent} exit=${r.exitCode} signal=${r.signal} timedOut=${r.timedOut} ${r.durationMs}ms isolation=${r.isolation} (${r.isolationNote})`,
    `requests: ${r.requests.map((q) => `${q.method} ${q.url}`).join(", ") || "none"}`,
    `--- stdout ---\n${cut(r.stdout)}`,
    `--- stderr ---\n${cut(r.stderr)}`,
  ].join("\n");
}

// ---------------------------------------------------------------------------
// Claude Code

export interface ClaudeRunOptions extends RunOptionsBase {
  mock: MockAnthropic;
  /** Written to `~/.claude/settings.json` (or the project's, see settingsLocation) before the run. */
  settings?: Record<string, unknown>;
  settingsLocation?: "user" | "project";
  /** Pass `--dangerously-skip-permissions` (default true). Set false and add `--permission-mode …` in args to test other modes. */
  skipPermissions?: boolean;
}

/** `claude -p <prompt> --output-format json [--dangerously-skip-permissions] …args` against the mock. */
export async function runClaude(o: ClaudeRunOptions): Promise<AgentRunResult> {
  const bin = agentBinaries().claude;
  const ws = o.workspace;
  if (o.settings) writeClaudeSettings(ws, o.settings, o.settingsLocation ?? "user");
  const isolation = chooseIsolation(o.netns ?? defaultNetns(), o.mock.socketPath !== null, o.namespaces !== false);
  const args = ["-p", o.prompt ?? "Do the task.", "--output-format", "json"];
  if (o.skipPermissions !== false) args.push("--dangerously-skip-permissions");
  args.push(...(o.args ?? []));
  const env: Record<string, string> = {
    ...commonEnv(ws, agentUidIsZero(isolation)),
    ANTHROPIC_BASE_URL: o.mock.baseUrl,
    ANTHROPIC_API_KEY: "sk-ant-mock-key",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    DISABLE_AUTOUPDATER: "1",
    ...o.env,
  };
  const r = await runProcess({
    agent: "claude",
    bin,
    args,
    env,
    cwd: o.cwd ?? ws.project,
    workspace: ws,
    mock: o.mock,
    timeoutMs: o.timeoutMs ?? defaultTimeout(),
    isolation,
  });
  let json: unknown;
  try {
    json = JSON.parse(r.stdout) as unknown;
  } catch {
    json = undefined;
  }
  return json === undefined ? r : { ...r, json };
}

// ---------------------------------------------------------------------------
// Codex

export interface CodexRunOptions extends RunOptionsBase {
  mock: MockOpenAI;
  /** Hooks to install; config.toml is always (re)written unless writeConfig is false. */
  hooks?: HooksByEvent;
  hooksLocation?: CodexHooksLocation;
  /** Write trust entries for the hooks (default true). false shows that untrusted hooks are skipped. */
  trustHooks?: boolean;
  model?: string;
  extraToml?: string;
  /** Leave `$CODEX_HOME/config.toml` as the caller wrote it (e.g. with writeCodexSetup). */
  writeConfig?: boolean;
}

/** `codex exec --skip-git-repo-check --dangerously-bypass-approvals-and-sandbox --color never --output-last-message F …args <prompt>`. */
export async function runCodex(o: CodexRunOptions): Promise<AgentRunResult> {
  const bin = agentBinaries().codex;
  const ws = o.workspace;
  if (o.writeConfig !== false) {
    const setup: CodexSetupOptions = { baseUrl: o.mock.baseUrl };
    if (o.hooks) setup.hooks = o.hooks;
    if (o.hooksLocation) setup.hooksLocation = o.hooksLocation;
    if (o.trustHooks !== undefined) setup.trustHooks = o.trustHooks;
    if (o.model !== undefined) setup.model = o.model;
    if (o.extraToml !== undefined) setup.extraToml = o.extraToml;
    writeCodexSetup(ws, setup);
  }
  const isolation = chooseIsolation(o.netns ?? defaultNetns(), o.mock.socketPath !== null, o.namespaces !== false);
  const lastMessagePath = join(ws.root, `codex-last-message-${++runCounter}.txt`);
  const args = [
    "exec",
    "--skip-git-repo-check",
    "--dangerously-bypass-approvals-and-sandbox",
    "--color",
    "never",
    "--output-last-message",
    lastMessagePath,
    ...(o.args ?? []),
    o.prompt ?? "Do the task.",
  ];
  const env: Record<string, string> = {
    ...commonEnv(ws, agentUidIsZero(isolation)),
    CODEX_HOME: ws.codexHome,
    MOCK_API_KEY: "mock-key",
    ...o.env,
  };
  const r = await runProcess({
    agent: "codex",
    bin,
    args,
    env,
    cwd: o.cwd ?? ws.project,
    workspace: ws,
    mock: o.mock,
    timeoutMs: o.timeoutMs ?? defaultTimeout(),
    isolation,
    ...(o.forwards ? { forwards: o.forwards } : {}),
  });
  let lastMessage: string | undefined;
  try {
    lastMessage = readFileSync(lastMessagePath, "utf8");
  } catch {
    lastMessage = undefined;
  }
  return lastMessage === undefined ? r : { ...r, lastMessage };
}
