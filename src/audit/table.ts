// The audit trail as a readable table: one line per decision, the action in colour, the input the agent
// tried and, for anything but an allow, the reason staso gave.
import type { AuditRecord, RecordAction } from "./record.js";
import { padEnd, truncate, type Paint } from "../util/terminal.js";
import { forTerminal } from "../util/terminal-text.js";

export function actionColor(p: Paint, action: RecordAction | string): (s: string) => string {
  switch (action) {
    case "block":
      return (s) => p.bold(p.red(s));
    case "modify":
      return p.yellow;
    case "escalate":
      return p.magenta;
    case "audit":
      return p.cyan;
    default:
      return p.green;
  }
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** Local time, to the second. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

const oneLine = (s: string) =>
  s
    .replace(/\s*\n\s*/g, " ⏎ ")
    .replace(/\s+/g, " ")
    .trim();

/** What the agent tried, in a few words: the command, the file, the URL, or the input as JSON. */
export function inputSummary(input: unknown): string {
  if (typeof input === "string") return oneLine(input);
  if (!input || typeof input !== "object") return "";
  const i = input as Record<string, unknown>;
  for (const key of ["command", "cmd", "file_path", "path", "url", "pattern", "query", "prompt"]) {
    const v = i[key];
    if (typeof v === "string" && v) return oneLine(v);
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return oneLine(v.join(" "));
  }
  return oneLine(JSON.stringify(input));
}

const rulesOf = (r: AuditRecord) =>
  [
    ...(r.rules ?? []).map((v) => `${v.ruleId}${v.mode === "audit" ? " (audit)" : ""}`),
    // A judge that allowed left no rule verdict: it still looked, and a model was asked.
    ...(r.judges ?? [])
      .filter((j) => !(r.rules ?? []).some((v) => v.ruleId === j.ruleId))
      .map((j) => `${j.ruleId} (judge: ${j.verdict})`),
  ].join(", ");

export interface TableOptions {
  paint: Paint;
  /** Terminal width: lines are cut to it. Undefined: never cut (a pipe, a file). */
  width?: number;
  /** The agent's name for the AGENT column (the CLI gives the registry's short names); default the host id. */
  agentLabel?: (host: string) => string;
}

interface Row {
  time: string;
  agent: string;
  session: string;
  action: string;
  tool: string;
  rules: string;
  detail: string;
}

/** One row per record; every field comes from the trail, so every field is made safe to print. */
function rowOf(r: AuditRecord, label: (host: string) => string = (h) => h): Row {
  const what = inputSummary(r.input);
  const judged = r.judges?.find((j) => j.verdict === "allow");
  const why =
    r.action === "allow" ? (judged ? `${judged.ruleId}: ${judged.reason}` : "") : (r.reason ?? r.failure ?? "");
  // Every field from the record shown as it is (util/terminal-text.ts): an escape sequence, a bidi override
  // or a newline in what the agent sent cannot rewrite the row a human reads.
  return {
    time: forTerminal(localTime(r.time)),
    agent: forTerminal(label(String(r.host))),
    session: forTerminal((r.session ?? "-").slice(0, 8)),
    action: forTerminal(String(r.action)),
    tool: forTerminal(r.tool || "-"),
    rules: forTerminal(rulesOf(r) || "-"),
    detail: forTerminal([what, why ? `— ${oneLine(why)}` : ""].filter(Boolean).join(" ")),
  };
}

const HEADER: Row = {
  time: "TIME",
  agent: "AGENT",
  session: "SESSION",
  action: "ACTION",
  tool: "TOOL",
  rules: "RULES",
  detail: "INPUT — REASON",
};

/** Column widths from the rows (capped), so the table lines up and the detail gets what is left. */
function columnWidths(rows: Row[]): Record<keyof Row, number> {
  const w = { time: 0, agent: 0, session: 0, action: 0, tool: 0, rules: 0, detail: 0 };
  for (const row of [HEADER, ...rows]) {
    w.time = Math.max(w.time, row.time.length);
    w.agent = Math.max(w.agent, row.agent.length);
    w.session = Math.max(w.session, row.session.length);
    w.action = Math.max(w.action, row.action.length);
    w.tool = Math.min(24, Math.max(w.tool, row.tool.length));
    w.rules = Math.min(36, Math.max(w.rules, row.rules.length));
  }
  return w;
}

function renderRow(row: Row, w: Record<keyof Row, number>, opts: TableOptions, header = false): string {
  const p = opts.paint;
  const color = header ? p.dim : actionColor(p, row.action);
  const cells = [
    p.dim(padEnd(row.time, w.time)),
    padEnd(row.agent, w.agent),
    p.dim(padEnd(row.session, w.session)),
    color(padEnd(row.action, w.action)),
    padEnd(truncate(row.tool, w.tool), w.tool),
    padEnd(truncate(row.rules, w.rules), w.rules),
  ];
  const fixed = w.time + w.agent + w.session + w.action + w.tool + w.rules + 2 * cells.length;
  const room = opts.width === undefined ? Infinity : Math.max(10, opts.width - fixed);
  const detail = room === Infinity ? row.detail : truncate(row.detail, room);
  const line = [...cells, header ? p.dim(detail) : detail].join("  ");
  return line.trimEnd();
}

/** Header plus one line per record. */
export function formatTable(records: AuditRecord[], opts: TableOptions): string[] {
  const rows = records.map((r) => rowOf(r, opts.agentLabel));
  const w = columnWidths(rows);
  return [renderRow(HEADER, w, opts, true), ...rows.map((row) => renderRow(row, w, opts))];
}

/** One line for one record, with fixed widths (for --follow, where later rows cannot widen columns). */
export function formatFollowLine(r: AuditRecord, opts: TableOptions): string {
  const w = { time: 19, agent: 6, session: 8, action: 8, tool: 12, rules: 28, detail: 0 };
  return renderRow(rowOf(r, opts.agentLabel), w, opts);
}

export function followHeader(opts: TableOptions): string {
  const w = { time: 19, agent: 6, session: 8, action: 8, tool: 12, rules: 28, detail: 0 };
  return renderRow(HEADER, w, opts, true);
}
