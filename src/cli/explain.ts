// `staso explain "<command>"`: what staso sees in a shell command and what each rule says about it —
// the parse, the commands wrappers and interpreters run, every verdict and its reason, the decision.
// The same analyser and rules as the hook, under the user's policy.
import { claudeCode } from "../hosts/claude-code/index.js";
import type { ToolCall } from "../engine/types.js";
import { projectOf, shellOf, type SimpleCommand } from "../analysis/shell/index.js";
import { loadRuleSet, type RuleSet } from "../policy/active-rules.js";
import { defaultPolicy, resolvePolicy, type Policy } from "../policy/load.js";
import { simulate, type SimulationResult } from "../pipeline/simulate.js";
import { stasoPaths } from "../paths.js";
import { builtinRules } from "../rules/index.js";
import { judgeLines } from "./judge-lines.js";
import { print, printLines } from "./output.js";
import { jsonForTerminal } from "../util/terminal-text.js";

interface RuleReport {
  id: string;
  mode: string;
  fired: boolean;
  action?: string;
  reason?: string;
  unsure?: boolean;
  error?: string;
}

function callFor(command: string, cwd: string): ToolCall {
  const call = claudeCode.parse({
    session_id: "explain",
    transcript_path: null,
    cwd,
    permission_mode: "default",
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command },
    tool_use_id: "explain",
  });
  if (!call) throw new Error("the command could not be turned into a tool call");
  return call;
}

function commandView(c: SimpleCommand) {
  return {
    argv: c.argv,
    program: c.program,
    context: c.context,
    wrappers: c.wrappers,
    cwd: c.cwd ?? null,
    ...(c.stdin
      ? { stdin: { kind: c.stdin.kind, ...(c.stdin.text !== undefined ? { text: c.stdin.text } : {}) } }
      : {}),
    unresolvedWords: c.wordInfo.flatMap((w, i) => (w.dynamic ? [i] : [])),
    ...(c.redirects.length
      ? {
          redirects: c.redirects.map(
            (r) => `${r.fd ?? ""}${r.op} ${r.op.startsWith("<<") && r.op !== "<<<" ? r.target : r.target}`,
          ),
        }
      : {}),
    ...(c.background ? { background: true } : {}),
    ...(c.inFunction ? { inFunction: c.inFunction } : {}),
    ...(c.remote ? { remote: true } : {}),
  };
}

/** The rules that looked at the call, from the one evaluation's trace (each rule, judges included, checked once). */
function reportsOf(trace: SimulationResult["trace"]): RuleReport[] {
  const out: RuleReport[] = [];
  for (const t of trace) {
    if (t.status === "skipped" || t.status === "off") continue;
    if (t.status === "failed") out.push({ id: t.id, mode: t.mode, fired: false, error: t.detail ?? "failed" });
    else if (t.status === "fired" || t.status === "unsure")
      out.push({
        id: t.id,
        mode: t.mode,
        fired: true,
        action: t.status === "unsure" ? "fail mode" : t.action,
        reason: t.detail ?? "",
        ...(t.status === "unsure" ? { unsure: true } : {}),
      });
    else out.push({ id: t.id, mode: t.mode, fired: false });
  }
  return out;
}

