// The agents' hook shapes live in hooks-templates/ (shipped with the package); this fills them in.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../util/package-root.js";
import type { DesiredHooks } from "./hooks-file.js";

export type TemplateVars = Record<string, string | number | boolean | undefined>;

/** Replaces every string that is exactly `${name}`; a key whose value is unset is left out. */
function renderTemplate(value: unknown, vars: TemplateVars): unknown {
  if (Array.isArray(value)) return value.map((v) => renderTemplate(v, vars));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = renderTemplate(v, vars);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  if (typeof value === "string") {
    const m = /^\$\{([A-Za-z0-9_]+)\}$/.exec(value);
    if (m) return vars[m[1]!];
  }
  return value;
}

function templatePath(name: string, ext = "json"): string {
  return join(packageRoot(), "hooks-templates", `${name}.${ext}`);
}

/**
 * A source template (hooks-templates/<name>.<ext>) filled in: every `"${name}"` (a string literal that is
 * exactly a placeholder) becomes the value's JSON. Every placeholder must be given.
 */
export function renderSourceTemplate(
  name: string,
  ext: string,
  vars: Record<string, string | number | boolean>,
): string {
  const file = templatePath(name, ext);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`the hook template ${file} cannot be read (${(err as Error).message}); reinstall staso`);
  }
  return text.replace(/"\$\{([A-Za-z0-9_]+)\}"/g, (whole, key: string) => {
    if (!(key in vars)) throw new Error(`the hook template ${file} has a placeholder ${whole} setup does not fill`);
    return JSON.stringify(vars[key]);
  });
}

/** A template filled in: its top-level keys besides "hooks", and per event the one entry staso owns. */
function renderTemplateFile(
  name: string,
  vars: TemplateVars,
): { header: Record<string, unknown>; hooks: Record<string, unknown> } {
  const file = templatePath(name);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`the hook template ${file} cannot be read (${(err as Error).message}); reinstall staso`);
  }
  const { hooks = {}, ...header } = renderTemplate(raw, vars) as { hooks?: Record<string, unknown[]> };
  const out: Record<string, unknown> = {};
  for (const [event, entries] of Object.entries(hooks)) {
    if (entries.length !== 1)
      throw new Error(
        `the hook template ${file} must hold exactly one entry per event (${event} has ${entries.length})`,
      );
    out[event] = entries[0];
  }
  return { header, hooks: out };
}

/** The groups staso owns, per event, for one agent whose hooks file nests handlers in matcher groups. */
export function renderHooksTemplate(name: string, vars: TemplateVars): DesiredHooks {
  return renderTemplateFile(name, vars).hooks as DesiredHooks;
}

/** The handler staso owns per event, and a new file's other top-level keys, for an agent with flat hook lists. */
export function renderFlatHooksTemplate(
  name: string,
  vars: TemplateVars,
): { header: Record<string, unknown>; hooks: Record<string, Record<string, unknown>> } {
  return renderTemplateFile(name, vars) as {
    header: Record<string, unknown>;
    hooks: Record<string, Record<string, unknown>>;
  };
}

/**
 * The hook events staso subscribes for one agent, in the template's order. The template is the one list:
 * setup writes these events, doctor expects them, uninstall takes staso out of whatever event it is in.
 */
export function subscribedEvents(name: string): string[] {
  return Object.keys(renderHooksTemplate(name, {}));
}
