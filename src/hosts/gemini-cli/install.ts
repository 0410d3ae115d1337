// Gemini CLI's side of `staso setup` / `staso uninstall` / `staso doctor`: staso's BeforeTool and AfterTool
// groups (hooks-templates/gemini-cli.json) in settings.json (user ~/.gemini/settings.json, project
// .gemini/settings.json, which Gemini reads only in a trusted folder), merged in without touching anything
// else. Gemini reads settings with comments, so a commented file is edited in place. Its hook timeout is in
// milliseconds. With the fail mode closed the command exits 2 with a reason when staso cannot run at all,
// since Gemini runs the call on exit 1.
import { join } from "node:path";
import type { Check, HostInstaller, Locations, Scope } from "../types.js";
import { bashShell, EVENT_PURPOSE, failClosedCommand, homeDir, jsonObject } from "../shared/install.js";
import { settingsInstaller } from "../shared/settings-installer.js";
import { isStasoHookCommand } from "../../config-files/hook-command.js";

const geminiUserDir = (env: NodeJS.ProcessEnv) => join(homeDir(env), ".gemini");

function settingsFile(scope: Scope, loc: Locations): string {
  return scope === "user"
    ? join(geminiUserDir(loc.env), "settings.json")
    : join(loc.projectDir, ".gemini", "settings.json");
}

/** Settings that keep Gemini from running staso's hooks: hooks off, or staso's command listed as disabled. */
function offSwitches(root: Record<string, unknown>, file: string): string[] {
  const cfg = jsonObject(root.hooksConfig);
  const out: string[] = [];
  // A project's settings apply on top of the user's in a trusted folder: this turns a user-level staso off too.
  if (cfg?.enabled === false)
    out.push(`${file} sets "hooksConfig": { "enabled": false }, so Gemini CLI runs no hooks at all, staso's included.`);
  const disabled = Array.isArray(cfg?.disabled) ? cfg.disabled.filter((d): d is string => typeof d === "string") : [];
  if (disabled.some((d) => isStasoHookCommand(d)))
    out.push(`${file} lists staso's hook in "hooksConfig"."disabled", so Gemini CLI skips it.`);
  return out;
}

export const installer: HostInstaller = settingsInstaller({
  label: "Gemini CLI",
  template: "gemini-cli",
  scopes: ["user", "project"],
  file: settingsFile,
  where: (scope, loc) => (scope === "user" ? settingsFile("user", loc) : ".gemini/settings.json"),
  binaries: ["gemini"],
  binaryDirs: (home) => [join(home, ".local", "bin")],
  configDir: geminiUserDir,
  vars: (ctx) => ({
    command: ctx.failMode === "closed" ? failClosedCommand(ctx.command) : ctx.command,
    timeoutMs: ctx.hostTimeout * 1000,
  }),
  allowComments: true,
  timeoutUnit: "ms",
  defaultTimeoutSeconds: 60,
  preEvents: ["BeforeTool"],
  purposes: { BeforeTool: EVENT_PURPOSE.pre, AfterTool: EVENT_PURPOSE.post },
  offSwitches,
  doctorChecks: ({ ctx, found }) => {
    const checks: Check[] = [];
    if (ctx.failMode === "closed")
      for (const f of found.filter((x) => x.pre && !/\|\| \{ .* exit 2; \}$/.test(x.command)))
        checks.push({
          id: "on-failure",
          ok: false,
          message: `the BeforeTool hook in ${f.file} does not turn a failure of the hook process into a block, so Gemini CLI runs the call when staso cannot start (it runs it on exit 1)`,
          fix: `staso setup --target gemini-cli --scope ${f.scope}`,
        });
    return checks;
  },
  failure: (ctx) =>
    ctx.failMode === "closed"
      ? "a hook that cannot run blocks the call (it exits 2 with a reason); a hook past the timeout lets it run (Gemini CLI has no switch for that)"
      : undefined,
  shell: bashShell,
  classify: (stdout, exitCode) => {
    if (exitCode !== 0) return { ok: false, kind: "other", detail: `it exited with code ${exitCode}` };
    const text = stdout.trim();
    if (text === "") return { ok: true, kind: "allow", detail: "" };
    let v: Record<string, unknown> | undefined;
    try {
      v = jsonObject(JSON.parse(text));
    } catch {
      v = undefined;
    }
    if (!v)
      return {
        ok: false,
        kind: "other",
        detail: `it printed something that is not a JSON object: ${text.slice(0, 200)}`,
      };
    if (v.decision === "deny" || v.decision === "block")
      return typeof v.reason === "string" && v.reason
        ? { ok: true, kind: "deny", detail: v.reason }
        : { ok: false, kind: "deny", detail: "its deny has no reason" };
    return { ok: true, kind: "other", detail: text.slice(0, 200) };
  },
});
