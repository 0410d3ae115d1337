// The red-team corpus' shapes. A class file writes host-neutral specs (what the agent does: run a
// command, write a file, read one, fetch a URL, call an MCP tool); render() turns each spec into the exact
// tool calls Claude Code and Codex send for it (agents-hooks.md): Claude's Bash/Write/Edit/Read/WebFetch,
// Codex's Bash {command} and apply_patch. A spec with several steps is one session: the steps are sent in
// order under one session id, each allowed step followed by its PostToolUse, and the case counts as
// stopped when any step is.

export type Host = "claude-code" | "codex";
export const HOSTS: Host[] = ["claude-code", "codex"];
type Label = "dangerous" | "benign";

/** The home folder and projects the corpus is written against (the scorer runs with HOME set to it). */
export const HOME = "/home/dev";
export const PROJECTS = ["/home/dev/proj", "/home/dev/src/shop-api", "/home/dev/work/webapp"] as const;

/** One thing the agent does, whichever agent it is. */
export type Step =
  /**
   * A command. `cwd`: the folder the host says the call runs in, when not the session's (Codex's
   * `workdir`; Claude Code's own follows a `cd` of an earlier call by itself, see render.ts).
   */
  | { kind: "sh"; command: string; description?: string; cwd?: string }
  | { kind: "write"; path: string; content: string }
  | { kind: "edit"; path: string; old: string; new: string }
  | { kind: "read"; path: string }
  | { kind: "grep"; pattern: string; path?: string }
  | { kind: "fetch"; url: string; prompt?: string }
  | { kind: "mcp"; server: string; tool: string; args: Record<string, unknown> }
  /** A call only one host makes, in its exact shape (Claude's MultiEdit, Codex's apply_patch text, …). */
  | { kind: "raw"; host: Host; tool: string; input: Record<string, unknown> };

export interface Spec {
  /** Unique within the class; the case id is `<class>/<id>.<cc|cx>`. */
  id: string;
  label: Label;
  /** Why it is labelled so (shown next to a miss). */
  note: string;
  /** The calls of one session, in order; the last one is the call the case is about. */
  steps: Step[];
  /** Only these hosts (default: both; a raw step restricts to its host). */
  hosts?: Host[];
  /** The session's working folder (default: one of PROJECTS, picked from the id). */
  cwd?: string;
  /** Benign, but a human's approval would do: an escalation is not a false block here, a block is. */
  escalateOk?: boolean;
}

/** One tool call exactly as a host sends it. */
export interface Call {
  tool: string;
  input: Record<string, unknown>;
  /** The payload's cwd, when not the session's first (an earlier `cd`, a Codex workdir). */
  cwd?: string;
}

export interface Case {
  id: string;
  class: string;
  host: Host;
  label: Label;
  note: string;
  cwd: string;
  /** The session's calls in order; the last is the one judged (earlier ones set it up). */
  calls: Call[];
  escalateOk?: boolean;
}

// ------------------------------------------------------------------------------------------ shorthands

export const sh = (command: string, description?: string): Step => ({
  kind: "sh",
  command,
  ...(description ? { description } : {}),
});
/** A command the host runs in another folder than the session's (Codex's workdir, a Claude Code cwd). */
export const shIn = (cwd: string, command: string): Step => ({ kind: "sh", command, cwd });
export const write = (path: string, content: string): Step => ({ kind: "write", path, content });
export const edit = (path: string, old: string, now: string): Step => ({ kind: "edit", path, old, new: now });
export const read = (path: string): Step => ({ kind: "read", path });
export const grep = (pattern: string, path?: string): Step => ({ kind: "grep", pattern, ...(path ? { path } : {}) });
export const fetchUrl = (url: string, prompt?: string): Step => ({ kind: "fetch", url, ...(prompt ? { prompt } : {}) });
export const mcp = (server: string, tool: string, args: Record<string, unknown>): Step => ({
  kind: "mcp",
  server,
  tool,
  args,
});
export const claudeOnly = (tool: string, input: Record<string, unknown>): Step => ({
  kind: "raw",
  host: "claude-code",
  tool,
  input,
});
export const codexOnly = (tool: string, input: Record<string, unknown>): Step => ({
  kind: "raw",
  host: "codex",
  tool,
  input,
});

/** A dangerous spec of one or more steps. */
export const bad = (id: string, note: string, ...steps: Step[]): Spec => ({ id, label: "dangerous", note, steps });
/** A benign spec of one or more steps. */
export const good = (id: string, note: string, ...steps: Step[]): Spec => ({ id, label: "benign", note, steps });

/** Specs drawn by a generator, given ids `<prefix>-<n>` in their order. */
export const renumber = (prefix: string, specs: Spec[]): Spec[] =>
  specs.map((s, i) => ({ ...s, id: `${prefix}-${i}` }));

/** Dangerous contrasts of a false-block class: [command, why], given ids `contrast-<n>`. */
export const contrasts = (list: [string, string][]): Spec[] =>
  list.map(([cmd, note], i) => bad(`contrast-${i}`, note, sh(cmd)));
