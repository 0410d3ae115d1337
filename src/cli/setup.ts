// `staso setup`: puts staso's hook in front of Claude Code and/or Codex. With no flags in a terminal it asks
// (agents, scope, fail mode, API key), shows every file's before/after and asks before writing; with
// `--target … --yes` it does the same without questions.
import { join, resolve } from "node:path";
import type { FailMode } from "../engine/fail-mode.js";
import { stasoPaths } from "../paths.js";
import { applyChanges } from "../setup/apply.js";
import { normalizeServerUrl, readCredentials } from "../remote/connection.js";
import { apiKeyProblem, maskApiKey, readApiKey } from "../setup/credentials.js";
import { SetupError } from "../config-files/errors.js";
import { approvalKeyPath, readApprovalKey } from "../escalation/approval-key.js";
import { ALL_TARGETS, detectAgents, installerOf, type AgentInfo } from "../setup/detect.js";
import { hostById, hostByName, targetList, type HostId } from "../hosts/index.js";
import { SCOPES, type Scope } from "../setup/locations.js";
import { ensureInstalledHook } from "../config-files/hook-command.js";
import { planSetup, type Plan } from "../setup/plan.js";
import { readStasoConfig } from "../setup/staso-config.js";
import { describeSetupPlan } from "../setup/summary.js";
import { paintFor, type Paint } from "../util/terminal.js";
import { UsageError } from "./errors.js";
import { print } from "./output.js";

export interface SetupFlags {
  target?: string[];
  scope?: string;
  projectDir?: string;
  failMode?: string;
  timeout?: string;
  apiKey?: string;
  server?: string;
  /** commander's --no-trust */
  trust?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export function parseTargets(values: string[] | undefined): HostId[] {
  const out: HostId[] = [];
  const add = (t: HostId) => out.includes(t) || out.push(t);
  for (const v of (values ?? []).flatMap((x) => x.split(","))) {
    const name = v.trim().toLowerCase();
    if (!name) continue;
    if (name === "all") ALL_TARGETS.forEach(add);
    else {
      const host = hostByName(name);
      if (!host) throw new UsageError(`--target ${v} is not an agent staso knows: use one of ${targetList()}.`);
      add(host.id as HostId);
    }
  }
  return out;
}

export function parseScope(value: string | undefined, flag = "--scope"): Scope | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === "user" || v === "project" || v === "local") return v;
  throw new UsageError(
    `${flag} ${value} is not a scope: use user, project or local (Claude Code's .claude/settings.local.json).`,
  );
}

function parseFailMode(value: string | undefined): FailMode | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === "closed" || v === "open") return v;
  throw new UsageError(
    `--fail-mode ${value} is not a fail mode: use closed (block when staso cannot decide) or open (allow).`,
  );
}

function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 600)
    throw new UsageError(`--timeout ${value} must be a number of seconds above 0 and at most 600.`);
  return n;
}

/** Agents with no local scope (only Claude Code has a file of its own for one person in a project). */
async function withoutLocal(targets: HostId[]): Promise<HostId[]> {
  const out: HostId[] = [];
  for (const t of targets) if (!(await installerOf(t)).scopes.includes("local")) out.push(t);
  return out;
}

const noLocalScope = (ts: HostId[]) =>
  `${ts.map((t) => hostById(t).label).join(" and ")} ${ts.length > 1 ? "have" : "has"} no local scope (only Claude Code has a file of its own for you in a project): use --scope project or --scope user for ${ts.length > 1 ? "them" : "it"}, e.g. \`staso setup --target claude-code --scope local\`, then \`staso setup --target ${ts[0]} --scope user\`.`;

/**
 * What stops setup from editing the agent's file for this scope (a file that is not valid JSON, a hooks
 * file it cannot read, …), found before any question is asked; undefined when nothing does.
 */
async function fileProblem(target: HostId, scope: Scope, projectDir: string | undefined): Promise<string | undefined> {
  try {
    const inst = await installerOf(target);
    await planSetup({
      targets: [{ target, scope: inst.scopeFor(scope) }],
      projectDir,
      failMode: "closed",
      writeTrust: true,
      command: () => "staso hook", // the real command costs a spawn; the files do not depend on it
    });
    return undefined;
  } catch (err) {
    if (err instanceof SetupError) return err.message;
    throw err;
  }
}

/** One line on stderr for a step that may take a while, when a person is watching (a terminal). */
function progress(text: string): () => void {
  if (!process.stderr.isTTY) return () => {};
  process.stderr.write(`${text}…`);
  return () => process.stderr.write("\r\x1b[2K");
}

