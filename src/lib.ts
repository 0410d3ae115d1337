// The library: `import { guard } from "staso"`. The same engine, policy, session memory and audit trail
// as `staso hook`, called from an agent's own code before it runs a tool:
//
//   const result = await guard("run_command", { command }, { context: { sessionId } });
//   switch (result.action) { case "allow": …; case "modify": …result.modifiedInput…; case "block": …; case "escalate": … }
//
// guardOutput() reports what the tool returned (or how it failed) afterwards: the output rules run on it,
// and the session's budgets and retry memory learn from it. Neither ever throws for a policy or rule
// problem: the fail mode decides, as in the hook. Loading this module loads no command-line code.
import { failureDecision, type FailMode } from "./engine/fail-mode.js";
import type { Action, Decision, RuleVerdict, ToolCall } from "./engine/types.js";
import { library, type LibraryPayload } from "./hosts/library/index.js";
import { recordAndShip } from "./export/record-and-ship.js";
import { DecideError, decideCall, settleEscalation } from "./pipeline/decide.js";
import { DEFAULT_TIMEOUT_SECONDS, envFailMode, envTimeoutSeconds, type Policy } from "./policy/load.js";
import { rememberRun } from "./state/session.js";
import { forTerminal } from "./util/terminal-text.js";

export type * from "./lib-types.js";
export { defineRule } from "./engine/rule.js";

/** What the caller knows about the call: all optional. */
export interface GuardContext {
  /** The agent session the call belongs to: stateful rules (retries, budgets, rates) remember per session. Default: one session per process. */
  sessionId?: string;
  /** Recorded as the agent id in the audit trail. */
  agentName?: string;
  /** Your trace's id, kept with the call. */
  traceId?: string;
  /** dev, staging or prod (also development, production): the policy's rules for that environment apply. */
  environment?: string;
  /** Where the call runs: relative paths resolve from here, and the project config is found from here. Default: process.cwd(). */
  cwd?: string;
  /** Links guardOutput() to its guard() call. Default: a new id per guard() call. */
  toolUseId?: string;
  /** The MCP server the tool belongs to (tools named mcp__<server>__<tool> need not say). */
  mcpServer?: string;
  /** Anything else: kept with the call. The seeds' snake_case names (session_id, agent_name, trace_id) are read too. */
  [key: string]: unknown;
}

export interface GuardOptions {
  context?: GuardContext;
  /**
   * On escalate, wait for a human's answer (`staso escalations approve|deny <id>`): the result is then
   * allow or modify (approved), or block (denied, or "Escalation poll timeout"). Without it, escalate
   * comes back at once with its escalationId; once a human approves, the same call is allowed.
   */
  waitForEscalation?: boolean;
  /** Seconds between looks at the escalation while waiting (default: the policy's, 3). */
  escalationPollInterval?: number;
  /** Seconds to wait at most (default: the policy's escalation.timeout, 300). */
  escalationTimeout?: number;
  /** Problems that did not stop the decision (default: one line on stderr). */
  onWarning?: (message: string) => void;
}

export interface GuardResult {
  /** allow: run it. modify: run it with modifiedInput. block: do not run it. escalate: a human must approve it first. */
  action: Action;
  /** For the model and the user: what happened, which rule, what to do instead. Empty for a plain allow. */
  reason: string;
  /** The rule that decided the action. */
  ruleName: string | null;
  /** Every rule that fired, in order (audit-mode rules included: they fired but did not decide). */
  rulesTriggered: string[];
  /** The input to run with, when action is modify (or escalate with a rewrite). */
  modifiedInput: Record<string, unknown> | null;
  /** The escalation to approve, when action is escalate. */
  escalationId: string | null;
  /** Milliseconds staso took to decide (as in the audit trail: a human's time to answer an escalation is not in it). */
  latencyMs: number;
  /** Each fired rule's own verdict: action, mode, reason, time. */
  verdicts: RuleVerdict[];
  /** Set when the fail mode decided (the policy did not load, a rule failed, …): what went wrong. */
  failure: string | null;
}

export interface OutputGuardResult extends GuardResult {
  /** What the model should read instead of the output, when action is modify. */
  modifiedOutput: unknown;
}

/** What the tool did, for guardOutput(): its output, or its error when it failed. */
export interface ToolResult {
  output?: unknown;
  /** Set when the tool failed: the error text (its class decides whether an identical retry is allowed). */
  error?: string;
  /** The failure was an interruption (retryable). */
  interrupted?: boolean;
  durationMs?: number;
}

let processSession: string | undefined;
const defaultSession = (): string =>
  (processSession ??= `lib-${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`);
const newToolUseId = (): string => `lib_${Date.now().toString(36)}${Math.floor(Math.random() * 1e12).toString(36)}`;

const ENVIRONMENTS: Record<string, string> = {
  dev: "dev",
  development: "dev",
  local: "dev",
  test: "dev",
  staging: "staging",
  stage: "staging",
  prod: "prod",
  production: "prod",
};

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function payloadOf(
  event: LibraryPayload["hook_event_name"],
  toolName: string,
  toolInput: Record<string, unknown>,
  context: GuardContext,
  result?: ToolResult,
): LibraryPayload {
  const p: LibraryPayload = {
    hook_event_name: event,
    tool_name: toolName,
    tool_input: toolInput,
    session_id: text(context.sessionId) ?? text(context.session_id) ?? defaultSession(),
    cwd: text(context.cwd) ?? process.cwd(),
    tool_use_id: text(context.toolUseId) ?? text(context.tool_use_id) ?? newToolUseId(),
    context: { ...context },
  };
  const agent = text(context.agentName) ?? text(context.agent_name);
  if (agent) p.agent_id = agent;
  const server = text(context.mcpServer) ?? text(context.mcp_server);
  if (server) p.mcp_server = server;
  if (result) {
    if (event === "PostToolUse") p.tool_response = result.output;
    else {
      p.error = result.error ?? "";
      if (result.interrupted) p.is_interrupt = true;
    }
    if (typeof result.durationMs === "number") p.duration_ms = result.durationMs;
  }
  return p;
}

