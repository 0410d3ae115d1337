// `staso explain "<command>"`: what staso sees in a shell command and what each rule says about it —
// the parse, the commands wrappers and interpreters run, every verdict and its reason, the decision.
// The same analyser and rules as the hook, under the user's policy.
import { claudeCode } from "../hosts/claude-code/index.js";
import { evaluate } from "../engine/evaluate.js";
import type { ActiveRule } from "../engine/rule.js";
import type { Decision, ToolCall } from "../engine/types.js";
import { projectOf, shellOf, type SimpleCommand } from "../analysis/shell/index.js";
import { activeRules, loadRuleSet } from "../policy/active-rules.js";
import { defaultPolicy, resolvePolicy, type Policy } from "../policy/load.js";
import { builtinRules } from "../rules/index.js";
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

async function reportRules(call: ToolCall, rules: ActiveRule[]): Promise<RuleReport[]> {
  const out: RuleReport[] = [];
  for (const active of rules) {
    const meta = active.rule.meta;
    if (!(meta.events ?? ["pre"]).includes(call.event) || (meta.kinds && !meta.kinds.includes(call.kind))) continue;
    try {
      const f = await active.rule.check(call, { params: active.params });
      if (!f) out.push({ id: meta.id, mode: active.mode, fired: false });
      else
        out.push({
          id: meta.id,
          mode: active.mode,
          fired: true,
          action: f.unsure ? "fail mode" : (active.action ?? f.action ?? meta.defaultAction),
          reason: f.reason,
          ...(f.unsure ? { unsure: true } : {}),
        });
    } catch (err) {
      out.push({ id: meta.id, mode: active.mode, fired: false, error: (err as Error).message });
    }
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
  let rules: ActiveRule[];
  try {
    rules = activeRules(policy, await loadRuleSet(policy, builtinRules));
  } catch (err) {
    policyNote = `${policyNote ? `${policyNote} ` : ""}The configured rules could not be loaded (${(err as Error).message}); showing the built-in rules.`;
    rules = activeRules(defaultPolicy(), builtinRules);
  }
  const analysis = shellOf(call)!;
  const reports = await reportRules(call, rules);
  const decision: Decision = await evaluate(call, rules, {
    failMode: policy.failMode,
    withInput: claudeCode.withInput,
    deadlineMs: 10_000,
  });
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
  lines.push("");
  lines.push(`Decision  ${decision.action.toUpperCase()}${decision.reason ? ` — ${decision.reason}` : ""}`);
  if (decision.modifiedInput)
    lines.push(`Runs as   ${jsonForTerminal(decision.modifiedInput.command ?? decision.modifiedInput)}`);
  printLines(lines);
}
