// `staso doctor`: is staso really in front of each agent? Per agent: installed, hook present for every tool
// on every event setup subscribes, the configured command runs (as the agent runs it) and answers synthetic
// calls correctly, staso's deadline is below the agent's timeout, and whatever the agent's own installer
// checks (Codex trust, a switch that turns hooks off, the opencode plugin loading). Plus: the policy loads,
// the audit dir is writable. Every problem comes with a fix.
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
import { join } from "node:path";
import { execa } from "execa";
import { HOST_IDS, hostById, type HostId } from "../hosts/index.js";
import type { Check, FoundHook, HostDoctor, ProbeAnswer, Scope } from "../hosts/types.js";
import { activePause } from "../escalation/pause.js";
import { auditDir, stasoPaths, userConfigFile } from "../paths.js";
import { resolvePolicy } from "../policy/load.js";
import type { Policy } from "../policy/policy.js";
import { credentialsFile } from "./credentials.js";
import { detectAgent, installerOf, type AgentInfo } from "./detect.js";
import {
  emptiesRuntimeEnv,
  hookCommand,
  isStasoHookCommand,
  nativeHookBinary,
  plannedHook,
} from "../config-files/hook-command.js";
import { escalationWaitSeconds, HOST_MARGIN_SECONDS, hostTimeoutSecondsFor } from "../escalation/settings.js";
import { grayZoneSpec, type JudgeSpec } from "../judges/config.js";
import { judgeEndpoint } from "../judges/key.js";
import { approvalKeyPath, readApprovalKey } from "../escalation/approval-key.js";
import { projectSettingsProblems } from "./project-settings.js";
import { serverChecks } from "./doctor-server.js";
import { installedHookCheck } from "./installed-hook-check.js";

export type { Check };

interface AgentReport {
  target: HostId;
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
  targets?: HostId[];
}

const matchesAll = (m: unknown) => m === undefined || m === "" || m === "*";

