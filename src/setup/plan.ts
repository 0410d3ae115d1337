// What `staso setup` and `staso uninstall` would change, as a list of whole-file changes computed before
// anything is written (so the user sees every file's before/after, and a problem anywhere stops it all).
import type { FailMode } from "../engine/fail-mode.js";
import { claudeDesiredHooks, planClaudeSettings } from "../hosts/claude-code/settings.js";
import { codexDesiredHooks, planCodexHooks } from "../hosts/codex/hooks-config.js";
import { codexTrustKey } from "../hosts/codex/trust.js";
import { stasoPaths } from "../paths.js";
import type { FileChange } from "./apply.js";
import { SetupError } from "../config-files/errors.js";
import { readFileState } from "../config-files/fs-write.js";
import { hookCommand, type HookTarget } from "../config-files/hook-command.js";
import { claudeSettingsFile, codexFiles, targetLabel, type Scope } from "./locations.js";
import { effectiveTimeout, planCredentials, planStasoConfig, readStasoConfig } from "./staso-config.js";
import { escalationWaitSeconds } from "../escalation/settings.js";
import { loadPolicy } from "../policy/load.js";
import type { EscalationSettings } from "../policy/merge.js";
import { hostTimeoutSecondsFor } from "../escalation/settings.js";

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
  targets: Array<{ target: HookTarget; scope: Scope }>;
  /** For project and local scope; default the current directory. */
  projectDir?: string;
  failMode: FailMode;
  /** staso's own deadline in seconds, recorded in its config (only when given). */
  timeout?: number;
  apiKey?: string;
  /** The Staso server this machine reports to (kept with the API key). */
  server?: string;
  /** Write the Codex trust entries (the user confirmed, or passed --yes). */
  writeTrust: boolean;
  env?: NodeJS.ProcessEnv;
  /** The hook command per agent (default: hookCommand(target)). */
  command?: (target: HookTarget) => string;
}

interface TargetSummary {
  target: HookTarget;
  scope: Scope;
  /** The agent file that holds the hooks. */
  file: string;
  command: string;
  /** Seconds the agent waits for the hook. */
  hostTimeout: number;
  /** staso's own deadline. */
  stasoTimeout: number;
  onFailure?: string;
  /** The hook events staso is subscribed to (from the agent's hook template). */
  events: string[];
  /** Codex: config.toml and the trust keys written. */
  trustFile?: string;
  trustKeys?: string[];
  /** Nothing to change for this agent. */
  upToDate: boolean;
}

export interface Plan {
  changes: FileChange[];
  warnings: string[];
  notes: string[];
  targets: TargetSummary[];
}

const isUserScope = (s: Scope) => s === "user";

function fileChange(
  path: string,
  label: string,
  before: string | null,
  after: string | null,
  scope: Scope,
  mode = 0o644,
): FileChange {
  return {
    path,
    label,
    before,
    after,
    mode,
    dirMode: isUserScope(scope) ? 0o700 : 0o755,
    removeEmptyDir: !isUserScope(scope),
  };
}

const isTable = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export function codexProjectTrusted(config: Record<string, unknown>, project: string): boolean {
  const projects = config.projects;
  if (!isTable(projects)) return false;
  const entry = projects[project];
  return isTable(entry) && entry.trust_level === "trusted";
}

