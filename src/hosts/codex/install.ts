// Codex's side of `staso setup` / `staso uninstall` / `staso doctor`: staso's groups in a hooks.json
// ($CODEX_HOME/hooks.json, or <project>/.codex/hooks.json, which Codex reads only in a trusted project),
// plus the trust entries Codex needs in the user's config.toml to run them (./hooks-config.ts, ./trust.ts).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { configFileChange, type FileChange } from "../../config-files/file-change.js";
import { readFileState } from "../../config-files/fs-write.js";
import { renderHooksTemplate } from "../../config-files/templates.js";
import { parseToml, type TomlTable } from "../../config-files/toml-edit.js";
import type { Check, FoundHook, HostInstaller, HostPlan, Locations, Scope } from "../types.js";
import {
  classifyHookSpecific,
  EVENT_PURPOSE,
  expectedEvents,
  foundHooks,
  handlerSeconds,
  homeDir,
  parseProblem,
  readJsonConfig,
  realOrResolved,
  stasoHandlers,
} from "../shared/install.js";
import { inlineStasoHooks, planCodexHooks } from "./hooks-config.js";
import { codexTrustHash, codexTrustKey, readTrustState } from "./trust.js";

/** $CODEX_HOME (canonicalized, as Codex does when the variable is set) or ~/.codex. */
function codexHome(env: NodeJS.ProcessEnv): string {
  const v = env.CODEX_HOME;
  return v && v.trim() !== "" ? realOrResolved(v) : join(homeDir(env), ".codex");
}

interface CodexFiles {
  /** The hooks.json staso writes. */
  hooksFile: string;
  /** The user config.toml that holds hook trust (always the user's, whatever the scope). */
  configFile: string;
  /** The hooks file's path as Codex spells it in trust keys. */
  trustSource: string;
  /** Project scope: the project directory Codex must trust to load .codex/ (else null). */
  project: string | null;
}

function codexFiles(scope: Scope, loc: Locations): CodexFiles {
  const home = codexHome(loc.env);
  const configFile = join(home, "config.toml");
  if (scope === "user") {
    const hooksFile = join(home, "hooks.json");
    return { hooksFile, configFile, trustSource: hooksFile, project: null };
  }
  const project = realOrResolved(loc.projectDir);
  const hooksFile = join(project, ".codex", "hooks.json");
  return { hooksFile, configFile, trustSource: hooksFile, project };
}

const isTable = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function codexProjectTrusted(config: Record<string, unknown>, project: string): boolean {
  const projects = config.projects;
  if (!isTable(projects)) return false;
  const entry = projects[project];
  return isTable(entry) && entry.trust_level === "trusted";
}

const TRUST_LABEL = "Codex config: hook trust";
const trustChange = (path: string, before: string | null, after: string | null): FileChange => ({
  ...configFileChange(path, TRUST_LABEL, before, after, true, 0o600),
  removeEmptyDir: false,
});

