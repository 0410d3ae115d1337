// An installer for agents that read Claude Code's hooks document, `{"hooks": {"<Event>": [{matcher,
// hooks: [handler…]}]}}`, from one settings file per scope (Claude Code, Gemini CLI, Factory droid, Qwen
// Code): staso's groups come from the agent's file in hooks-templates/, merged in without touching
// anything else, and taken out again exactly.
import { configFileChange } from "../../config-files/file-change.js";
import { readFileState } from "../../config-files/fs-write.js";
import { planHooksFile, type DesiredHooks, type HookHandler } from "../../config-files/hooks-file.js";
import { parseJsonDocument } from "../../config-files/json-edit.js";
import { renderHooksTemplate, type TemplateVars } from "../../config-files/templates.js";
import type {
  Check,
  DoctorContext,
  FoundHook,
  HostDoctor,
  HostInstaller,
  HostPlan,
  Locations,
  Scope,
  SetupContext,
} from "../types.js";
import {
  expectedEvents,
  foundHooks,
  handlerSeconds,
  isStasoHandler,
  readJsonConfig,
  stasoHandlers,
} from "./install.js";

export interface SettingsInstallerOptions {
  /** The agent, as people name it ("Claude Code"). */
  label: string;
  /** Its file in hooks-templates/. */
  template: string;
  scopes: Scope[];
  /** The settings file of one scope. */
  file(scope: Scope, loc: Locations): string;
  where(scope: Scope, loc: Locations): string;
  binaries: string[];
  binaryDirs(home: string): string[];
  configDir(env: NodeJS.ProcessEnv): string;
  /** The template's placeholders for one setup (command, timeout in the agent's unit, …). */
  vars(ctx: SetupContext): TemplateVars;
  /** Whether the agent reads a settings file with comments (else setup refuses one, naming the line). */
  allowComments: boolean;
  /** The unit of the handlers' `timeout`, and the agent's default when a handler gives none (seconds). */
  timeoutUnit: "s" | "ms";
  defaultTimeoutSeconds: number;
  /** The events that run before the tool. */
  preEvents: string[];
  /** What the user loses without each event. */
  purposes: Record<string, string>;
  /** Settings that keep the agent from running staso's hooks (disableAllHooks, …), as warnings for setup. */
  offSwitches?(root: Record<string, unknown>, file: string): string[];
  /** More findings for the doctor about one file, once staso's hooks were found in it. */
  doctorChecks?(o: { root: Record<string, unknown>; file: string; found: FoundHook[]; ctx: DoctorContext }): Check[];
  /** What a crash or timeout of the hook does when setup made it block, for setup's summary. */
  failure?(ctx: SetupContext): string | undefined;
  shell: HostDoctor["shell"];
  classify: HostDoctor["classify"];
}

const isStaso = (h: HookHandler) => isStasoHandler(h);

export function settingsInstaller(o: SettingsInstallerOptions): HostInstaller {
  const changeLabel = (scope: Scope) => `${o.label} settings (${scope})`;
  const scopeFor = (s: Scope): Scope => (o.scopes.includes(s) ? s : s === "local" ? "project" : "user");

  const planFile = (file: string, text: string | null, desired: DesiredHooks | null) => {
    const plan = planHooksFile({ file, text, desired, isStaso, allowComments: o.allowComments });
    const warnings: string[] = [];
    if (desired && text !== null && o.offSwitches) {
      const value = parseJsonDocument(file, text, { allowComments: o.allowComments }).value;
      if (value && typeof value === "object" && !Array.isArray(value))
        warnings.push(...o.offSwitches(value as Record<string, unknown>, file));
    }
    return { ...plan, warnings };
  };

  return {
    scopes: o.scopes,
    scopeFor,
    where: o.where,
    binaries: o.binaries,
    binaryDirs: o.binaryDirs,
    configDir: o.configDir,

    planSetup(ctx): HostPlan {
      const file = o.file(ctx.scope, ctx);
      const st = readFileState(file);
      const desired = renderHooksTemplate(o.template, o.vars(ctx));
      const p = planFile(file, st.text, desired);
      return {
        changes: p.changed
          ? [configFileChange(file, changeLabel(ctx.scope), st.text, p.after, ctx.scope === "user")]
          : [],
        warnings: p.warnings,
        notes: [],
        file,
        events: Object.keys(desired),
        failure: o.failure?.(ctx),
      };
    },

    planUninstall(ctx): HostPlan {
      const plan: HostPlan = { changes: [], warnings: [], notes: [] };
      for (const scope of ctx.scopes) {
        if (!o.scopes.includes(scope)) continue;
        const file = o.file(scope, ctx);
        const st = readFileState(file);
        if (st.text === null) continue;
        const p = planFile(file, st.text, null);
        if (!p.changed) continue;
        plan.changes.push(
          configFileChange(
            file,
            changeLabel(scope),
            st.text,
            p.empty && !st.isSymlink ? null : p.after,
            scope === "user",
          ),
        );
      }
      return plan;
    },

    doctor(ctx): HostDoctor {
      const checks: Check[] = [];
      const found: FoundHook[] = [];
      for (const scope of o.scopes) {
        const file = o.file(scope, ctx);
        const r = readJsonConfig(file, o.allowComments);
        if (r.problem) checks.push(r.problem);
        if (!r.root) continue;
        const here = foundHooks(scope, file, stasoHandlers(r.root), {
          pre: (e) => o.preEvents.includes(e),
          seconds: (h) => handlerSeconds(h, { unit: o.timeoutUnit, fallback: o.defaultTimeoutSeconds }),
        });
        found.push(...here);
        for (const w of o.offSwitches?.(r.root, file) ?? [])
          checks.push({ id: "hooks-disabled", ok: false, message: w, fix: `edit ${file}` });
        if (here.length > 0) checks.push(...(o.doctorChecks?.({ root: r.root, file, found: here, ctx }) ?? []));
      }
      return {
        found,
        expected: expectedEvents(o.template, (event) => o.purposes[event] ?? "", checks),
        checks,
        shell: o.shell,
        classify: o.classify,
      };
    },
  };
}
