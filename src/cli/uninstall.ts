// `staso uninstall`: takes out exactly what `staso setup` put in (staso's hook groups and its Codex trust
// entries); every other hook and key stays. staso's own config (config.json, the API key) is kept.
import { join } from "node:path";
import { stasoPaths } from "../paths.js";
import { applyChanges } from "../setup/apply.js";
import { ALL_TARGETS } from "../setup/detect.js";
import { SCOPES, type Scope } from "../setup/locations.js";
import { planUninstall } from "../setup/plan.js";
import { describeChange } from "../setup/summary.js";
import { paintFor } from "../util/terminal.js";
import { UsageError } from "./errors.js";
import { parseScope, parseTargets, planJson } from "./setup.js";
import { print } from "./output.js";

export interface UninstallFlags {
  target?: string[];
  scope?: string[];
  projectDir?: string;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export async function uninstallCommand(flags: UninstallFlags): Promise<void> {
  const out = process.stdout;
  const s = paintFor(out);
  const targets = parseTargets(flags.target);
  const scopes = (flags.scope ?? []).flatMap((v) => v.split(",")).map((v) => parseScope(v)!) as Scope[];
  if (flags.json && !flags.yes && !flags.dryRun)
    throw new UsageError("--json asks no questions: add --yes to write, or --dry-run to only show the changes.");
  const plan = await planUninstall({
    targets: targets.length > 0 ? targets : ALL_TARGETS,
    scopes: scopes.length > 0 ? scopes : SCOPES,
    projectDir: flags.projectDir,
  });
  if (flags.json) {
    const result =
      !flags.dryRun && plan.changes.length > 0
        ? applyChanges(plan.changes, { backupRoot: join(stasoPaths().dataDir, "backups") })
        : undefined;
    print(
      `${JSON.stringify(planJson(plan, { dryRun: flags.dryRun === true, backupDir: result?.backupDir ?? null }), null, 2)}\n`,
    );
    return;
  }
  if (plan.changes.length === 0) {
    print("staso's hooks were not found in the agents' settings here; nothing to remove.\n");
    return;
  }
  print(`${s.bold("staso uninstall")}: these changes take staso's hooks out.\n\n`);
  for (const c of plan.changes) print(`${describeChange(c, s)}\n`);
  if (flags.dryRun) {
    print(s.dim("--dry-run: nothing was written.\n"));
    return;
  }
  const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  if (!flags.yes) {
    if (!tty)
      throw new UsageError(
        "staso uninstall asks before it writes, and there is no terminal here. Pass --yes to remove staso's hooks without asking.",
      );
    const { confirm } = await import("@inquirer/prompts");
    let ok = false;
    try {
      ok = await confirm({
        message: `Write ${plan.changes.length === 1 ? "this change" : `these ${plan.changes.length} changes`}?`,
        default: true,
      });
    } catch (err) {
      if (!(err instanceof Error && err.name === "ExitPromptError")) throw err;
    }
    if (!ok) {
      print("Nothing was written.\n");
      return;
    }
  }
  const result = applyChanges(plan.changes, { backupRoot: join(stasoPaths().dataDir, "backups") });
  for (const c of plan.changes) print(`${s.green("✓")} ${c.after === null ? "removed" : "updated"} ${c.path}\n`);
  if (result.backupDir) print(s.dim(`  the originals are saved in ${result.backupDir}\n`));
  print(s.dim(`staso's own config in ${stasoPaths().configDir} was kept.\n`));
}