export const installer: HostInstaller = {
  scopes: ["user", "project"],
  // Codex has no local scope: its project hooks are always the shared .codex/hooks.json.
  scopeFor: (s) => (s === "local" ? "project" : s),
  where: (scope, loc) => (scope === "user" ? codexFiles("user", loc).hooksFile : ".codex/hooks.json"),
  binaries: ["codex"],
  binaryDirs: (home) => [join(home, ".local", "bin")],
  configDir: codexHome,

  planSetup(ctx): HostPlan {
    const files = codexFiles(ctx.scope, ctx);
    const hooksSt = readFileState(files.hooksFile);
    const cfgSt = readFileState(files.configFile);
    const desired = renderHooksTemplate("codex", { command: ctx.command, timeout: ctx.hostTimeout });
    const p = planCodexHooks({
      hooksFile: files.hooksFile,
      hooksText: hooksSt.text,
      configFile: files.configFile,
      configText: cfgSt.text,
      trustSource: files.trustSource,
      desired,
      writeTrust: ctx.writeTrust,
    });
    const plan: HostPlan = { changes: [], warnings: [...p.warnings], notes: [], file: files.hooksFile };
    if (p.hooks.changed)
      plan.changes.push(
        configFileChange(
          files.hooksFile,
          `Codex hooks (${ctx.scope})`,
          hooksSt.text,
          p.hooks.after,
          ctx.scope === "user",
        ),
      );
    if (p.config.changed) plan.changes.push(trustChange(files.configFile, cfgSt.text, p.config.after));
    if (files.project && !codexProjectTrusted(p.config.value, files.project))
      plan.warnings.push(
        `Codex loads ${files.hooksFile} only in a trusted project, and ${files.project} is not marked trusted in ${files.configFile}. Open the project in \`codex\` once and trust it, or use --scope user.`,
      );
    if (!ctx.writeTrust)
      plan.notes.push(
        "Codex skips hooks it does not trust: run `codex`, open /hooks and trust the staso hooks (or run setup again and confirm writing the trust entries).",
      );
    plan.events = Object.keys(desired);
    const keys = ctx.writeTrust ? p.hooks.stasoAfter.map((s) => codexTrustKey(files.trustSource, s.pos)) : [];
    plan.summary =
      keys.length > 0
        ? [`trust: Codex runs the hooks because ${files.configFile} trusts them (the entries /hooks → trust writes)`]
        : [];
    return plan;
  },

  planUninstall(ctx): HostPlan {
    const plan: HostPlan = { changes: [], warnings: [], notes: [] };
    // Both scopes' trust entries live in the one config.toml: each scope's edit goes on top of the last.
    let config: { path: string; before: string | null; after: string | null } | undefined;
    for (const scope of ctx.scopes) {
      if (scope === "local") continue;
      const files = codexFiles(scope, ctx);
      const hooksSt = readFileState(files.hooksFile);
      if (hooksSt.text === null) continue;
      const cfgText = config ? config.after : readFileState(files.configFile).text;
      const p = planCodexHooks({
        hooksFile: files.hooksFile,
        hooksText: hooksSt.text,
        configFile: files.configFile,
        configText: cfgText,
        trustSource: files.trustSource,
        desired: null,
        writeTrust: false,
      });
      if (p.hooks.changed)
        plan.changes.push(
          configFileChange(
            files.hooksFile,
            `Codex hooks (${scope})`,
            hooksSt.text,
            p.hooks.empty && !hooksSt.isSymlink ? null : p.hooks.after,
            scope === "user",
          ),
        );
      if (p.config.changed) {
        const emptied = p.config.after.trim() === "" && !readFileState(files.configFile).isSymlink;
        config = {
          path: files.configFile,
          before: config ? config.before : cfgText,
          after: emptied ? null : p.config.after,
        };
      }
    }
    if (config) plan.changes.push(trustChange(config.path, config.before, config.after));
    return plan;
  },

  doctor(ctx) {
    const checks: Check[] = [];
    const found: FoundHook[] = [];
    const user = codexFiles("user", ctx);
    let config: TomlTable = {};
    const cst = readFileState(user.configFile);
    if (cst.text !== null) {
      try {
        config = parseToml(user.configFile, cst.text);
      } catch (err) {
        checks.push({
          ...parseProblem(user.configFile, err),
          fix: `fix the syntax at the line named in ${user.configFile}`,
        });
      }
    }
    const state = readTrustState(config);
    const sources = new Map<Scope, string>();
    for (const scope of ["user", "project"] as const) {
      const files = codexFiles(scope, ctx);
      const r = readJsonConfig(files.hooksFile, false);
      if (r.problem) checks.push(r.problem);
      const here = foundHooks(scope, files.hooksFile, stasoHandlers(r.root), {
        pre: (e) => e === "PreToolUse",
        seconds: (h) => handlerSeconds(h, { fallback: 600 }),
      });
      found.push(...here);
      sources.set(scope, files.trustSource);
      if (here.length > 0 && r.root) {
        const extra = Object.keys(r.root).filter((k) => k !== "hooks" && k !== "description");
        if (extra.length > 0)
          checks.push({
            id: "hooks-file-keys",
            ok: false,
            message: `${files.hooksFile} has top-level keys Codex rejects (${extra.join(", ")}), so Codex ignores the whole file`,
            fix: `remove ${extra.join(", ")} from ${files.hooksFile}`,
          });
      }
      if (here.length > 0 && files.project && !codexProjectTrusted(config, files.project))
        checks.push({
          id: "project-trust",
          ok: false,
          message: `Codex loads ${files.hooksFile} only in a trusted project, and ${files.project} is not trusted in ${user.configFile}`,
          fix: "open the project in `codex` once and trust it, or use `staso setup --target codex --scope user`",
        });
    }
    if (inlineStasoHooks(config))
      checks.push({
        id: "inline-hooks",
        ok: false,
        message: `${user.configFile} also runs staso from an inline [[hooks.*]] table`,
        fix: `remove that table from ${user.configFile} (staso's hooks live in hooks.json)`,
      });
    for (const f of found) {
      const key = codexTrustKey(sources.get(f.scope)!, { event: f.event, group: f.group, handler: f.index });
      const want = codexTrustHash(f.event, f.matcher, f.handler);
      const entry = state.get(key);
      if (entry?.enabled === false)
        checks.push({
          id: "trust",
          ok: false,
          message: `the staso ${f.event} hook is turned off in Codex (enabled = false)`,
          fix: "run `codex`, open /hooks and turn it on",
        });
      else if (entry?.trusted_hash === want)
        checks.push({ id: "trust", ok: true, message: `Codex trusts the ${f.event} hook (${user.configFile})` });
      else
        checks.push({
          id: "trust",
          ok: false,
          message:
            entry?.trusted_hash === undefined
              ? `Codex does not trust the ${f.event} hook in ${f.file}, so it skips it without a word`
              : `the ${f.event} hook in ${f.file} changed since Codex trusted it, so Codex skips it`,
          fix: `staso setup --target codex --scope ${f.scope} (writes the trust entry), or run \`codex\`, open /hooks and trust it`,
        });
    }
    return {
      found,
      expected: expectedEvents("codex", (e) => (e === "PreToolUse" ? EVENT_PURPOSE.pre : EVENT_PURPOSE.post), checks),
      checks,
      // Codex runs hook commands with your login shell: `$SHELL -lc`.
      shell: (env) => {
        const sh = env.SHELL && existsSync(env.SHELL) ? env.SHELL : "/bin/sh";
        return { file: sh, args: (c) => ["-lc", c] };
      },
      classify: (stdout, exitCode) => classifyHookSpecific(stdout, exitCode, { strictKeys: true, agent: "Codex" }),
    };
  },
};
