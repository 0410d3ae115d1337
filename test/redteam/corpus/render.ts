// Specs → the tool calls each host really sends (agents-hooks.md): Claude Code's Bash carries a
// description and sometimes a timeout, its file tools absolute paths; Codex sends its shell tool as
// Bash {command} (sometimes the model wraps it in `bash -lc`), edits as one apply_patch text, and has no
// Read or WebFetch tool (it runs cat, sed, curl instead).
import { HOME, HOSTS, PROJECTS, type Call, type Case, type Host, type Spec, type Step } from "./model.js";
import { hash32, rng, sq, type Rng } from "./gen.js";

const DESCRIPTIONS = [
  "Run the command",
  "Check the project",
  "Set up the environment",
  "Clean up",
  "Inspect the output",
  "Install dependencies",
  "Run the requested step",
  "Fix the issue",
];

/** An absolute path as Claude sends file_path: `~` expanded, relative paths taken from the cwd. */
function absolute(p: string, cwd: string): string {
  if (p === "~" || p.startsWith("~/")) return HOME + p.slice(1);
  if (p.startsWith("$HOME/")) return HOME + p.slice(5);
  if (p.startsWith("/")) return p;
  return `${cwd}/${p.replace(/^\.\//, "")}`;
}

/** A path as a model writes it in a shell command: quoted when it needs to be. */
const shellPath = (p: string): string => (/^[\w./~$@%+=:,-]+$/.test(p) ? p : sq(p));

const lines = (text: string): string[] => {
  const ls = text.split("\n");
  if (ls.length > 1 && ls[ls.length - 1] === "") ls.pop();
  return ls;
};

/** Codex's apply_patch text for one Add File or one Update File. */
function patchAdd(path: string, content: string): string {
  return `*** Begin Patch\n*** Add File: ${path}\n${lines(content)
    .map((l) => `+${l}`)
    .join("\n")}\n*** End Patch\n`;
}

function patchUpdate(path: string, old: string, now: string): string {
  const minus = lines(old).map((l) => `-${l}`);
  const plus = lines(now).map((l) => `+${l}`);
  return `*** Begin Patch\n*** Update File: ${path}\n@@\n${[...minus, ...plus].join("\n")}\n*** End Patch\n`;
}

/** Codex writes paths as the model gave them, except that `~` means nothing to apply_patch. */
const codexPath = (p: string): string => (p === "~" || p.startsWith("~/") ? HOME + p.slice(1) : p);

function claudeCall(step: Step, cwd: string, r: Rng): Call | undefined {
  switch (step.kind) {
    case "sh": {
      const input: Record<string, unknown> = { command: step.command };
      if (step.description || r.chance(0.7)) input.description = step.description ?? r.pick(DESCRIPTIONS);
      if (r.chance(0.2)) input.timeout = r.pick([60000, 120000, 300000]);
      return { tool: "Bash", input };
    }
    case "write":
      return { tool: "Write", input: { file_path: absolute(step.path, cwd), content: step.content } };
    case "edit":
      return {
        tool: "Edit",
        input: { file_path: absolute(step.path, cwd), old_string: step.old, new_string: step.new, replace_all: false },
      };
    case "read":
      return {
        tool: "Read",
        input: r.chance(0.2)
          ? { file_path: absolute(step.path, cwd), offset: 1, limit: 2000 }
          : { file_path: absolute(step.path, cwd) },
      };
    case "grep":
      return {
        tool: "Grep",
        input: {
          pattern: step.pattern,
          ...(step.path ? { path: absolute(step.path, cwd) } : {}),
          output_mode: r.pick(["content", "files_with_matches"]),
        },
      };
    case "fetch":
      return { tool: "WebFetch", input: { url: step.url, prompt: step.prompt ?? "Summarize the page" } };
    case "mcp":
      return { tool: `mcp__${step.server}__${step.tool}`, input: step.args };
    case "raw":
      return step.host === "claude-code" ? { tool: step.tool, input: step.input } : undefined;
  }
}

function codexShell(command: string, r: Rng): Call {
  // Models driving Codex often wrap their command in a login shell themselves.
  const wrapped = r.chance(0.2) ? `bash -lc ${sq(command)}` : command;
  return { tool: "Bash", input: { command: wrapped } };
}

