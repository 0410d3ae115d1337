// Claude Code's side of `staso setup` / `staso uninstall` / `staso doctor`: staso's groups, one per event
// of hooks-templates/claude-code.json (PostToolUseFailure included, so the session rules learn which calls
// failed), in a settings.json (user ~/.claude/settings.json, project .claude/settings.json, or
// .claude/settings.local.json), merged in without touching anything else. The file must be strict JSON:
// Claude Code 2.1.329 silently ignores a settings file with a comment, so setup refuses one (naming the line).
import type { FailMode } from "../../engine/fail-mode.js";
import { isStasoHookCommand } from "../../config-files/hook-command.js";
import {
  planHooksFile,
  type DesiredHooks,
  type HookHandler,
  type HooksFilePlan,
} from "../../config-files/hooks-file.js";
import { parseJsonDocument } from "../../config-files/json-edit.js";
import { renderHooksTemplate } from "../../config-files/templates.js";

export interface ClaudeHookOptions {
  command: string;
  /** Seconds Claude Code waits for the hook. */
  timeout: number;
  failMode: FailMode;
}

/** staso's groups, from hooks-templates/claude-code.json: `"onFailure": "block"` on PreToolUse when the fail mode is closed (the other events guard nothing that has not already run). */
export function claudeDesiredHooks(o: ClaudeHookOptions): DesiredHooks {
  return renderHooksTemplate("claude-code", {
    command: o.command,
    timeout: o.timeout,
    onFailure: o.failMode === "closed" ? "block" : undefined,
  });
}

export const isStasoHandler = (h: HookHandler) => typeof h.command === "string" && isStasoHookCommand(h.command);

export interface ClaudeSettingsPlan extends HooksFilePlan {
  warnings: string[];
}

/** setup (desired given) or uninstall (desired null) of one settings file. */
export function planClaudeSettings(
  file: string,
  text: string | null,
  desired: DesiredHooks | null,
): ClaudeSettingsPlan {
  const plan = planHooksFile({ file, text, desired, isStaso: isStasoHandler, allowComments: false });
  const warnings: string[] = [];
  if (desired && text !== null) {
    const value = parseJsonDocument(file, text, { allowComments: false }).value as Record<string, unknown> | undefined;
    if (value?.disableAllHooks === true)
      warnings.push(
        `${file} sets "disableAllHooks": true, so Claude Code runs no hooks from it, staso's included. Remove that key to turn the guard on.`,
      );
  }
  return { ...plan, warnings };
}
