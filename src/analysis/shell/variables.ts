// Variables one call of a session sets and a later call uses. Neither host keeps a shell between calls
// (Claude Code starts each Bash call in a new shell, keeping only the working folder; Codex's calls are
// separate processes), yet an agent can carry them over (an rc file, CLAUDE_ENV_FILE, `source`), and a
// call that uses a variable it never set says it expects one from before: `export T=~` now and
// `rm -rf "$T"` later is judged as `rm -rf ~`. The session memory keeps each call's settings as entries
// `#shell.var.NAME` (text: the value; none: unknown); the next calls' analyses start with them set, as
// if an `export` of them opened the line, so every rule that reads what a line sets sees them too.
import type { RememberedFile } from "./types.js";
import type { Ctx, Env, WalkState } from "./walk-state.js";

const PREFIX = "#shell.var.";
/** At most this many variables a call (the last set win), each value at most MAX_VALUE characters. */
const MAX_VARS = 16;
const MAX_VALUE = 512;
/** At most this many are seeded into a later call (the most recent). */
const MAX_SEEDED = 32;
/** A name programs read from the environment by themselves (PGHOST, KUBECONFIG, AWS_PROFILE). */
const ENV_STYLE = /^[A-Z][A-Z0-9_]{3,}$/;
/** Variables the shell keeps itself, or that mean nothing in another call. */
const SKIP = new Set(["PWD", "OLDPWD", "IFS", "SHLVL", "_", "RANDOM", "SECONDS", "LINENO", "BASHPID", "PPID", "REPLY"]);

/** Notes a variable the command line sets for its own shell (not a remote one's, not a function's). */
export function noteSetVar(state: WalkState, ctx: Ctx, name: string, value: string | null): void {
  if (state.seeding || ctx.remote || ctx.inFunction || SKIP.has(name)) return;
  const vars = (state.setVars ??= new Map());
  vars.delete(name);
  // bash expands a leading ~ in an assignment (`T=~`, `export T=~/x`); a later call gets the folder.
  if (value !== null && (value === "~" || value.startsWith("~/"))) value = state.home + value.slice(1);
  vars.set(name, value !== null && value.length <= MAX_VALUE ? value : null);
  if (vars.size > MAX_VARS) vars.delete(vars.keys().next().value!);
}

/** The session memory's entries for the variables the command line set. */
export function variableMemory(state: WalkState): RememberedFile[] {
  return [...(state.setVars ?? [])].map(([k, v]) => ({ path: `${PREFIX}${k}`, ...(v !== null ? { text: v } : {}) }));
}

/** Whether a remembered entry is a variable's (not a file's). */
const isVariableEntry = (f: RememberedFile): boolean => f.path.startsWith(PREFIX);

const quote = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`;

/**
 * Starts the walk with the variables earlier calls set (the last value of each; one set to something
 * unknown since is left out) that the line may read: walked as one `export NAME=value …`, so they are
 * both in the environment and among the commands rules read what a line sets from.
 */
export function seedVariables(state: WalkState, files: RememberedFile[], env: Env, command: string): void {
  const last = new Map<string, string | undefined>();
  for (const f of files) {
    if (!isVariableEntry(f)) continue;
    const name = f.path.slice(PREFIX.length);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    last.delete(name);
    last.set(name, typeof f.text === "string" ? f.text.slice(0, MAX_VALUE) : undefined);
  }
  // Only what this line may read: a name it (or a file the session wrote, which it may run) spells, or
  // a configuration-style name (PGHOST, KUBECONFIG, RAILS_ENV) that programs read without a `$`.
  let texts: string | undefined;
  const used = (name: string): boolean => {
    if (ENV_STYLE.test(name) || command.includes(name)) return true;
    texts ??= files.map((f) => (isVariableEntry(f) ? "" : (f.text ?? ""))).join("\n");
    return texts.includes(name);
  };
  const known = [...last].filter((e): e is [string, string] => e[1] !== undefined && used(e[0])).slice(-MAX_SEEDED);
  if (known.length === 0) return;
  const text = `export ${known.map(([k, v]) => `${k}=${quote(v)}`).join(" ")}`;
  state.seeding = true;
  try {
    state.recurse.analyzeText(state, text, env, {
      src: text,
      top: false,
      context: "wrapped",
      wrappers: ["(an earlier call of the session)"],
      depth: 1,
    });
  } finally {
    state.seeding = false;
  }
}
