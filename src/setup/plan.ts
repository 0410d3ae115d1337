// What `staso setup` and `staso uninstall` would change, as a list of whole-file changes computed before
// anything is written (so the user sees every file's before/after, and a problem anywhere stops it all).
// What changes for each agent is its host's installer's (src/hosts/<agent>/install.ts); this adds staso's
// own config and what the agents have in common (timeouts, the hook command, notes on their limits).
import { resolve } from "node:path";
import type { FailMode } from "../engine/fail-mode.js";
import { hostById, type HostId } from "../hosts/index.js";
import type { Scope } from "../hosts/types.js";
import { stasoPaths } from "../paths.js";
import type { FileChange } from "./apply.js";
import { SetupError } from "../config-files/errors.js";
import { hookCommand } from "../config-files/hook-command.js";
import { installerOf } from "./detect.js";
import { effectiveTimeout, planCredentials, planStasoConfig, readStasoConfig } from "./staso-config.js";
import { escalationWaitSeconds, hostTimeoutSecondsFor } from "../escalation/settings.js";
import { loadPolicy } from "../policy/load.js";
import type { EscalationSettings } from "../policy/merge.js";

/** The user's escalation settings (a broken config is reported elsewhere: then no wait is assumed). */
function userEscalationSettings(env: NodeJS.ProcessEnv): EscalationSettings | undefined {
  try {
    return loadPolicy(env).escalation;
  } catch {
    return undefined;
  }
}

export interface SetupRequest {
  /** Each agent with the scope its hooks go to. */
  targets: Array<{ target: HostId; scope: Scope }>;
  /** For project and local scope; default the current directory. */
  projectDir?: string;
  failMode: FailMode;
  /** staso's own deadline in seconds, recorded in its config (only when given). */
  timeout?: number;
  apiKey?: string;
  /** The Staso server this machine reports to (kept with the API key). */
  server?: string;
  /** Write the trust entries an agent needs to run the hook (Codex; the user confirmed, or passed --yes). */
  writeTrust: boolean;
  env?: NodeJS.ProcessEnv;
  /** The hook command per agent (default: hookCommand(target)). */
  command?: (target: HostId) => string;
}

interface TargetSummary {
  target: HostId;
  scope: Scope;
  /** The agent file that holds the hooks. */
  file: string;
  command: string;
  /** Seconds the agent waits for the hook. */
  hostTimeout: number;
  /** staso's own deadline. */
  stasoTimeout: number;
  /** The hook events staso is subscribed to (from the agent's hook template). */
  events: string[];
  /** What a crash or timeout of the hook does, when setup made it block. */
  failure?: string;
  /** Extra lines for the summary (trust). */
  summary: string[];
  /** Nothing to change for this agent. */
  upToDate: boolean;
}

export interface Plan {
  changes: FileChange[];
  warnings: string[];
  notes: string[];
  targets: TargetSummary[];
}

export async function planSetup(r: SetupRequest): Promise<Plan> {
  const env = r.env ?? process.env;
  const paths = stasoPaths(env);
  const cfg = readStasoConfig(paths);
  const stasoTimeout = effectiveTimeout(cfg, env, r.timeout);
  const escalation = userEscalationSettings(env);
  const plan: Plan = { changes: [], warnings: [], notes: [], targets: [] };
  const projectDir = resolve(r.projectDir ?? process.cwd());

  for (const { target, scope: asked } of r.targets) {
    const host = hostById(target);
    const inst = await installerOf(target);
    const scope = inst.scopeFor(asked);
    if (scope !== asked && asked !== "local")
      throw new SetupError(`${host.label} has no ${asked} scope: use --scope ${inst.scopes.join(" or ")} for it.`);
    // Escalations that wait for a human: the agent must wait longer than the hook's own wait (which then
    // ends before the agent's timeout, told by --host-timeout).
    const wait = escalation ? escalationWaitSeconds(target, escalation) : 0;
    const hostTimeout = hostTimeoutSecondsFor(stasoTimeout, wait);
    const command = r.command?.(target) ?? hookCommand(target, wait > 0 ? { hostTimeout, env } : { env });
    const p = inst.planSetup({
      scope,
      env,
      projectDir,
      command,
      hostTimeout,
      stasoTimeout,
      failMode: r.failMode,
      writeTrust: r.writeTrust,
    });
    plan.changes.push(...p.changes);
    plan.warnings.push(...p.warnings);
    plan.notes.push(...p.notes);
    // A project file is shared (teams commit it), and the hook command in it is this machine's own path.
    if (scope === "project" && p.changes.length > 0 && p.file)
      plan.warnings.push(
        `${p.file} is the project's shared file (teams usually commit it), and the hook command written into it is this machine's own path (${command}): on another machine it runs only where staso is installed at that very path, and a teammate's agent may fail to start it. For yourself only, use ${inst.scopes.includes("local") ? "--scope local or " : ""}--scope user; each teammate then runs staso setup on their machine.`,
      );
    // What the agent's protocol cannot do about a hook that fails: said once, when it matters.
    if (r.failMode === "closed" && host.limits.onCrash === "runs")
      plan.notes.push(
        `${host.label} has no fail-closed switch: if the staso hook cannot start or times out, ${host.label} runs the call. staso itself blocks when it cannot decide.`,
      );
    plan.targets.push({
      target,
      scope,
      file: p.file ?? "",
      command,
      hostTimeout,
      stasoTimeout,
      events: p.events ?? [],
      failure: p.failure,
      summary: p.summary ?? [],
      upToDate: p.changes.length === 0,
    });
  }

  const cfgChange = planStasoConfig(cfg, { failMode: r.failMode, timeout: r.timeout });
  if (cfgChange) plan.changes.push(cfgChange);
  if (r.apiKey !== undefined || r.server !== undefined) {
    const c = planCredentials(
      {
        ...(r.apiKey !== undefined ? { apiKey: r.apiKey } : {}),
        ...(r.server !== undefined ? { server: r.server } : {}),
      },
      paths,
    );
    if (c) plan.changes.push(c);
  }
  const envT = env.STASO_GUARD_TIMEOUT;
  if (envT && envT.trim() !== "")
    plan.notes.push(
      `STASO_GUARD_TIMEOUT=${envT} is set in this environment; the agents' hook timeout (${plan.targets.map((t) => `${t.hostTimeout} s`).join(", ") || hostTimeoutSecondsFor(stasoTimeout)}) allows for it.`,
    );
  return plan;
}

export interface UninstallRequest {
  targets: HostId[];
  scopes: Scope[];
  projectDir?: string;
  env?: NodeJS.ProcessEnv;
}

export async function planUninstall(r: UninstallRequest): Promise<Plan> {
  const env = r.env ?? process.env;
  const projectDir = resolve(r.projectDir ?? process.cwd());
  const plan: Plan = { changes: [], warnings: [], notes: [], targets: [] };
  for (const target of r.targets) {
    const p = (await installerOf(target)).planUninstall({ env, projectDir, scopes: r.scopes });
    plan.changes.push(...p.changes);
    plan.warnings.push(...p.warnings);
  }
  return plan;
}
