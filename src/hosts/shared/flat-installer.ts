// An installer for agents whose hooks file lists handlers directly under each event,
// `{"version": 1, "hooks": {"<event>": [handler…]}}` (GitHub Copilot CLI, Cursor): staso's handler per
// event comes from the agent's file in hooks-templates/, merged in and taken out again exactly.
import { configFileChange } from "../../config-files/file-change.js";
import { planFlatHooksFile } from "../../config-files/flat-hooks-file.js";
import { readFileState } from "../../config-files/fs-write.js";
import { renderFlatHooksTemplate, type TemplateVars } from "../../config-files/templates.js";
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

export interface FlatInstallerOptions {
  label: string;
  template: string;
  scopes: Scope[];
  file(scope: Scope, loc: Locations): string;
  where(scope: Scope, loc: Locations): string;
  binaries: string[];
  binaryDirs(home: string): string[];
  configDir(env: NodeJS.ProcessEnv): string;
  vars(ctx: SetupContext): TemplateVars;
  /** The handler key that holds the command line ("bash" for Copilot CLI, "command" for Cursor). */
  commandKey: string;
  allowComments: boolean;
  timeoutUnit: "s" | "ms";
  defaultTimeoutSeconds: number;
  preEvents: string[];
  purposes: Record<string, string>;
  /** Warnings for setup in one scope (a trust the agent needs, a switch that turns hooks off). */
  setupWarnings?(ctx: SetupContext, file: string): string[];
  /** More findings for the doctor (settings that turn hooks off, …). */
  doctorChecks?(o: { found: FoundHook[]; ctx: DoctorContext }): Check[];
  failure?(ctx: SetupContext): string | undefined;
  shell: HostDoctor["shell"];
  classify: HostDoctor["classify"];
}

export function flatInstaller(o: FlatInstallerOptions): HostInstaller {
  const isStaso = (h: Record<string, unknown>) => isStasoHandler(h, o.commandKey);
  const changeLabel = (scope: Scope) => `${o.label} hooks (${scope})`;
  return {
    scopes: o.scopes,
    scopeFor: (s) => (o.scopes.includes(s) ? s : s === "local" ? "project" : "user"),
    where: o.where,
    binaries: o.binaries,
    binaryDirs: o.binaryDirs,
    configDir: o.configDir,

    planSetup(ctx): HostPlan {
      const file = o.file(ctx.scope, ctx);
      const st = readFileState(file);
      const { header, hooks } = renderFlatHooksTemplate(o.template, o.vars(ctx));
      const p = planFlatHooksFile({
        file,
        text: st.text,
        desired: hooks,
        isStaso,
        allowComments: o.allowComments,
        header,
      });
      return {
        changes: p.changed
          ? [
              configFileChange(
                file,
                changeLabel(ctx.scope),
                st.text,
                p.after,
                ctx.scope === "user",
                0o644,
                ctx.projectDir,
              ),
            ]
          : [],
        warnings: o.setupWarnings?.(ctx, file) ?? [],
        notes: [],
        file,
        events: Object.keys(hooks),
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
        // the template's header (version 1) is staso's too once nothing else is left
        const { header } = renderFlatHooksTemplate(o.template, {});
        const p = planFlatHooksFile({
          file,
          text: st.text,
          desired: null,
          isStaso,
          allowComments: o.allowComments,
          header,
        });
        if (!p.changed) continue;
        plan.changes.push(
          configFileChange(
            file,
            changeLabel(scope),
            st.text,
            p.empty && !st.isSymlink ? null : p.after,
            scope === "user",
            0o644,
            ctx.projectDir,
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
        found.push(
          ...foundHooks(scope, file, stasoHandlers(r.root, { flat: true, commandKey: o.commandKey }), {
            pre: (e) => o.preEvents.includes(e),
            seconds: (h) => handlerSeconds(h, { unit: o.timeoutUnit, fallback: o.defaultTimeoutSeconds }),
            commandKey: o.commandKey,
          }),
        );
      }
      checks.push(...(o.doctorChecks?.({ found, ctx }) ?? []));
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
