// Machines: one API key each, with what the machine last told about itself (staso version, the agents it
// guards, its host name) and when. Admins make keys (shown once) and revoke them.
import type { ApiKey } from "../../store/keys.js";
import type { Session } from "../../store/sessions.js";
import { ago } from "../format.js";
import { html, type Html } from "../html.js";
import { csrfField } from "../layout.js";

export function machinesPage(
  keys: ApiKey[],
  s: Session,
  now: number,
  publicUrl: string,
  created?: { name: string; key: string },
): Html {
  const admin = s.user.role === "admin";
  return html`<h1>Machines</h1>
${
  created
    ? html`<div class="card" role="status"><p>The API key for <strong>${created.name}</strong>. It is shown only this once: copy it now.</p>
<pre class="mono" aria-label="New API key">${created.key}</pre>
<p>On that machine: <code>staso setup --server ${publicUrl} --api-key ak_…</code> (or STASO_SERVER_URL and STASO_API_KEY).</p></div>`
    : ""
}
<table><thead><tr><th>Name</th><th>Key</th><th>staso</th><th>Agents</th><th>Host</th><th>Last seen</th><th>Created</th>${admin ? html`<th></th>` : ""}</tr></thead><tbody>
${keys.map(
  (
    k,
  ) => html`<tr${k.revokedAt ? html` class="muted"` : ""}><td>${k.name}</td><td class="mono">${k.prefix}…</td><td>${k.stasoVersion ?? "–"}</td>
<td>${k.agents.length ? k.agents.join(", ") : "–"}</td><td>${k.hostName ?? "–"}</td><td>${k.lastSeenAt ? ago(k.lastSeenAt, now) : "never"}</td>
<td>${ago(k.createdAt, now)} by ${k.createdBy}</td>${
    admin
      ? html`<td>${
          k.revokedAt
            ? html`revoked ${ago(k.revokedAt, now)}`
            : html`<form class="inline" method="post" action="/machines/${k.id}/revoke" data-confirm="Revoke this key? The machine can no longer report or raise escalations.">${csrfField(s)}<button type="submit" class="deny">Revoke</button></form>`
        }</td>`
      : ""
  }</tr>`,
)}
</tbody></table>
${
  admin
    ? html`<h2>New API key</h2>
<form class="inline" method="post" action="/machines">${csrfField(s)}
<label>Machine name <input name="name" required maxlength="100" placeholder="laptop"></label>
<button type="submit">Create key</button></form>`
    : ""
}`;
}
