// Codex's side of `staso setup` / `staso uninstall` / `staso doctor`: staso's groups, one per event of
// hooks-templates/codex.json (Codex 0.169 has no PostToolUseFailure: a failure arrives as a PostToolUse),
// in a hooks.json ($CODEX_HOME/hooks.json, or <project>/.codex/hooks.json), plus the trust entries Codex
// needs in the user's config.toml to run them, edited in place.
import { isStasoHookCommand } from "../../config-files/hook-command.js";
import {
  planHooksFile,
  type DesiredHooks,
  type HookHandler,
  type HooksFilePlan,
} from "../../config-files/hooks-file.js";
import { renderHooksTemplate } from "../../config-files/templates.js";
import { parseToml, type TomlTable } from "../../config-files/toml-edit.js";
import { applyTrustPlan, codexTrustKey, planTrust, readTrustState, type TrustPlan } from "./trust.js";

export interface CodexHookOptions {
  command: string;
  /** Seconds Codex waits for the hook. */
  timeout: number;
}

/** staso's groups, from hooks-templates/codex.json. */
export function codexDesiredHooks(o: CodexHookOptions): DesiredHooks {
  return renderHooksTemplate("codex", { command: o.command, timeout: o.timeout });
}

const isStasoHandler = (h: HookHandler) => typeof h.command === "string" && isStasoHookCommand(h.command);

export interface CodexPlanInput {
  hooksFile: string;
  hooksText: string | null;
  configFile: string;
  configText: string | null;
  /** The hooks file's path as Codex spells it in trust keys. */
  trustSource: string;
  /** Groups to install, or null to uninstall. */
  desired: DesiredHooks | null;
  /** Write trust entries for staso's hooks (setup on the user's confirmation). */
  writeTrust: boolean;
}

export interface CodexPlan {
  hooks: HooksFilePlan;
  config: { before: string | null; after: string; changed: boolean; value: TomlTable };
  trust: TrustPlan;
  warnings: string[];
}

const TOP_LEVEL_KEYS = ["hooks", "description"];

export function planCodexHooks(i: CodexPlanInput): CodexPlan {
  const hooks = planHooksFile({
    file: i.hooksFile,
    text: i.hooksText,
    desired: i.desired,
    isStaso: isStasoHandler,
    allowComments: false,
  });
  const config = i.configText === null ? {} : parseToml(i.configFile, i.configText);
  const state = readTrustState(config);
  const trust = planTrust(i.trustSource, hooks, state, i.writeTrust);
  const after = applyTrustPlan(i.configFile, i.configText ?? "", config, trust);
  const warnings: string[] = [];
  if (i.desired) {
    const top = hooks.after.trim() ? Object.keys(JSON.parse(hooks.after) as Record<string, unknown>) : [];
    const extra = top.filter((k) => !TOP_LEVEL_KEYS.includes(k));
    if (extra.length > 0)
      warnings.push(
        `${i.hooksFile} has top-level keys Codex does not accept (${extra.join(", ")}): Codex ignores the whole file, staso's hooks included, until they are removed.`,
      );
    for (const s of hooks.stasoAfter) {
      if (state.get(codexTrustKey(i.trustSource, s.pos))?.enabled === false) {
        warnings.push(
          `The staso ${s.pos.event} hook is disabled in Codex (enabled = false in ${i.configFile}); turn it back on with \`codex\` → /hooks.`,
        );
      }
    }
    if (inlineStasoHooks(config))
      warnings.push(
        `${i.configFile} also runs staso from an inline [[hooks.*]] table; remove that table by hand so the hook does not run twice.`,
      );
  }
  return {
    hooks,
    config: { before: i.configText, after, changed: after !== (i.configText ?? ""), value: config },
    trust,
    warnings,
  };
}

/** True when config.toml's own [hooks] tables run staso (hooks written by hand). */
export function inlineStasoHooks(config: TomlTable): boolean {
  const h = config.hooks;
  if (!h || typeof h !== "object" || Array.isArray(h)) return false;
  for (const [event, groups] of Object.entries(h as Record<string, unknown>)) {
    if (event === "state" || !Array.isArray(groups)) continue;
    for (const g of groups) {
      const list = (g as { hooks?: unknown }).hooks;
      if (Array.isArray(list) && list.some((x) => isStasoHandler((x ?? {}) as HookHandler))) return true;
    }
  }
  return false;
}