/** Asks one hook a synthetic shell call, the way its host runs it. */
async function askHook(
  target: HostId,
  d: HostDoctor,
  hook: FoundHook,
  call: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<ProbeAnswer> {
  if (d.ask) return d.ask(hook, call, env, cwd);
  const host = hostById(target);
  const sh = d.shell(env);
  const timeoutSec = Math.min(hook.timeoutSeconds, 600);
  const started = performance.now();
  const r = await execa(sh.file, sh.args(hook.command), {
    input: JSON.stringify(
      host.payload({ tool: host.shellTool, input: { command: call }, cwd, session: "staso-doctor" }),
    ),
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
  return { ...d.classify(String(r.stdout ?? ""), r.exitCode ?? 0), ms };
}

/**
 * How long the agent waits for the hook on an everyday call: the whole process, through the agent's
 * shell, the fastest of three plain spawns (askHook's first run also pays for the spawn library and a
 * cold page cache, which an agent's thousandth call does not). Undefined when a run fails, or when the
 * host has its own way of asking (a plugin).
 */
function hookMs(
  target: HostId,
  d: HostDoctor,
  hook: FoundHook,
  env: NodeJS.ProcessEnv,
  cwd: string,
): number | undefined {
  if (d.ask) return undefined;
  const host = hostById(target);
  const sh = d.shell(env);
  const input = JSON.stringify(
    host.payload({ tool: host.shellTool, input: { command: "ls -la" }, cwd, session: "staso-doctor" }),
  );
  let best: number | undefined;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const r = spawnSync(sh.file, sh.args(hook.command), {
      input,
      env,
      cwd,
      timeout: Math.min(hook.timeoutSeconds, 600) * 1000,
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

async function checkCommands(
  target: HostId,
  d: HostDoctor,
  env: NodeJS.ProcessEnv,
  cwd: string,
  checks: Check[],
): Promise<void> {
  const commands = [...new Map(d.found.filter((f) => f.pre).map((f) => [`${f.file}\0${f.command}`, f])).values()];
  for (const f of commands) {
    const where = f.file;
    if (process.platform !== "win32" && isStasoHookCommand(f.command) && !emptiesRuntimeEnv(f.command)) {
      checks.push({
        id: "hook-runtime-env",
        ok: false,
        message: `the hook command in ${where} lets a project's agent settings set variables (NODE_OPTIONS, BUN_OPTIONS, …) that make the hook's runtime run the project's code before staso's`,
        fix: `staso setup --target ${target} --scope ${f.scope} (the command then empties them for the hook)`,
      });
    }
    if (/(^|[\s/])npx(\s|$)/.test(f.command)) {
      checks.push({
        id: "hook-npx",
        ok: false,
        message: `the hook in ${where} runs staso through npx, which costs seconds on every tool call`,
        fix: `staso setup --target ${target} --scope ${f.scope} (writes an absolute command for this installation)`,
      });
    }
    // the user's policy and environment, but a throwaway data dir: the doctor's calls stay out of the audit trail
    const scratch = mkdtempSync(join(tmpdir(), "staso-doctor-"));
    let everyday: ProbeAnswer;
    try {
      const cfg = userConfigFile(stasoPaths(env));
      if (existsSync(cfg)) copyFileSync(cfg, join(scratch, "config.json"));
      const e = { ...env, STASO_HOME: scratch };
      everyday = await askHook(target, d, f, "ls -la", e, cwd);
      if (everyday.ok && everyday.kind === "allow")
        everyday = { ...everyday, ms: hookMs(target, d, f, e, cwd) ?? everyday.ms };
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
    let block: ProbeAnswer;
    try {
      block = await askHook(target, d, f, "rm -rf ~", cleanEnvForBlockCheck(env, home), cwd);
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
    const native = /staso-hook(\.exe)?["']?(\s|$)/.test(f.command);
    const how = d.ask ? ` through ${f.file}, which loads,` : ` through ${d.shell(env).file}`;
    checks.push({
      id: "hook-runs",
      ok: true,
      message: `the ${native ? "native (Bun-built)" : "Node"} hook runs${how} and answers: allows an everyday call in ${everyday.ms} ms, blocks \`rm -rf ~\``,
    });
    if (!native && nativeHookBinary()) {
      checks.push({
        id: "hook-native-available",
        ok: false,
        message: `the hook in ${where} runs on Node, but this installation has a native hook that answers several times faster`,
        fix: `staso setup --target ${target} --scope ${f.scope}`,
      });
    }
    checks.push(
      installedHookCheck(where, f.command, `staso setup --target ${target} --scope ${f.scope}`, currentHookId(env)),
    );
  }
}

/** The id of the hook this staso installs (undefined when its bundle cannot be read). */
function currentHookId(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return plannedHook(env).id;
  } catch {
    return undefined;
  }
}

function checkTimeouts(target: HostId, found: FoundHook[], policy: Policy | undefined, checks: Check[]): void {
  if (!policy) return;
  const label = hostById(target).label;
  // With escalations that wait for a human, the hook may hold a call for escalation.timeout on top.
  const wait = escalationWaitSeconds(target, policy.escalation);
  const needed = wait > 0 ? policy.timeoutSeconds + wait + HOST_MARGIN_SECONDS : policy.timeoutSeconds;
  const what =
    wait > 0
      ? `staso's own ${policy.timeoutSeconds} s deadline plus the ${wait} s an escalation may wait for a human`
      : `staso's own ${policy.timeoutSeconds} s deadline`;
  for (const f of found.filter((x) => x.pre)) {
    const t = f.timeoutSeconds;
    const shown = Number.isFinite(t) ? `${t} s` : "with no limit";
    if (t > needed)
      checks.push({ id: "timeout", ok: true, message: `${label} waits ${shown} for the hook, above ${what}` });
    else
      checks.push({
        id: "timeout",
        ok: false,
        message: `${label} waits only ${t} s for the hook (${f.file}) but staso may take up to ${needed} s (${what}), so ${label} can give up on staso first`,
        fix: `staso setup --target ${target} --scope ${f.scope} (sets the agent's timeout to ${hostTimeoutSecondsFor(policy.timeoutSeconds, wait)} s)`,
      });
  }
}

async function agentReport(
  o: { env: NodeJS.ProcessEnv; projectDir: string },
  policy: Policy | undefined,
  info: AgentInfo,
): Promise<AgentReport> {
  const target = info.target;
  const label = hostById(target).label;
  const inst = await installerOf(target);
  const d = inst.doctor({ env: o.env, projectDir: o.projectDir, failMode: policy?.failMode ?? "closed" });
  const hooks = [...new Map(d.found.map((f) => [`${f.scope}:${f.file}`, { scope: f.scope, file: f.file }])).values()];
  const rep: AgentReport = { target, label, binary: info.binary, version: info.version, hooks, checks: [...d.checks] };
  if (!presenceChecks(target, d, rep.checks)) return rep;
  checkTimeouts(target, d.found, policy, rep.checks);
  await checkCommands(target, d, o.env, o.projectDir, rep.checks);
  return rep;
}

/** Hook present for every tool on every event setup subscribes; false when there is nothing more to check. */
function presenceChecks(target: HostId, d: HostDoctor, checks: Check[]): boolean {
  const label = hostById(target).label;
  if (d.found.length === 0) {
    checks.push({
      id: "hook-present",
      ok: false,
      message: `staso's hook is not in ${label}'s settings, so ${label} runs every tool call unchecked`,
      fix: `staso setup --target ${target}`,
    });
    return false;
  }
  // Set up again where staso already is (a bare `staso setup` could add a second copy in another scope).
  const rerun = [...new Set(d.found.map((f) => f.scope))]
    .map((scope) => `staso setup --target ${target} --scope ${scope}`)
    .join(" and ");
  for (const { event, purpose } of d.expected) {
    const here = d.found.filter((f) => f.event === event);
    if (here.length === 0) {
      checks.push({
        id: "hook-present",
        ok: false,
        message: `staso has no ${event} hook in ${label}'s settings${purpose ? `, so ${purpose}` : ""}`,
        fix: rerun,
      });
      continue;
    }
    const narrow = here.filter((f) => !matchesAll(f.matcher));
    if (narrow.length > 0) {
      checks.push({
        id: "hook-matcher",
        ok: false,
        message: `staso's ${event} hook in ${narrow[0]!.file} only matches "${String(narrow[0]!.matcher)}", so other tools (MCP included) go unchecked`,
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
    // The project's own code that is not run here (policy/trust.ts): the team's config is then not all in force.
    for (const line of policy.untrusted ?? [])
      checks.push({
        id: "project-trust",
        ok: false,
        message: line,
        fix: "if you trust this project's code, run the `staso trust` command above in your own terminal",
      });
  } catch (err) {
    checks.push({
      id: "policy",
      ok: false,
      message: `the policy does not load: ${(err as Error).message}`,
      fix: "fix the setting named above; until then every hook call fails (and blocks when the fail mode is closed)",
    });
  }
  if (policy) checks.push(...judgeChecks(policy, env));
  // What the project's own agent settings do to staso (disableAllHooks, an env block with STASO_*, …).
  for (const p of projectSettingsProblems(cwd, env.HOME))
    checks.push({ id: "project-agent-settings", ok: false, message: p.message, fix: p.fix });
  if (/^(false|0|no|off)$/i.test(env.STASO_GUARD_ENABLED ?? "")) {
    checks.push({
      id: "guard-enabled",
      ok: false,
      message: `STASO_GUARD_ENABLED=${env.STASO_GUARD_ENABLED} is set here, so agents started from this shell run every call unchecked`,
      fix: "unset STASO_GUARD_ENABLED",
    });
  }
  const paths = stasoPaths(env);
  const { pause, problem } = await activePause(paths);
  if (pause)
    checks.push({
      id: "paused",
      ok: false,
      message: `staso is paused until ${new Date(pause.until).toLocaleString()}${pause.by ? ` (by ${pause.by}${pause.reason ? `: ${pause.reason}` : ""})` : ""}: every agent's tool calls run unchecked`,
      fix: "staso resume (or wait: the guard comes back by itself then)",
    });
  else if (problem)
    checks.push({
      id: "paused",
      ok: false,
      message: `${problem}; the guard is on`,
      fix: "staso resume (removes the file)",
    });
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
  // Without an approval passphrase nothing can be approved: said, though it is no fault of the setup.
  try {
    const key = readApprovalKey(approvalKeyPath(paths));
    checks.push({
      id: "approval-passphrase",
      ok: true,
      message: key
        ? `an approval passphrase is set (${approvalKeyPath(paths)}): only whoever knows it can answer escalations`
        : "no approval passphrase is set: escalations cannot be approved or denied until you choose one (staso escalations passphrase set)",
    });
  } catch (err) {
    checks.push({
      id: "approval-passphrase",
      ok: false,
      message: `the approval key cannot be read: ${(err as Error).message}`,
      fix: `delete ${approvalKeyPath(paths)} and choose a new passphrase: staso escalations passphrase set`,
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

/**
 * Each judge in force (and the gray-zone judge): where its model is, and whether its key is set in this
 * environment — without it the hook gives every call the judge looks at its onTimeout. No request is sent.
 */
function judgeChecks(policy: Policy, env: NodeJS.ProcessEnv): Check[] {
  const judges: JudgeSpec[] = policy.layers
    .filter((l) => l.origin === "user" || l.trusted)
    .flatMap((l) => (l.config.judges ?? []).filter((j) => j.mode !== "off"));
  if (policy.grayZone) judges.push(grayZoneSpec(policy.grayZone));
  return judges.map((j) => {
    const at = judgeEndpoint(j, env);
    const where = `judge ${j.id}: ${j.provider} ${j.model} at ${at.baseUrl}`;
    if (at.key) return { id: `judge:${j.id}`, ok: true, message: `${where}, key from ${at.keyEnv}` };
    if (at.local) return { id: `judge:${j.id}`, ok: true, message: `${where} (on this machine: no key needed)` };
    const verdict = j.onTimeout ?? (policy.failMode === "closed" ? "block" : "allow");
    return {
      id: `judge:${j.id}`,
      ok: false,
      message: `${where}, but ${at.keyEnv} is not set here: every call the judge looks at gets its onTimeout (${verdict}) without the model being asked`,
      fix: `export ${at.keyEnv}=… in the environment your agent starts from (or name another variable in the judge's apiKeyEnv)`,
    };
  });
}

export async function runDoctor(opts: DoctorOptions = {}): Promise<DoctorReport> {
  const env = opts.env ?? process.env;
  const projectDir = opts.projectDir ?? process.cwd();
  const { checks: staso, policy } = await stasoChecks(env, projectDir);
  staso.push(...(await serverChecks(env)));
  const targets: HostId[] = opts.targets && opts.targets.length > 0 ? opts.targets : HOST_IDS;
  const infos = await Promise.all(targets.map((t) => detectAgent(t, env)));
  const agents: AgentReport[] = [];
  for (const info of infos) {
    const rep = await agentReport({ env, projectDir }, policy, info);
    const asked = opts.targets?.includes(info.target) ?? false;
    const binaries = (await installerOf(info.target)).binaries.join(" or ");
    const installed: Check = info.binary
      ? { id: "installed", ok: true, message: `installed: ${info.binary}${info.version ? ` (${info.version})` : ""}` }
      : {
          id: "installed",
          ok: !asked || info.configDirExists,
          message: `no ${binaries} binary on PATH${info.configDirExists ? ` (its settings in ${info.configDir} apply to any ${info.label} that reads them)` : ""}`,
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
