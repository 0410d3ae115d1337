// The shell analysis of a call, computed once per call (rules share it) and only when a rule asks.
import { homedir } from "node:os";
import type { ToolCall } from "../../engine/types.js";
import { analyzeShell } from "./analyze.js";
import type { ShellAnalysis } from "./types.js";

export { analyzeShell } from "./analyze.js";
export type { ShellAnalysis, SimpleCommand, Redirect } from "./types.js";

const cache = new WeakMap<ToolCall, ShellAnalysis>();

/** The analysis of the call's shell command, or undefined when the call runs no shell command. */
export function shellOf(call: ToolCall): ShellAnalysis | undefined {
  if (!call.shell) return undefined;
  let a = cache.get(call);
  if (!a) {
    a = analyzeShell(call.shell.command, { cwd: call.session.cwd, home: homedir() });
    cache.set(call, a);
  }
  return a;
}
