// Qwen Code's side of `staso setup` / `staso uninstall` / `staso doctor`: staso's groups
// (hooks-templates/qwen-code.json) in settings.json (user ~/.qwen/settings.json, project
// .qwen/settings.json), which Qwen Code reads with comments; its command hooks' timeout is in
// milliseconds. With the fail mode closed, a failure of the hook process becomes a block (exit 2 with a
// reason), since any other exit lets the call run.
import { join } from "node:path";
import type { HostInstaller, Locations, Scope } from "../types.js";
import { bashShell, classifyHookSpecific, EVENT_PURPOSE, failClosedCommand, homeDir } from "../shared/install.js";
import { settingsInstaller } from "../shared/settings-installer.js";

const qwenDir = (env: NodeJS.ProcessEnv) => join(homeDir(env), ".qwen");
const settingsFile = (scope: Scope, loc: Locations) =>
  scope === "user" ? join(qwenDir(loc.env), "settings.json") : join(loc.projectDir, ".qwen", "settings.json");

export const installer: HostInstaller = settingsInstaller({
  label: "Qwen Code",
  template: "qwen-code",
  scopes: ["user", "project"],
  file: settingsFile,
  where: (scope, loc) => (scope === "user" ? settingsFile("user", loc) : ".qwen/settings.json"),
  binaries: ["qwen"],
  binaryDirs: (home) => [join(home, ".local", "bin")],
  configDir: qwenDir,
  vars: (ctx) => ({
    command: ctx.failMode === "closed" ? failClosedCommand(ctx.command) : ctx.command,
    timeoutMs: ctx.hostTimeout * 1000,
  }),
  allowComments: true,
  timeoutUnit: "ms",
  defaultTimeoutSeconds: 60,
  preEvents: ["PreToolUse"],
  purposes: {
    PreToolUse: EVENT_PURPOSE.pre,
    PostToolUse: EVENT_PURPOSE.post,
    PostToolUseFailure: EVENT_PURPOSE.failure,
  },
  offSwitches: (root, file) =>
    root.disableAllHooks === true
      ? [`${file} sets "disableAllHooks": true, so Qwen Code runs no hooks at all, staso's included.`]
      : [],
  failure: (ctx) =>
    ctx.failMode === "closed"
      ? "a hook that cannot run blocks the call (it exits 2 with a reason); one past the timeout lets it run"
      : undefined,
  shell: bashShell,
  classify: (stdout, exitCode) => classifyHookSpecific(stdout, exitCode, { agent: "Qwen Code" }),
});