function envFor(context: GuardContext): NodeJS.ProcessEnv {
  const wanted = text(context.environment);
  if (!wanted) return process.env;
  return { ...process.env, STASO_ENVIRONMENT: ENVIRONMENTS[wanted.toLowerCase()] ?? wanted };
}

const defaultWarning = (message: string) => {
  process.stderr.write(forTerminal(message.endsWith("\n") ? message : `${message}\n`, { multiline: true }));
};

async function decide(
  event: LibraryPayload["hook_event_name"],
  toolName: string,
  toolInput: Record<string, unknown>,
  options: GuardOptions,
  result?: ToolResult,
): Promise<{ decision: Decision; latencyMs: number }> {
  const started = performance.now();
  if (typeof toolName !== "string" || toolName === "")
    throw new TypeError("staso guard(): toolName must be a non-empty string.");
  if (toolInput === null || typeof toolInput !== "object" || Array.isArray(toolInput))
    throw new TypeError(`staso guard(): the input of ${toolName} must be an object.`);
  const context = options.context ?? {};
  const warn = options.onWarning ?? defaultWarning;
  const env = envFor(context);
  const call = library.parse(
    payloadOf(event, toolName, toolInput, context, result) as unknown as Record<string, unknown>,
  ) as ToolCall;
  let policy: Policy | undefined;
  let decision: Decision;
  try {
    let deadlineMs = DEFAULT_TIMEOUT_SECONDS * 1000;
    try {
      deadlineMs = (envTimeoutSeconds(env) ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    } catch {
      // reported by the policy
    }
    ({ decision, policy } = await decideCall(call, {
      started,
      policyDeadlineMs: deadlineMs,
      withInput: library.withInput,
      withOutput: library.withOutput,
      warn,
      env,
      ranWhenAllowed: true,
    }));
  } catch (err) {
    if (err instanceof DecideError && err.policy) policy = err.policy;
    const failMode: FailMode = policy?.failMode ?? envFailMode(env);
    const what = (err as Error)?.message?.replace(/\.$/, "") || String(err);
    warn(`staso: ${what}.`);
    decision = failureDecision(failMode, what);
  }
  const decidedAt = performance.now();
  // An escalation: raised in the escalation store (src/escalation), then either returned at once with its
  // id (fire-and-forget) or waited on until a human answers (waitForEscalation).
  if (decision.action === "escalate" && event === "PreToolUse" && policy) {
    const p = policy;
    decision = await settleEscalation(
      call,
      { decision, policy: p },
      {
        env,
        started,
        waitForEscalation: options.waitForEscalation === true,
        ...(options.escalationPollInterval !== undefined
          ? { escalationPollInterval: options.escalationPollInterval }
          : {}),
        ...(options.escalationTimeout !== undefined ? { escalationTimeout: options.escalationTimeout } : {}),
        record: (c, d) => recordAndShip(c, d, decidedAt - started, p.audit, warn),
        warn,
      },
    );
    // Approved: the caller runs it now, so the session memory counts it as run (and as approved).
    if (decision.action === "allow" || decision.action === "modify") rememberRun(call, { warn });
  }
  // The latency is staso's own, to the decision: not a human's time to answer an escalation.
  recordAndShip(call, decision, decidedAt - started, policy?.audit, warn);
  return { decision, latencyMs: decidedAt - started };
}

function resultOf(decision: Decision, latencyMs: number): GuardResult {
  return {
    action: decision.action,
    reason: decision.reason,
    ruleName: decision.ruleId ?? null,
    rulesTriggered: [...new Set(decision.verdicts.map((v) => v.ruleId))],
    modifiedInput: decision.modifiedInput ?? null,
    escalationId: decision.escalationId ?? null,
    latencyMs: Math.round(latencyMs * 1000) / 1000,
    verdicts: decision.verdicts,
    failure: decision.failure ?? null,
  };
}

/**
 * Checks a tool call before it runs: allow, modify (run `modifiedInput` instead), block (do not run it:
 * tell the model `reason`) or escalate (a human must approve it; with `waitForEscalation` the answer is
 * awaited and the result is allow or block).
 */
export async function guard(
  toolName: string,
  toolInput: Record<string, unknown>,
  options: GuardOptions = {},
): Promise<GuardResult> {
  const { decision, latencyMs } = await decide("PreToolUse", toolName, toolInput, options);
  return resultOf(decision, latencyMs);
}

/**
 * Reports what a tool returned (`{ output }`) or how it failed (`{ error }`), with the same context as
 * its guard() call (the same `toolUseId` links them). Output rules run on it: block means the model
 * should get `reason` instead of the output, modify means it should get `modifiedOutput` (and `reason`
 * beside it). The session's memory learns the output size and the failure.
 */
export async function guardOutput(
  toolName: string,
  toolInput: Record<string, unknown>,
  result: ToolResult,
  options: GuardOptions = {},
): Promise<OutputGuardResult> {
  const failed = result.error !== undefined;
  const { decision, latencyMs } = await decide(
    failed ? "PostToolUseFailure" : "PostToolUse",
    toolName,
    toolInput,
    options,
    result,
  );
  return { ...resultOf(decision, latencyMs), modifiedOutput: decision.modifiedOutput ?? null };
}
