// Whether a command runs inside an agent's session: a first fence for what only a human may do (answer an
// escalation, set the approval passphrase, change the guard). Only a fence, not the lock: the agent can
// strip its markers from the environment, and a process started by a tmux server or `at` is no child of
// the agent. The lock is the approval passphrase (src/escalation/approval-key.ts).
import { readFileSync } from "node:fs";

/**
 * The variable that says so: Claude Code sets CLAUDECODE and CLAUDE_CODE_ENTRYPOINT in its tools'
 * environment, Codex CODEX_THREAD_ID and CODEX_TOOL_CALL_ID.
 */
export function agentMarker(env: NodeJS.ProcessEnv): string | undefined {
  for (const k of ["CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "CODEX_THREAD_ID", "CODEX_TOOL_CALL_ID", "CODEX_SESSION_ID"])
    if (env[k]) return k;
  return undefined;
}

/** An agent's own program among this process's ancestors (Linux: /proc), named as it runs. */
export function agentAncestor(): string | undefined {
  let pid = process.ppid;
  for (let i = 0; i < 64 && pid > 1; i++) {
    let cmdline: string[];
    let stat: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      return undefined; // no /proc (macOS, Windows), or the process is gone
    }
    const words = cmdline.slice(0, 3).map((w) => w.replace(/^.*\//, ""));
    if (
      words[0] === "claude" ||
      words[0] === "codex" ||
      cmdline.slice(0, 3).some((w) => /@anthropic-ai\/claude-code\/|@openai\/codex\//.test(w))
    )
      return words[0] === "node" ? (cmdline[1] ?? "node") : (cmdline[0] ?? "?");
    // The parent's pid is the fourth field, after the command name in parentheses (which may hold spaces).
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (!Number.isInteger(ppid) || ppid === pid) return undefined;
    pid = ppid;
  }
  return undefined;
}
