// The cheap necessary conditions of each declarative rule, computed when the policy is compiled (and
// cached with it): its events and tool kinds, the fixed parts of its tool globs, the texts its input
// conditions need (a literal, or what every match of its regex contains), the programs its shell match
// names. The hook checks them against the call before building any rule, so a large config costs only
// the rules that could fire on that call — for most calls a few string tests per rule.
import type { HookEvent, ToolCall, ToolKind } from "../../engine/types.js";
import { shellOf } from "../../analysis/shell/index.js";
import { parseFieldPath, type CustomRuleConfig, type PathStep } from "../schema.js";
import { valuesAt } from "../../analysis/when/match.js";

export interface Prefilter {
  events: HookEvent[];
  kinds?: ToolKind[];
  /** The tool name must fit one of these: [prefix, suffix] (exact names have both the name and `exact`). */
  tools?: { p: string; s: string; exact?: true }[];
  /** Each: some string at the path contains the text (lower-cased when ci). */
  needles?: { path: PathStep[]; text: string; ci?: true }[];
  /** Some analysed command runs one of these programs. */
  programs?: string[];
}

const SPECIAL = /[*?[\]{}\\]/;

function fixedParts(glob: string): { p: string; s: string; exact?: true } {
  if (!SPECIAL.test(glob)) return { p: glob, s: glob, exact: true };
  const first = glob.search(SPECIAL);
  let last = glob.length;
  while (last > first && !SPECIAL.test(glob[last - 1]!)) last--;
  return { p: glob.slice(0, first), s: glob.slice(last) };
}

export function buildPrefilter(def: CustomRuleConfig, hints: Record<string, string>): Prefilter {
  const when = def.when;
  const pf: Prefilter = {
    events: when.event === undefined ? ["pre"] : Array.isArray(when.event) ? when.event : [when.event],
  };
  const tools = typeof when.tool === "string" ? [when.tool] : Array.isArray(when.tool) ? when.tool : undefined;
  if (when.kind !== undefined) pf.kinds = Array.isArray(when.kind) ? when.kind : [when.kind];
  else if (when.shell) pf.kinds = ["shell"];
  else if (tools?.every((t) => t.startsWith("mcp__"))) pf.kinds = ["mcp"];
  if (tools) pf.tools = tools.map(fixedParts);
  for (const [path, cond] of Object.entries(when.input ?? {})) {
    let text: string | undefined;
    let ci = false;
    if (typeof cond === "string") text = cond;
    else if (cond !== null && typeof cond === "object") {
      if (typeof cond.contains === "string") text = cond.contains;
      else if (typeof cond.startsWith === "string") text = cond.startsWith;
      else if (typeof cond.endsWith === "string") text = cond.endsWith;
      else if (typeof cond.equals === "string") text = cond.equals;
      else if (typeof cond.regex === "string") {
        text = hints[`${cond.flags ?? ""}/${cond.regex}`];
        ci = (cond.flags ?? "").includes("i");
      }
    }
    if (text) (pf.needles ??= []).push({ path: parseFieldPath(path), text, ...(ci ? { ci: true as const } : {}) });
  }
  const program = when.shell?.program;
  const names = typeof program === "string" ? [program] : Array.isArray(program) ? program : undefined;
  if (names?.every((n) => !SPECIAL.test(n))) pf.programs = names;
  return pf;
}

/** False when the rule cannot fire on the call. */
export function prefilterPasses(pf: Prefilter, call: ToolCall): boolean {
  if (!pf.events.includes(call.event)) return false;
  if (pf.kinds && !pf.kinds.includes(call.kind)) return false;
  if (pf.tools) {
    const t = call.tool;
    let ok = false;
    for (const f of pf.tools) {
      if (f.exact ? t === f.p : t.startsWith(f.p) && t.endsWith(f.s) && t.length >= f.p.length + f.s.length) {
        ok = true;
        break;
      }
    }
    if (!ok) return false;
  }
  if (pf.needles) {
    for (const n of pf.needles) {
      const values = valuesAt(call.input, n.path);
      if (!values.some((v) => typeof v === "string" && (n.ci ? v.toLowerCase() : v).includes(n.text))) return false;
    }
  }
  if (pf.programs) {
    const analysis = shellOf(call);
    if (!analysis?.commands.some((c) => pf.programs!.includes(c.program))) return false;
  }
  return true;
}
