// The host-independent middle of the pipeline, shared by `staso hook` and the library's guard():
//   the call's policy (user + env + project from the call's cwd) → the rules in force → evaluate → decision.
// Callers parse before and render after; both record the decision with recordDecision().
import { evaluate } from "../engine/evaluate.js";
import type { Decision, ToolCall } from "../engine/types.js";
import { activeRules, loadRuleSet } from "../policy/active-rules.js";
import { beforeDeadline, resolvePolicy, type Policy } from "../policy/load.js";
import type { ProjectEnvSettings } from "../policy/agent-env.js";
import { builtinRules } from "../rules/index.js";
import { stasoPaths } from "../paths.js";
import { rememberCall } from "../state/session.js";
import { grayZoneOf, withJudgeRecords } from "./judges.js";
import { shellOf, shellSubjects } from "../analysis/shell/index.js";
import { DeadlineExceeded, withDeadline } from "../util/deadline.js";

/** How much earlier than the policy's deadline its loaders give up (see decideCall). */
const LOADER_MARGIN_MS = 100;

/**
 * The time kept back from the rules for what follows them before the answer is out and the process ends:
 * the session memory, rendering, writing, and the audit record (which records a placeholder for an input
 * it cannot mask in time). 5% of the deadline, within 50-250 ms.
 */
function afterRulesReserveMs(deadlineMs: number): number {
  return Math.min(250, Math.max(50, deadlineMs * 0.05));
}

/**
 * Large calls get the deadline's watchdog (util/deadline.ts), which stops even work that counts no steps:
 * a shell command longer than this, or one that runs more commands than that (each rule then works per
 * command: 10,000 `rm` from one xargs line kept the rules busy for seconds without a step counted), or an
 * input or output of more text than the last. Below them, what a call costs is counted in steps (the
 * scanners of a large file's content, the analysis of a command), and the everyday call (or a large Write)
 * does not pay for a thread.
 */
const WATCHDOG_ABOVE_COMMAND_CHARS = 64 * 1024;
const WATCHDOG_ABOVE_COMMANDS = 500;
const WATCHDOG_ABOVE_CHARS = 4 * 1024 * 1024;

/** Whether the call is large enough for the watchdog (the shell analysis, computed here, is the rules' own: cached on the call). */
function needsWatchdog(call: ToolCall, deadlineAt: number): boolean {
  if (largerThan(call.input, WATCHDOG_ABOVE_CHARS) || largerThan(call.output, WATCHDOG_ABOVE_CHARS)) return true;
  // Before the tool runs, where the shell rules look (after it, a rule that would analyse the command
  // pays the analysis itself: the everyday PostToolUse does not).
  if (!call.shell || call.event !== "pre") return false;
  if (call.shell.command.length > WATCHDOG_ABOVE_COMMAND_CHARS) return true;
  try {
    return withDeadline(deadlineAt, () => (shellOf(call)?.commands.length ?? 0) > WATCHDOG_ABOVE_COMMANDS);
  } catch (err) {
    // Out of time already: the rules will find the same, and answer with the fail mode.
    if (err instanceof DeadlineExceeded) return true;
    throw err;
  }
}

/** Whether the strings (and keys) of a value add up to more than `limit` characters; stops as soon as they do. */
function largerThan(value: unknown, limit: number): boolean {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") total += v.length;
    else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        total += k.length + 1;
        stack.push(x);
      }
    } else total += 1;
    if (total > limit) return true;
  }
  return false;
}

export interface DecideOptions {
  /** performance.now() from which the deadlines count: the call's arrival (the library), the process's start (the hook). */
  started: number;
  /** How long the policy may take to load (the rules then get the policy's own deadline). */
  policyDeadlineMs: number;
  /** The host adapter's withInput: rebuilds the call around a rewritten input. */
  withInput: (call: ToolCall, input: Record<string, unknown>) => ToolCall;
  /** The host adapter's withOutput: rebuilds a post-event call around a rewritten output. */
  withOutput?: (call: ToolCall, output: unknown) => ToolCall;
  /** One human sentence per problem that did not stop the evaluation. */
  warn?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** The host's reader of the user's last messages in its transcript, for judges that are shown them. */
  userMessages?: (transcriptPath: string, count: number) => string[];
  /** STASO_* values a project's agent settings set (policy/agent-env.ts): they may only tighten. */
  projectEnv?: ProjectEnvSettings;
  /** The caller runs an allowed call itself and may never report its result (the library): the session memory counts it as run. */
  ranWhenAllowed?: boolean;
}

