// `staso doctor`: is staso really in front of each agent? Per agent: installed, hook present for every tool,
// the configured command runs (through a shell, as the agent runs it) and answers synthetic calls correctly,
// Codex trusts it, staso's deadline is below the agent's timeout. Plus: the policy loads, the audit dir is
// writable. Every problem comes with a fix.
import { spawnSync } from "node:child_process";
import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { execa } from "execa";
import { isStasoHandler as isClaudeStaso } from "../hosts/claude-code/settings.js";
import { inlineStasoHooks } from "../hosts/codex/hooks-config.js";
import { codexTrustHash, codexTrustKey, readTrustState } from "../hosts/codex/trust.js";
import { auditDir, stasoPaths, userConfigFile } from "../paths.js";
import { resolvePolicy, type Policy } from "../policy/load.js";
import { credentialsFile } from "./credentials.js";
import { serverChecks } from "./doctor-server.js";
import { detectAgent, type AgentInfo } from "./detect.js";
import { readFileState } from "../config-files/fs-write.js";
import { hookCommand, nativeHookBinary, type HookTarget } from "../config-files/hook-command.js";
import { escalationWaitSeconds, HOST_MARGIN_SECONDS } from "../escalation/settings.js";
import type { HookGroup, HookHandler } from "../config-files/hooks-file.js";
import { parseJsonDocument } from "../config-files/json-edit.js";
import { claudeSettingsFile, codexFiles, scopesFor, targetLabel, type Scope } from "./locations.js";
import { codexProjectTrusted } from "./plan.js";
import { subscribedEvents } from "../config-files/templates.js";
import { parseToml, type TomlTable } from "../config-files/toml-edit.js";
import { hostTimeoutSecondsFor } from "../escalation/settings.js";

export interface Check {
  id: string;
  ok: boolean;
  /** What was checked and what was found. */
  message: string;
  /** What to do when it is not ok. */
  fix?: string;
}

interface AgentReport {
  target: HookTarget;
  label: string;
  binary: string | null;
  version: string | null;
  /** Where staso's hooks were found. */
  hooks: Array<{ scope: Scope; file: string }>;
  checks: Check[];
}

export interface DoctorReport {
  ok: boolean;
  problems: number;
  staso: Check[];
  agents: AgentReport[];
}

export interface DoctorOptions {
  env?: NodeJS.ProcessEnv;
  projectDir?: string;
  /** Only these agents (then one that is not installed is a problem). */
  targets?: HookTarget[];
}

/** What an event's hook is for, so a missing one says what the user loses (events come from the templates). */
const EVENT_PURPOSE: Record<string, string> = {
  PreToolUse: "no tool call is checked before it runs",
  PostToolUse: "tool outputs go unchecked and the session rules never learn which calls ran",
  PostToolUseFailure:
    "the session rules never learn which calls failed (an identical retry of a call that failed for lack of permission is not stopped)",
};
const matchesAll = (m: unknown) => m === undefined || m === "" || m === "*";

interface Found {
  scope: Scope;
  file: string;
  event: string;
  group: number;
  handler: number;
  groupValue: HookGroup;
  handlerValue: HookHandler;
}

/** staso handlers in one hooks document, or a parse problem. */
function findStasoHooks(
  file: string,
  scope: Scope,
  allowComments: boolean,
): { found: Found[]; problem?: Check; root?: Record<string, unknown> } {
  const st = readFileState(file);
  if (st.text === null) return { found: [] };
  let value: unknown;
  try {
    value = parseJsonDocument(file, st.text, { allowComments }).value;
  } catch (err) {
    return {
      found: [],
      problem: {
        id: "config-parse",
        ok: false,
        message: (err as Error).message.replace(
          /, so staso changed nothing\. Fix or move the file, then run the command again\./,
          "",
        ),
        fix: `fix the syntax at the line named, or move ${file} away and run \`staso setup\``,
      },
    };
  }
  const root = (value ?? {}) as Record<string, unknown>;
  const hooks = (root.hooks ?? {}) as Record<string, unknown>;
  const found: Found[] = [];
  if (hooks && typeof hooks === "object") {
    for (const [event, groups] of Object.entries(hooks)) {
      if (!Array.isArray(groups)) continue;
      groups.forEach((g, gi) => {
        const list = (g as HookGroup)?.hooks;
        if (!Array.isArray(list)) return;
        list.forEach((h, hi) => {
          if (h && typeof h === "object" && isClaudeStaso(h as HookHandler))
            found.push({
              scope,
              file,
              event,
              group: gi,
              handler: hi,
              groupValue: g as HookGroup,
              handlerValue: h as HookHandler,
            });
        });
      });
    }
  }
  return { found, root };
}

