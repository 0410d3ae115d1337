// The dashboard's only stylesheet and script, served from /assets/ (the CSP allows scripts and styles from
// the server itself and nothing inline). The script is progressive enhancement: every page works without it.
//   - pages marked data-refresh reload every few seconds while nobody is typing (pending escalations appear);
//   - the policy editor is checked as you type (POST /policy/validate, the CSRF token from a meta tag);
//   - forms with data-confirm ask first.
// It never inserts HTML: text goes in with textContent.
export const APP_CSS = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #5b6470; --bg: #fff; --line: #d6dbe1; --accent: #1f5fbf;
  --block: #b3261e; --escalate: #a05a00; --modify: #6b3fb3; --allow: #2e7d32; --audit: #5b6470; --card: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ed; --muted: #9aa4b0; --bg: #14171b; --line: #2c323a;
  --accent: #6ea8ff; --card: #1c2026; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
header.top { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.brand { font-weight: 700; text-decoration: none; color: var(--fg); }
nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
nav a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--fg); }
.who { margin-left: auto; display: flex; gap: .6rem; align-items: center; color: var(--muted); }
main { padding: 1rem 1.2rem 3rem; max-width: 1200px; }
h1 { font-size: 1.4rem; margin: .4rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .6rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: .85rem; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .88em; }
pre { background: var(--card); padding: .6rem; overflow: auto; white-space: pre-wrap; word-break: break-word; max-height: 24rem; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin: 0 0 1rem; background: var(--card); }
.card.pending { border-left: 4px solid var(--escalate); }
.muted { color: var(--muted); }
.flash { background: var(--card); border: 1px solid var(--line); padding: .5rem .8rem; border-radius: 4px; }
.error { color: var(--block); }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; }
.a-block, .s-denied, .s-timeout { color: var(--block); } .a-escalate, .s-pending { color: var(--escalate); }
.a-modify { color: var(--modify); } .a-allow, .s-approved { color: var(--allow); } .a-audit { color: var(--audit); }
form.inline { display: inline-flex; gap: .4rem; align-items: center; flex-wrap: wrap; margin: .3rem 0; }
form.stack { display: grid; gap: .6rem; max-width: 28rem; }
label { display: grid; gap: .2rem; }
input, select, textarea, button { font: inherit; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
button { cursor: pointer; background: var(--card); }
button.approve { border-color: var(--allow); color: var(--allow); font-weight: 600; }
button.deny { border-color: var(--block); color: var(--block); font-weight: 600; }
textarea { width: 100%; min-height: 22rem; }
.filters { display: flex; gap: .6rem; flex-wrap: wrap; align-items: end; margin-bottom: 1rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; }
svg.chart { width: 100%; height: auto; }
svg.chart text { fill: var(--muted); font-size: 11px; }
.legend { display: flex; gap: .8rem; flex-wrap: wrap; font-size: .85rem; }
.sw { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; }
.f-allow { fill: var(--allow); background: var(--allow); } .f-block { fill: var(--block); background: var(--block); }
.f-escalate { fill: var(--escalate); background: var(--escalate); } .f-modify { fill: var(--modify); background: var(--modify); }
.f-audit { fill: var(--audit); background: var(--audit); } .f-accent { fill: var(--accent); background: var(--accent); }
.s-line { stroke: var(--accent); fill: none; stroke-width: 2; } .s-line2 { stroke: var(--escalate); fill: none; stroke-width: 2; }
.axis { stroke: var(--line); }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dl.kv dt { color: var(--muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;

export const APP_JS = `
"use strict";
(function () {
  var csrf = document.querySelector('meta[name="csrf-token"]');
  var refresh = Number(document.body.getAttribute("data-refresh") || 0);
  var touched = false;
  document.addEventListener("input", function () { touched = true; });
  if (refresh > 0) {
    setInterval(function () {
      var a = document.activeElement;
      var typing = a && (a.tagName === "INPUT" || a.tagName === "TEXTAREA" || a.tagName === "SELECT");
      if (!typing && !touched && document.visibilityState === "visible") location.reload();
    }, refresh * 1000);
  }
  document.addEventListener("submit", function (ev) {
    var msg = ev.target.getAttribute && ev.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) ev.preventDefault();
  });
  var editor = document.getElementById("policy-config");
  var out = document.getElementById("policy-problems");
  if (editor && out && csrf) {
    var timer;
    var check = function () {
      fetch(editor.getAttribute("data-validate"), {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": csrf.getAttribute("content") },
        body: JSON.stringify({ config: editor.value }),
        credentials: "same-origin",
      })
        .then(function (r) { return r.json(); })
        .then(function (r) {
          out.textContent = r.ok ? "Valid." : r.error;
          out.className = r.ok ? "muted" : "error";
        })
        .catch(function () {});
    };
    editor.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 400); });
  }
})();
`;
