// Whether a permission or ownership change only tightens: it gives the group and others nothing, takes
// from the owner nothing they need (read; execute where the file has it), sets no setuid/setgid/sticky
// bit, and hands the file to no one but the user running it. `chmod 600 ~/.ssh/id_ed25519`,
// `chmod 700 ~/.ssh`, `chmod -R go-rwx ~/.aws`, `setfacl -b key`, `chown $(id -u) key` are what a user
// should do with keys; `chmod 644 id_rsa`, `chmod o+r`, `chmod 4755`, `chown root`, `chmod 600` on an
// executable (its owner could no longer run it) are not tightening.
import { statSync } from "node:fs";
import { operands } from "./commands.js";
import type { SimpleCommand, WordInfo } from "./types.js";
import { expandGlob } from "../fs/glob.js";
import { resolvePathWord } from "./paths.js";
import { os } from "../../builtin.js";

/** Where an operand leads: its path, or a glob's matches on disk (none: the command fails harmlessly). */
export function placeOperand(word: string, info: WordInfo | undefined, cwd: string | undefined, home: string) {
  const path = resolvePathWord(word, cwd, home);
  if (!path.startsWith("/")) return undefined;
  if (!info?.glob) return [path];
  const g = expandGlob(path);
  return g.complete ? g.matches : undefined;
}

/**
 * The entries an unknown path stands for, from its template (`find ~/.ssh -type f -exec chmod 600 {} +`:
 * each entry under ~/.ssh), read from disk one level below where the unknown part starts; undefined when
 * the template is not absolute or the folder is too large to read.
 */
function templateEntries(template: string | undefined): string[] | undefined {
  if (!template?.startsWith("/")) return undefined;
  const g = expandGlob(template.replace(/\u0000/g, "*"));
  return g.complete ? g.matches : undefined;
}

/**
 * The owner needs execute on it now: a program or hook script they may run, or a folder (without it
 * the owner can no longer reach what is inside: an agent's settings folder would lose its hooks).
 * Every path a word reaches is asked (a glob's matches); an unknown target is assumed to need it.
 */
function ownerRuns(paths: string[] | undefined): boolean {
  return paths === undefined || paths.some(ownerRunsOne);
}

function ownerRunsOne(path: string): boolean {
  try {
    const s = statSync(path);
    return s.isDirectory() || (s.mode & 0o100) !== 0;
  } catch {
    return false; // not there: chmod fails, nothing changes
  }
}

/** Public halves and host lists may stay readable by others (644 is their usual mode). */
const PUBLIC_FILE = /(\.pub|\/known_hosts)$/;

function numericTightens(mode: string, paths: string[] | undefined): boolean {
  const m = /^0{0,2}([0-7])([0-7])([0-7])$/.exec(mode); // a fourth digit (setuid, setgid, sticky) must be 0
  if (!m) return false;
  const [u, g, o] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const others = paths?.length && paths.every((p) => PUBLIC_FILE.test(p)) ? (g | o) & ~4 : g | o;
  if (others !== 0 || (u & 4) === 0) return false;
  return (u & 1) !== 0 || !ownerRuns(paths);
}

function symbolicTightens(mode: string, paths: string[] | undefined): boolean {
  const lost = new Set<string>();
  for (const clause of mode.split(",")) {
    const m = /^([ugoa]*)([-+=])([rwxX]*)$/.exec(clause);
    if (!m) return false; // setuid/sticky, copies from another class (g=u), several operators: not judged
    const who = m[1] === "" || m[1]!.includes("a") ? "ugo" : m[1]!;
    const op = m[2]!;
    const perms = m[3]!.replace("X", "x");
    if ((who.includes("g") || who.includes("o")) && op !== "-" && perms !== "") return false;
    if (!who.includes("u")) continue;
    if (op === "-") for (const p of perms) lost.add(p);
    else if (op === "+") for (const p of perms) lost.delete(p);
    else for (const p of "rwx") perms.includes(p) ? lost.delete(p) : lost.add(p);
  }
  if (lost.has("r")) return false;
  return !lost.has("x") || !ownerRuns(paths);
}

