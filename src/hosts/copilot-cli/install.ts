// GitHub Copilot CLI's side of `staso setup` / `staso uninstall` / `staso doctor`: a hooks file of staso's
// own (hooks-templates/copilot-cli.json: preToolUse, postToolUse, postToolUseFailure), user-level in
// $COPILOT_HOME/hooks/staso.json (run with no trust step) or in a repository's .github/hooks/staso.json
// (which Copilot skips without a word unless the folder is trusted). Its timeout is in seconds.
import { join } from "node:path";
import type { Check, Locations, Scope } from "../types.js";
import { bashShell, EVENT_PURPOSE, homeDir, jsonAnswer, readJsonConfig, realOrResolved } from "../shared/install.js";
import { flatInstaller } from "../shared/flat-installer.js";

/** $COPILOT_HOME, or ~/.copilot. */
function copilotHome(env: NodeJS.ProcessEnv): string {
  const v = env.COPILOT_HOME;
  return v && v.trim() !== "" ? realOrResolved(v) : join(homeDir(env), ".copilot");
}

const hooksFile = (scope: Scope, loc: Locations): string =>
  scope === "user"
    ? join(copilotHome(loc.env), "hooks", "staso.json")
    : join(loc.projectDir, ".github", "hooks", "staso.json");

/** The settings files whose disableAllHooks turns staso's hooks off: the user's, and the repository's. */
const settingsFiles = (loc: Locations) => [
  join(copilotHome(loc.env), "settings.json"),
  join(copilotHome(loc.env), "config.json"),
  join(loc.projectDir, ".github", "copilot", "settings.json"),
  join(loc.projectDir, ".github", "copilot", "settings.local.json"),
];

function offSwitches(loc: Locations): Check[] {
  const out: Check[] = [];
  for (const file of settingsFiles(loc)) {
    const r = readJsonConfig(file, true);
    if (r.root?.disableAllHooks === true)
      out.push({
        id: "hooks-disabled",
        ok: false,
        message: `${file} sets "disableAllHooks": true, so GitHub Copilot CLI runs no hooks at all, staso's included`,
        fix: `remove "disableAllHooks" from ${file}`,
      });
  }
  return out;
}

export const installer = flatInstaller({
  label: "GitHub Copilot CLI",
  template: "copilot-cli",
  scopes: ["user", "project"],
  file: hooksFile,
  where: (scope, loc) => (scope === "user" ? hooksFile("user", loc) : ".github/hooks/staso.json"),
  binaries: ["copilot"],
  binaryDirs: (home) => [join(home, ".local", "bin")],
  configDir: copilotHome,
  vars: (ctx) => ({ command: ctx.command, timeout: ctx.hostTimeout }),
  commandKey: "bash",
  allowComments: false,
  timeoutUnit: "s",
  defaultTimeoutSeconds: 30,
  preEvents: ["preToolUse"],
  purposes: {
    preToolUse: EVENT_PURPOSE.pre,
    postToolUse: EVENT_PURPOSE.post,
    postToolUseFailure: EVENT_PURPOSE.failure,
  },
  setupWarnings: (ctx) => [
    ...(ctx.scope === "project"
      ? [
          "GitHub Copilot CLI runs a repository's .github/hooks only in a folder you trust (in -p only with COPILOT_ALLOW_ALL=true, --trust-folder or GITHUB_COPILOT_PROMPT_MODE_REPO_HOOKS=true); elsewhere it skips them without a word. --scope user needs no trust.",
        ]
      : []),
    ...offSwitches(ctx).map((c) => `${c.message}.`),
  ],
  doctorChecks: ({ ctx }) => offSwitches(ctx),
  failure: () =>
    "a hook that crashes blocks the call (GitHub Copilot CLI's own rule); one past the timeout lets it run (it has no switch for that)",
  shell: bashShell,
  classify: (stdout, exitCode) => {
    if (exitCode !== 0) return { ok: false, kind: "other", detail: `it exited with code ${exitCode}` };
    const { value, problem } = jsonAnswer(stdout);
    if (problem) return problem;
    if (!value) return { ok: true, kind: "allow", detail: "" };
    if (value.permissionDecision !== "deny") return { ok: true, kind: "other", detail: stdout.trim().slice(0, 200) };
    const reason = value.permissionDecisionReason;
    return typeof reason === "string" && reason
      ? { ok: true, kind: "deny", detail: reason }
      : { ok: false, kind: "deny", detail: "its deny has no reason (the model would read 'No reason provided')" };
  },
});
