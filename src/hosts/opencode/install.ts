// opencode's side of `staso setup` / `staso uninstall` / `staso doctor`. opencode has no hook settings:
// setup writes staso's plugin (hooks-templates/opencode.js, filled in with this installation's hook
// command, the plugin's own deadline and the fail mode) as plugin/staso.js in opencode's config folder
// (user: $XDG_CONFIG_HOME/opencode, else ~/.config/opencode; project: .opencode/). Doctor loads the plugin
// in a fresh Node and asks it two calls, since a plugin that fails to load leaves opencode unguarded.
//
// At start opencode installs @opencode-ai/plugin into each config folder that lacks it (an npm install
// that stalls ~70 s offline). In a folder that has nothing of npm's yet, setup seeds what makes opencode
// skip it: a package-lock.json listing the package and an empty node_modules (staso's plugin needs none).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SetupError } from "../../config-files/errors.js";
import { configFileChange, type FileChange } from "../../config-files/file-change.js";
import { readFileState } from "../../config-files/fs-write.js";
import { renderSourceTemplate } from "../../config-files/templates.js";
import type { Check, FoundHook, HostDoctor, HostInstaller, HostPlan, Locations, ProbeAnswer, Scope } from "../types.js";
import { bashShell, EVENT_PURPOSE, homeDir } from "../shared/install.js";

const MARKER = "staso-opencode-plugin";
/** What setup seeds in a config folder with nothing of npm's: opencode then sees @opencode-ai/plugin as installed. */
const SEED_LOCK = `${JSON.stringify({ packages: { "": { dependencies: { "@opencode-ai/plugin": "*" } } } }, null, 2)}\n`;
const SEED_NOTE =
  "staso seeded this folder so that opencode does not try to download @opencode-ai/plugin at every start (staso's plugin needs no package). Delete node_modules/ and package-lock.json here to let opencode install it.\n";

/** opencode's config folder of one scope. */
function configFolder(scope: Scope, loc: Locations): string {
  if (scope !== "user") return join(loc.projectDir, ".opencode");
  const xdg = loc.env.XDG_CONFIG_HOME;
  return join(xdg && xdg.trim() !== "" ? xdg : join(homeDir(loc.env), ".config"), "opencode");
}

const pluginFile = (scope: Scope, loc: Locations) => join(configFolder(scope, loc), "plugin", "staso.js");
const isStasoPlugin = (text: string | null) => text?.includes(MARKER) === true;

/** The hook command and deadline a staso plugin file carries. */
function readPlugin(text: string): { command?: string; deadlineMs?: number; failClosed?: boolean } {
  const value = (name: string): unknown => {
    const m = new RegExp(`^const ${name} = (.*);$`, "m").exec(text);
    if (!m) return undefined;
    try {
      return JSON.parse(m[1]!) as unknown;
    } catch {
      return undefined;
    }
  };
  const command = value("COMMAND");
  const deadline = value("DEADLINE_MS");
  const failClosed = value("FAIL_CLOSED");
  return {
    command: typeof command === "string" ? command : undefined,
    deadlineMs: typeof deadline === "number" ? deadline : undefined,
    failClosed: typeof failClosed === "boolean" ? failClosed : undefined,
  };
}

/** A change under the config folder: the folders it needs go again when emptied (up to the config folder). */
function folderChange(
  path: string,
  label: string,
  before: string | null,
  after: string | null,
  scope: Scope,
  root: string,
): FileChange {
  return {
    ...configFileChange(path, label, before, after, scope === "user"),
    removeEmptyDir: true,
    removeEmptyDirsUpTo: root,
  };
}

/** Runs the plugin in a fresh Node, as opencode would load it, on one shell call; what it did. */
function probePlugin(file: string, command: string, env: NodeJS.ProcessEnv, cwd: string): Promise<ProbeAnswer> {
  const script = `
const mod = await import(${JSON.stringify(pathToFileURL(file).href)});
const factory = Object.values(mod).find((v) => typeof v === "function");
if (!factory) { console.log(JSON.stringify({ kind: "other", detail: "the plugin exports no plugin function" })); process.exit(0); }
const hooks = await factory({ directory: ${JSON.stringify(cwd)}, worktree: ${JSON.stringify(cwd)} });
const before = hooks?.["tool.execute.before"];
if (typeof before !== "function") { console.log(JSON.stringify({ kind: "other", detail: "the plugin has no tool.execute.before" })); process.exit(0); }
try {
  await before({ tool: "bash", sessionID: "staso-doctor", callID: "staso-doctor" }, { args: { command: ${JSON.stringify(command)} } });
  console.log(JSON.stringify({ kind: "allow", detail: "" }));
} catch (err) {
  console.log(JSON.stringify({ kind: "deny", detail: String(err?.message ?? err) }));
}`;
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (err += d));
    child.on("close", (code) => {
      clearTimeout(timer);
      const ms = Math.round(performance.now() - started);
      try {
        const r = JSON.parse(out.trim().split("\n").pop() ?? "") as { kind: ProbeAnswer["kind"]; detail: string };
        resolve({ ok: r.kind !== "other", kind: r.kind, detail: r.detail, ms });
      } catch {
        const why = err.trim().split("\n").slice(-3).join(" ");
        resolve({
          ok: false,
          kind: "other",
          ms,
          detail: `the plugin does not load (exit ${code}${why ? `: ${why}` : ""}), so opencode would run every call unguarded`,
        });
      }
    });
  });
}

