// Factory droid's side of `staso setup` / `staso uninstall` / `staso doctor`: staso's groups
// (hooks-templates/droid.json) in droid's hooks file of each scope (~/.factory, or the project's
// .factory). droid reads hooks.json, and the "hooks" of settings.json only when there is no hooks.json: so
// staso writes where the user's hooks already are, and never makes a hooks.json that would hide them.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { HostInstaller, Locations, Scope } from "../types.js";
import {
  bashShell,
  classifyHookSpecific,
  EVENT_PURPOSE,
  failClosedCommand,
  homeDir,
  readJsonConfig,
} from "../shared/install.js";
import { settingsInstaller } from "../shared/settings-installer.js";

const factoryDir = (env: NodeJS.ProcessEnv) => join(homeDir(env), ".factory");
const scopeDir = (scope: Scope, loc: Locations) =>
  scope === "user" ? factoryDir(loc.env) : join(loc.projectDir, ".factory");

function hooksFile(scope: Scope, loc: Locations): string {
  const dir = scopeDir(scope, loc);
  const hooksJson = join(dir, "hooks.json");
  if (existsSync(hooksJson)) return hooksJson;
  const settings = join(dir, "settings.json");
  return readJsonConfig(settings, true).root?.hooks !== undefined ? settings : hooksJson;
}

export const installer: HostInstaller = settingsInstaller({
  label: "Factory droid",
  template: "droid",
  scopes: ["user", "project"],
  file: hooksFile,
  where: (scope, loc) => (scope === "user" ? hooksFile("user", loc) : ".factory/hooks.json"),
  binaries: ["droid"],
  binaryDirs: (home) => [join(home, ".local", "bin")],
  configDir: factoryDir,
  vars: (ctx) => ({
    command: ctx.failMode === "closed" ? failClosedCommand(ctx.command) : ctx.command,
    timeout: ctx.hostTimeout,
  }),
  allowComments: true,
  timeoutUnit: "s",
  defaultTimeoutSeconds: 60,
  preEvents: ["PreToolUse"],
  purposes: { PreToolUse: EVENT_PURPOSE.pre, PostToolUse: EVENT_PURPOSE.post },
  failure: (ctx) =>
    ctx.failMode === "closed"
      ? "a hook that cannot run blocks the call (it exits 2 with a reason); one past the timeout lets it run"
      : undefined,
  shell: bashShell,
  classify: (stdout, exitCode) => classifyHookSpecific(stdout, exitCode, { agent: "droid" }),
});
