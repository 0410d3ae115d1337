// `staso allow <rule> --here [--for 1h]`: an exception to one rule, for one project, for a while. It is
// written to the USER's config (config.json), scoped to the project's folder by `when.cwd`: a project's
// own config cannot loosen staso (a cloned repository could otherwise allow itself anything), so an
// exception that lets more through belongs to the user. The entry is an ordinary allow-list entry with an
// `expires` time: the engine stops applying it then, and the next `staso allow` removes it from the file.
// Only a human may run this (cli/human.ts; the hook blocks an agent that tries).
import { existsSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { userInfo } from "node:os";
import { parse as parseJsonc } from "jsonc-parser/lib/esm/main.js";
import { stasoPaths, userConfigFile } from "../paths.js";
import { homeDir } from "../builtin.js";
import { validatePolicy, type AllowEntryConfig } from "../policy/schema.js";
import { checkWritable, readFileState, writeFileAtomic } from "../config-files/fs-write.js";
import { JsonEditor, parseJsonDocument } from "../config-files/json-edit.js";
import { formatSeconds, parseDuration } from "../util/duration.js";
import { closest } from "../util/did-you-mean.js";
import { paintFor } from "../util/terminal.js";
import { UsageError } from "./errors.js";
import { noPassphraseFor, notHere, unlockAtTerminal } from "./human.js";
import { loadPolicyForCli } from "./load-policy.js";

/** What marks an entry as written by `staso allow` (the reason starts with it): those it may remove. */
const MARK = "staso allow: ";
const DEFAULT_FOR = "1h";
const MAX_SECONDS = 7 * 86400;
/** The rules that keep an agent from switching staso off: no exception lifts them. */
const GUARDS_OF_THE_GUARD = ["paths/escalation-self-approval", "paths/protected-write"];

export interface AllowFlags {
  here?: boolean;
  project?: string;
  for?: string;
  reason?: string;
  list?: boolean;
  remove?: boolean;
  json?: boolean;
}

/** A path as a glob that matches only itself. */
const globLiteral = (p: string) => p.replace(/[\\*?[\]{},]/g, "\\$&");
const unglob = (g: string) => g.replace(/\\(.)/g, "$1");

/**
 * The project a folder belongs to: the nearest folder up with .git, else the folder itself. Never the
 * home folder or / from below them: a home kept in git (dotfiles) would otherwise turn an exception for one
 * project that has no .git into one for everything the user has.
 */
function projectRoot(dir: string): string {
  const home = homeDir();
  for (let d = dir; ; d = dirname(d)) {
    if (d !== dir && (d === home || dirname(d) === d)) return dir;
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return dir;
  }
}

/** The spellings of a folder an agent may report as its cwd: as given, and through its links. */
function spellings(dir: string): string[] {
  try {
    const real = realpathSync(dir);
    return real !== dir ? [dir, real] : [dir];
  } catch {
    return [dir]; // gone: as given
  }
}

interface Written {
  index: number;
  rules: string[];
  projects: string[];
  expires?: number;
  reason: string;
}

/** The entries `staso allow` wrote into the config's allow list. */
function writtenEntries(value: unknown): Written[] {
  const allow = (value as { allow?: unknown } | null)?.allow;
  if (!Array.isArray(allow)) return [];
  const out: Written[] = [];
  allow.forEach((e: AllowEntryConfig, index) => {
    if (typeof e?.reason !== "string" || !e.reason.startsWith(MARK)) return;
    const glob = (e.when?.cwd as { glob?: string[] } | undefined)?.glob;
    const projects = Array.isArray(glob) ? glob.filter((g) => !g.endsWith("/**")).map(unglob) : [];
    out.push({
      index,
      rules: e.rules ?? ["*"],
      projects,
      ...(e.expires ? { expires: Date.parse(e.expires) } : {}),
      reason: e.reason,
    });
  });
  return out;
}

function readConfig(file: string) {
  const st = readFileState(file);
  const doc = parseJsonDocument(file, st.text ?? "", { allowComments: true });
  if (doc.value !== undefined && (typeof doc.value !== "object" || doc.value === null || Array.isArray(doc.value)))
    throw new Error(`${file}: the top level must be a JSON object, so staso changed nothing.`);
  return { st, doc };
}

export async function allowCommand(rule: string | undefined, flags: AllowFlags): Promise<void> {
  const file = userConfigFile(stasoPaths());
  const s = paintFor(process.stdout);
  if (flags.list || rule === undefined) return listAllowed(file, flags.json === true);

  if (!flags.here && flags.project === undefined)
    throw new UsageError(
      "staso allow makes an exception for one project: add --here (the project you are in) or --project <dir>. An exception for every project belongs in your config's allow list, by hand (docs/pause-and-allow.md).",
    );
  const project = projectRoot(resolve(flags.project ?? process.cwd()));
  const text = flags.for ?? DEFAULT_FOR;
  const seconds = parseDuration(text);
  if (!flags.remove) {
    if (seconds === undefined)
      throw new UsageError(`--for must be a duration like 30m, 1h or 2d, not ${JSON.stringify(text)}.`);
    if (seconds > MAX_SECONDS)
      throw new UsageError(
        `--for ${text} is longer than an exception staso allow writes may last (7 days); a lasting one belongs in your config's allow list, with its reason.`,
      );
  }

  // The rule, as staso knows it for calls made in that project: an id, a pack ("git"), or a glob.
  const loaded = await loadPolicyForCli({ cwd: project });
  let ids: string[];
  try {
    ids = loaded.set.rules.map((r) => r.rule.meta.id);
  } finally {
    await loaded.set.close();
  }
  const pattern = /^[\w.-]+$/.test(rule) ? `${rule}/*` : rule;
  const matcher = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  const covered = ids.filter((id) => matcher.test(id));
  if (covered.length === 0) {
    const near = closest(rule, ids);
    throw new UsageError(
      `${JSON.stringify(rule)} names no rule in force in ${project}${near ? ` (did you mean ${near}?)` : ""}; staso rules --cwd ${project} lists them.`,
    );
  }
  const guarded = covered.filter((id) => GUARDS_OF_THE_GUARD.includes(id));
  if (guarded.length > 0 && !flags.remove)
    throw new UsageError(
      `staso allow does not lift ${guarded.join(" or ")}: ${guarded.length > 1 ? "they keep" : "it keeps"} an agent from switching staso off (its config, its pause, its escalations). Name the rule you mean${pattern !== rule || rule.includes("*") ? " instead of a pack or glob" : ""}.`,
    );

  if (!flags.remove) {
    const refused = notHere("Making an exception to a rule");
    if (refused) {
      process.stderr.write(`staso: ${refused}\n`);
      process.exitCode = 1;
      return;
    }
    // The same proof as approving an escalation: the approval passphrase, typed at this terminal.
    const proof = await unlockAtTerminal(
      [`Let ${covered.length === 1 ? covered[0] : pattern} through in ${project} for ${formatSeconds(seconds!)}.`],
      {
        act: "making an exception to a rule",
        nothing: "no exception was made",
        noPassphrase: noPassphraseFor("an exception to a rule"),
      },
    );
    if (!proof) return;
  }

  const { st, doc } = readConfig(file);
  const ed = new JsonEditor(doc);
  const now = Date.now();
  // The entries staso allow wrote that are over, and (for this rule and project) the one being replaced.
  const mine = writtenEntries(ed.value());
  const same = (w: Written) => w.rules.length === 1 && w.rules[0] === pattern && w.projects.includes(project);
  const drop = mine.filter((w) => (w.expires !== undefined && w.expires <= now) || same(w));
  for (const w of [...drop].sort((a, b) => b.index - a.index)) ed.removeElement(["allow"], w.index);
  const removedActive = drop.filter((w) => same(w) && (w.expires === undefined || w.expires > now)).length;

  let until: Date | undefined;
  if (!flags.remove) {
    until = new Date(now + seconds! * 1000);
    const entry: AllowEntryConfig = {
      rules: [pattern],
      when: { cwd: { glob: spellings(project).flatMap((p) => [globLiteral(p), `${globLiteral(p)}/**`]) } },
      reason: `${MARK}in ${project}, by ${who()}${flags.reason ? `: ${flags.reason}` : ""}`,
      expires: until.toISOString(),
    };
    if (!ed.node(["allow"])) ed.addProperty([], "allow", [entry]);
    else ed.appendElement(["allow"], entry);
  }
  if (ed.text !== (st.text ?? "")) {
    // Never a config the hook cannot load: the result goes through the same validator first.
    validatePolicy(file, parseJsonc(ed.text), "user");
    if (st.text !== null) checkWritable(st);
    // Through a link (a config kept in a dotfiles repository): its target is written, the link stays.
    writeFileAtomic(st.target, ed.text, { mode: 0o600, dirMode: 0o700, keepFrom: st });
  }
  const pruned = drop.filter((w) => w.expires !== undefined && w.expires <= now).length;

  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ rule: pattern, rules: covered, project, file, ...(until ? { until: until.toISOString() } : { removed: removedActive }), expiredRemoved: pruned })}\n`,
    );
    return;
  }
  if (flags.remove) {
    process.stdout.write(
      removedActive > 0
        ? `${s.green("✓")} the exception to ${pattern} in ${project} is removed from ${file}.\n`
        : `staso had no exception to ${pattern} in ${project}; nothing to remove.\n`,
    );
    return;
  }
  process.stdout.write(
    `${s.green("✓")} ${covered.length === 1 ? covered[0] : `${covered.length} rules (${pattern})`} will let calls through in ${project} for ${formatSeconds(seconds!)}, until ${until!.toLocaleTimeString()}.\n` +
      s.dim(
        `  Written to your config, ${file}: a project's own config can only make staso stricter, so exceptions are yours.\n  staso rules shows it; staso allow ${pattern} --here --remove ends it sooner. It stops by itself then, and the next staso allow removes it from the file.\n`,
      ),
  );
}

function listAllowed(file: string, json: boolean): void {
  const st = readFileState(file);
  const value = st.text === null ? {} : parseJsonc(st.text);
  const now = Date.now();
  const rows = writtenEntries(value).map((w) => ({
    rules: w.rules,
    projects: w.projects,
    ...(w.expires !== undefined ? { expires: new Date(w.expires).toISOString(), expired: w.expires <= now } : {}),
    reason: w.reason.slice(MARK.length),
  }));
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(`No exceptions made with staso allow (${file}).\n`);
    return;
  }
  for (const r of rows)
    process.stdout.write(
      `${r.rules.join(", ")} in ${r.projects.join(" = ")}: ${r.expired ? "ended" : "until"} ${r.expires ? new Date(r.expires).toLocaleString() : "(no end)"}${r.reason ? ` (${r.reason})` : ""}\n`,
    );
}

/** "alice at 2026-12-07 03:12 UTC" */
function who(): string {
  const at = `at ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;
  try {
    return `${userInfo().username} ${at}`;
  } catch {
    return `a user ${at}`;
  }
}
