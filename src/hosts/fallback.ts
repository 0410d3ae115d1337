// The answer when the host is unknown (garbage on stdin): a PreToolUse deny in the form both Claude Code
// and Codex accept (Codex rejects any extra key, Claude needs hookEventName).
import type { HookOutput } from "./types.js";
import { jsonForTerminal } from "../util/terminal-text.js";

export function renderUniversalDeny(reason: string): HookOutput {
  return {
    stdout: `${jsonForTerminal({
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "deny",
        permissionDecisionReason: reason,
      },
    })}\n`,
    exitCode: 0,
  };
}
