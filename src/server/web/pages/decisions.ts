// Decisions: every guard decision the machines reported, newest first, filtered by action, rule, tool,
// agent, machine, project and time; and one decision in full, with its rule trace.
import type { ApiKey } from "../../store/keys.js";
import type { DecisionFilter, ListedDecision } from "../../store/decisions.js";
import { ago, isoMinute, ms, prettyJson } from "../format.js";
import { html, type Html, query } from "../html.js";

export interface DecisionQuery {
  action?: string;
  rule?: string;
  tool?: string;
  agent?: string;
  machine?: string;
  project?: string;
  escalation?: string;
  since?: string;
  until?: string;
  before?: string;
}

const ACTIONS = ["block", "escalate", "modify", "audit", "allow"];
const SINCE = [
  ["", "any time"],
  ["1h", "last hour"],
  ["24h", "last 24 hours"],
  ["7d", "last 7 days"],
  ["30d", "last 30 days"],
] as const;

/** "24h", "7d", or a date/time the browser's datetime-local field sent. */
function parseWhen(v: string | undefined, now: number): Date | undefined {
  if (!v) return undefined;
  const m = /^(\d{1,4})([hd])$/.exec(v);
  if (m) return new Date(now - Number(m[1]) * (m[2] === "h" ? 3600_000 : 86400_000));
  const t = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
  return Number.isFinite(t) ? new Date(t) : undefined;
}

