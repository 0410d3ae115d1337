// The escalation step: what happens to a call the rules escalated, right after the decision. Loaded only
// then (src/pipeline/decide.ts imports it on demand), so an everyday call pays nothing for it.
//
//   ask              Claude Code with a human at its prompt: Claude asks (the decision goes out as is).
//   fire-and-forget  the call is blocked now, with an escalation id and the command that approves it;
//                    once approved, the same call goes through when the agent retries it.
//   wait             the hook holds the call, looking at the escalation every pollInterval seconds,
//                    until a human approves (the call runs), denies (blocked with their reason) or the
//                    timeout passes (blocked: "Escalation poll timeout"). The wait always ends before the
//                    agent would give up on the hook (both agents run the tool when a hook times out).
//
// Before raising anything, the store is asked whether a human already answered this call: an approval
// (once, or for a while) lets it through; a recent denial blocks it with the human's reason; a pending
// escalation of the same call is reused, never duplicated.
import { readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import type { Decision, EscalationOutcome, HookEvent, ToolCall } from "../engine/types.js";
import type { RecordedCall } from "../audit/record-decision.js";
import { maskText, maskValue } from "../audit/mask.js";
import { projectOf } from "../audit/project.js";
import type { Policy } from "../policy/load.js";
import { stasoPaths } from "../paths.js";
import { failureDecision } from "../engine/fail-mode.js";
import { serverConnection } from "../remote/connection.js";
import { FileEscalationStore } from "./file-store.js";
import { approvalKeyPath, approvalVerifier } from "./approval-key.js";
import { RemoteEscalationStore } from "./remote-store.js";
import { notifyHuman } from "./notify.js";
import {
  escalationContext,
  HOST_MARGIN_SECONDS,
  hostTimeoutSecondsFor,
  modeFor,
  resolveEscalationSettings,
  type EscalationContext,
} from "./settings.js";
import { callSignature, callSummary } from "./signature.js";
import type { Escalation, EscalationRequest, EscalationStore } from "./types.js";

export interface EscalationStepOptions {
  env?: NodeJS.ProcessEnv;
  /** performance.now() when the call arrived: the agent's clock on the hook started about then. */
  started?: number;
  /** Overrides the policy's mode: true waits, false is fire-and-forget (the library's wait_for_escalation). */
  waitForEscalation?: boolean;
  /** Seconds between two looks at the escalation (default: the policy's escalation.pollInterval, 3). */
  escalationPollInterval?: number;
  /** Seconds to wait for a human (default: the policy's escalation.timeout, 300). */
  escalationTimeout?: number;
  /**
   * Seconds the agent gives the hook before running the tool anyway (setup writes it into the hook
   * command as --host-timeout); "default": the hook command does not say, so assume what setup writes
   * without wait mode. The wait ends HOST_MARGIN_SECONDS before. Undefined: no host (the library).
   */
  hostTimeoutSeconds?: number | "default";
  /** Reasons are read by a model through an agent: say what happened and what to do next. */
  forModel?: boolean;
  /** Records a decision made on the way: the escalation raised before the wait, one found timed out. */
  record?: (call: RecordedCall, decision: Decision) => void;
  /** Default: the Staso server when this machine is connected to one, else the local store under <data dir>/escalations. */
  store?: EscalationStore;
  warn?: (message: string) => void;
  /** Stops a wait (the decision is then a timeout). */
  signal?: AbortSignal;
}

/** The OS user, as the audit trail names who raised or answered an escalation. */
export function currentUser(env: NodeJS.ProcessEnv = process.env): string {
  try {
    const name = userInfo().username;
    if (name && name !== "unknown") return name; // Bun answers "unknown" when USER is not set
  } catch {
    // no passwd entry (some containers)
  }
  if (env.USER || env.LOGNAME || env.USERNAME) return (env.USER || env.LOGNAME || env.USERNAME)!;
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  if (uid === undefined) return "unknown";
  try {
    const line = readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .find((l) => l.split(":")[2] === String(uid));
    if (line) return line.split(":")[0]!;
  } catch {
    // not a Unix, or no passwd file
  }
  return `uid ${uid}`;
}

const escalationsDir = (env: NodeJS.ProcessEnv = process.env): string => join(stasoPaths(env).dataDir, "escalations");

/** The local store, counting only answers the user's approval key (or a key it trusts) signed. */
export function localEscalationStore(env: NodeJS.ProcessEnv = process.env): FileEscalationStore {
  return new FileEscalationStore(escalationsDir(env), { verify: approvalVerifier(approvalKeyPath(stasoPaths(env))) });
}

/** Where this machine's escalations are kept: its Staso server when it is connected to one, else locally. */
function escalationStore(env: NodeJS.ProcessEnv = process.env, timeoutMs?: number): EscalationStore {
  const conn = serverConnection(env);
  return conn ? new RemoteEscalationStore(conn, timeoutMs) : localEscalationStore(env);
}

/** Where a human answers the escalation: the server's dashboard page, or the command for the local store. */
function answerAt(store: EscalationStore, id: string, env: NodeJS.ProcessEnv): Partial<EscalationOutcome> {
  return store instanceof RemoteEscalationStore
    ? { approveUrl: store.answerUrl(id) }
    : { approveCommand: approveCommand(id, env) };
}

/**
 * The exact command that approves an escalation, as the user types it in their own terminal. (STASO_HOME,
 * when the agent runs with one, is the user's own setting: it is not spelled out to the model.)
 */
export function approveCommand(id: string, _env: NodeJS.ProcessEnv = process.env): string {
  return `staso escalations approve ${id}`;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

const msBetween = (from: string, to: string | undefined) =>
  to ? Math.max(0, Date.parse(to) - Date.parse(from)) : undefined;

function outcomeOf(
  e: Escalation,
  mode: EscalationOutcome["mode"],
  env: NodeJS.ProcessEnv,
  extra: Partial<EscalationOutcome> = {},
  store?: EscalationStore,
): EscalationOutcome {
  const r = e.resolution;
  return {
    mode,
    status: e.status,
    id: e.id,
    ...(e.status === "pending"
      ? {
          ...(store ? answerAt(store, e.id, env) : { approveCommand: approveCommand(e.id, env) }),
          expiresAt: e.expiresAt,
        }
      : {}),
    ...(r ? { resolvedBy: r.by, resolvedAt: r.at, timeToResolutionMs: msBetween(e.createdAt, r.at) } : {}),
    ...(r?.reason ? { resolutionReason: r.reason } : {}),
    ...(r?.scope ? { scope: r.scope } : {}),
    ...(r?.until && r.status !== "timeout" ? { until: r.until } : {}),
    ...extra,
  };
}

/** What the audit trail records for an escalation's answer: the call as raised, the human's decision. */
export function resolutionRecord(
  e: Escalation,
  mode: EscalationOutcome["mode"] = e.mode,
): { call: RecordedCall; decision: Decision } {
  const r = e.resolution;
  const approved = r?.status === "approved";
  const reason = !r
    ? e.reason
    : r.status === "timeout"
      ? `Escalation poll timeout: nobody answered escalation ${e.id} in time.`
      : `${approved ? "Approved" : "Denied"} by ${r.by}${r.scope === "window" && r.until ? ` until ${r.until}` : approved ? " (once)" : ""} (escalation ${e.id})${r.reason ? `: ${r.reason}` : "."}`;
  return {
    // "escalation": not a hook event but a human's (or the clock's) answer to one.
    call: {
      host: e.host,
      event: "escalation" as HookEvent,
      tool: e.tool,
      session: { cwd: e.cwd ?? "", ...(e.session ? { id: e.session } : {}) },
      ...(e.toolUseId ? { toolUseId: e.toolUseId } : {}),
      input: e.input,
    },
    decision: {
      action: approved ? "allow" : "block",
      reason,
      ...(e.ruleId ? { ruleId: e.ruleId } : {}),
      escalationId: e.id,
      escalation: outcomeOf(e, mode, {}),
      verdicts: e.rules.map((v) => ({
        ruleId: v.ruleId,
        action: v.action as Decision["verdicts"][number]["action"],
        mode: v.mode as "enforce" | "audit",
        reason: v.reason,
        ms: 0,
      })),
    },
  };
}

/**
 * Settles an escalate decision: returns the decision the caller renders and records. Never throws for a
 * store that cannot be reached: the escalate decision then goes out unchanged (Claude Code asks; Codex
 * and the library get an escalate without an id, which is a block).
 */
export async function escalate(
  call: ToolCall,
  decision: Decision,
  policy: Pick<Policy, "escalation" | "timeoutSeconds"> & Partial<Pick<Policy, "failMode">>,
  o: EscalationStepOptions = {},
): Promise<Decision> {
  const env = o.env ?? process.env;
  const settings = resolveEscalationSettings(policy.escalation);
  const ctx: EscalationContext = escalationContext(call.host, env);
  let mode =
    o.waitForEscalation === undefined ? modeFor(settings.mode, ctx) : o.waitForEscalation ? "wait" : "fire-and-forget";
  if (mode === "ask") return { ...decision, escalation: { mode: "ask", status: "asked" } };

  const timeoutMs = Math.max(0, (o.escalationTimeout ?? settings.timeoutSeconds) * 1000);
  const pollMs = Math.max(10, (o.escalationPollInterval ?? settings.pollIntervalSeconds) * 1000);
  // The longest this hook may hold the call: the agent runs the tool if the hook outlives its timeout.
  const hostTimeout =
    o.hostTimeoutSeconds === "default" ? hostTimeoutSecondsFor(policy.timeoutSeconds) : o.hostTimeoutSeconds;
  const hostBudgetMs =
    hostTimeout === undefined
      ? Infinity
      : hostTimeout * 1000 - HOST_MARGIN_SECONDS * 1000 - (performance.now() - (o.started ?? 0));
  const waitMs = Math.min(timeoutMs, hostBudgetMs);
  const capped = waitMs < timeoutMs;
  // Not even a few seconds left to wait: blocking with an id the human can approve beats timing out.
  if (mode === "wait" && waitMs < Math.min(timeoutMs, 2000)) mode = "fire-and-forget";

  // A busy server may take a while to answer; the host's timeout (less the margin) bounds how long.
  const store =
    o.store ?? escalationStore(env, Math.max(2000, Math.min(20_000, hostBudgetMs - HOST_MARGIN_SECONDS * 1000)));
  const req = request(
    call,
    decision,
    mode,
    mode === "wait" ? waitMs / 1000 : settings.approvalTtlSeconds,
    settings.approvalTtlSeconds,
    env,
  );
  const started = performance.now();
  let r: Awaited<ReturnType<typeof store.create>>;
  try {
    r = await store.create(req);
  } catch (err) {
    // Nobody can be asked (the server is down, the store unwritable): the fail mode decides, as for
    // anything else staso cannot settle.
    const what = `the escalation could not be raised: ${(err as Error).message}`;
    o.warn?.(`staso: ${what}.`);
    const failed = failureDecision(policy.failMode ?? "closed", what);
    return { ...failed, verdicts: decision.verdicts, ...(decision.ruleId ? { ruleId: decision.ruleId } : {}) };
  }
  recordTimedOut(r.timedOut, o);

  const settling: Settling = { decision, mode, env, forModel: o.forModel === true, onTimeout: settings.onTimeout };
  const settle = (e: Escalation): Decision | undefined => answered(settling, e, performance.now() - started);
  const done = settle(r.escalation);
  if (done) return done;

  let current = r.escalation;
  if (r.created) tell(current, ctx, settings.notify, env, store);
  const pending = (): Decision => ({
    ...decision,
    escalationId: current.id,
    escalation: outcomeOf(current, mode, env, {}, store),
  });
  if (mode === "fire-and-forget") return pending();

  // Wait: record the escalation now (the wait may be long, and the hook may yet be killed), then poll.
  o.record?.(call, pending());
  const deadline = started + waitMs;
  for (;;) {
    const left = deadline - performance.now();
    if (left <= 0 || o.signal?.aborted) break;
    await sleep(Math.min(pollMs, left), o.signal);
    let e: Escalation | undefined;
    try {
      e = await store.get(current.id);
    } catch (err) {
      o.warn?.(`staso: escalation ${current.id} could not be read (${(err as Error).message}); still waiting.`);
      continue;
    }
    if (!e) break; // removed from the store: nobody will answer it
    if (e.status === "pending") continue;
    if (e.status === "approved") {
      // Claim it: an approve-once approval runs one call. Losing it to another try of the same call
      // means waiting on the escalation raised for this one (which times out when this wait ends).
      let again: Awaited<ReturnType<typeof store.create>>;
      try {
        again = await store.create({ ...req, expiresInSeconds: Math.max(1, (deadline - performance.now()) / 1000) });
      } catch (err) {
        o.warn?.(
          `staso: escalation ${current.id} was approved but could not be claimed (${(err as Error).message}); still waiting.`,
        );
        continue;
      }
      recordTimedOut(again.timedOut, o);
      const d = settle(again.escalation);
      if (d) return d;
      current = again.escalation;
      if (again.created) {
        tell(current, ctx, settings.notify, env, store);
        o.record?.(call, pending());
      }
      continue;
    }
    const d = settle(e);
    if (d) return d;
    break;
  }

  // Out of time. Mark the escalation timed out when its own deadline has come (one raised by a
  // fire-and-forget try stays open for the human); a human answering in the same instant wins.
  let last = current;
  if (Date.parse(current.expiresAt) <= Date.now() + 1000) {
    try {
      const t = await store.resolve(current.id, { status: "timeout", by: "staso" });
      last = t.escalation;
      if (last.status === "approved") {
        // Approved in the last instant: claim it (if another try of the call got it first, the
        // escalation raised for this one closes at once).
        const again = await store.create({ ...req, expiresInSeconds: 1 });
        const d = settle(again.escalation);
        if (d) return d;
      } else if (last.status === "denied") {
        const d = settle(last);
        if (d) return d;
      }
    } catch (err) {
      o.warn?.(`staso: escalation ${current.id} could not be marked timed out (${(err as Error).message}).`);
    }
  }
  return timedOut(settling, last, performance.now() - started, {
    waitedSeconds: waitMs / 1000,
    capped,
    configuredSeconds: timeoutMs / 1000,
  });
}

function request(
  call: ToolCall,
  decision: Decision,
  mode: "wait" | "fire-and-forget",
  expiresInSeconds: number,
  approvalTtlSeconds: number,
  env: NodeJS.ProcessEnv,
): EscalationRequest {
  const cwd = call.session.cwd;
  return {
    signature: callSignature(call),
    mode,
    host: call.host,
    tool: call.tool,
    kind: call.kind,
    summary: maskText(callSummary(call), 1000),
    input: maskValue(call.input),
    ...(decision.modifiedInput ? { modifiedInput: maskValue(decision.modifiedInput) } : {}),
    ...(cwd ? { cwd, project: projectOf(cwd) } : {}),
    ...(call.session.id ? { session: call.session.id } : {}),
    ...(call.toolUseId ? { toolUseId: call.toolUseId } : {}),
    ...(decision.ruleId ? { ruleId: decision.ruleId } : {}),
    reason: maskText(decision.reason),
    rules: decision.verdicts
      .filter((v) => v.mode === "enforce")
      .map((v) => ({ ruleId: v.ruleId, action: v.action, mode: v.mode, reason: maskText(v.reason) })),
    raisedBy: currentUser(env),
    expiresInSeconds,
    approvalTtlSeconds,
  };
}

/** What the decisions below need to know about the call being settled. */
interface Settling {
  decision: Decision;
  mode: "wait" | "fire-and-forget";
  env: NodeJS.ProcessEnv;
  forModel: boolean;
  onTimeout: "block" | "allow";
}

/** The decision for an escalation a human (or the clock) answered; undefined while it is pending. */
function answered(s: Settling, e: Escalation, waitedMs: number): Decision | undefined {
  const r = e.resolution;
  if (!r) return undefined;
  const escalation = outcomeOf(e, s.mode, s.env, { waitedMs: Math.round(waitedMs) });
  const base = {
    ...(s.decision.ruleId ? { ruleId: s.decision.ruleId } : {}),
    escalationId: e.id,
    escalation,
    verdicts: s.decision.verdicts,
  };
  if (r.status === "approved") {
    const by = `Approved by ${r.by}${r.scope === "window" && r.until ? ` until ${r.until}` : ""} (escalation ${e.id})${r.reason ? `: ${r.reason}` : "."}`;
    return s.decision.modifiedInput
      ? { ...base, action: "modify", reason: by, modifiedInput: s.decision.modifiedInput }
      : { ...base, action: "allow", reason: by };
  }
  if (r.status === "denied") {
    const reason = s.forModel
      ? `A human (${r.by}) denied this call (escalation ${e.id}): ${r.reason ?? "no reason given"}. It was not run; do not try it again unchanged.`
      : `Escalation denied${r.reason ? `: ${r.reason}` : ""}`;
    return { ...base, action: "block", reason };
  }
  return timedOut(s, e, waitedMs);
}

/** Nobody answered in time: a denial with the seeds' reason, "Escalation poll timeout" (unless onTimeout is "allow"). */
function timedOut(
  s: Settling,
  e: Escalation,
  waitedMs: number,
  wait?: { waitedSeconds: number; capped: boolean; configuredSeconds: number },
): Decision {
  const escalation: EscalationOutcome = {
    ...outcomeOf(e, s.mode, s.env, { waitedMs: Math.round(waitedMs) }),
    status: "timeout",
  };
  delete escalation.approveCommand;
  delete escalation.expiresAt;
  let reason = "Escalation poll timeout";
  if (s.forModel) {
    const secs = wait ? Math.round(wait.waitedSeconds) : undefined;
    reason += `: nobody answered escalation ${e.id}${secs !== undefined ? ` within ${secs} s` : " in time"}, so this call was not run.`;
    if (wait?.capped)
      reason += ` (staso waited only ${secs} s of the ${Math.round(wait.configuredSeconds)} s escalation.timeout, to answer before the agent stops waiting for the hook; run \`staso setup\` again to give it the whole time.)`;
  }
  const base = {
    ...(s.decision.ruleId ? { ruleId: s.decision.ruleId } : {}),
    escalationId: e.id,
    escalation,
    verdicts: s.decision.verdicts,
  };
  // escalation.onTimeout "allow" is the user's own choice (a project cannot set it): silence lets the call run.
  if (s.onTimeout === "allow") {
    return s.decision.modifiedInput
      ? { ...base, action: "modify", reason, modifiedInput: s.decision.modifiedInput }
      : { ...base, action: "allow", reason };
  }
  return { ...base, action: "block", reason };
}

function recordTimedOut(list: Escalation[], o: EscalationStepOptions): void {
  if (!o.record) return;
  for (const e of list) {
    const { call, decision } = resolutionRecord(e);
    o.record(call, decision);
  }
}

function tell(
  e: Escalation,
  ctx: EscalationContext,
  setting: "auto" | "desktop" | "bell" | "off",
  env: NodeJS.ProcessEnv,
  store: EscalationStore,
): void {
  const where = answerAt(store, e.id, env);
  notifyHuman(
    {
      title: `staso: ${e.tool} call needs approval`,
      body: `${e.summary}\n${e.reason}\nApprove: ${where.approveUrl ?? where.approveCommand}`,
    },
    { setting, ctx, env },
  );
}