function shellFor(target: HookTarget, env: NodeJS.ProcessEnv): { file: string; args: (cmd: string) => string[] } {
  const sh = env.SHELL && existsSync(env.SHELL) ? env.SHELL : undefined;
  if (target === "codex") return { file: sh ?? "/bin/sh", args: (c) => ["-lc", c] };
  // Claude Code runs command hooks with bash (your $SHELL when it is bash, zsh or sh)
  const name = sh ? basename(sh) : "";
  const file = sh && ["bash", "zsh", "sh"].includes(name) ? sh : existsSync("/bin/bash") ? "/bin/bash" : "/bin/sh";
  return { file, args: (c) => ["-c", c] };
}

function payload(target: HookTarget, command: string, cwd: string): Record<string, unknown> {
  const base = {
    session_id: "staso-doctor",
    cwd,
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command },
  };
  return target === "codex"
    ? {
        ...base,
        turn_id: "staso-doctor",
        transcript_path: null,
        model: "gpt-5.5",
        permission_mode: "bypassPermissions",
        tool_use_id: "call_staso_doctor",
      }
    : { ...base, transcript_path: "", permission_mode: "default", tool_use_id: "toolu_staso_doctor" };
}

interface HookAnswer {
  ok: boolean;
  kind: "allow" | "deny" | "other";
  ms: number;
  detail: string;
}

async function askHook(
  target: HookTarget,
  command: string,
  timeoutSec: number,
  call: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<HookAnswer> {
  const sh = shellFor(target, env);
  const started = performance.now();
  const r = await execa(sh.file, sh.args(command), {
    input: JSON.stringify(payload(target, call, cwd)),
    env,
    extendEnv: false,
    cwd,
    timeout: timeoutSec * 1000,
    reject: false,
    stripFinalNewline: false,
  });
  const ms = Math.round(performance.now() - started);
  const stderr = String(r.stderr ?? "").trim();
  if (r.timedOut) return { ok: false, kind: "other", ms, detail: `it did not answer within ${timeoutSec} s` };
  if (r.exitCode !== 0)
    return {
      ok: false,
      kind: "other",
      ms,
      detail: `it exited with code ${r.exitCode ?? r.signal}${stderr ? `: ${stderr.split("\n").slice(-3).join(" ")}` : ""}`,
    };
  const stdout = String(r.stdout ?? "").trim();
  if (stdout === "") return { ok: true, kind: "allow", ms, detail: "" };
  let out: Record<string, unknown>;
  try {
    out = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    return { ok: false, kind: "other", ms, detail: `it printed something that is not JSON: ${stdout.slice(0, 200)}` };
  }
  const h = (out.hookSpecificOutput ?? {}) as Record<string, unknown>;
  if (h.permissionDecision === "deny") {
    const reason = typeof h.permissionDecisionReason === "string" ? h.permissionDecisionReason : "";
    if (!reason || h.hookEventName !== "PreToolUse")
      return {
        ok: false,
        kind: "deny",
        ms,
        detail: "its deny lacks hookEventName or a reason, which the agent ignores",
      };
    if (target === "codex") {
      const extra = [
        ...Object.keys(out).filter((k) => k !== "hookSpecificOutput"),
        ...Object.keys(h).filter(
          (k) => !["hookEventName", "permissionDecision", "permissionDecisionReason"].includes(k),
        ),
      ];
      if (extra.length > 0)
        return { ok: false, kind: "deny", ms, detail: `its deny carries keys Codex rejects (${extra.join(", ")})` };
    }
    return { ok: true, kind: "deny", ms, detail: reason };
  }
  return { ok: true, kind: "other", ms, detail: stdout.slice(0, 200) };
}

/**
 * How long the agent waits for the hook on an everyday call: the whole process, through the agent's
 * shell, the fastest of three plain spawns (askHook's first run also pays for the spawn library and a
 * cold page cache, which an agent's thousandth call does not). Undefined when a run fails.
 */
function hookMs(
  target: HookTarget,
  command: string,
  timeoutSec: number,
  env: NodeJS.ProcessEnv,
  cwd: string,
): number | undefined {
  const sh = shellFor(target, env);
  const input = JSON.stringify(payload(target, "ls -la", cwd));
  let best: number | undefined;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const r = spawnSync(sh.file, sh.args(command), {
      input,
      env,
      cwd,
      timeout: timeoutSec * 1000,
      stdio: ["pipe", "ignore", "ignore"],
    });
    const ms = Math.round(performance.now() - started);
    if (r.status !== 0) return undefined;
    best = best === undefined ? ms : Math.min(best, ms);
  }
  return best;
}