/** A plan as JSON, for `--json` on setup and uninstall: what changes (or changed), per file and per agent. */
export function planJson(plan: Plan, o: { dryRun: boolean; backupDir: string | null }): Record<string, unknown> {
  return {
    written: !o.dryRun && plan.changes.length > 0,
    dryRun: o.dryRun,
    changes: plan.changes.map((c) => ({
      path: c.path,
      label: c.label,
      action: c.after === null ? "delete" : c.before === null ? "create" : "update",
    })),
    ...(plan.targets.length > 0
      ? {
          targets: plan.targets.map((t) => ({
            target: t.target,
            scope: t.scope,
            file: t.file,
            command: t.command,
            hostTimeout: t.hostTimeout,
            stasoTimeout: t.stasoTimeout,
            events: t.events,
            upToDate: t.upToDate,
          })),
        }
      : {}),
    warnings: plan.warnings,
    notes: plan.notes,
    backupDir: o.backupDir,
  };
}

const isCancel = (err: unknown) =>
  err instanceof Error && (err.name === "ExitPromptError" || err.name === "AbortPromptError");

export async function setupCommand(flags: SetupFlags): Promise<void> {
  const out = process.stdout;
  const s = paintFor(out);
  const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  let targets = parseTargets(flags.target);
  const scopeFlag = parseScope(flags.scope);
  const failModeFlag = parseFailMode(flags.failMode);
  const timeout = parseTimeout(flags.timeout);
  if (flags.apiKey !== undefined) {
    const problem = apiKeyProblem(flags.apiKey);
    if (problem) throw new UsageError(`--api-key: ${problem}.`);
  }
  const server = flags.server === undefined ? undefined : normalizeServerUrl(flags.server);
  if (flags.server !== undefined && !server)
    throw new UsageError(
      `--server ${flags.server} is not an http:// or https:// URL (the Staso server's address, e.g. http://127.0.0.1:8787).`,
    );
  if (flags.json && !flags.yes && !flags.dryRun)
    throw new UsageError("--json asks no questions: add --yes to write, or --dry-run to only show the changes.");
  if (scopeFlag === "local") {
    const lacking = await withoutLocal(targets);
    if (lacking.length > 0) throw new UsageError(noLocalScope(lacking));
  }
  if (!flags.yes && !flags.dryRun && !tty) {
    throw new UsageError(
      "staso setup asks its questions in a terminal, and there is none here. Pass --yes to set up without questions, e.g. `staso setup --target claude-code --scope user --yes` (or --dry-run to only show the changes).",
    );
  }
  const interactive = tty && !flags.yes && !flags.dryRun && !flags.json;
  const projectDir = flags.projectDir;
  const cfg = readStasoConfig();

  try {
    const prompts = interactive ? await import("@inquirer/prompts") : undefined;
    let detected: AgentInfo[] | undefined;
    if (targets.length === 0) {
      const done = progress("Looking for the agents");
      detected = await detectAgents();
      done();
      if (!prompts) {
        targets = detected.filter((a) => a.found).map((a) => a.target);
        if (targets.length === 0)
          throw new UsageError(
            `none of the agents staso guards was found here; pass --target with one of ${targetList()}.`,
          );
        if (scopeFlag === "local") {
          const lacking = await withoutLocal(targets);
          if (lacking.length > 0) throw new UsageError(noLocalScope(lacking));
        }
      }
    }

    // The files setup would edit, checked before any question: a choice whose file staso cannot edit is
    // offered greyed out with the reason, and a choice the flags already made fails now, not after the
    // questions.
    const candidates = targets.length > 0 ? targets : (detected ?? []).map((a) => a.target);
    const scopesToCheck: Scope[] = scopeFlag ? [scopeFlag] : prompts ? SCOPES : ["user"];
    const problems = new Map<string, string>();
    for (const t of candidates)
      for (const sc of scopesToCheck) {
        const p = await fileProblem(t, sc, projectDir);
        if (p) problems.set(`${t}:${sc}`, p);
      }
    const problemFor = (ts: HostId[], sc: Scope) =>
      ts.map((t) => problems.get(`${t}:${sc}`)).find((p) => p !== undefined);
    if (targets.length > 0 && (!prompts || scopeFlag)) {
      const p = problemFor(targets, scopeFlag ?? "user");
      if (p) throw new SetupError(p);
    }

    if (prompts && targets.length === 0) {
      print(s.bold("staso setup") + s.dim(": put staso's guard in front of your coding agents.\n\n"));
      const usable = (t: HostId) => scopesToCheck.some((sc) => !problems.has(`${t}:${sc}`));
      targets = await prompts.checkbox<HostId>({
        message: "Which agents should staso guard?",
        choices: (detected ?? []).map((a) => ({
          value: a.target,
          short: a.label,
          name: `${a.label}${a.found ? s.dim(` (found: ${[a.binary ? `${a.binary}${a.version ? ` ${a.version}` : ""}` : null, a.configDirExists ? a.configDir : null].filter(Boolean).join(", ")})`) : s.dim(" (not found)")}`,
          checked: a.found && usable(a.target),
          ...(usable(a.target) ? {} : { disabled: `(cannot: ${problemFor([a.target], scopesToCheck[0]!)})` }),
        })),
        required: true,
      });
      if (scopeFlag) {
        const p = problemFor(targets, scopeFlag);
        if (p) throw new SetupError(p);
      }
    }

    let scope: Scope = scopeFlag ?? "user";
    const installers = await Promise.all(targets.map(async (target) => ({ target, inst: await installerOf(target) })));
    if (prompts && !scopeFlag) {
      const cwd = projectDir ?? process.cwd();
      const loc = { env: process.env, projectDir: cwd };
      const blocked = (sc: Scope) => {
        const p = problemFor(targets, sc);
        return p ? { disabled: `(cannot: ${p})` } : {};
      };
      if (problemFor(targets, "user") && problemFor(targets, "project") && problemFor(targets, "local"))
        throw new SetupError(problemFor(targets, "user")!);
      const wheres = installers.map(({ inst }) => ({
        user: inst.where("user", loc),
        project: [
          inst.where(inst.scopeFor("project"), loc),
          ...(inst.scopes.includes("local") ? [inst.where("local", loc)] : []),
        ].join(" or "),
      }));
      scope = await prompts.select<Scope>({
        message: "Where should the hooks go?",
        choices: [
          {
            value: "user",
            name: "For me, in every project",
            description: wheres.map((w) => w.user).join(", "),
            ...blocked("user"),
          },
          {
            value: "project",
            name: `For this project only (${cwd})`,
            description: wheres.map((w) => w.project).join(", "),
            ...(problemFor(targets, "project") && problemFor(targets, "local") ? blocked("project") : {}),
          },
        ],
        default: problemFor(targets, "user") ? "project" : "user",
      });
      const withLocal = installers.find((i) => i.inst.scopes.includes("local"));
      if (scope === "project" && withLocal) {
        scope = await prompts.select<Scope>({
          message: `Which ${hostById(withLocal.target).label} project file?`,
          choices: [
            {
              value: "project",
              name: withLocal.inst.where("project", loc),
              description: "shared with everyone who works on the project (usually committed)",
              ...blocked("project"),
            },
            {
              value: "local",
              name: withLocal.inst.where("local", loc),
              description: `only for you on this machine (usually git-ignored)${installers.length > 1 ? "; the other agents have no such file: their hooks go to the project's shared one" : ""}`,
              ...blocked("local"),
            },
          ],
          default: problemFor(targets, "project") ? "local" : "project",
        });
      }
    }

    let failMode: FailMode = failModeFlag ?? cfg.failMode ?? "closed";
    if (prompts && !failModeFlag) {
      failMode = await prompts.select<FailMode>({
        message: "When staso cannot decide (a broken config, a crash, a timeout):",
        choices: [
          {
            value: "closed",
            name: "Block the call (fail closed, recommended)",
            description: "nothing runs unchecked; on Claude Code also when the hook itself crashes or times out",
          },
          {
            value: "open",
            name: "Let the call run (fail open)",
            description: "the agent never stops because of staso, at the price of unchecked calls",
          },
        ],
        default: failMode,
      });
    }

    // An API key is for a Staso server; nothing else uses one, so it is asked only once a server is set
    // (--server, STASO_SERVER_URL, or credentials.json from an earlier setup).
    let apiKey = flags.apiKey;
    if (
      prompts &&
      apiKey === undefined &&
      (server ?? normalizeServerUrl(process.env.STASO_SERVER_URL) ?? readCredentials().server)
    ) {
      const current = readApiKey();
      const answer = await prompts.password({
        message: current
          ? `Staso API key (Enter keeps ${maskApiKey(current)})`
          : "Staso API key (optional; Enter to skip)",
        mask: "*",
        validate: (v: string) => (v.trim() === "" ? true : (apiKeyProblem(v.trim()) ?? true)),
      });
      if (answer.trim() !== "") apiKey = answer.trim();
    }

    const done = progress("Checking staso's hook on this machine");
    const plan = await planSetup({
      targets: installers.map(({ target, inst }) => ({ target, scope: inst.scopeFor(scope) })),
      projectDir,
      failMode,
      timeout,
      apiKey,
      ...(server ? { server } : {}),
      writeTrust: flags.trust !== false,
    });
    done();
    const mapped = installers.filter(({ inst }) => inst.scopeFor(scope) !== scope);
    if (mapped.length > 0)
      plan.notes.push(
        `${mapped.map(({ target }) => hostById(target).label).join(" and ")} ${mapped.length > 1 ? "have" : "has"} no ${scope} scope: ${mapped.length > 1 ? "their" : "its"} hooks go to the project's shared file.`,
      );

    if (flags.json) {
      const written =
        !flags.dryRun && plan.changes.length > 0
          ? applyChanges(plan.changes, { backupRoot: join(stasoPaths().dataDir, "backups") })
          : undefined;
      print(
        `${JSON.stringify(planJson(plan, { dryRun: flags.dryRun === true, backupDir: written?.backupDir ?? null }), null, 2)}\n`,
      );
      return;
    }

    print((interactive ? "\n" : "") + describeSetupPlan(plan, s));
    if (flags.dryRun) {
      print(s.dim(plan.changes.length > 0 ? "\n--dry-run: nothing was written.\n" : "\nNothing to change.\n"));
      return;
    }
    if (plan.changes.length === 0) {
      await installHook(plan, s, projectDir); // the configs name it already: make sure it is there
      print(
        `\n${s.green("✓")} staso is already set up for ${targets.map((t) => hostById(t).label).join(" and ")}; nothing to change.\n`,
      );
      await approvalPassphraseStep(prompts, s);
      return;
    }
    if (prompts) {
      const ok = await prompts.confirm({
        message: `Write ${plan.changes.length === 1 ? "this change" : `these ${plan.changes.length} changes`}?`,
        default: true,
      });
      if (!ok) {
        print("Nothing was written.\n");
        return;
      }
    }
    // The hook first: the agents' configs written next name it.
    await installHook(plan, s, projectDir);
    const result = applyChanges(plan.changes, { backupRoot: join(stasoPaths().dataDir, "backups") });
    report(plan, result.backupDir, s);
    await approvalPassphraseStep(prompts, s);
  } catch (err) {
    if (isCancel(err)) {
      print("\nSetup cancelled; nothing was written.\n");
      process.exitCode = 130;
      return;
    }
    throw err;
  }
}