/** A failure to decide (the policy did not load, …): one sentence, and the policy when it did load. */
export class DecideError extends Error {
  constructor(
    message: string,
    readonly policy?: Policy,
  ) {
    super(message);
  }
}

export interface Decided {
  decision: Decision;
  policy: Policy;
}

export async function decideCall(call: ToolCall, opts: DecideOptions): Promise<Decided> {
  const env = opts.env ?? process.env;
  let policy: Policy;
  try {
    const policyDeadline = opts.started + opts.policyDeadlineMs;
    // The loaders inside (a JS config in its worker) stop a little before the overall deadline, so when
    // one of them is what hangs, its own message (naming the file) is the one the user reads, even on a
    // busy machine where two timers due at the same moment may fire in either order.
    const loadersDeadline = Math.max(performance.now(), policyDeadline - LOADER_MARGIN_MS);
    policy = await beforeDeadline(
      resolvePolicy({
        cwd: call.session.cwd || process.cwd(),
        env,
        deadlineAt: loadersDeadline,
        ...(opts.projectEnv ? { projectEnv: opts.projectEnv } : {}),
      }),
      policyDeadline,
      "the policy did not load",
    );
  } catch (err) {
    throw new DecideError((err as Error).message.replace(/\.$/, ""));
  }
  // A project's code that did not run (not trusted, or changed since): said on every call, so the user
  // sees it where the agent shows hook output, with the command that trusts it.
  for (const line of policy.untrusted ?? []) opts.warn?.(`staso: ${line}`);
  try {
    const deadlineMs = policy.timeoutSeconds * 1000;
    const deadlineAt = opts.started + deadlineMs - afterRulesReserveMs(deadlineMs);
    const ruleSet = await loadRuleSet(policy, builtinRules, {
      deadlineAt,
      call,
      dataDir: stasoPaths(env).dataDir,
      startedAt: opts.started,
      judges: {
        env,
        ...(opts.userMessages ? { userMessages: opts.userMessages } : {}),
        ...(opts.warn ? { warn: opts.warn } : {}),
      },
    });
    for (const line of ruleSet.ignored ?? []) opts.warn?.(`staso: ${line}`);
    const rules = activeRules(policy, ruleSet);
    // First (it may analyse the command): the rules' time is what is left after it.
    const watchdog = needsWatchdog(call, deadlineAt);
    const evaluated = await evaluate(call, rules, {
      failMode: policy.failMode,
      withInput: opts.withInput,
      withOutput: opts.withOutput,
      deadlineMs: Math.max(0, deadlineAt - performance.now()),
      watchdog,
      warn: opts.warn,
      shellSubjects,
      grayZone: grayZoneOf(policy, ruleSet.judges),
    });
    const decision = withJudgeRecords(evaluated, ruleSet.judges);
    // The session's memory, for the stateful rules (src/state): one appended line. It fails quietly (an
    // unwritable data dir is already reported by the audit record): the stateful rules then just forget.
    // A memory with lines staso did not write is said in one sentence: they are ignored, the call is judged.
    rememberCall(call, decision, rules, {
      ranWhenAllowed: opts.ranWhenAllowed,
      ...(opts.warn ? { warnBroken: opts.warn } : {}),
    });
    return { decision, policy };
  } catch (err) {
    throw new DecideError((err as Error).message.replace(/\.$/, ""), policy);
  }
}

/**
 * The step after the decision, for an escalated call: the host's own prompt, a wait for a human, or a
 * block with an escalation id to approve (src/escalation/step.ts). Any other decision comes back as it
 * is, and nothing escalation-related is loaded for it. The hook and the library both call this
 * (the library passes waitForEscalation, escalationPollInterval and escalationTimeout).
 */
export async function settleEscalation(
  call: ToolCall,
  decided: Decided,
  opts: import("../escalation/step.js").EscalationStepOptions = {},
): Promise<Decision> {
  if (decided.decision.action !== "escalate" || call.event !== "pre") return decided.decision;
  const { escalate } = await import("../escalation/step.js");
  return escalate(call, decided.decision, decided.policy, opts);
}
