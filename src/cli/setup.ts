// `staso setup`: puts staso's hook in front of Claude Code and/or Codex. With no flags in a terminal it asks
// (agents, scope, fail mode, API key), shows every file's before/after and asks before writing; with
// `--target … --yes` it does the same without questions.
import { join } from "node:path";
import type { FailMode } from "../engine/fail-mode.js";
import { stasoPaths } from "../paths.js";
import { applyChanges } from "../setup/apply.js";
import { normalizeServerUrl } from "../remote/connection.js";
import { apiKeyProblem, maskApiKey, readApiKey } from "../setup/credentials.js";
import { approvalKeyPath, readApprovalKey } from "../escalation/approval-key.js";
import { ALL_TARGETS, detectAgents, installerOf, type AgentInfo } from "../setup/detect.js";
import { hostById, hostByName, targetList, type HostId } from "../hosts/index.js";
import type { Scope } from "../setup/locations.js";
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
  if (!flags.yes && !flags.dryRun && !tty) {
    throw new UsageError(
      "staso setup asks its questions in a terminal, and there is none here. Pass --yes to set up without questions, e.g. `staso setup --target claude-code --scope user --yes` (or --dry-run to only show the changes).",
    );
  }
  const interactive = tty && !flags.yes && !flags.dryRun;
  const projectDir = flags.projectDir;
  const cfg = readStasoConfig();

  try {
    const prompts = interactive ? await import("@inquirer/prompts") : undefined;
    let detected: AgentInfo[] | undefined;
    if (targets.length === 0) {
      detected = await detectAgents();
      if (prompts) {
        print(s.bold("staso setup") + s.dim(": put staso's guard in front of your coding agents.\n\n"));
        targets = await prompts.checkbox<HostId>({
          message: "Which agents should staso guard?",
          choices: detected.map((a) => ({
            value: a.target,
            short: a.label,
            name: `${a.label}${a.found ? s.dim(` (found: ${[a.binary ? `${a.binary}${a.version ? ` ${a.version}` : ""}` : null, a.configDirExists ? a.configDir : null].filter(Boolean).join(", ")})`) : s.dim(" (not found)")}`,
            checked: a.found,
          })),
          required: true,
        });
      } else {
        targets = detected.filter((a) => a.found).map((a) => a.target);
        if (targets.length === 0)
          throw new UsageError(
            `none of the agents staso guards was found here; pass --target with one of ${targetList()}.`,
          );
      }
    }

    let scope: Scope = scopeFlag ?? "user";
    const installers = await Promise.all(targets.map(async (target) => ({ target, inst: await installerOf(target) })));
    if (prompts && !scopeFlag) {
      const cwd = projectDir ?? process.cwd();
      const loc = { env: process.env, projectDir: cwd };
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
          },
          {
            value: "project",
            name: `For this project only (${cwd})`,
            description: wheres.map((w) => w.project).join(", "),
          },
        ],
        default: "user",
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
            },
            {
              value: "local",
              name: withLocal.inst.where("local", loc),
              description: "only for you on this machine (usually git-ignored)",
            },
          ],
          default: "project",
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

    let apiKey = flags.apiKey;
    if (prompts && apiKey === undefined) {
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

    const plan = await planSetup({
      targets: installers.map(({ target, inst }) => ({ target, scope: inst.scopeFor(scope) })),
      projectDir,
      failMode,
      timeout,
      apiKey,
      ...(server ? { server } : {}),
      writeTrust: flags.trust !== false,
    });

    print((interactive ? "\n" : "") + describeSetupPlan(plan, s));
    if (flags.dryRun) {
      print(s.dim(plan.changes.length > 0 ? "\n--dry-run: nothing was written.\n" : "\nNothing to change.\n"));
      return;
    }
    if (plan.changes.length === 0) {
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