/**
 * Without an approval passphrase nobody can answer an escalation (approve and deny refuse): the wizard
 * offers to choose one now, at the terminal; a non-interactive setup says how.
 */
async function approvalPassphraseStep(
  prompts: typeof import("@inquirer/prompts") | undefined,
  s: Paint,
): Promise<void> {
  let set: boolean;
  try {
    set = readApprovalKey(approvalKeyPath(stasoPaths())) !== undefined;
  } catch {
    set = true; // there, but unreadable: escalations passphrase says what is wrong
  }
  if (set) return;
  if (
    prompts &&
    (await prompts.confirm({
      message: "Choose an approval passphrase now? Only with it can escalations be approved or denied.",
      default: true,
    }))
  ) {
    await (await import("./escalations.js")).passphraseSetCommand("set");
    return;
  }
  print(
    s.dim(
      "No approval passphrase yet: escalations cannot be approved until you choose one with `staso escalations passphrase set`.\n",
    ),
  );
}

/**
 * Installs the hook the agents run into staso's data dir (a stable copy no rebuild or upgrade touches), and
 * removes versions no agent can start any more: the hook commands every agent's settings name stay.
 */
async function installHook(plan: Plan, s: Paint, projectDir: string | undefined): Promise<void> {
  const named: string[] = plan.changes.flatMap((c) => [c.before ?? "", c.after ?? ""]);
  for (const t of ALL_TARGETS) {
    try {
      const d = (await installerOf(t)).doctor({
        env: process.env,
        projectDir: resolve(projectDir ?? process.cwd()),
        failMode: "closed",
      });
      named.push(...d.found.map((f) => f.command));
    } catch {
      // a host whose settings cannot be read names nothing here (its doctor says why)
    }
  }
  const r = ensureInstalledHook(process.env, named);
  if (r.created) print(`${s.green("✓")} installed the hook in ${r.dir}\n`);
  if (r.removed.length > 0) print(s.dim(`  removed hook versions no agent uses any more: ${r.removed.join(", ")}\n`));
}

function report(plan: Plan, backupDir: string | null, s: Paint): void {
  print("\n");
  for (const c of plan.changes)
    print(`${s.green("✓")} ${c.after === null ? "removed" : c.before === null ? "created" : "updated"} ${c.path}\n`);
  if (backupDir) print(s.dim(`  the originals are saved in ${backupDir}\n`));
  const names = plan.targets.map((t) => hostById(t.target).label).join(" and ");
  print(
    `\nstaso now checks every tool call of ${names}. Run ${s.bold("staso doctor")} to see it answer, and ${s.bold("staso uninstall")} to take it out again.\n`,
  );
  print(
    s.dim(
      "Turn it off for one session with STASO_GUARD_ENABLED=false; STASO_GUARD_TIMEOUT=<s> overrides staso's deadline.\n",
    ),
  );
}
