// Cursor's side of `staso setup` / `staso uninstall` / `staso doctor`: staso's entries in hooks.json (user
// ~/.cursor/hooks.json, project .cursor/hooks.json), one per event of hooks-templates/cursor.json, merged
// in beside the user's own; with the fail mode closed the before-events say "failClosed": true, so a hook
// that fails or times out blocks the call. Timeouts are in seconds.
import { join } from "node:path";
import type { Locations, Scope } from "../types.js";
import { bashShell, EVENT_PURPOSE, homeDir, jsonAnswer } from "../shared/install.js";
import { flatInstaller } from "../shared/flat-installer.js";

const cursorDir = (env: NodeJS.ProcessEnv) => join(homeDir(env), ".cursor");
const hooksFile = (scope: Scope, loc: Locations) =>
  scope === "user" ? join(cursorDir(loc.env), "hooks.json") : join(loc.projectDir, ".cursor", "hooks.json");

const PRE = ["preToolUse", "beforeShellExecution", "beforeMCPExecution", "beforeReadFile"];

export const installer = flatInstaller({
  label: "Cursor",
  template: "cursor",
  scopes: ["user", "project"],
  file: hooksFile,
  where: (scope, loc) => (scope === "user" ? hooksFile("user", loc) : ".cursor/hooks.json"),
  binaries: ["cursor-agent", "cursor"],
  binaryDirs: (home) => [join(home, ".local", "bin")],
  configDir: cursorDir,
  vars: (ctx) => ({
    command: ctx.command,
    timeout: ctx.hostTimeout,
    failClosed: ctx.failMode === "closed" ? true : undefined,
  }),
  commandKey: "command",
  allowComments: false,
  timeoutUnit: "s",
  defaultTimeoutSeconds: 60,
  preEvents: PRE,
  purposes: {
    preToolUse: "file writes and edits (and every tool without an event of its own) are not checked before they run",
    beforeShellExecution: "shell commands are not checked before they run",
    beforeMCPExecution: "MCP tool calls are not checked before they run",
    beforeReadFile: "file reads are not checked (a secret file's content can reach the model)",
    postToolUse: EVENT_PURPOSE.post,
    afterShellExecution: "the session rules never learn which shell commands ran",
  },
  doctorChecks: ({ found, ctx }) =>
    ctx.failMode !== "closed"
      ? []
      : found
          .filter((f) => f.pre && f.handler.failClosed !== true)
          .map((f) => ({
            id: "on-failure",
            ok: false,
            message: `staso's ${f.event} hook in ${f.file} has no "failClosed": true, so a crash or timeout of the hook lets the call run although the fail mode is closed`,
            fix: `staso setup --target cursor --scope ${f.scope}`,
          })),
  failure: (ctx) =>
    ctx.failMode === "closed" ? 'a hook crash or timeout blocks the call ("failClosed": true)' : undefined,
  shell: bashShell,
  classify: (stdout, exitCode) => {
    if (exitCode !== 0) return { ok: false, kind: "other", detail: `it exited with code ${exitCode}` };
    const { value, problem } = jsonAnswer(stdout);
    if (problem) return problem;
    if (!value) return { ok: true, kind: "allow", detail: "" };
    if (value.permission !== "deny") return { ok: true, kind: "other", detail: stdout.trim().slice(0, 200) };
    const reason = value.agent_message ?? value.user_message;
    return typeof reason === "string" && reason
      ? { ok: true, kind: "deny", detail: reason }
      : { ok: false, kind: "deny", detail: "its deny says nothing to the agent or the user" };
  },
});
