// The team policy: the version in force, its history (who changed it, when and why), and for admins an
// editor checked as they type; saving validates it and runs its tests first.
import type { PolicyVersion } from "../../store/policy.js";
import type { Session } from "../../store/sessions.js";
import type { TestResult } from "../../../pipeline/config-tests.js";
import { ago, isoMinute } from "../format.js";
import { html, type Html } from "../html.js";
import { csrfField } from "../layout.js";

const EXAMPLE = `{
  "level": "standard",
  "rules": { "git/force-push": { "params": { "protectedBranches": ["main", "release"] } } },
  "customRules": [],
  "tests": [{ "tool": "Bash", "input": { "command": "rm -rf /" }, "expect": "block" }]
}`;

export function policyPage(
  current: PolicyVersion | undefined,
  history: PolicyVersion[],
  s: Session,
  now: number,
  draft?: { text: string; reason: string; userMayLoosen: boolean; error?: string; tests?: TestResult[] },
): Html {
  const admin = s.user.role === "admin";
  const text = draft?.text ?? (current ? JSON.stringify(current.config, null, 2) : EXAMPLE);
  return html`<h1>Team policy</h1>
<p class="muted">Machines connected to this server fetch it in the background and apply it between staso's built-in defaults and
each user's own config. ${current ? (current.userMayLoosen ? "Users may loosen it in their own config." : "Users may only tighten it.") : ""}</p>
${
  current
    ? html`<p>Version ${current.id}, by ${current.author} ${ago(current.createdAt, now)}: ${current.reason}</p>`
    : html`<p class="muted">No team policy yet: machines use their built-in defaults and their users' configs.</p>`
}
${
  admin
    ? html`<h2>Edit</h2>
<form class="stack wide" method="post" action="/policy">${csrfField(s)}
<label for="policy-config">Policy (JSON, the schema of config.json)
<textarea id="policy-config" name="config" data-validate="/policy/validate" spellcheck="false">${text}</textarea></label>
<p id="policy-problems" class="${draft?.error ? "error" : "muted"}" role="status" aria-live="polite">${draft?.error ?? ""}</p>
<label><span><input type="checkbox" name="userMayLoosen" value="1"${(draft?.userMayLoosen ?? current?.userMayLoosen) ? html` checked` : ""}> Users may loosen this policy in their own config</span></label>
<label>Why this change <input name="reason" required maxlength="500" value="${draft?.reason ?? ""}"></label>
<button type="submit">Save</button>
</form>
${
  draft?.tests?.length
    ? html`<h2>Tests</h2><ul>${draft.tests.map((t) => html`<li class="${t.ok ? "" : "error"}">${t.ok ? "✓" : "✗"} ${t.name}${t.problem ? html`: ${t.problem}` : ""}</li>`)}</ul>`
    : ""
}`
    : current
      ? html`<h2>In force</h2><pre>${JSON.stringify(current.config, null, 2)}</pre>`
      : ""
}
<h2>History</h2>
${
  history.length
    ? html`<table><thead><tr><th>Version</th><th>When</th><th>Author</th><th>Why</th><th>Users may loosen</th></tr></thead><tbody>
${history.map((v) => html`<tr><td><a href="/policy/versions/${v.id}">${v.id}</a></td><td>${isoMinute(v.createdAt)} UTC</td><td>${v.author}</td><td>${v.reason}</td><td>${v.userMayLoosen ? "yes" : "no"}</td></tr>`)}
</tbody></table>`
    : html`<p class="muted">None.</p>`
}`;
}

export function policyVersionPage(v: PolicyVersion): Html {
  return html`<h1>Team policy, version ${v.id}</h1>
<p>By ${v.author}, ${isoMinute(v.createdAt)} UTC: ${v.reason}. Users ${v.userMayLoosen ? "may loosen it" : "may only tighten it"}.</p>
<pre>${JSON.stringify(v.config, null, 2)}</pre><p><a href="/policy">The policy in force</a></p>`;
}
