// What an agent integration provides. Host adapters are the only code that knows an agent exists:
// adding an agent is one folder implementing this, plus its setup writer.
import type { ExampleCall } from "../engine/rule.js";
import type { Decision, ToolCall } from "../engine/types.js";

export interface HookOutput {
  /** Exactly what goes to stdout ("" prints nothing). */
  stdout: string;
  exitCode: number;
}

export interface HostAdapter {
  id: string;
  /** Names accepted by --target for this host. */
  aliases: string[];
  /** True when a payload without --target looks like this host's. */
  recognizes(payload: Record<string, unknown>): boolean;
  /**
   * The host-neutral call, or null for an event staso does not guard (a quiet no-op).
   * Throws PayloadError for a payload it cannot read.
   */
  parse(payload: Record<string, unknown>): ToolCall | null;
  /** The same call with a rewritten input, every derived view recomputed. */
  withInput(call: ToolCall, input: Record<string, unknown>): ToolCall;
  /** The same (post-event) call with a rewritten output, its text recomputed. */
  withOutput(call: ToolCall, output: unknown): ToolCall;
  /** The tools this host sends and their input fields, for `staso check`/`test` to catch typos. */
  toolInputs?: Record<string, { required: string[]; optional: string[] }>;
  /** The decision in the host's own protocol. */
  render(call: ToolCall, decision: Decision): HookOutput;
  /** A rule example's call as this host sends it (tool and input), or undefined when it has no such tool. */
  exampleCall?(example: ExampleCall, cwd: string): { tool: string; input: Record<string, unknown> } | undefined;
}
