// Claude Code's side of `staso setup` / `staso uninstall` / `staso doctor`: staso's groups, one per event
// of hooks-templates/claude-code.json (PostToolUseFailure included, so the session rules learn which calls
// failed), in a settings.json (user ~/.claude/settings.json, project .claude/settings.json, or
// .claude/settings.local.json), merged in without touching anything else. The file must be strict JSON:
// Claude Code 2.1.329 silently ignores a settings file with a comment, so setup refuses one (naming the line).
import { join, resolve } from "node:path";
import type { HostInstaller, Locations, Scope } from "../types.js";
import { bashShell, classifyHookSpecific, EVENT_PURPOSE, homeDir } from "../shared/install.js";
import { settingsInstaller } from "../shared/settings-installer.js";

const claudeUserDir = (env: NodeJS.ProcessEnv) => join(homeDir(env), ".claude");

function claudeSettingsFile(scope: Scope, loc: Locations): string {
  if (scope === "user") return join(claudeUserDir(loc.env), "settings.json");
  return join(resolve(loc.projectDir), ".claude", scope === "local" ? "settings.local.json" : "settings.json");
}

export const installer: HostInstaller = settingsInstaller({
  label: "Claude Code",
  template: "claude-code",
  scopes: ["user", "project", "local"],
  file: claudeSettingsFile,
  where: (scope, loc) =>
    scope === "user"
      ? claudeSettingsFile("user", loc)
      : scope === "local"
        ? ".claude/settings.local.json"
        : ".claude/settings.json",
  binaries: ["claude"],
  binaryDirs: (home) => [join(home, ".claude", "local"), join(home, ".local", "bin")],
  configDir: claudeUserDir,
  // `"onFailure": "block"` on PreToolUse when the fail mode is closed (the other events guard nothing
  // that has not already run).
  vars: (ctx) => ({
    command: ctx.command,
    timeout: ctx.hostTimeout,
    onFailure: ctx.failMode === "closed" ? "block" : undefined,
  }),
  allowComments: false,
  timeoutUnit: "s",
  defaultTimeoutSeconds: 600,
  preEvents: ["PreToolUse"],
  purposes: {
    PreToolUse: EVENT_PURPOSE.pre,
    PostToolUse: EVENT_PURPOSE.post,
    PostToolUseFailure: EVENT_PURPOSE.failure,
  },
  offSwitches: (root, file) =>
    root.disableAllHooks === true
      ? [
          `${file} sets "disableAllHooks": true, so Claude Code runs no hooks from it, staso's included. Remove that key to turn the guard on.`,
        ]
      : [],
  doctorChecks: ({ found, ctx }) =>
    ctx.failMode !== "closed"
      ? []
      : found
          .filter((f) => f.pre)
          .map((f) =>
            f.handler.onFailure === "block"
              ? { id: "on-failure", ok: true, message: "onFailure: block (a hook crash or timeout blocks the call)" }
              : {
                  id: "on-failure",
                  ok: false,
                  message: `the PreToolUse hook in ${f.file} has no "onFailure": "block", so a crash or timeout of the hook lets the call run although the fail mode is closed`,
                  fix: `staso setup --target claude-code --scope ${f.scope}`,
                },
          ),
  failure: (ctx) =>
    ctx.failMode === "closed" ? "a hook crash or timeout blocks the call (onFailure: block)" : undefined,
  shell: bashShell,
  classify: (stdout, exitCode) => classifyHookSpecific(stdout, exitCode, { agent: "Claude Code" }),
});
