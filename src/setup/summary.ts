// How a plan is shown before it is written: per agent what the hook is, then every file's diff.
import type { FileChange } from "./apply.js";
import { unifiedDiff } from "./diff.js";
import type { Plan } from "./plan.js";
import { hostById } from "../hosts/index.js";
import type { Paint } from "../util/terminal.js";

export function describeChange(c: FileChange, s: Paint): string {
  const what = c.after === null ? "delete" : c.before === null ? "new file" : "change";
  const head = `${s.bold(c.path)} ${s.dim(`(${c.label}: ${what})`)}`;
  if (c.sensitive) return `${head}\n  ${s.dim("(contents not shown: it holds a secret; mode 0600)")}\n`;
  if (c.after === null) return `${head}\n  ${s.dim("(it holds nothing but staso's entries)")}\n`;
  const diff = unifiedDiff(c.before ?? "", c.after);
  const body = diff
    .trimEnd()
    .split("\n")
    .map((l) => (l.startsWith("@@") ? s.cyan(l) : l.startsWith("+") ? s.green(l) : l.startsWith("-") ? s.red(l) : l))
    .map((l) => `  ${l}`)
    .join("\n");
  return `${head}\n${body}\n`;
}

/** "before (PreToolUse) and after (PostToolUse, PostToolUseFailure)": the subscribed events as the agent names them. */
function whenItRuns(events: string[]): string {
  const isBefore = (e: string) => /^(pre|before)/i.test(e);
  const before = events.filter(isBefore);
  const after = events.filter((e) => !isBefore(e));
  return [
    before.length > 0 ? `before (${before.join(", ")})` : "",
    after.length > 0 ? `after (${after.join(", ")})` : "",
  ]
    .filter(Boolean)
    .join(" and ");
}

export function describeSetupPlan(plan: Plan, s: Paint): string {
  const out: string[] = [];
  for (const t of plan.targets) {
    const label = hostById(t.target).label;
    out.push(`${s.bold(`${label} (${t.scope})`)}: ${t.file}${t.upToDate ? s.dim("  (already set up)") : ""}`);
    out.push(`  hook command: ${t.command}`);
    out.push(`  runs ${whenItRuns(t.events)} every tool call, MCP tools included`);
    out.push(
      `  ${label} waits ${t.hostTimeout} s for it; staso's own deadline is ${t.stasoTimeout} s${t.failure ? `; ${t.failure}` : ""}`,
    );
    for (const l of t.summary) out.push(`  ${l}`);
  }
  if (plan.changes.length > 0) {
    out.push("", s.bold("Changes:"));
    for (const c of plan.changes) out.push(describeChange(c, s));
  }
  for (const n of plan.notes) out.push(s.dim(`Note: ${n}`));
  for (const w of plan.warnings) out.push(s.yellow(`Warning: ${w}`));
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}
