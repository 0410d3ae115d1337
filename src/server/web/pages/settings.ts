// Settings (admins): the people who sign in and their roles, and where escalations are announced
// (webhooks: staso's own JSON, or Slack's incoming-webhook format).
import type { Webhook } from "../../store/settings.js";
import type { Session } from "../../store/sessions.js";
import { ROLES, type User } from "../../store/users.js";
import { ago } from "../format.js";
import { html, type Html } from "../html.js";
import { csrfField } from "../layout.js";

export function settingsPage(users: User[], hooks: Webhook[], s: Session, now: number, publicUrl: string): Html {
  return html`<h1>Settings</h1>
<h2>People</h2>
<table><thead><tr><th>Email</th><th>Role</th><th>Since</th><th></th></tr></thead><tbody>
${users.map(
  (u) => html`<tr${u.disabledAt ? html` class="muted"` : ""}><td>${u.email}</td><td>
<form class="inline" method="post" action="/settings/users/${u.id}/role">${csrfField(s)}
<label><span class="visually-hidden">Role of ${u.email}</span><select name="role">${ROLES.map(
    (r) => html`<option value="${r}"${r === u.role ? html` selected` : ""}>${r}</option>`,
  )}</select></label><button type="submit">Change</button></form></td>
<td>${ago(u.createdAt, now)}</td><td><form class="inline" method="post" action="/settings/users/${u.id}/${u.disabledAt ? "enable" : "disable"}">${csrfField(s)}
<button type="submit">${u.disabledAt ? "Enable" : "Disable"}</button></form></td></tr>`,
)}
</tbody></table>
<h3>Add a person</h3>
<form class="inline" method="post" action="/settings/users">${csrfField(s)}
<label>New user's email <input name="email" type="email" required></label>
<label>Role <select name="role">${ROLES.map((r) => html`<option value="${r}"${r === "viewer" ? html` selected` : ""}>${r}</option>`)}</select></label>
<label>Initial password <input name="password" type="password" required minlength="12" autocomplete="new-password"></label>
<button type="submit">Add</button></form>
<h2>Notifications</h2>
<p class="muted">When an escalation is raised, each webhook gets a POST with a link to it (${publicUrl}/escalations/…).</p>
<table><thead><tr><th>URL</th><th>Format</th><th></th></tr></thead><tbody>
${hooks.map(
  (h, i) =>
    html`<tr><td class="mono">${h.url}</td><td>${h.format}</td><td><form class="inline" method="post" action="/settings/webhooks/${i}/delete">${csrfField(s)}<button type="submit">Remove</button></form></td></tr>`,
)}
</tbody></table>
<form class="inline" method="post" action="/settings/webhooks">${csrfField(s)}
<label>Webhook URL <input name="url" type="url" required placeholder="https://hooks.slack.com/services/…"></label>
<label>Format <select name="format"><option value="generic">generic JSON</option><option value="slack">Slack</option></select></label>
<button type="submit">Add webhook</button></form>`;
}
