// `staso trust [dir]`, `staso untrust [dir]`, `staso trust --list`: which projects' code may run inside
// staso (policy/trust.ts). Trusting records the project's config and every module its code loads, with
// their sha256, in the user's own state; a changed or new file then needs `staso trust` again.
import { stasoPaths, userConfigFile } from "../paths.js";
import { loadPolicy } from "../policy/load.js";
import { changedFiles, trustProject, untrustProject } from "../policy/trust-record.js";
import { readTrustStore, trustStoreFile } from "../policy/trust.js";
import { agentAncestor, agentMarker } from "./agent-session.js";

const out = (s: string) => process.stdout.write(s.endsWith("\n") ? s : `${s}\n`);

export async function trustCommand(dir: string | undefined, opts: { list?: boolean; json?: boolean }): Promise<void> {
  if (opts.list) return listTrusted(opts);
  // Trusting runs the project's code as the user from then on: the user's decision, never the agent's
  // (the hook also blocks an agent's `staso trust`: rule paths/escalation-self-approval).
  const marker = agentMarker(process.env);
  const ancestor = marker ? undefined : agentAncestor();
  if (marker || ancestor)
    throw new Error(
      `staso trust runs a project's code inside the guard from then on, so only you can decide it: it refuses to run inside an agent's session (${marker ? `${marker} is set` : `it runs under ${ancestor}`}). Run it in your own terminal.`,
    );
  const paths = stasoPaths();
  const t = await trustProject(dir ?? process.cwd(), paths);
  if (opts.json) {
    out(JSON.stringify({ dir: t.dir, ...t.record, plugins: t.plugins }, null, 2));
    return;
  }
  const files = Object.keys(t.record.files);
  const lines = [
    `Trusted ${t.dir}: its config${t.plugins.length ? ` and plugins (${t.plugins.join(", ")})` : ""} now run for calls made there.`,
  ];
  lines.push(`  ${t.record.config.file}  sha256:${t.record.config.sha256.slice(0, 16)}…`);
  for (const f of files)
    if (f !== t.record.config.file) lines.push(`  ${f}  sha256:${t.record.files[f]!.slice(0, 16)}…`);
  lines.push(
    "If any of these files changes, or the code loads another one, it is not run until you run `staso trust` again.",
  );
  out(lines.join("\n"));
}

export async function untrustCommand(dir: string | undefined, opts: { json?: boolean }): Promise<void> {
  const paths = stasoPaths();
  const gone = untrustProject(dir ?? process.cwd(), paths);
  const glob = trustedProjectsNote();
  if (opts.json) {
    out(JSON.stringify({ untrusted: gone ?? null, trustedProjects: glob.entries }));
    return;
  }
  out(
    gone
      ? `${gone} is no longer trusted: its JS/TS config and plugins do not run; its data config only tightens.`
      : `${dir ?? process.cwd()} had no \`staso trust\` record.`,
  );
  if (glob.entries.length) out(glob.text);
}

function trustedProjectsNote(): { entries: string[]; text: string } {
  let entries: string[] = [];
  try {
    entries = loadPolicy().layers.find((l) => l.origin === "user")?.config.trustedProjects ?? [];
  } catch {
    // a broken user config: it trusts nothing it can be read for
  }
  return {
    entries,
    text: `trustedProjects in ${userConfigFile(stasoPaths())} also trusts every project under: ${entries.join(", ")}`,
  };
}

function listTrusted(opts: { json?: boolean }): void {
  const store = readTrustStore(trustStoreFile(stasoPaths()));
  const rows = Object.entries(store.projects).map(([dir, r]) => ({
    dir,
    trustedAt: r.trustedAt,
    config: r.config.file,
    files: Object.keys(r.files).length,
    changed: changedFiles(r),
  }));
  const glob = trustedProjectsNote();
  if (opts.json) {
    out(JSON.stringify({ projects: rows, trustedProjects: glob.entries }, null, 2));
    return;
  }
  if (rows.length === 0 && glob.entries.length === 0) {
    out("No project is trusted: projects' JS/TS configs and plugins do not run (`staso trust <dir>` trusts one).");
    return;
  }
  for (const r of rows) {
    out(
      `${r.dir}  trusted ${r.trustedAt.slice(0, 16).replace("T", " ")}  ${r.files} file${r.files === 1 ? "" : "s"}${r.changed.length ? `  CHANGED since (not run): ${r.changed.join(", ")}` : ""}`,
    );
  }
  if (glob.entries.length) out(glob.text);
}
