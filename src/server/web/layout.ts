// The page frame: navigation (Escalations, Decisions, Overview, Machines, Policy, and Settings for admins),
// who is signed in, and the sign-out form. No inline script or style anywhere (the CSP forbids them):
// /assets/app.css and /assets/app.js are the only ones.
import type { Session } from "../store/sessions.js";
import { html, type Html } from "./html.js";

export type Section = "escalations" | "decisions" | "overview" | "machines" | "policy" | "settings";

const NAV: { id: Section; label: string; href: string; admin?: boolean }[] = [
  { id: "escalations", label: "Escalations", href: "/escalations" },
  { id: "decisions", label: "Decisions", href: "/decisions" },
  { id: "overview", label: "Overview", href: "/overview" },
  { id: "machines", label: "Machines", href: "/machines" },
  { id: "policy", label: "Policy", href: "/policy" },
  { id: "settings", label: "Settings", href: "/settings", admin: true },
];

export function page(o: {
  title: string;
  session?: Session;
  section?: Section;
  body: Html;
  flash?: string;
  refresh?: boolean;
}): Html {
  const s = o.session;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Staso</title>
<link rel="stylesheet" href="/assets/app.css">
${s ? html`<meta name="csrf-token" content="${s.csrf}">` : ""}
<script src="/assets/app.js" defer></script>
</head>
<body${o.refresh ? html` data-refresh="5"` : ""}>
<header class="top">
  <a class="brand" href="/">Staso</a>
  ${
    s
      ? html`<nav aria-label="Main"><ul>${NAV.filter((n) => !n.admin || s.user.role === "admin").map(
          (n) =>
            html`<li><a href="${n.href}"${n.id === o.section ? html` aria-current="page"` : ""}>${n.label}</a></li>`,
        )}</ul></nav>
  <form class="who" method="post" action="/logout"><span>${s.user.email} (${s.user.role})</span>
    <input type="hidden" name="_csrf" value="${s.csrf}"><button type="submit">Sign out</button></form>`
      : ""
  }
</header>
<main id="main">
${o.flash ? html`<p class="flash" role="status">${o.flash}</p>` : ""}
${o.body}
</main>
</body>
</html>`;
}

/** A form's hidden CSRF field. */
export const csrfField = (s: Session): Html => html`<input type="hidden" name="_csrf" value="${s.csrf}">`;