export const installer: HostInstaller = {
  scopes: ["user", "project"],
  scopeFor: (s) => (s === "local" ? "project" : s),
  where: (scope, loc) => (scope === "user" ? pluginFile("user", loc) : ".opencode/plugin/staso.js"),
  binaries: ["opencode"],
  binaryDirs: (home) => [join(home, ".opencode", "bin"), join(home, ".local", "bin")],
  configDir: (env) => configFolder("user", { env, projectDir: "." }),

  planSetup(ctx): HostPlan {
    const root = configFolder(ctx.scope, ctx);
    const file = pluginFile(ctx.scope, ctx);
    const st = readFileState(file);
    if (st.text !== null && !isStasoPlugin(st.text))
      throw new SetupError(
        `${file} is not staso's plugin, so staso changed nothing. Move it away (or rename it), then run the command again.`,
      );
    const text = renderSourceTemplate("opencode", "js", {
      command: ctx.command,
      // opencode never gives up on a plugin: its deadline is the one an agent's hook timeout would be
      deadlineMs: ctx.hostTimeout * 1000,
      failClosed: ctx.failMode === "closed",
    });
    const plan: HostPlan = {
      changes: [],
      warnings: [],
      notes: [],
      file,
      events: ["tool.execute.before", "tool.execute.after"],
      failure:
        ctx.failMode === "closed"
          ? `the plugin blocks the call when staso cannot answer within ${ctx.hostTimeout} s (opencode itself never gives up on a plugin)`
          : undefined,
    };
    const label = `opencode plugin (${ctx.scope})`;
    if (st.text !== text) plan.changes.push(folderChange(file, label, st.text, text, ctx.scope, root));
    const npmThere = ["node_modules", "package-lock.json", "package.json"].some((n) => existsSync(join(root, n)));
    if (!npmThere) {
      plan.changes.push(
        folderChange(join(root, "package-lock.json"), `${label}: offline seed`, null, SEED_LOCK, ctx.scope, root),
      );
      plan.changes.push(
        folderChange(
          join(root, "node_modules", "STASO-SEEDED.txt"),
          `${label}: offline seed`,
          null,
          SEED_NOTE,
          ctx.scope,
          root,
        ),
      );
    } else if (!existsSync(join(root, "node_modules")))
      plan.notes.push(
        `opencode will install @opencode-ai/plugin into ${root} when it starts (it waits ~70 s for it without a network).`,
      );
    if (ctx.scope === "project")
      plan.warnings.push(
        "opencode loads a project's plugins without asking: anyone who can change this repository's .opencode/ can change or remove staso's plugin. --scope user keeps it out of the repository.",
      );
    return plan;
  },

  planUninstall(ctx): HostPlan {
    const plan: HostPlan = { changes: [], warnings: [], notes: [] };
    for (const scope of ctx.scopes) {
      if (scope === "local") continue;
      const root = configFolder(scope, ctx);
      const label = `opencode plugin (${scope})`;
      const file = pluginFile(scope, ctx);
      const st = readFileState(file);
      if (!isStasoPlugin(st.text)) continue;
      plan.changes.push(folderChange(file, label, st.text, null, scope, root));
      // the seed goes only as staso wrote it (opencode may have installed into it since)
      const lock = readFileState(join(root, "package-lock.json"));
      const note = readFileState(join(root, "node_modules", "STASO-SEEDED.txt"));
      if (note.text === SEED_NOTE) plan.changes.push(folderChange(note.path, label, note.text, null, scope, root));
      if (lock.text === SEED_LOCK) plan.changes.push(folderChange(lock.path, label, lock.text, null, scope, root));
    }
    return plan;
  },

  doctor(ctx): HostDoctor {
    const checks: Check[] = [];
    const found: FoundHook[] = [];
    for (const scope of ["user", "project"] as const) {
      const file = pluginFile(scope, ctx);
      if (!existsSync(file)) continue;
      const text = readFileSync(file, "utf8");
      if (!isStasoPlugin(text)) {
        checks.push({
          id: "plugin",
          ok: false,
          message: `${file} is not staso's plugin`,
          fix: `move it away and run \`staso setup --target opencode --scope ${scope}\``,
        });
        continue;
      }
      const p = readPlugin(text);
      if (!p.command || !p.deadlineMs) {
        checks.push({
          id: "plugin",
          ok: false,
          message: `${file} is staso's plugin, but damaged (no hook command or deadline)`,
          fix: `staso setup --target opencode --scope ${scope}`,
        });
        continue;
      }
      for (const event of ["tool.execute.before", "tool.execute.after"])
        found.push({
          scope,
          file,
          event,
          command: p.command,
          timeoutSeconds: p.deadlineMs / 1000,
          pre: event === "tool.execute.before",
          group: 0,
          index: 0,
          handler: { command: p.command, failClosed: p.failClosed },
          groupValue: {},
        });
      if (ctx.failMode === "closed" && p.failClosed === false)
        checks.push({
          id: "on-failure",
          ok: false,
          message: `the plugin in ${file} lets a call run when staso cannot answer, although the fail mode is closed`,
          fix: `staso setup --target opencode --scope ${scope}`,
        });
    }
    for (const v of ["OPENCODE_PURE", "OPENCODE_DISABLE_DEFAULT_PLUGINS"])
      if (ctx.env[v] && ctx.env[v] !== "0" && ctx.env[v] !== "false")
        checks.push({
          id: "hooks-disabled",
          ok: false,
          message: `${v} is set here, which may keep opencode from loading plugins, staso's included`,
          fix: `unset ${v}`,
        });
    return {
      found,
      expected: [
        { event: "tool.execute.before", purpose: EVENT_PURPOSE.pre },
        { event: "tool.execute.after", purpose: EVENT_PURPOSE.post },
      ],
      checks,
      ask: (hook, command, env, cwd) => probePlugin(hook.file, command, env, cwd),
      shell: bashShell,
      classify: () => ({ ok: false, kind: "other", detail: "the opencode plugin is asked by loading it" }),
    };
  },
};