const cleanEnvForBlockCheck = (env: NodeJS.ProcessEnv, home: string): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...env, STASO_HOME: home };
  delete e.STASO_GUARD_ENABLED;
  delete e.STASO_FAIL_MODE;
  delete e.STASO_GUARD_TIMEOUT;
  return e;
};

function handlerTimeout(h: HookHandler): number {
  if (typeof h.timeout === "number") return h.timeout;
  if (typeof h.timeoutSec === "number") return h.timeoutSec;
  return 600;
}

async function checkCommands(
  target: HookTarget,
  found: Found[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  checks: Check[],
): Promise<void> {
  const commands = [
    ...new Map(found.filter((f) => f.event === "PreToolUse").map((f) => [String(f.handlerValue.command), f])).values(),
  ];
  for (const f of commands) {
    const command = String(f.handlerValue.command);
    const timeout = handlerTimeout(f.handlerValue);
    const where = `${f.file}`;
    if (/(^|[\s/])npx(\s|$)/.test(command)) {
      checks.push({
        id: "hook-npx",
        ok: false,
        message: `the hook in ${where} runs staso through npx, which costs seconds on every tool call`,
        fix: `staso setup --target ${target} --scope ${f.scope} (writes an absolute command for this installation)`,
      });
    }
    // the user's policy and environment, but a throwaway data dir: the doctor's calls stay out of the audit trail
    const scratch = mkdtempSync(join(tmpdir(), "staso-doctor-"));
    let everyday: HookAnswer;
    try {
      const cfg = userConfigFile(stasoPaths(env));
      if (existsSync(cfg)) copyFileSync(cfg, join(scratch, "config.json"));
      everyday = await askHook(target, command, timeout, "ls -la", { ...env, STASO_HOME: scratch }, cwd);
      if (everyday.ok && everyday.kind === "allow")
        everyday = {
          ...everyday,
          ms: hookMs(target, command, timeout, { ...env, STASO_HOME: scratch }, cwd) ?? everyday.ms,
        };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    if (!everyday.ok || everyday.kind === "deny") {
      checks.push({
        id: "hook-runs",
        ok: false,
        message: `the hook command in ${where} does not answer an everyday call correctly: ${everyday.kind === "deny" ? `it blocked \`ls -la\` (${everyday.detail})` : everyday.detail}`,
        fix:
          everyday.kind === "deny"
            ? "check your staso policy (staso logs shows why it blocked)"
            : `run \`staso setup --target ${target} --scope ${f.scope}\` to point it at this installation (${hookCommand(target)})`,
      });
      continue;
    }
    const home = mkdtempSync(join(tmpdir(), "staso-doctor-"));
    let block: HookAnswer;
    try {
      block = await askHook(target, command, timeout, "rm -rf ~", cleanEnvForBlockCheck(env, home), cwd);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
    if (!block.ok || block.kind !== "deny") {
      checks.push({
        id: "hook-blocks",
        ok: false,
        message: `the hook command in ${where} did not block \`rm -rf ~\` on staso's default rules: ${block.detail || `it answered ${block.kind}`}`,
        fix: `run \`staso setup --target ${target} --scope ${f.scope}\``,
      });
      continue;
    }
    const native = /staso-hook(\.exe)?["']?(\s|$)/.test(command);
    checks.push({
      id: "hook-runs",
      ok: true,
      message: `the ${native ? "native (Bun-built)" : "Node"} hook runs through ${shellFor(target, env).file} and answers: allows an everyday call in ${everyday.ms} ms, blocks \`rm -rf ~\``,
    });
    if (!native && nativeHookBinary()) {
      checks.push({
        id: "hook-native-available",
        ok: false,
        message: `the hook in ${where} runs on Node, but this installation has a native hook that answers several times faster`,
        fix: `staso setup --target ${target} --scope ${f.scope}`,
      });
    }
  }
}

function checkTimeouts(target: HookTarget, found: Found[], policy: Policy | undefined, checks: Check[]): void {
  if (!policy) return;
  const label = targetLabel(target);
  const pre = found.filter((f) => f.event === "PreToolUse");
  // With escalations that wait for a human, the hook may hold a call for escalation.timeout on top.
  const wait = escalationWaitSeconds(target, policy.escalation);
  const needed = wait > 0 ? policy.timeoutSeconds + wait + HOST_MARGIN_SECONDS : policy.timeoutSeconds;
  const what =
    wait > 0
      ? `staso's own ${policy.timeoutSeconds} s deadline plus the ${wait} s an escalation may wait for a human`
      : `staso's own ${policy.timeoutSeconds} s deadline`;
  for (const f of pre) {
    const t = handlerTimeout(f.handlerValue);
    if (t > needed)
      checks.push({ id: "timeout", ok: true, message: `${label} waits ${t} s for the hook, above ${what}` });
    else
      checks.push({
        id: "timeout",
        ok: false,
        message: `${label} waits only ${t} s for the hook (${f.file}) but staso may take up to ${needed} s (${what}), so ${label} can give up on staso first`,
        fix: `staso setup --target ${target} --scope ${f.scope} (sets the agent's timeout to ${hostTimeoutSecondsFor(policy.timeoutSeconds, wait)} s)`,
      });
  }
}

async function claudeReport(
  o: Required<Pick<DoctorOptions, "env">> & DoctorOptions,
  policy: Policy | undefined,
  info: AgentInfo,
): Promise<AgentReport> {
  const checks: Check[] = [];
  const found: Found[] = [];
  for (const scope of scopesFor("claude-code")) {
    const file = claudeSettingsFile(scope, { env: o.env, projectDir: o.projectDir });
    const r = findStasoHooks(file, scope, false); // Claude Code ignores a settings file with comments
    if (r.problem) checks.push(r.problem);
    found.push(...r.found);
    if (r.root?.disableAllHooks === true)
      checks.push({
        id: "hooks-disabled",
        ok: false,
        message: `${file} sets "disableAllHooks": true, so Claude Code runs no hooks at all`,
        fix: `remove "disableAllHooks" from ${file}`,
      });
  }
  const rep = agentShell("claude-code", info, found);
  rep.checks.push(...checks);
  if (!presenceChecks("claude-code", found, rep.checks)) return rep;
  const failMode = policy?.failMode ?? "closed";
  for (const f of found.filter((x) => x.event === "PreToolUse")) {
    if (failMode === "closed" && f.handlerValue.onFailure !== "block")
      rep.checks.push({
        id: "on-failure",
        ok: false,
        message: `the PreToolUse hook in ${f.file} has no "onFailure": "block", so a crash or timeout of the hook lets the call run although the fail mode is closed`,
        fix: `staso setup --target claude-code --scope ${f.scope}`,
      });
    else if (failMode === "closed")
      rep.checks.push({
        id: "on-failure",
        ok: true,
        message: `onFailure: block (a hook crash or timeout blocks the call)`,
      });
  }
  checkTimeouts("claude-code", found, policy, rep.checks);
  await checkCommands("claude-code", found, o.env, o.projectDir ?? process.cwd(), rep.checks);
  return rep;
}

async function codexReport(
  o: Required<Pick<DoctorOptions, "env">> & DoctorOptions,
  policy: Policy | undefined,
  info: AgentInfo,
): Promise<AgentReport> {
  const checks: Check[] = [];
  const found: Found[] = [];
  const user = codexFiles("user", { env: o.env });
  let config: TomlTable = {};
  const cst = readFileState(user.configFile);
  if (cst.text !== null) {
    try {
      config = parseToml(user.configFile, cst.text);
    } catch (err) {
      checks.push({
        id: "config-parse",
        ok: false,
        message: (err as Error).message.replace(/, so staso changed nothing\..*$/, ""),
        fix: `fix the syntax at the line named in ${user.configFile}`,
      });
    }
  }
  const state = readTrustState(config);
  const sources = new Map<Scope, string>();
  for (const scope of scopesFor("codex")) {
    const files = codexFiles(scope, { env: o.env, projectDir: o.projectDir });
    const r = findStasoHooks(files.hooksFile, scope, false);
    if (r.problem) checks.push(r.problem);
    found.push(...r.found);
    sources.set(scope, files.trustSource);
    if (r.found.length > 0 && r.root) {
      const extra = Object.keys(r.root).filter((k) => k !== "hooks" && k !== "description");
      if (extra.length > 0)
        checks.push({
          id: "hooks-file-keys",
          ok: false,
          message: `${files.hooksFile} has top-level keys Codex rejects (${extra.join(", ")}), so Codex ignores the whole file`,
          fix: `remove ${extra.join(", ")} from ${files.hooksFile}`,
        });
    }
    if (r.found.length > 0 && files.project && !codexProjectTrusted(config, files.project)) {
      checks.push({
        id: "project-trust",
        ok: false,
        message: `Codex loads ${files.hooksFile} only in a trusted project, and ${files.project} is not trusted in ${user.configFile}`,
        fix: `open the project in \`codex\` once and trust it, or use \`staso setup --target codex --scope user\``,
      });
    }
  }
  if (inlineStasoHooks(config))
    checks.push({
      id: "inline-hooks",
      ok: false,
      message: `${user.configFile} also runs staso from an inline [[hooks.*]] table`,
      fix: `remove that table from ${user.configFile} (staso's hooks live in hooks.json)`,
    });
  const rep = agentShell("codex", info, found);
  rep.checks.push(...checks);
  if (!presenceChecks("codex", found, rep.checks)) return rep;
  for (const f of found) {
    const key = codexTrustKey(sources.get(f.scope)!, f);
    const want = codexTrustHash(f.event, f.groupValue.matcher, f.handlerValue);
    const entry = state.get(key);
    if (entry?.enabled === false)
      rep.checks.push({
        id: "trust",
        ok: false,
        message: `the staso ${f.event} hook is turned off in Codex (enabled = false)`,
        fix: "run `codex`, open /hooks and turn it on",
      });
    else if (entry?.trusted_hash === want)
      rep.checks.push({ id: "trust", ok: true, message: `Codex trusts the ${f.event} hook (${user.configFile})` });
    else
      rep.checks.push({
        id: "trust",
        ok: false,
        message:
          entry?.trusted_hash === undefined
            ? `Codex does not trust the ${f.event} hook in ${f.file}, so it skips it without a word`
            : `the ${f.event} hook in ${f.file} changed since Codex trusted it, so Codex skips it`,
        fix: `staso setup --target codex --scope ${f.scope} (writes the trust entry), or run \`codex\`, open /hooks and trust it`,
      });
  }
  checkTimeouts("codex", found, policy, rep.checks);
  await checkCommands("codex", found, o.env, o.projectDir ?? process.cwd(), rep.checks);
  return rep;
}

function agentShell(target: HookTarget, info: AgentInfo, found: Found[]): AgentReport {
  const hooks = [...new Map(found.map((f) => [`${f.scope}:${f.file}`, { scope: f.scope, file: f.file }])).values()];
  return { target, label: targetLabel(target), binary: info.binary, version: info.version, hooks, checks: [] };
}

/** The events setup subscribes for this agent (its hook template); a template that cannot be read is a problem of its own. */
function expectedEvents(target: HookTarget, checks: Check[]): string[] {
  try {
    return subscribedEvents(target);
  } catch (err) {
    checks.push({ id: "hook-template", ok: false, message: (err as Error).message, fix: "reinstall staso" });
    return [];
  }
}

/** Hook present for every tool on every event setup subscribes; false when there is nothing more to check. */
function presenceChecks(target: HookTarget, found: Found[], checks: Check[]): boolean {
  const label = targetLabel(target);
  if (found.length === 0) {
    checks.push({
      id: "hook-present",
      ok: false,
      message: `staso's hook is not in ${label}'s settings, so ${label} runs every tool call unchecked`,
      fix: `staso setup --target ${target}`,
    });
    return false;
  }
  // Set up again where staso already is (a bare `staso setup` could add a second copy in another scope).
  const rerun = [...new Set(found.map((f) => f.scope))]
    .map((scope) => `staso setup --target ${target} --scope ${scope}`)
    .join(" and ");
  for (const event of expectedEvents(target, checks)) {
    const here = found.filter((f) => f.event === event);
    if (here.length === 0) {
      const purpose = EVENT_PURPOSE[event];
      checks.push({
        id: "hook-present",
        ok: false,
        message: `staso has no ${event} hook in ${label}'s settings${purpose ? `, so ${purpose}` : ""}`,
        fix: rerun,
      });
      continue;
    }
    const narrow = here.filter((f) => !matchesAll(f.groupValue.matcher));
    if (narrow.length > 0) {
      checks.push({
        id: "hook-matcher",
        ok: false,
        message: `staso's ${event} hook in ${narrow[0]!.file} only matches "${String(narrow[0]!.groupValue.matcher)}", so other tools (MCP included) go unchecked`,
        fix: `staso setup --target ${target} --scope ${narrow[0]!.scope}`,
      });
    } else {
      checks.push({
        id: "hook-present",
        ok: true,
        message: `${event} hook for every tool in ${[...new Set(here.map((f) => f.file))].join(", ")}`,
      });
    }
  }
  return true;
}

async function stasoChecks(
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ checks: Check[]; policy: Policy | undefined }> {
  const checks: Check[] = [];
  let policy: Policy | undefined;
  try {
    // the user's config and the project's (found from here upward), as a call made here would see them
    policy = await resolvePolicy({ cwd, env, fresh: true });
    checks.push({
      id: "policy",
      ok: true,
      message: `policy loads (${policy.sources.length > 0 ? policy.sources.join(", ") : "built-in defaults"}; fail mode ${policy.failMode}; deadline ${policy.timeoutSeconds} s)`,
    });
  } catch (err) {
    checks.push({
      id: "policy",
      ok: false,
      message: `the policy does not load: ${(err as Error).message}`,
      fix: "fix the setting named above; until then every hook call fails (and blocks when the fail mode is closed)",
    });
  }
  if (/^(false|0|no|off)$/i.test(env.STASO_GUARD_ENABLED ?? "")) {
    checks.push({
      id: "guard-enabled",
      ok: false,
      message: `STASO_GUARD_ENABLED=${env.STASO_GUARD_ENABLED} is set here, so agents started from this shell run every call unchecked`,
      fix: "unset STASO_GUARD_ENABLED",
    });
  }
  const paths = stasoPaths(env);
  const dir = auditDir(paths);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
    const probe = join(dir, `.doctor-${process.pid}`);
    writeFileSync(probe, "");
    unlinkSync(probe);
    checks.push({ id: "audit-dir", ok: true, message: `audit dir is writable: ${dir}` });
  } catch (err) {
    checks.push({
      id: "audit-dir",
      ok: false,
      message: `the audit dir ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      fix: `make it writable (chmod u+w ${dir}) or point STASO_HOME somewhere writable`,
    });
  }
  const cred = credentialsFile(paths);
  if (existsSync(cred)) {
    const mode = statSync(cred).mode & 0o777;
    if (mode & 0o077)
      checks.push({
        id: "api-key-mode",
        ok: false,
        message: `${cred} holds the API key but others can read it (mode ${mode.toString(8)})`,
        fix: `chmod 600 ${cred}`,
      });
  }
  return { checks, policy };
}

export async function runDoctor(opts: DoctorOptions = {}): Promise<DoctorReport> {
  const env = opts.env ?? process.env;
  const o = { ...opts, env };
  const { checks: staso, policy } = await stasoChecks(env, opts.projectDir ?? process.cwd());
  staso.push(...(await serverChecks(env)));
  const targets: HookTarget[] = opts.targets && opts.targets.length > 0 ? opts.targets : ["claude-code", "codex"];
  const infos = await Promise.all(targets.map((t) => detectAgent(t, env)));
  const agents: AgentReport[] = [];
  for (const info of infos) {
    const rep =
      info.target === "claude-code" ? await claudeReport(o, policy, info) : await codexReport(o, policy, info);
    const asked = opts.targets?.includes(info.target) ?? false;
    const installed: Check = info.binary
      ? { id: "installed", ok: true, message: `installed: ${info.binary}${info.version ? ` (${info.version})` : ""}` }
      : {
          id: "installed",
          ok: !asked || info.configDirExists,
          message: `no ${info.target === "claude-code" ? "claude" : "codex"} binary on PATH${info.configDirExists ? ` (its settings in ${info.configDir} apply to any ${info.label} that reads them)` : ""}`,
          fix: `install ${info.label}, or leave it out of --target`,
        };
    // an agent that is neither installed nor set up, and was not asked for, is not a problem
    if (!info.found && rep.hooks.length === 0 && !asked) {
      rep.checks = [{ id: "installed", ok: true, message: `not installed and not set up; nothing to check` }];
    } else {
      rep.checks.unshift(installed);
    }
    agents.push(rep);
  }
  const all = [...staso, ...agents.flatMap((a) => a.checks)];
  if (agents.every((a) => a.hooks.length === 0) && !all.some((c) => c.id === "hook-present")) {
    staso.push({ id: "set-up", ok: false, message: "staso is not set up for any agent", fix: "staso setup" });
  }
  const problems = [...staso, ...agents.flatMap((a) => a.checks)].filter((c) => !c.ok).length;
  return { ok: problems === 0, problems, staso, agents };
}
