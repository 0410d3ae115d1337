// The host-neutral shapes of the hook pipeline. Host adapters turn an agent's payload into a ToolCall;
// the engine turns a ToolCall into a Decision; adapters render the Decision back. Rules see only these.

type HostId = string; // "claude-code", "codex", "library", … (adapters own the names)

/** When in the tool's life the call is seen. */
export type HookEvent = "pre" | "post" | "post-failure";

/** What a tool does, whatever the host calls it. Rules select on this, never on host tool names. */
export type ToolKind =
  | "shell" // runs a command line
  | "write" // writes a whole file
  | "edit" // changes part of a file
  | "patch" // a multi-file patch (Codex apply_patch)
  | "read" // reads a file
  | "search" // greps or globs over files
  | "fetch" // fetches a URL
  | "web-search"
  | "mcp" // a tool of an MCP server
  | "agent" // starts a sub-agent
  | "other";

type FileOp = "write" | "edit" | "add" | "update" | "delete" | "move";

/** One file the call would change, with the text it would put there. */
export interface FileChange {
  op: FileOp;
  /** Absolute path. */
  path: string;
  /** The path joined to the cwd with its ".." kept, when it has any (resolved on disk, through links). */
  spelled?: string;
  /** Absolute destination of a move (patch "Move to"). */
  moveTo?: string;
  /** The whole new content, when the call gives it (Write, patch Add File). */
  content?: string;
  /** The text the call adds (Edit new_string, the + lines of a patch hunk). Equals content when that is known. */
  added?: string;
}

/** One file or folder the call would read or search. */
export interface FileRead {
  path: string;
  /** Search pattern or glob, when the tool takes one. */
  pattern?: string;
}

export interface SessionInfo {
  id?: string;
  cwd: string;
  agentId?: string;
  permissionMode?: string;
  transcriptPath?: string;
}

/** A tool call as every rule sees it, whichever agent sent it. */
export interface ToolCall {
  host: HostId;
  event: HookEvent;
  /** The tool's name as the host sent it (`Bash`, `Write`, `apply_patch`, `mcp__github__create_issue`). */
  tool: string;
  kind: ToolKind;
  /** The tool input as the host sent it (or as an earlier rule rewrote it). */
  input: Record<string, unknown>;
  /** Host-neutral views of the input, derived by the host adapter. */
  shell?: {
    command: string;
    /**
     * What is typed into the command while it runs reaches no hook: Codex lets the model keep writing to a
     * command's terminal (write_stdin), which is never hooked. Set by the host adapter.
     */
    typedInputUnseen?: boolean;
  };
  files: FileChange[];
  reads: FileRead[];
  urls: string[];
  mcp?: { server: string; tool: string };
  /** PostToolUse: what the tool returned, raw and as text. */
  output?: unknown;
  outputText?: string;
  /** PostToolUseFailure: the error text. */
  error?: string;
  session: SessionInfo;
  toolUseId?: string;
  /** What the host adapter could not interpret (e.g. a malformed patch): the call follows the fail mode. */
  problems: string[];
  /** The payload exactly as received, for the audit trail. */
  raw: unknown;
}

export type Action = "allow" | "block" | "modify" | "escalate";
export type RuleMode = "enforce" | "audit" | "off";

/** What one rule said about one call. Only rules that fired leave a verdict. */
export interface RuleVerdict {
  ruleId: string;
  action: Exclude<Action, "allow">;
  mode: Exclude<RuleMode, "off">;
  reason: string;
  /** Milliseconds the rule's check took. */
  ms: number;
}

export interface Decision {
  action: Action;
  /** For the model and the user: what happened, which rule, what to do instead. Empty for allow. */
  reason: string;
  /** The rule that decided the action (the first rule with the winning action). */
  ruleId?: string;
  /** The input the tool should run with, when action is modify (before the tool runs). */
  modifiedInput?: Record<string, unknown>;
  /** What the model should read instead of the tool's output, when action is modify (after it ran). */
  modifiedOutput?: unknown;
  escalationId?: string;
  /** How an escalation was (or is being) settled: set by the escalation step (src/escalation/), recorded in the audit trail. */
  escalation?: EscalationOutcome;
  verdicts: RuleVerdict[];
  /** Set when the decision came from the fail mode, not from the rules: what went wrong. */
  failure?: string;
  /** What each judge (a rule that asks a model) said, allow included, with its model, time and tokens. */
  judges?: JudgeRecord[];
}

/** One judge's verdict on one call: what the audit trail, `staso logs`/`stats` and `staso check` show. */
export interface JudgeRecord {
  ruleId: string;
  provider: string;
  model: string;
  /** The verdict applied: the model's own, or the judge's onTimeout when it gave no usable answer in time. */
  verdict: "allow" | "block" | "escalate";
  /**
   * answered: the model's verdict; cached: the same call's earlier verdict (no request); timeout,
   * rate-limited, error, malformed: no usable answer in time, so the judge's onTimeout was applied.
   */
  outcome: "answered" | "cached" | "timeout" | "rate-limited" | "error" | "malformed";
  /** The model's reason, or what went wrong. */
  reason: string;
  /** Milliseconds from the judge starting to its verdict. */
  latencyMs: number;
  /** Requests sent (0 for a cached verdict or one given up before asking; more than 1 after a retry). */
  requests: number;
  tokens?: { input: number; output: number };
  /** The gray-zone judge: the rules that could not decide, which it decided for instead of the fail mode. */
  grayZone?: string[];
}

/** Where an escalated call stands: asked in the host's prompt, waiting for a human, or answered. */
export interface EscalationOutcome {
  /** ask: the host's own prompt; wait: the hook held the call; fire-and-forget: blocked with an id to approve. */
  mode: "ask" | "wait" | "fire-and-forget";
  status: "asked" | "pending" | "approved" | "denied" | "timeout";
  /** The escalation this call was matched to or raised (also in Decision.escalationId). */
  id?: string;
  /** The exact command that approves it (for the reason shown to the model and the notification). */
  approveCommand?: string;
  /** Or, when a Staso server holds the escalation, the dashboard page where a human answers it. */
  approveUrl?: string;
  /** When a pending escalation times out (ISO). */
  expiresAt?: string;
  /** Who answered: the OS user that ran `staso escalations approve|deny`, or "staso" for a timeout. */
  resolvedBy?: string;
  resolvedAt?: string;
  /** The human's reason, when they gave one. */
  resolutionReason?: string;
  /** From raising the escalation to its answer. */
  timeToResolutionMs?: number;
  /** How long this call waited in the hook. */
  waitedMs?: number;
  /** An approval or denial for this one call, or for the same call until a time (ISO). */
  scope?: "once" | "window";
  until?: string;
}
