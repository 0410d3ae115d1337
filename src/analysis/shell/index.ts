// The shell analysis of a call, computed once per call (rules share it) and only when a rule asks.
import { homeDir } from "../../builtin.js";
import type { ToolCall } from "../../engine/types.js";
import { analyzeShell } from "./analyze.js";
import { projectRoot } from "./paths.js";
import type { RememberedFile, ShellAnalysis } from "./types.js";
import type { ShellSubjects } from "../../engine/dispatch.js";
import { subjectsOfCall } from "./subjects.js";

export { analyzeShell } from "./analyze.js";
export { GIT_COMMAND_KEYS } from "./unwrap.js";
export type { Redirect, RememberedFile, ShellAnalysis, SimpleCommand, WordInfo } from "./types.js";
export { rememberedWrites } from "./files.js";

const cache = new WeakMap<ToolCall, ShellAnalysis>();

let home: string | undefined;
/** The user's home directory (cached for the process). */
export function userHome(): string {
  if (home === undefined) {
    try {
      home = homeDir().replace(/(.)\/+$/, "$1");
    } catch {
      home = "/nonexistent-home";
    }
  }
  return home;
}

let fileMemory: ((call: ToolCall) => RememberedFile[] | undefined) | undefined;

/**
 * Where the files earlier calls of a session made are remembered (the session memory registers itself):
 * a later call that runs one of them is analysed with what it holds.
 */
export function useFileMemory(memory: (call: ToolCall) => RememberedFile[] | undefined): void {
  fileMemory = memory;
}

const remembered = new WeakMap<ToolCall, RememberedFile[]>();

/**
 * The files earlier calls of the call's session wrote, downloaded or linked (their text when short): a
 * rule that judges a file a command reads (a SQL file fed to a client) looks its text up here.
 */
export function rememberedFiles(call: ToolCall): RememberedFile[] {
  let files = remembered.get(call);
  if (!files) {
    files = (call.event === "pre" ? fileMemory?.(call) : undefined) ?? [];
    remembered.set(call, files);
  }
  return files;
}

/** The analysis of the call's shell command, or undefined when the call runs no shell command. */
export function shellOf(call: ToolCall): ShellAnalysis | undefined {
  if (!call.shell) return undefined;
  let a = cache.get(call);
  if (!a) {
    const files = rememberedFiles(call);
    a = analyzeShell(call.shell.command, {
      cwd: call.session.cwd,
      home: userHome(),
      ...(files?.length ? { files } : {}),
    });
    cache.set(call, a);
  }
  return a;
}

let sessionStart: ((call: ToolCall) => string | undefined) | undefined;

/** Where the folder a session started in is remembered (the session memory registers itself). */
export function useSessionStart(start: (call: ToolCall) => string | undefined): void {
  sessionStart = start;
}

/**
 * A folder a session may have started in and still call its project: a plain absolute path that is not
 * the root, the home folder or above it (a memory the agent forged to widen its project gets nothing).
 */
function plausibleStart(dir: string | undefined): dir is string {
  if (typeof dir !== "string" || !/^\/[^\0]*[^/]$/.test(dir) || /(?:^|\/)\.\.?(?:\/|$)/.test(dir)) return false;
  const home = userHome();
  return !(home === dir || home.startsWith(`${dir}/`));
}

/**
 * The project the call works in: the git root above the folder the session started in (Claude Code keeps
 * a `cd` between calls, so the call's own cwd may be anywhere: home, /, the project's parent), else above
 * the call's cwd, else the cwd.
 */
export function projectOf(call: ToolCall): string {
  const start = call.event === "pre" ? sessionStart?.(call) : undefined;
  return projectRoot(plausibleStart(start) ? start : call.session.cwd || "/");
}

/** What the call's shell command runs, for the engine's dispatch (subjects.ts); undefined when it runs none. */
export function shellSubjects(call: ToolCall): ShellSubjects | undefined {
  return subjectsOfCall(call, shellOf);
}
