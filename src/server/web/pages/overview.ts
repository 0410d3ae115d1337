// Overview: decisions per day by action, the rules that fire most, the sessions blocked most, and the
// hook's latency (p50/p95) per day: charts with their numbers beside them.
import type { Overview } from "../../store/decisions.js";
import { stackedBars, horizontalBars, lines } from "../charts.js";
import { ago, ms } from "../format.js";
import { html, type Html } from "../html.js";

const ACTIONS = ["allow", "audit", "modify", "escalate", "block"] as const;

function days(since: Date, now: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()); t <= now; t += 86400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export function overviewPage(o: Overview, since: Date, range: number, now: number): Html {
  const xs = days(since, now);
  const count = (day: string, action: string) => o.perDay.find((r) => r.day === day && r.action === action)?.n ?? 0;
  const byAction = Object.fromEntries(
    ACTIONS.map((a) => [a, o.perDay.filter((r) => r.action === a).reduce((s, r) => s + r.n, 0)]),
  );
  const lat = (day: string) => o.latencyPerDay.find((r) => r.day === day);
  return html`<h1>Overview</h1>
<form class="filters" method="get" action="/overview"><label>Range <select name="days">${[7, 14, 30, 90].map(
    (d) => html`<option value="${d}"${d === range ? html` selected` : ""}>last ${d} days</option>`,
  )}</select></label><button type="submit">Show</button></form>
<p>${o.total} decisions in the last ${range} days: ${ACTIONS.map((a, i) => html`${i ? ", " : ""}${byAction[a]} ${a}`)}.</p>
<div class="grid">
<section aria-labelledby="h-per-day"><h2 id="h-per-day">Decisions per day, by action</h2>
${stackedBars(
  "Decisions per day, by action",
  xs,
  ACTIONS.map((a) => ({ key: a, cls: `f-${a}` })),
  count,
)}</section>
<section aria-labelledby="h-latency"><h2 id="h-latency">Hook latency</h2>
<p>p50 <strong>${ms(o.latency.p50)}</strong>, p95 <strong>${ms(o.latency.p95)}</strong> over ${o.latency.n} calls.</p>
${lines("Hook latency per day, p50 and p95 (ms)", xs, [
  { key: "p50", cls: "s-line", values: xs.map((d) => lat(d)?.p50 ?? null) },
  { key: "p95", cls: "s-line2", values: xs.map((d) => lat(d)?.p95 ?? null) },
])}</section>
<section aria-labelledby="h-rules"><h2 id="h-rules">Top rules</h2>
${
  o.topRules.length
    ? horizontalBars(
        "Rules that fired most",
        o.topRules.map((r) => ({ label: r.ruleId, n: r.n })),
      )
    : html`<p class="muted">No rule fired.</p>`
}
<table><thead><tr><th>Rule</th><th>Fired</th></tr></thead><tbody>${o.topRules.map(
    (r) =>
      html`<tr><td class="mono"><a href="/decisions?rule=${encodeURIComponent(r.ruleId)}">${r.ruleId}</a></td><td>${r.n}</td></tr>`,
  )}</tbody></table></section>
<section aria-labelledby="h-sessions"><h2 id="h-sessions">Blocked sessions</h2>
${
  o.blockedSessions.length
    ? html`<table><thead><tr><th>Session</th><th>Agent</th><th>Machine</th><th>Blocks</th><th>Last</th></tr></thead><tbody>${o.blockedSessions.map(
        (b) =>
          html`<tr><td class="mono">${b.session.length > 20 ? `${b.session.slice(0, 19)}…` : b.session}</td><td>${b.host}</td><td>${b.machine ?? ""}</td><td>${b.n}</td><td>${ago(b.last, now)}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">No session was blocked.</p>`
}</section>
</div>`;
}