/** The names the current user goes by: a literal name, or a substitution of id/whoami. */
function isCurrentUser(spec: string, cmd: SimpleCommand, wordIndex: number, home: string): boolean {
  const info = cmd.wordInfo[wordIndex + 1];
  if (info?.dynamic) {
    const subs = cmd.substitutions ?? [];
    return (
      subs.length > 0 &&
      subs.every((s) => s.program === "whoami" || (s.program === "id" && /^-[ugnr]+$/.test(s.args.join(""))))
    );
  }
  let me: string[] = [home.replace(/\/+$/, "").split("/").pop() ?? ""];
  try {
    me = [...me, os().userInfo().username];
  } catch {
    // no user database entry: the home folder's name stands for the user
  }
  const [user, group] = spec.split(/[:.]/);
  return (user === "" || me.includes(user!)) && (group === undefined || group === "" || me.includes(group));
}

/** Where the user's own files live: the home folder and the temp folders. */
function userOwned(path: string, home: string): boolean {
  return (
    (home !== "" && (path === home || path.startsWith(`${home}/`))) ||
    /^\/(?:tmp|var\/tmp|private\/tmp|private\/var\/folders)(?:\/|$)/.test(path)
  );
}

/**
 * The command changes permissions or ownership, and only tightens them for every target. `pathsOf`
 * places an operand (the absolute paths it reaches, or undefined when unknown) so the files' current
 * modes can be read.
 */
export function onlyTightens(
  cmd: SimpleCommand,
  home: string,
  pathsOf: (word: string, info: WordInfo | undefined) => string[] | undefined,
): boolean {
  const p = cmd.program;
  if (p === "setfacl") {
    // Removing entries (-b all, -x some, -k the default ones) grants nothing; -m/-M/--set do.
    return (
      cmd.args.some((a) => /^-[a-zA-Z]*[bxk]/.test(a) || /^--(remove|remove-all|remove-default)/.test(a)) &&
      !cmd.args.some((a) => /^-[a-zA-Z]*[mMsS]/.test(a) || /^--(modify|set)/.test(a))
    );
  }
  if (p !== "chmod" && p !== "chown" && p !== "chgrp") return false;
  if (cmd.args.some((a) => a.startsWith("--reference"))) return false;
  const ops = operands(cmd.args);
  const [spec, ...targets] = ops;
  if (!spec || targets.length === 0) return false;
  if (p === "chown" || p === "chgrp") {
    // Taking back a file of one's own (a key in the home folder) tightens; a system file handed to the
    // user (sudo chown dev /etc/shadow) gives the user, and the agent, what root kept.
    const own = targets.every((t) => {
      const info = cmd.wordInfo[t.index + 1];
      const paths = info?.dynamic ? undefined : pathsOf(t.word, info);
      return paths !== undefined && paths.length > 0 && paths.every((x) => userOwned(x, home));
    });
    return own && isCurrentUser(p === "chown" ? spec.word : `:${spec.word}`, cmd, spec.index, home);
  }
  if (cmd.wordInfo[spec.index + 1]?.dynamic) return false;
  return targets.every((t) => {
    const info = cmd.wordInfo[t.index + 1];
    const paths = info?.dynamic ? templateEntries(info.template) : pathsOf(t.word, info);
    return /^[0-7]+$/.test(spec.word) ? numericTightens(spec.word, paths) : symbolicTightens(spec.word, paths);
  });
}

/**
 * What a chmod gives away: access for the group or others (added, or set to something), and the setuid
 * or setgid bit (the program then runs with its owner's or group's rights, whoever starts it).
 */
export function chmodGrants(cmd: SimpleCommand): { others: boolean; setuid: boolean; setgid: boolean } | undefined {
  if (cmd.program !== "chmod") return undefined;
  const spec = operands(cmd.args)[0]?.word;
  if (spec === undefined) return undefined;
  const n = /^([0-7]?)([0-7])([0-7])([0-7])$/.exec(spec);
  if (n) {
    const special = Number(n[1] || 0);
    return { others: Number(n[3]) + Number(n[4]) > 0, setuid: (special & 4) !== 0, setgid: (special & 2) !== 0 };
  }
  const out = { others: false, setuid: false, setgid: false };
  for (const clause of spec.split(",")) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) continue;
    const who = m[1] === "" || m[1]!.includes("a") ? "ugo" : m[1]!;
    if (m[2] === "-" || m[3] === "") continue;
    if ((who.includes("g") || who.includes("o")) && /[rwxX]/.test(m[3]!)) out.others = true;
    if (m[3]!.includes("s") && who.includes("u")) out.setuid = true;
    if (m[3]!.includes("s") && who.includes("g")) out.setgid = true;
  }
  return out;
}