export function planSetup(r: SetupRequest): Plan {
  const env = r.env ?? process.env;
  const paths = stasoPaths(env);
  const cfg = readStasoConfig(paths);
  const stasoTimeout = effectiveTimeout(cfg, env, r.timeout);
  const escalation = userEscalationSettings(env);
  const plan: Plan = { changes: [], warnings: [], notes: [], targets: [] };
  const loc = { env, projectDir: r.projectDir };

  for (const { target, scope } of r.targets) {
    // Escalations that wait for a human: the agent must wait longer than the hook's own wait (which then
    // ends before the agent's timeout, told by --host-timeout).
    const wait = escalation ? escalationWaitSeconds(target, escalation) : 0;
    const hostTimeout = hostTimeoutSecondsFor(stasoTimeout, wait);
    const command = r.command?.(target) ?? hookCommand(target, wait > 0 ? { hostTimeout } : {});
    const label = `${targetLabel(target)} hooks (${scope})`;
    if (target === "claude-code") {
      const file = claudeSettingsFile(scope, loc);
      const st = readFileState(file);
      const desired = claudeDesiredHooks({ command, timeout: hostTimeout, failMode: r.failMode });
      const p = planClaudeSettings(file, st.text, desired);
      if (p.changed) plan.changes.push(fileChange(file, `Claude Code settings (${scope})`, st.text, p.after, scope));
      plan.warnings.push(...p.warnings);
      plan.targets.push({
        target,
        scope: scope,
        file,
        command,
        hostTimeout,
        stasoTimeout,
        onFailure: r.failMode === "closed" ? "block" : undefined,
        events: Object.keys(desired),
        upToDate: !p.changed,
      });
      continue;
    }
    if (scope === "local")
      throw new SetupError("Codex has no local scope: use --scope user or --scope project for Codex.");
    const files = codexFiles(scope, loc);
    const hooksSt = readFileState(files.hooksFile);
    const cfgSt = readFileState(files.configFile);
    const desired = codexDesiredHooks({ command, timeout: hostTimeout });
    const p = planCodexHooks({
      hooksFile: files.hooksFile,
      hooksText: hooksSt.text,
      configFile: files.configFile,
      configText: cfgSt.text,
      trustSource: files.trustSource,
      desired,
      writeTrust: r.writeTrust,
    });
    if (p.hooks.changed) plan.changes.push(fileChange(files.hooksFile, label, hooksSt.text, p.hooks.after, scope));
    if (p.config.changed)
      plan.changes.push({
        ...fileChange(files.configFile, "Codex config: hook trust", cfgSt.text, p.config.after, "user", 0o600),
        removeEmptyDir: false,
      });
    plan.warnings.push(...p.warnings);
    if (files.project && !codexProjectTrusted(p.config.value, files.project)) {
      plan.warnings.push(
        `Codex loads ${files.hooksFile} only in a trusted project, and ${files.project} is not marked trusted in ${files.configFile}. Open the project in \`codex\` once and trust it, or use --scope user.`,
      );
    }
    if (!r.writeTrust)
      plan.notes.push(
        `Codex skips hooks it does not trust: run \`codex\`, open /hooks and trust the staso hooks (or run setup again and confirm writing the trust entries).`,
      );
    plan.targets.push({
      target,
      scope: scope,
      file: files.hooksFile,
      command,
      hostTimeout,
      stasoTimeout,
      events: Object.keys(desired),
      trustFile: files.configFile,
      trustKeys: r.writeTrust ? p.hooks.stasoAfter.map((s) => codexTrustKey(files.trustSource, s.pos)) : [],
      upToDate: !p.hooks.changed && !p.config.changed,
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
  if (r.targets.some((t) => t.target === "codex") && r.failMode === "closed") {
    plan.notes.push(
      "Codex has no fail-closed switch: if the staso hook cannot start or times out, Codex runs the call. staso itself blocks when it cannot decide.",
    );
  }
  const envT = env.STASO_GUARD_TIMEOUT;
  if (envT && envT.trim() !== "")
    plan.notes.push(
      `STASO_GUARD_TIMEOUT=${envT} is set in this environment; the agents' hook timeout (${plan.targets.map((t) => `${t.hostTimeout} s`).join(", ") || hostTimeoutSecondsFor(stasoTimeout)}) allows for it.`,
    );
  return plan;
}

export interface UninstallRequest {
  targets: HookTarget[];
  scopes: Scope[];
  projectDir?: string;
  env?: NodeJS.ProcessEnv;
}

export function planUninstall(r: UninstallRequest): Plan {
  const env = r.env ?? process.env;
  const loc = { env, projectDir: r.projectDir };
  const plan: Plan = { changes: [], warnings: [], notes: [], targets: [] };
  const configChanges = new Map<string, FileChange>();
  for (const target of r.targets) {
    for (const scope of r.scopes) {
      if (target === "claude-code") {
        const file = claudeSettingsFile(scope, loc);
        const st = readFileState(file);
        if (st.text === null) continue;
        const p = planClaudeSettings(file, st.text, null);
        if (!p.changed) continue;
        plan.changes.push(
          fileChange(
            file,
            `Claude Code settings (${scope})`,
            st.text,
            p.empty && !st.isSymlink ? null : p.after,
            scope,
          ),
        );
        continue;
      }
      if (scope === "local") continue;
      const files = codexFiles(scope, loc);
      const hooksSt = readFileState(files.hooksFile);
      if (hooksSt.text === null) continue;
      const prior = configChanges.get(files.configFile);
      const cfgText = prior ? prior.after : readFileState(files.configFile).text;
      const cfgBefore = prior ? prior.before : cfgText;
      const p = planCodexHooks({
        hooksFile: files.hooksFile,
        hooksText: hooksSt.text,
        configFile: files.configFile,
        configText: cfgText,
        trustSource: files.trustSource,
        desired: null,
        writeTrust: false,
      });
      if (p.hooks.changed)
        plan.changes.push(
          fileChange(
            files.hooksFile,
            `Codex hooks (${scope})`,
            hooksSt.text,
            p.hooks.empty && !hooksSt.isSymlink ? null : p.hooks.after,
            scope,
          ),
        );
      if (p.config.changed) {
        const emptied = p.config.after.trim() === "" && !readFileState(files.configFile).isSymlink;
        configChanges.set(files.configFile, {
          ...fileChange(
            files.configFile,
            "Codex config: hook trust",
            cfgBefore,
            emptied ? null : p.config.after,
            "user",
            0o600,
          ),
          removeEmptyDir: false,
        });
      }
    }
  }
  plan.changes.push(...configChanges.values());
  return plan;
}