const quoteWord = (w: string) => (w === "" ? "''" : /^[\w@%+=:,./~*?[\]{}-]+$/.test(w) ? w : jsonForTerminal(w));
const clip = (s: string, n = 100) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export async function explainCommand(command: string, opts: { json?: boolean; cwd?: string }): Promise<void> {
  const cwd = opts.cwd ?? process.cwd();
  const call = callFor(command, cwd);
  // The policy the hook would use for a call made in `cwd` (user config, environment, project config).
  let policy: Policy;
  let policyNote: string | undefined;
  try {
    policy = await resolvePolicy({ cwd, fresh: true });
  } catch (err) {
    policyNote = `The policy could not be loaded (${(err as Error).message}); showing the built-in defaults.`;
    policy = defaultPolicy();
  }
  let set: RuleSet;
  try {
    set = await loadRuleSet(policy, builtinRules, { dataDir: stasoPaths().dataDir, judges: { cache: false } });
  } catch (err) {
    policyNote = `${policyNote ? `${policyNote} ` : ""}The configured rules could not be loaded (${(err as Error).message}); showing the built-in rules.`;
    policy = defaultPolicy();
    set = await loadRuleSet(policy, builtinRules);
  }
  const analysis = shellOf(call)!;
  let simulated: SimulationResult;
  try {
    simulated = await simulate(call, claudeCode, policy, set);
  } finally {
    await set.close();
  }
  const { decision, trace } = simulated;
  const reports = reportsOf(trace);
  const project = projectOf(call);

  if (opts.json) {
    print(
      `${jsonForTerminal({
        command,
        cwd,
        project,
        ...(policyNote ? { policyNote } : {}),
        analysis: {
          confident: analysis.confident,
          problems: analysis.problems,
          commands: analysis.commands.map(commandView),
          inlineCode: analysis.inlineCode.map((c) => ({ language: c.language, code: c.code, via: c.command.program })),
        },
        rules: reports,
        decision: {
          action: decision.action,
          reason: decision.reason,
          ...(decision.ruleId ? { ruleId: decision.ruleId } : {}),
          ...(decision.modifiedInput ? { modifiedInput: decision.modifiedInput } : {}),
          ...(decision.failure ? { failure: decision.failure } : {}),
        },
        ...(decision.judges ? { judges: decision.judges } : {}),
      })}\n`,
    );
    return;
  }

  const lines: string[] = [];
  lines.push(`Command   ${clip(command.replace(/\n/g, "⏎"), 200)}`);
  lines.push(`Runs in   ${cwd}${project !== cwd ? ` (project ${project})` : ""}`);
  if (policyNote) lines.push(`Note      ${policyNote}`);
  lines.push(
    analysis.confident
      ? "Parse     understood"
      : `Parse     NOT understood with confidence: ${analysis.problems.join(" ")}`,
  );
  lines.push("");
  lines.push(`What would run (${analysis.commands.length} command${analysis.commands.length === 1 ? "" : "s"}):`);
  analysis.commands.forEach((c, i) => {
    const words = c.argv.map((w, k) => quoteWord(w) + (c.wordInfo[k]?.dynamic ? "?" : "")).join(" ");
    lines.push(`  ${String(i + 1).padStart(2)}. ${clip(words || "(redirections only)", 120)}`);
    const notes: string[] = [];
    if (c.wrappers.length) notes.push(`via ${c.wrappers.join(" → ")}`);
    if (c.context !== "top" && c.context !== "wrapped") notes.push(c.context);
    if (c.cwd && c.cwd !== cwd) notes.push(`in ${c.cwd}`);
    if (c.cwd === undefined) notes.push("in an unknown directory");
    if (c.stdin)
      notes.push(
        `stdin: ${c.stdin.kind}${c.stdin.text !== undefined && c.stdin.kind !== "file" ? ` ${jsonForTerminal(clip(c.stdin.text, 60))}` : c.stdin.kind === "file" ? ` ${c.stdin.text}` : ""}`,
      );
    if (c.redirects.some((r) => !r.op.startsWith("<")))
      notes.push(
        `writes: ${c.redirects
          .filter((r) => !r.op.startsWith("<"))
          .map((r) => `${r.fd ?? ""}${r.op}${r.target}`)
          .join(" ")}`,
      );
    if (c.background) notes.push("in the background");
    if (c.remote) notes.push("on a remote host");
    if (notes.length) lines.push(`      ${notes.join("; ")}`);
  });
  if (analysis.commands.some((c) => c.wordInfo.some((w) => w.dynamic)))
    lines.push("  (a word marked ? holds a variable or substitution staso could not resolve)");
  for (const code of analysis.inlineCode)
    lines.push(
      `  inline ${code.language} code run by ${code.command.program}: ${jsonForTerminal(clip(code.code, 80))}`,
    );
  lines.push("");
  const fired = reports.filter((r) => r.fired || r.error);
  lines.push(`Rules (${reports.length} looked at shell commands; ${fired.length} had something to say):`);
  for (const r of fired) {
    const label = r.error ? "ERROR" : (r.action ?? "").toUpperCase();
    lines.push(`  ${label.padEnd(9)} ${r.id}${r.mode === "audit" ? " (audit only)" : ""}`);
    lines.push(`            ${r.error ?? r.reason}`);
  }
  if (decision.judges?.length) {
    lines.push("");
    lines.push("Judges (asked a model):");
    for (const j of decision.judges) lines.push(...judgeLines(j).map((l) => `  ${l}`));
  }
  lines.push("");
  lines.push(`Decision  ${decision.action.toUpperCase()}${decision.reason ? ` — ${decision.reason}` : ""}`);
  if (decision.modifiedInput)
    lines.push(`Runs as   ${jsonForTerminal(decision.modifiedInput.command ?? decision.modifiedInput)}`);
  printLines(lines);
}