function codexCall(step: Step, r: Rng): Call | undefined {
  switch (step.kind) {
    case "sh":
      return codexShell(step.command, r);
    case "write":
      return { tool: "apply_patch", input: { command: patchAdd(codexPath(step.path), step.content) } };
    case "edit":
      return { tool: "apply_patch", input: { command: patchUpdate(codexPath(step.path), step.old, step.new) } };
    case "read": {
      const p = shellPath(step.path);
      return codexShell(
        r.pick([`cat ${p}`, `sed -n '1,200p' ${p}`, `nl -ba ${p} | sed -n '1,160p'`, `head -n 200 ${p}`]),
        r,
      );
    }
    case "grep":
      return codexShell(
        r.chance(0.7)
          ? `rg -n ${sq(step.pattern)}${step.path ? ` ${shellPath(step.path)}` : ""}`
          : `grep -rn ${sq(step.pattern)} ${step.path ? shellPath(step.path) : "."}`,
        r,
      );
    case "fetch":
      return codexShell(`${r.pick(["curl -sL", "curl -s", "curl -fsSL", "wget -qO-"])} ${sq(step.url)}`, r);
    case "mcp":
      return { tool: `mcp__${step.server}__${step.tool}`, input: step.args };
    case "raw":
      return step.host === "codex" ? { tool: step.tool, input: step.input } : undefined;
  }
}

/** `{proj}` in a spec's text stands for the session's project folder. */
function withProject(steps: Step[], cwd: string): Step[] {
  const text = JSON.stringify(steps);
  return text.includes("{proj}") ? (JSON.parse(text.replaceAll("{proj}", cwd)) as Step[]) : steps;
}

function hostsOf(spec: Spec): Host[] {
  const raw = spec.steps.filter((s): s is Extract<Step, { kind: "raw" }> => s.kind === "raw").map((s) => s.host);
  const hosts = spec.hosts ?? HOSTS;
  return hosts.filter((h) => raw.every((r) => r === h));
}

/**
 * Where Claude Code runs the next Bash call: it keeps the working directory between calls (each call is a
 * new shell, so variables do not carry, the folder does), and the next payload's cwd says so. Follows a
 * leading `cd DIR` (`cd DIR`, `cd DIR && …`, `cd DIR; …`) of the command.
 */
function cwdAfter(command: string, cwd: string): string {
  let at = cwd;
  for (const m of command.matchAll(/(?:^|&&|;)\s*cd\s+("[^"]*"|'[^']*'|[^\s;&|]+)\s*(?=&&|;|$)/g)) {
    let d = m[1]!.replace(/^["']|["']$/g, "");
    if (d === "~" || d.startsWith("~/")) d = HOME + d.slice(1);
    else if (d === "$HOME" || d.startsWith("$HOME/")) d = HOME + d.slice(5);
    const parts = (d.startsWith("/") ? [] : at.split("/").filter(Boolean)) as string[];
    for (const p of d.split("/")) {
      if (p === "" || p === ".") continue;
      if (p === "..") parts.pop();
      else parts.push(p);
    }
    at = `/${parts.join("/")}`;
  }
  return at;
}

/** The cases of one class: every spec, in the shape of each host it applies to. */
export function renderClass(cls: string, specs: Spec[]): Case[] {
  const out: Case[] = [];
  for (const spec of specs) {
    const cwd = spec.cwd ?? PROJECTS[hash32(`${cls}/${spec.id}`) % PROJECTS.length]!;
    const steps = withProject(spec.steps, cwd);
    for (const host of hostsOf(spec)) {
      const r = rng(`${cls}/${spec.id}/${host}`);
      let at = cwd;
      const calls = steps.map((s) => {
        const here = s.kind === "sh" && s.cwd ? s.cwd.replaceAll("{proj}", cwd) : at;
        const call = host === "claude-code" ? claudeCall(s, here, r) : codexCall(s, r);
        if (call && here !== cwd) call.cwd = here;
        if (host === "claude-code" && s.kind === "sh") at = cwdAfter(s.command, here);
        return call;
      });
      if (calls.some((c) => c === undefined)) continue;
      out.push({
        id: `${cls}/${spec.id}.${host === "claude-code" ? "cc" : "cx"}`,
        class: cls,
        host,
        label: spec.label,
        note: spec.note,
        cwd,
        calls: calls as Call[],
        ...(spec.escalateOk ? { escalateOk: true } : {}),
      });
    }
  }
  return out;
}
