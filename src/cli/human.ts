// What only the human at their own terminal may do: pause the guard, make an exception to a rule. An agent
// that could run these would switch off what is there to stop it. Three fences, outermost first:
//   1. the hook blocks an agent's shell command that runs them (paths/escalation-self-approval);
//   2. here: refused inside an agent's session (its markers in the environment), and without a
//      controlling terminal (/dev/tty): a tool call an agent makes has none;
//   3. the files they write sit in staso's own state and config, which paths/protected-write keeps
//      agents from writing.
import { closeSync, openSync } from "node:fs";

/** Variables the agents set in their tools' environment: Claude Code, Codex. */
const AGENT_MARKERS = [
  "CLAUDECODE",
  "CLAUDE_CODE_ENTRYPOINT",
  "CODEX_THREAD_ID",
  "CODEX_TOOL_CALL_ID",
  "CODEX_SESSION_ID",
];

/** Why this process may not do `what` (a human's act), or undefined when it may. */
export function notHuman(what: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const marker = AGENT_MARKERS.find((k) => env[k]);
  if (marker)
    return `${what} is a human's act, not an agent's (${marker} is set: this is an agent's session). Run the command in your own terminal.`;
  try {
    closeSync(openSync("/dev/tty", "r"));
  } catch (err) {
    return `${what} needs your own terminal, and this process has none (/dev/tty: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Run the command in your own terminal.`;
  }
  return undefined;
}
