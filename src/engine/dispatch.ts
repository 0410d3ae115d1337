// Which rules can apply to a call, decided before any runs. A rule's events and tool kinds, and what it
// declares it looks at (meta.looksAt: tools, programs, inline code, redirects, keywords), are each a
// necessary condition of its check firing; the index, built once per list of rules, turns them into one
// mask of the rules that can apply, computed once per call from what the call holds. A rule the mask
// leaves out never runs, and neither does the loop over the call's commands it would make. The engine
// still names no rule: the index is the rules' own metadata, and what a shell call runs comes from the
// pipeline (the shell analysis sits above the engine), asked once per call.
import type { ActiveRule, RuleMeta } from "./rule.js";
import type { ToolCall } from "./types.js";

/** What a shell call runs, as its analysis saw it (every command, wrappers and inline shells unwrapped). */
export interface ShellSubjects {
  /**
   * The programs' basenames, lower-case, the wrappers that reach them included ("" for a command with no
   * program, such as a bare redirection); undefined when the analysis cannot name every program for sure
   * (one in a variable, a glob, an analysis without confidence): every program then matches.
   */
  programs?: ReadonlySet<string>;
  /** The call holds inline interpreter code (python -c, a heredoc fed to node). */
  inlineCode: boolean;
  /** Some command redirects its input or output, or reads a heredoc or here-string. */
  redirects: boolean;
  /**
   * Per program (lower-case) whose subcommands the analysis reads: the subcommands its commands run, or
   * null when one of them has a subcommand it cannot tell. A program absent here has unknown subcommands.
   */
  subcommands?: ReadonlyMap<string, ReadonlySet<string> | null>;
}

/** The call's shell subjects; undefined when they are not known (every rule that declares them then runs). */
export type ShellSubjectsOf = (call: ToolCall) => ShellSubjects | undefined;

/** One rule's declared subjects, compiled: each present part must match for the rule to run. */
interface Gate {
  tools?: Names;
  /**
   * Shell calls only: the call runs one of these programs (for a program with subcommands listed, one of
   * them), or holds inline code / a redirect when set.
   */
  shell?: { programs: Names; subcommands?: Map<string, Set<string>>; inlineCode: boolean; redirects: boolean };
  /** The texts one of which the call's text holds, as one case-insensitive search. */
  keywords?: RegExp;
  /** Calls that carry files: one of their paths matches (else the rule never runs, nor its keyword search). */
  files?: RegExp;
}

/** Names, exact or as prefixes (a trailing *). */
interface Names {
  exact: Set<string>;
  prefixes: string[];
}

function names(list: readonly string[], lower: boolean): Names {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const raw of list) {
    const n = lower ? raw.toLowerCase() : raw;
    if (n.endsWith("*")) prefixes.push(n.slice(0, -1));
    else exact.add(n);
  }
  return { exact, prefixes };
}

const matches = (n: Names, name: string): boolean => n.exact.has(name) || n.prefixes.some((p) => name.startsWith(p));

const gates = new WeakMap<RuleMeta, Gate | null>();

/** The rule's gate, compiled once per rule (null when it declares nothing the engine dispatches on). */
function gateOf(meta: RuleMeta): Gate | null {
  let g = gates.get(meta);
  if (g !== undefined) return g;
  const at = meta.looksAt;
  g = null;
  if (at) {
    const gate: Gate = {};
    if (at.tools) gate.tools = names(at.tools, false);
    if (at.programs || at.inlineCode || at.redirects)
      gate.shell = {
        programs: names(at.programs ?? [], true),
        ...(at.subcommands
          ? {
              subcommands: new Map(
                Object.entries(at.subcommands).map(([p, subs]) => [
                  p.toLowerCase(),
                  new Set(subs.map((x) => x.toLowerCase())),
                ]),
              ),
            }
          : {}),
        inlineCode: at.inlineCode === true,
        redirects: at.redirects === true,
      };
    if (at.keywords?.length)
      gate.keywords = new RegExp(at.keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "i");
    if (at.files) gate.files = at.files;
    if (gate.tools || gate.shell || gate.keywords || gate.files) g = gate;
  }
  gates.set(meta, g);
  return g;
}

/** Every string of a value (keys included), joined: the text a keyword is looked for in. */
function textOf(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) textOf(v, out);
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      textOf(v, out);
    }
}

/**
 * The call's texts: its input's strings, the shell command it runs (an MCP view's own), its URLs, what it
 * writes, and after the tool ran its output and error. Searched part by part, never joined or lower-cased
 * into a copy: a 1 MiB Write would otherwise cost two more megabytes of memory on every call (measured).
 */
function callParts(call: ToolCall): string[] {
  const parts: string[] = [];
  textOf(call.input, parts);
  if (call.shell) parts.push(call.shell.command);
  parts.push(...call.urls);
  for (const f of call.files) {
    parts.push(f.path);
    if (f.content !== undefined) parts.push(f.content);
    if (f.added !== undefined) parts.push(f.added);
  }
  for (const r of call.reads) parts.push(r.path, r.pattern ?? "");
  if (call.event !== "pre") {
    textOf(call.output, parts);
    if (call.outputText !== undefined) parts.push(call.outputText);
    if (call.error !== undefined) parts.push(call.error);
  }
  return parts;
}

