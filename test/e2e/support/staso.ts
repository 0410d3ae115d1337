// staso in the e2e workspaces: which staso is under test, how it is installed in a throwaway HOME
// (`staso setup`, the way users install it, or the harness's own writers while setup is unavailable),
// and what it recorded (the audit trail, read back through `staso logs --json`).
//
// The staso under test is this checkout, or the checkout named by STASO_E2E_STASO_ROOT (a built copy of
// the repository, e.g. a git worktree with a deliberate bug, to prove the suite fails).

import { spawnSync } from "node:child_process";
import { createApprovalKey, writeApprovalKey } from "../../../src/escalation/approval-key.js";
import { atTerminal, TEST_PASSPHRASE } from "../../support/terminal.js";
import { createHash } from "node:crypto";
import {
  accessSync,
  constants as fsConstants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { RUNTIME_ENV } from "../../../src/config-files/hook-command.js";

import {
  codexTrustEntries,
  commandHooks,
  REPO_ROOT,
  writeClaudeSettings,
  writeCodexSetup,
  type HookGroup,
  type HooksByEvent,
  type Workspace,
} from "./agents.js";

export type StasoAgent = "claude" | "codex";
/** Which hook program the agent runs: the Node launcher (bin/staso.js) or the native build (dist/native/staso-hook). */
export type HookVariant = "node" | "native";

let snapshotRoot: string | null = null;

/**
 * Root of the staso checkout under test: $STASO_E2E_STASO_ROOT, default this repository. With
 * STASO_E2E_SNAPSHOT=1, a private copy of the built package taken once per test file (so that a
 * concurrent `npm run build`, which deletes and rewrites dist/, cannot pull the hook out from under a run).
 */
function stasoRoot(): string {
  const v = process.env.STASO_E2E_STASO_ROOT;
  const base = v && v.trim() !== "" ? resolve(v) : REPO_ROOT;
  if (process.env.STASO_E2E_SNAPSHOT !== "1") return base;
  if (snapshotRoot === null) {
    snapshotDir = mkdtempSync(join(tmpdir(), "staso-e2e-snapshot-"));
    snapshotRoot = copyStasoPackage(join(snapshotDir, "staso"), { root: base, native: true });
  }
  return snapshotRoot;
}

let snapshotDir: string | null = null;

/** Removes the STASO_E2E_SNAPSHOT copy, if one was made (call from afterAll). */
export function removeStasoSnapshot(): void {
  if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
  snapshotDir = null;
  snapshotRoot = null;
}

export const stasoLauncher = (root = stasoRoot()): string => join(root, "bin", "staso.js");
const nativeHookPath = (root = stasoRoot()): string => join(root, "dist", "native", "staso-hook");

const targetOf = (agent: StasoAgent): "claude-code" | "codex" => (agent === "claude" ? "claude-code" : "codex");

/** POSIX sh quoting (bare when safe). */
function shq(word: string): string {
  return /^[A-Za-z0-9_/.,:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The absolute hook command for one agent and variant (what setup writes for it). */
function stasoHookCommand(agent: StasoAgent, variant: HookVariant, root = stasoRoot()): string {
  const argv = variant === "native" ? [nativeHookPath(root)] : [process.execPath, stasoLauncher(root)];
  // As setup writes it: the runtime's code-loading variables emptied first.
  const empty = RUNTIME_ENV[variant].map((name) => `${name}=`);
  return [...empty, ...[...argv, "hook", "--target", targetOf(agent)].map(shq)].join(" ");
}

/** Throws a clear message when the staso under test is not built. */
function assertStasoBuilt(root = stasoRoot()): void {
  const hookBundle = join(root, "dist", "hook.cjs");
  if (!existsSync(stasoLauncher(root)) || !existsSync(hookBundle)) {
    throw new Error(`e2e: staso is not built in ${root} (${hookBundle} missing). Run \`npm run build\` first.`);
  }
}

export interface NativeHookStatus {
  /** The binary exists (npm run build makes it when Bun is available). */
  present: boolean;
  /** It exists and answers a deny for `rm -rf /`. */
  ok: boolean;
  why: string;
}

let nativeCache: (NativeHookStatus & { root: string }) | null = null;

/** Whether the native hook exists and answers (a deny for `rm -rf /`); `why` says why not. */
export function nativeHookStatus(root = stasoRoot()): NativeHookStatus {
  if (nativeCache && nativeCache.root === root) return nativeCache;
  const bin = nativeHookPath(root);
  const present = existsSync(bin);
  let ok = false;
  let why = "";
  const scratch = mkdtempSync(join(tmpdir(), "staso-e2e-native-probe-"));
  try {
    accessSync(bin, fsConstants.X_OK);
    const payload = JSON.stringify({
      session_id: "e2e-probe",
      transcript_path: "/nonexistent/t.jsonl",
      cwd: root,
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: "rm -rf /" },
      tool_use_id: "probe",
    });
    const r = spawnSync(bin, ["hook", "--target", "claude-code"], {
      input: payload,
      encoding: "utf8",
      timeout: 20_000,
      env: { PATH: "/usr/bin:/bin", HOME: scratch, STASO_HOME: scratch },
    });
    ok = r.status === 0 && r.stdout.includes('"deny"');
    if (!ok)
      why = `${bin} did not answer a deny for rm -rf / (exit ${r.status}): ${(r.stderr || r.stdout).slice(0, 300)}`;
  } catch {
    why = `${bin} is missing (npm run build builds it when Bun is available)`;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  nativeCache = { root, present, ok, why };
  return nativeCache;
}

let setupCache: { root: string; ok: boolean } | null = null;

/** Whether `staso setup` is available in the staso under test (`staso setup --help` works). */
export function setupAvailable(root = stasoRoot()): boolean {
  if (process.env.STASO_E2E_NO_SETUP === "1") return false;
  if (setupCache && setupCache.root === root) return setupCache.ok;
  const r = spawnSync(process.execPath, [stasoLauncher(root), "setup", "--help"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  const ok = r.status === 0 && /--target/.test(r.stdout);
  setupCache = { root, ok };
  return ok;
}

/** $STASO_HOME of a workspace: `<root>/staso-home` (config, audit). */
export const stasoHomeOf = (ws: Workspace): string => join(ws.root, "staso-home");

/** The env staso needs inside the agent run (its hook inherits the agent's env). */
export function stasoEnv(ws: Workspace, extra: Record<string, string> = {}): Record<string, string> {
  return { STASO_HOME: stasoHomeOf(ws), ...extra };
}

interface StasoCliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <root>/bin/staso.js …args` with the workspace's HOME, CODEX_HOME and STASO_HOME (never the real home). */
export function stasoCli(
  ws: Workspace,
  args: string[],
  opts: { root?: string; env?: Record<string, string> } = {},
): StasoCliResult {
  const r = spawnSync(process.execPath, [stasoLauncher(opts.root), ...args], {
    cwd: ws.project,
    env: {
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: ws.home,
      CODEX_HOME: ws.codexHome,
      STASO_HOME: stasoHomeOf(ws),
      XDG_CONFIG_HOME: join(ws.home, ".config"),
      XDG_DATA_HOME: join(ws.home, ".local", "share"),
      SHELL: "/bin/bash",
      LANG: "C.UTF-8",
      NO_COLOR: "1",
      ...opts.env,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout ?? "", stderr: (r.stderr ?? "") + (r.error ? `\n${r.error.message}` : "") };
}

/**
 * Copies the staso package as npm would install it (package.json plus its `files`) into `dest`, with
 * node_modules symlinked to the checkout's. The native hook (100+ MB) is left out unless `native`; the
 * per-platform packages laid out in dist/packages always are (they are published separately).
 * Gives a test an installation of its own that it may break (delete the launcher, …).
 */
export function copyStasoPackage(dest: string, o: { root?: string; native?: boolean } = {}): string {
  const root = o.root ?? stasoRoot();
  assertStasoBuilt(root);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files?: string[] };
  mkdirSync(dest, { recursive: true });
  cpSync(join(root, "package.json"), join(dest, "package.json"));
  const skip = new Set([join(root, "dist", "packages"), ...(o.native ? [] : [join(root, "dist", "native")])]);
  for (const entry of pkg.files ?? ["bin", "dist"]) {
    const from = join(root, entry);
    if (!existsSync(from)) continue;
    cpSync(from, join(dest, entry), { recursive: true, filter: (src) => !skip.has(src) });
  }
  symlinkSync(join(root, "node_modules"), join(dest, "node_modules"), "dir");
  return dest;
}

// ---------------------------------------------------------------------------
// installing staso in a workspace

export interface StasoInstall {
  agent: StasoAgent;
  variant: HookVariant;
  /** The hook command the agent runs. */
  command: string;
  /** `setup`: written by `staso setup` (then, for the other variant, the command swapped in place);
   *  `harness`: written by the harness helpers (setup unavailable). */
  method: "setup" | "harness" | "setup+swap";
  /** The agent's hook file (Claude settings.json, Codex hooks.json). */
  hooksFile: string;
  /** Setup's stdout (empty for the harness method). */
  setupOutput: string;
}

export interface InstallOptions {
  /** The hook program to run; default: whatever `staso setup` installs (the harness: node). */
  variant?: HookVariant;
  /** Codex: the mock's base URL (`mock.baseUrl`); the offline config.toml is written first, setup merges into it. */
  codexBaseUrl?: string;
  /** A staso checkout other than the one under test (e.g. a throwaway copy). */
  root?: string;
  /** Force the harness writers even when setup works. */
  method?: "setup" | "harness";
  /** More `staso setup` flags (e.g. --server URL --api-key ak_…). */
  setupArgs?: string[];
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

function hooksIn(file: string): HooksByEvent {
  const j = readJson(file);
  return (j.hooks ?? {}) as HooksByEvent;
}

/** Every hook command of a settings / hooks file that runs staso. */
function stasoCommandsIn(hooks: HooksByEvent): string[] {
  const out = new Set<string>();
  for (const groups of Object.values(hooks)) {
    for (const g of groups as HookGroup[]) for (const h of g.hooks) if (/staso/.test(h.command)) out.add(h.command);
  }
  return [...out];
}

/** Replaces command `from` by `to` in every hook of a settings / hooks file. */
function swapCommand(file: string, from: string, to: string): HooksByEvent {
  const j = readJson(file);
  const hooks = (j.hooks ?? {}) as HooksByEvent;
  for (const groups of Object.values(hooks))
    for (const g of groups) for (const h of g.hooks) if (h.command === from) h.command = to;
  writeFileSync(file, `${JSON.stringify(j, null, 2)}\n`);
  return hooks;
}

/** The `[hooks.state."key"] trusted_hash = "…"` entries of a Codex config.toml. */
function codexTrustIn(configToml: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /^\[hooks\.state\.("(?:[^"\\]|\\.)*")\]\s*\ntrusted_hash\s*=\s*"([^"]*)"/gm;
  for (const m of configToml.matchAll(re)) out.set(JSON.parse(m[1]!) as string, m[2]!);
  return out;
}

/**
 * Checks that what setup trusted is what Codex will accept: every staso handler of hooks.json has a
 * `[hooks.state]` entry whose hash matches the harness's verified algorithm. Throws a precise message.
 */
function checkCodexTrust(configPath: string, hooksPath: string): void {
  const have = codexTrustIn(readFileSync(configPath, "utf8"));
  for (const e of codexTrustEntries(hooksPath, hooksIn(hooksPath))) {
    const got = have.get(e.key);
    if (got !== e.trustedHash) {
      throw new Error(`e2e: ${configPath} trusts ${e.key} with ${got ?? "(no entry)"}, Codex expects ${e.trustedHash}`);
    }
  }
}

/** Rewrites the trusted_hash of every handler of hooks.json after its commands changed. */
function retrustCodex(configPath: string, hooksPath: string): void {
  let toml = readFileSync(configPath, "utf8");
  for (const e of codexTrustEntries(hooksPath, hooksIn(hooksPath))) {
    const header = `[hooks.state.${JSON.stringify(e.key)}]`;
    const at = toml.indexOf(header);
    if (at < 0) {
      toml += `\n${header}\ntrusted_hash = ${JSON.stringify(e.trustedHash)}\n`;
      continue;
    }
    const lineStart = toml.indexOf("\ntrusted_hash", at);
    const lineEnd = toml.indexOf("\n", lineStart + 1);
    toml = `${toml.slice(0, lineStart)}\ntrusted_hash = ${JSON.stringify(e.trustedHash)}${lineEnd < 0 ? "" : toml.slice(lineEnd)}`;
  }
  writeFileSync(configPath, toml);
}

/**
 * Puts staso in front of one agent in the workspace, the way a user does: `staso setup --target …
 * --yes` (user scope) with HOME, CODEX_HOME and STASO_HOME pointing into the workspace. For Codex the
 * offline config.toml (mock provider) is written first and setup edits it in place.
 *
 * When setup installs the other hook program than `variant` asks for, the command is swapped in the
 * files setup wrote (and the Codex trust hashes recomputed), so both variants run with setup's exact
 * settings (matchers, timeouts, Claude's onFailure). Without a working setup, the harness writes the
 * same shape itself.
 */
export function installStaso(ws: Workspace, agent: StasoAgent, o: InstallOptions = {}): StasoInstall {
  const root = o.root ?? stasoRoot();
  assertStasoBuilt(root);
  if (o.variant === "native" && !nativeHookStatus(root).ok)
    throw new Error(`e2e: native hook unavailable: ${nativeHookStatus(root).why}`);
  const variantOf = (command: string): HookVariant => (/staso-hook['"]?\s/.test(command) ? "native" : "node");
  mkdirSync(stasoHomeOf(ws), { recursive: true });
  if (agent === "codex") {
    if (!o.codexBaseUrl) throw new Error("installStaso(codex): codexBaseUrl (mock.baseUrl) is required");
    writeCodexSetup(ws, { baseUrl: o.codexBaseUrl });
  }
  const useSetup = o.method !== "harness" && setupAvailable(root);
  if (!useSetup) {
    const variant = o.variant ?? "node";
    const want = stasoHookCommand(agent, variant, root);
    if (agent === "claude") {
      const hooks: HooksByEvent = {
        PreToolUse: [{ matcher: "*", hooks: [{ type: "command", command: want, timeout: 30, onFailure: "block" }] }],
        PostToolUse: [{ matcher: "*", hooks: [{ type: "command", command: want, timeout: 30 }] }],
        PostToolUseFailure: [{ matcher: "*", hooks: [{ type: "command", command: want, timeout: 30 }] }],
      };
      const file = writeClaudeSettings(ws, { hooks }, "user");
      return { agent, variant, command: want, method: "harness", hooksFile: file, setupOutput: "" };
    }
    const w = writeCodexSetup(ws, {
      baseUrl: o.codexBaseUrl!,
      hooks: commandHooks(want, { events: ["PreToolUse", "PostToolUse"], matcher: "*", timeout: 30 }),
    });
    return { agent, variant, command: want, method: "harness", hooksFile: w.hooksPath!, setupOutput: "" };
  }

  const args = [
    ...(agent === "claude"
      ? ["setup", "--target", "claude-code", "--scope", "user", "--yes"]
      : ["setup", "--target", "codex", "--yes"]),
    ...(o.setupArgs ?? []),
  ];
  const r = stasoCli(ws, args, { root });
  if (r.code !== 0)
    throw new Error(`e2e: \`staso ${args.join(" ")}\` failed (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
  const hooksFile = agent === "claude" ? join(ws.home, ".claude", "settings.json") : join(ws.codexHome, "hooks.json");
  if (!existsSync(hooksFile)) throw new Error(`e2e: staso setup did not write ${hooksFile}:\n${r.stdout}`);
  const installed = stasoCommandsIn(hooksIn(hooksFile));
  if (installed.length !== 1)
    throw new Error(`e2e: expected one staso hook command in ${hooksFile}, found ${JSON.stringify(installed)}`);
  const configPath = join(ws.codexHome, "config.toml");
  if (agent === "codex") checkCodexTrust(configPath, hooksFile);
  let method: StasoInstall["method"] = "setup";
  const variant = o.variant ?? variantOf(installed[0]!);
  const want = o.variant === undefined ? installed[0]! : stasoHookCommand(agent, variant, root);
  if (installed[0] !== want) {
    swapCommand(hooksFile, installed[0]!, want);
    if (agent === "codex") {
      retrustCodex(configPath, hooksFile);
      checkCodexTrust(configPath, hooksFile);
    }
    method = "setup+swap";
  }
  return { agent, variant, command: want, method, hooksFile, setupOutput: r.stdout };
}

// ---------------------------------------------------------------------------
// the audit trail

export interface AuditRecord {
  host: string;
  event: string;
  tool: string;
  action: string;
  span: string;
  ruleId?: string;
  reason?: string;
  rules?: Array<{ ruleId: string; action: string; mode: string }>;
  input?: unknown;
  [key: string]: unknown;
}

/** The audit trail of the workspace, through `staso logs --json` (one JSON object per line). */
export function auditRecords(ws: Workspace, root = stasoRoot()): AuditRecord[] {
  const r = stasoCli(ws, ["logs", "--json"], { root });
  if (r.code !== 0) throw new Error(`e2e: staso logs --json failed (exit ${r.code}): ${r.stderr}`);
  return r.stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as AuditRecord);
}

// ---------------------------------------------------------------------------
// staso's own config, and fixtures on disk

/** Writes `$STASO_HOME/config.json` (a user config: rule modes, fail mode, …), or raw text when given a string. */
export function writeStasoConfig(ws: Workspace, config: Record<string, unknown> | string): string {
  const dir = stasoHomeOf(ws);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "config.json");
  writeFileSync(path, typeof config === "string" ? config : `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

/**
 * Sets the human's approval passphrase (TEST_PASSPHRASE) in the workspace's STASO_HOME, at a tenth of the
 * real scrypt cost, as `staso escalations passphrase set` would have kept it.
 */
export async function setApprovalPassphrase(ws: Workspace): Promise<void> {
  const dir = stasoHomeOf(ws);
  writeApprovalKey(
    join(dir, "approval-key.json"),
    await createApprovalKey(TEST_PASSPHRASE, { N: 2 ** 10, r: 8, p: 1 }),
  );
}

/**
 * `staso …args` for the workspace as the human runs it, from their own shell: approve and deny at a terminal
 * of their own (script(1)), typing `typed` (default: the passphrase) when asked.
 */
export async function stasoAsHuman(
  ws: Workspace,
  args: string[],
  o: { typed?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: ws.home,
    STASO_HOME: stasoHomeOf(ws),
    NO_COLOR: "1",
    LANG: "C.UTF-8",
  };
  const r = await atTerminal([process.execPath, stasoLauncher(), ...args], [o.typed ?? TEST_PASSPHRASE], {
    env: { ...Object.fromEntries(Object.keys(process.env).map((k) => [k, undefined])), ...env },
    cwd: ws.project,
  });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A fake AWS secret access key (40 base64 characters) derived from `label`: deterministic, different
 * per label, shaped like a real one, and never written literally in the sources (no scanner trips on them).
 */
export function fakeAwsSecret(label: string): string {
  return createHash("sha256").update(`staso-e2e:${label}`).digest().subarray(0, 30).toString("base64");
}

/** A fake OpenSSH private key whose body is a unique marker (to prove it never reaches the model). */
function fakeSshKey(marker: string): string {
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${marker}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

export interface HomeFixture {
  /** `~/.ssh/id_ed25519` */
  sshKeyPath: string;
  sshKey: string;
  /** The marker inside the key. */
  sshKeyMarker: string;
  /** A file in HOME that `rm -rf ~` would delete. */
  canaryPath: string;
}

/** Puts a fake SSH private key and a canary file into the workspace's HOME. */
export function seedHome(ws: Workspace): HomeFixture {
  const sshKeyMarker = `staso-e2e-private-key-${createHash("sha256").update(ws.root).digest("hex").slice(0, 16)}`;
  const sshKey = fakeSshKey(sshKeyMarker);
  mkdirSync(join(ws.home, ".ssh"), { recursive: true, mode: 0o700 });
  const sshKeyPath = join(ws.home, ".ssh", "id_ed25519");
  writeFileSync(sshKeyPath, sshKey, { mode: 0o600 });
  const canaryPath = join(ws.home, "canary.txt");
  writeFileSync(canaryPath, "still here\n");
  return { sshKeyPath, sshKey, sshKeyMarker, canaryPath };
}

/** Runs git with the workspace's HOME and no system config; throws with git's stderr on failure. */
export function git(ws: Workspace, cwd: string, args: string[]): string {
  const r = spawnSync(
    "git",
    ["-c", "user.name=staso e2e", "-c", "user.email=e2e@staso.invalid", "-c", "init.defaultBranch=main", ...args],
    {
      cwd,
      encoding: "utf8",
      timeout: 30_000,
      env: { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: ws.home, GIT_CONFIG_NOSYSTEM: "1", LANG: "C.UTF-8" },
    },
  );
  if (r.status !== 0) throw new Error(`e2e: git ${args.join(" ")} (in ${cwd}) failed: ${r.stderr || r.error?.message}`);
  return r.stdout.trim();
}

export interface GitRemoteFixture {
  /** The bare repository that plays "origin". */
  remote: string;
  /** The commit the remote's branch points at now. */
  remoteSha: string;
  /** The local commit a force push would put on the remote. */
  localSha: string;
  /** What the remote's branch points at, read from disk now. */
  remoteHead(): string;
}

/**
 * The project becomes a git repository on `branch` with a bare `origin`.
 * - `diverged` (for main): the remote has commit A; the local branch was rewritten to A' (amend), and
 *   origin/main is A, so `git push --force-with-lease origin main` would succeed and rewrite the remote.
 * - `stale` (for a feature branch): someone else pushed B on top of A; the local branch has C on A and has
 *   not fetched. `git push --force` would overwrite B with C; `--force-with-lease` is rejected ("stale info").
 */
export function gitRemoteFixture(ws: Workspace, branch: string, kind: "diverged" | "stale"): GitRemoteFixture {
  const remote = join(ws.root, "origin.git");
  git(ws, ws.root, ["init", "-q", "--bare", remote]);
  const p = ws.project;
  git(ws, p, ["init", "-q", "-b", branch]);
  writeFileSync(join(p, "README.md"), "first\n");
  git(ws, p, ["add", "README.md"]);
  git(ws, p, ["commit", "-q", "-m", "first"]);
  git(ws, p, ["remote", "add", "origin", remote]);
  git(ws, p, ["push", "-q", "-u", "origin", branch]);
  if (kind === "diverged") {
    writeFileSync(join(p, "README.md"), "first, rewritten\n");
    git(ws, p, ["commit", "-q", "-a", "--amend", "-m", "first (rewritten)"]);
  } else {
    const other = join(ws.root, "other-clone");
    git(ws, ws.root, ["clone", "-q", "-b", branch, remote, other]);
    writeFileSync(join(other, "THEIRS.md"), "their work\n");
    git(ws, other, ["add", "THEIRS.md"]);
    git(ws, other, ["commit", "-q", "-m", "their work"]);
    git(ws, other, ["push", "-q", "origin", branch]);
    writeFileSync(join(p, "MINE.md"), "my work\n");
    git(ws, p, ["add", "MINE.md"]);
    git(ws, p, ["commit", "-q", "-m", "my work"]);
  }
  const remoteHead = (): string => git(ws, remote, ["rev-parse", `refs/heads/${branch}`]);
  return { remote, remoteSha: remoteHead(), localSha: git(ws, p, ["rev-parse", "HEAD"]), remoteHead };
}

/** Every request body the mock received, as raw text (to prove a value never reached the model). */
export function everythingSentToModel(mock: { requests: Array<{ rawBody: string }> }): string {
  return mock.requests.map((q) => q.rawBody).join("\n");
}

/**
 * The escalation a waiting hook raised, read from the store's files while the agent runs: its id and
 * request. Throws when the run ends first, or after `timeoutMs`.
 */
export async function pendingEscalation(
  ws: Workspace,
  run: Promise<unknown>,
  timeoutMs = 30_000,
): Promise<{ id: string; request: Record<string, unknown> }> {
  const dir = join(stasoHomeOf(ws), "escalations");
  let finished = false;
  void run.then(() => (finished = true));
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(dir)) {
      for (const id of readdirSync(dir).filter((n) => /^esc_[0-9a-f]{12}$/.test(n))) {
        const req = join(dir, id, "request.json");
        if (existsSync(req) && !existsSync(join(dir, id, "resolution.json")))
          return { id, request: JSON.parse(readFileSync(req, "utf8")) as Record<string, unknown> };
      }
    }
    if (finished) throw new Error("the agent finished without raising an escalation");
    if (Date.now() > until) throw new Error("no escalation was raised");
    await new Promise((r) => setTimeout(r, 50));
  }
}
