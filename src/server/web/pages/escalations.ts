// Escalations: the calls waiting for a human (oldest first: they have waited longest), then the ones
// answered lately. Approvers and admins answer them here: Approve (once, or for a while, as
// `staso escalations approve --for`) or Deny, each with a reason.
import type { Session } from "../../store/sessions.js";
import type { ServerEscalation } from "../../store/escalations.js";
import { ago, isoMinute } from "../format.js";
import { html, type Html, query } from "../html.js";
import { csrfField } from "../layout.js";

const canAnswer = (s: Session) => s.user.role === "admin" || s.user.role === "approver";

const inputText = (e: ServerEscalation) => JSON.stringify(e.input, null, 2);

/** approve --for choices, capped to the escalation's approvalTtl (as the CLI caps them). */
function windows(e: ServerEscalation): { value: string; label: string }[] {
  const out = [{ value: "", label: "once (this call)" }];
  for (const [s, label] of [
    [600, "10 minutes"],
    [3600, "1 hour"],
    [86400, "1 day"],
  ] as const)
    if (s <= e.approvalTtlSeconds) out.push({ value: String(s), label: `every try for ${label}` });
  return out;
}

function answerForms(e: ServerEscalation, s: Session): Html {
  if (e.status !== "pending" || !canAnswer(s)) return html``;
  const base = `/escalations/${e.id}`;
  return html`<div class="answer">
<form class="inline" method="post" action="${base}/approve">${csrfField(s)}
  <label>Approve for <select name="for">${windows(e).map((w) => html`<option value="${w.value}">${w.label}</option>`)}</select></label>
  <label>Reason <input name="reason" maxlength="500" placeholder="optional"></label>
  <button type="submit" class="approve">Approve</button>
</form>
<form class="inline" method="post" action="${base}/deny">${csrfField(s)}
  <label>Reason <input name="reason" maxlength="500" placeholder="told to the agent"></label>
  <button type="submit" class="deny">Deny</button>
</form>
</div>`;
}

export function escalationCard(e: ServerEscalation, s: Session, now: number, detail = false): Html {
  const r = e.resolution;
  const headingId = `h-${e.id}`;
  return html`<article class="card ${e.status}" aria-labelledby="${headingId}" data-escalation="${e.id}">
<h2 id="${headingId}"><a href="/escalations/${e.id}">${e.tool}</a> <span class="mono">${e.summary}</span></h2>
<dl class="kv">
  <dt>Status</dt><dd><span class="badge s-${e.status}">${e.status}</span>${
    e.status === "pending" ? html` <span class="muted">times out ${ago(e.expiresAt, now)} (${e.mode})</span>` : ""
  }</dd>
  <dt>Rule</dt><dd><span class="mono">${e.ruleId ?? "–"}</span>: ${e.reason}</dd>
  <dt>Agent</dt><dd>${e.host}${e.session ? html` <span class="muted mono">session ${e.session}</span>` : ""}</dd>
  <dt>Machine</dt><dd>${e.machine.name} <span class="muted">(raised by ${e.raisedBy})</span></dd>
  <dt>Project</dt><dd class="mono">${e.project ?? e.cwd ?? "–"}</dd>
  <dt>Raised</dt><dd>${ago(e.createdAt, now)} <span class="muted">${isoMinute(e.createdAt)} UTC</span> · <span class="mono">${e.id}</span></dd>
  ${
    r
      ? html`<dt>Answer</dt><dd><span class="badge s-${r.status}">${r.status}</span> by ${r.by} ${ago(r.at, now)}${
          r.scope === "window" && r.until && r.status !== "timeout" ? html`, until ${isoMinute(r.until)} UTC` : ""
        }${r.reason ? html`: ${r.reason}` : ""}</dd>`
      : ""
  }
</dl>
<details${detail ? html` open` : ""}><summary>Input (secrets masked)</summary><pre>${inputText(e)}</pre>
${e.modifiedInput ? html`<p>Would run as rewritten:</p><pre>${JSON.stringify(e.modifiedInput, null, 2)}</pre>` : ""}
${e.rules.length ? html`<p>Rules:</p><ul>${e.rules.map((v) => html`<li><span class="mono">${v.ruleId}</span> ${v.action}: ${v.reason}</li>`)}</ul>` : ""}
</details>
${answerForms(e, s)}
${detail ? html`<p><a href="/decisions${query({ escalation: e.id })}">Decisions of this escalation</a></p>` : ""}
</article>`;
}

export function escalationsPage(list: ServerEscalation[], s: Session, now: number): Html {
  const pending = list.filter((e) => e.status === "pending");
  const answered = list.filter((e) => e.status !== "pending");
  return html`<h1>Escalations</h1>
<h2>Pending (${pending.length})</h2>
${pending.length ? pending.map((e) => escalationCard(e, s, now)) : html`<p class="muted">Nothing is waiting for a human.</p>`}
<h2>Answered in the last 7 days</h2>
${
  answered.length
    ? html`<table><thead><tr><th>Raised</th><th>Status</th><th>Tool</th><th>Call</th><th>Rule</th><th>Machine</th><th>By</th></tr></thead><tbody>
${answered.map(
  (
    e,
  ) => html`<tr><td>${ago(e.createdAt, now)}</td><td><span class="badge s-${e.status}">${e.status}</span></td><td>${e.tool}</td>
<td class="mono"><a href="/escalations/${e.id}">${e.summary.length > 90 ? `${e.summary.slice(0, 89)}…` : e.summary}</a></td>
<td class="mono">${e.ruleId ?? ""}</td><td>${e.machine.name}</td><td>${e.resolution?.by ?? ""}${e.resolution?.reason ? html`: ${e.resolution.reason}` : ""}</td></tr>`,
)}</tbody></table>`
    : html`<p class="muted">None.</p>`
}`;
}