/** The rules of one list, indexed by what they can apply to. */
export class Dispatch {
  private readonly gates: (Gate | null)[];
  /** Per "event/kind": which rules' events and kinds admit such a call. */
  private readonly byEventKind = new Map<string, Uint8Array>();
  private readonly masks = new WeakMap<ToolCall, Uint8Array>();

  constructor(
    private readonly rules: readonly ActiveRule[],
    readonly subjectsOf: ShellSubjectsOf | undefined,
  ) {
    this.gates = rules.map((r) => gateOf(r.rule.meta));
  }

  /** Whether the rule at `i` of the list can apply to the call (its events, kinds and declared subjects). */
  applies(i: number, call: ToolCall): boolean {
    return this.maskOf(call)[i] === 1;
  }

  /** Whether the rule at `i` runs on the call by its events and kinds alone (what the engine did before the index). */
  appliesByKind(i: number, call: ToolCall): boolean {
    return this.kindMask(call)[i] === 1;
  }

  /**
   * Whether the rule at `i` can apply to an MCP call's view (a command it runs, a file it reads): its
   * kinds and shell subjects, not its tools or keywords, which name the MCP tool and its arguments.
   */
  appliesToView(i: number, view: ToolCall): boolean {
    if (!this.appliesByKind(i, view)) return false;
    const gate = this.gates[i];
    if (!gate?.shell || view.kind !== "shell") return true;
    const s = this.subjectsOf?.(view);
    return !s || shellAdmits(gate.shell, s);
  }

  private kindMask(call: ToolCall): Uint8Array {
    const key = `${call.event}/${call.kind}`;
    let m = this.byEventKind.get(key);
    if (!m) {
      m = new Uint8Array(this.rules.length);
      this.rules.forEach((active, i) => {
        const meta = active.rule.meta;
        if ((meta.events ?? ["pre"]).includes(call.event) && (!meta.kinds || meta.kinds.includes(call.kind))) m![i] = 1;
      });
      this.byEventKind.set(key, m);
    }
    return m;
  }

  private maskOf(call: ToolCall): Uint8Array {
    let m = this.masks.get(call);
    if (m) return m;
    const base = this.kindMask(call);
    m = new Uint8Array(base);
    // Asked once per call, and only when a rule that could apply declares what it looks at.
    let shell: ShellSubjects | undefined | null = null;
    let parts: string[] | undefined;
    for (let i = 0; i < m.length; i++) {
      if (m[i] === 0) continue;
      const gate = this.gates[i];
      if (!gate) continue;
      if (gate.tools && !matches(gate.tools, call.tool)) {
        m[i] = 0;
        continue;
      }
      if (gate.shell && call.kind === "shell") {
        if (shell === null) shell = this.subjectsOf?.(call);
        if (shell && !shellAdmits(gate.shell, shell)) {
          m[i] = 0;
          continue;
        }
      }
      if (
        gate.files &&
        call.kind !== "shell" &&
        call.files.length > 0 &&
        !call.files.some((f) => gate.files!.test(f.path))
      ) {
        m[i] = 0;
        continue;
      }
      if (gate.keywords) {
        parts ??= callParts(call);
        const re = gate.keywords;
        if (!parts.some((p) => re.test(p))) m[i] = 0;
      }
    }
    this.masks.set(call, m);
    return m;
  }
}

function shellAdmits(gate: NonNullable<Gate["shell"]>, s: ShellSubjects): boolean {
  // A program the analysis could not name may be any program.
  if (!s.programs) return true;
  if (gate.inlineCode && s.inlineCode) return true;
  if (gate.redirects && s.redirects) return true;
  for (const p of s.programs) {
    if (!matches(gate.programs, p)) continue;
    const wanted = gate.subcommands?.get(p);
    if (!wanted) return true;
    // The program runs, but is it one of the subcommands the rule reads? Unknown ones may be.
    const runs = s.subcommands?.get(p);
    if (!runs) return true;
    for (const sub of runs) if (wanted.has(sub)) return true;
  }
  return false;
}

const built = new WeakMap<readonly ActiveRule[], Dispatch>();

/** The index of a list of rules, built once per list (the policy's rules in force) and kept with it. */
export function dispatchOf(rules: readonly ActiveRule[], subjectsOf: ShellSubjectsOf | undefined): Dispatch {
  const kept = built.get(rules);
  if (kept && kept.subjectsOf === subjectsOf) return kept;
  const d = new Dispatch(rules, subjectsOf);
  built.set(rules, d);
  return d;
}

/**
 * For the tests that prove every declaration a necessary condition. "on": the dispatch. "off": every rule
 * runs on every call of its events and kinds, as before the index. "shadow": every rule runs too, but one
 * the index would have kept from the call has its finding dropped, so the decisions are the dispatched
 * ones. In "off" and "shadow", `skipped` hears of each rule that found something (or failed) on a call the
 * index would have kept it from: none ever does, so the dispatched decisions are those of every rule.
 */
export const dispatchProbe: {
  mode: "on" | "off" | "shadow";
  skipped?: (ruleId: string, call: ToolCall) => void;
} = { mode: "on" };