export function filterOf(q: DecisionQuery, now: number): DecisionFilter {
  const machine = q.machine && /^\d{1,9}$/.test(q.machine) ? Number(q.machine) : undefined;
  const since = parseWhen(q.since, now);
  const until = parseWhen(q.until, now);
  return {
    ...(q.action && ACTIONS.includes(q.action) ? { action: q.action } : {}),
    ...(q.rule ? { rule: q.rule.slice(0, 200) } : {}),
    ...(q.tool ? { tool: q.tool.slice(0, 300) } : {}),
    ...(q.agent ? { agent: q.agent.slice(0, 100) } : {}),
    ...(machine !== undefined ? { machine } : {}),
    ...(q.project ? { project: q.project.slice(0, 1000) } : {}),
    ...(q.escalation && /^esc_[0-9a-f]{12}$/.test(q.escalation) ? { escalation: q.escalation } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
}

function summaryOf(d: ListedDecision): string {
  const raw = d.record.input;
  if (!raw) return "";
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    const s =
      typeof v.command === "string"
        ? v.command
        : typeof v.file_path === "string"
          ? v.file_path
          : typeof v.url === "string"
            ? v.url
            : raw;
    return s.length > 100 ? `${s.slice(0, 99)}…` : s;
  } catch {
    return raw.slice(0, 100);
  }
}

const select = (
  name: string,
  label: string,
  value: string | undefined,
  options: readonly (readonly [string, string])[],
) =>
  html`<label>${label} <select name="${name}">${options.map(
    ([v, l]) => html`<option value="${v}"${v === (value ?? "") ? html` selected` : ""}>${l}</option>`,
  )}</select></label>`;

export function decisionsPage(
  rows: ListedDecision[],
  q: DecisionQuery,
  choices: { tools: string[]; agents: string[]; rules: string[]; projects: string[]; machines: ApiKey[] },
  now: number,
  pageSize: number,
): Html {
  const last = rows[rows.length - 1];
  const { before: _b, ...keep } = q;
  return html`<h1>Decisions</h1>
<form class="filters" method="get" action="/decisions" role="search" aria-label="Filter decisions">
  ${select("action", "Action", q.action, [["", "any"], ...ACTIONS.map((a) => [a, a] as const)])}
  <label>Rule <input name="rule" list="rules" value="${q.rule ?? ""}" placeholder="git or git/force-push"></label>
  <datalist id="rules">${choices.rules.map((r) => html`<option value="${r}">`)}</datalist>
  ${select("tool", "Tool", q.tool, [["", "any"], ...choices.tools.map((t) => [t, t] as const)])}
  ${select("agent", "Agent", q.agent, [["", "any"], ...choices.agents.map((t) => [t, t] as const)])}
  ${select("machine", "Machine", q.machine, [["", "any"], ...choices.machines.map((k) => [String(k.id), k.name] as const)])}
  <label>Project <input name="project" list="projects" value="${q.project ?? ""}"></label>
  <datalist id="projects">${choices.projects.map((r) => html`<option value="${r}">`)}</datalist>
  ${select("since", "Since", SINCE.some(([v]) => v === (q.since ?? "")) ? q.since : "", SINCE)}
  <label>Until <input name="until" type="datetime-local" value="${q.until ?? ""}"></label>
  ${q.escalation ? html`<input type="hidden" name="escalation" value="${q.escalation}">` : ""}
  <button type="submit">Filter</button> <a href="/decisions">Clear</a>
</form>
${
  rows.length
    ? html`<table><thead><tr><th>When</th><th>Action</th><th>Tool</th><th>Call</th><th>Rule</th><th>Agent</th><th>Machine</th><th>Project</th><th>Latency</th></tr></thead><tbody>
${rows.map(
  (d) => html`<tr><td><a href="/decisions/${d.id}" title="${isoMinute(d.time)} UTC">${ago(d.time, now)}</a></td>
<td><span class="badge a-${d.action}">${d.event === "escalation" ? `${d.action} (human)` : d.action}</span>${
    d.escalationStatus ? html` <span class="muted">${d.escalationStatus}</span>` : ""
  }</td><td>${d.tool}</td><td class="mono">${summaryOf(d)}</td><td class="mono">${d.ruleId ?? ""}</td><td>${d.host}</td>
<td>${d.machine ?? ""}</td><td class="mono">${d.project ?? ""}</td><td>${d.event === "escalation" ? "" : ms(d.latencyMs)}</td></tr>`,
)}</tbody></table>
${rows.length >= pageSize && last ? html`<p><a href="/decisions${query({ ...keep, before: last.id })}">Older decisions</a></p>` : ""}`
    : html`<p class="muted">No decision matches.</p>`
}`;
}

export function decisionPage(d: ListedDecision, now: number): Html {
  const r = d.record;
  return html`<h1>${d.event === "escalation" ? "A human's answer" : "Decision"}: <span class="badge a-${d.action}">${d.action}</span> ${d.tool}</h1>
<dl class="kv">
  <dt>When</dt><dd>${isoMinute(d.time)} UTC (${ago(d.time, now)})</dd>
  <dt>Span</dt><dd class="mono">${r.span}</dd>
  <dt>Reason</dt><dd>${d.reason ?? "–"}</dd>
  <dt>Deciding rule</dt><dd class="mono">${d.ruleId ?? "–"}</dd>
  <dt>Agent</dt><dd>${d.host} · event ${d.event}${d.session ? html` · <span class="mono">session ${d.session}</span>` : ""}</dd>
  <dt>Machine</dt><dd>${d.machine ?? "–"}${r.hostName ? html` <span class="muted">(${r.hostName}, staso ${r.stasoVersion ?? "?"})</span>` : ""}</dd>
  <dt>Project</dt><dd class="mono">${d.project ?? "–"}${r.cwd && r.cwd !== d.project ? html` (cwd ${r.cwd})` : ""}</dd>
  <dt>Latency</dt><dd>${ms(d.latencyMs)}</dd>
  ${
    d.escalationId
      ? html`<dt>Escalation</dt><dd><a class="mono" href="/escalations/${d.escalationId}">${d.escalationId}</a> ${r.escalation?.mode ?? ""} ${
          r.escalation?.status ?? ""
        }${r.escalation?.resolvedBy ? html` by ${r.escalation.resolvedBy}` : ""}</dd>`
      : ""
  }
  ${r.failure ? html`<dt>Failure</dt><dd class="error">${r.failure}</dd>` : ""}
</dl>
<h2>Rule trace</h2>
${
  r.rules.length
    ? html`<table><thead><tr><th>Rule</th><th>Verdict</th><th>Mode</th><th>Reason</th><th>Time</th></tr></thead><tbody>
${r.rules.map((v) => html`<tr><td class="mono">${v.ruleId}</td><td><span class="badge a-${v.action}">${v.action}</span></td><td>${v.mode}</td><td>${v.reason}</td><td>${ms(v.ms)}</td></tr>`)}
</tbody></table>`
    : html`<p class="muted">No rule fired: every rule let the call through.</p>`
}
<h2>Input (secrets masked)</h2><pre>${prettyJson(r.input)}</pre>
${r.modifiedInput ? html`<h2>Rewritten input</h2><pre>${prettyJson(r.modifiedInput)}</pre>` : ""}
<p><a href="/decisions">All decisions</a></p>`;
}
