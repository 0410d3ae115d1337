// `staso hook`: the pipeline every tool call of the agent goes through.
//   stdin → host adapter (parse) → engine (rules → decision) → host adapter (render) → stdout → audit
// Whatever goes wrong, the host gets an answer in its own protocol, stderr gets one sentence, and the
// configured fail mode decides (closed: block, open: allow). The exit code is always 0: any other code
// is read by the hosts as "hook failed", which runs the tool.
import { failureDecision, type FailMode } from "../engine/fail-mode.js";
import type { Decision, ToolCall } from "../engine/types.js";
import { cardByName, detectCard, hostNames, loadHost, type HostId } from "../hosts/cards.js";
import { renderUniversalDeny } from "../hosts/fallback.js";
import { PayloadError } from "../hosts/shared/envelope.js";
import type { HookOutput, HostAdapter } from "../hosts/types.js";
import { envFailMode, envTimeoutSeconds, loadPolicy, DEFAULT_TIMEOUT_SECONDS, type Policy } from "../policy/load.js";
import type { RecordedCall } from "../audit/record-decision.js";
import { recordAndShip } from "../export/record-and-ship.js";
import { DecideError, decideCall, settleEscalation } from "../pipeline/decide.js";
import { applyEnvChanges, trustEnvironment, type EnvTrust } from "../policy/agent-env.js";
import { resolve } from "node:path";
import { activePause } from "../escalation/pause.js";
import { stasoPaths } from "../paths.js";
import { MAX_PAYLOAD_BYTES, readStdin, stdinReadPending } from "./stdin.js";
import { writeStderr, writeStdout } from "./stdout.js";
import { tuneJitFor } from "./jit-policy.js";

type Call = RecordedCall;

function flagValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

/** A call whose payload could not be read, for rendering the fail mode's answer in the agent's protocol. */
function unreadCall(host: string, tool: string, payload: Record<string, unknown> | undefined): ToolCall {
  return {
    host,
    event: "pre",
    tool,
    kind: "other",
    input: {},
    files: [],
    reads: [],
    urls: [],
    problems: [],
    session: { cwd: process.cwd() },
    raw: payload,
  };
}

const warn = (message: string) => writeStderr(message.endsWith("\n") ? message : `${message}\n`);

export async function hookMain(argv: string[]): Promise<void> {
  await guardedHook(argv);
  await pendingOutput;
  if (stdinReadPending) {
    // The host never closed stdin and a blocking read of it sits in libuv's thread pool, which Node
    // joins on exit: process.exit() would hang until the host kills us. The answer is already out, so
    // end at once. (Reading stdin as a stream would avoid this but costs ~6 ms on every call; both
    // agents close stdin after writing the payload, so only a broken host ever gets here.)
    process.kill(process.pid, "SIGKILL");
  }
  // The answer is out and recorded: end now, whatever timer or handle is left.
  process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
}

let pendingOutput: Promise<void> = Promise.resolve();

/**
 * Whether this process ran the rules over a shell command before it runs: the call that compiles most of
 * the hook's code (the shell analysis and the rules that read it). The launcher writes its V8 code cache
 * from such a call; a cache made by another (a Read) would leave every later Bash call compiling that
 * code anew, ~13 ms of CPU each (measured), until the cache is next rejected.
 */
export let ranShellRules = false;

/** The hook's working directory, or "/" when it is gone (a deleted session folder). */
function processCwd(): string {
  try {
    return process.cwd();
  } catch {
    return "/";
  }
}

/** Phase two of the environment's trust, for a call made elsewhere than the hook's cwd: its findings join the first's. */
function joinTrust(a: EnvTrust, b: EnvTrust): EnvTrust {
  const refuse = a.refuse ?? b.refuse;
  const project =
    a.project || b.project ? { ...b.project, ...a.project, file: (a.project ?? b.project)!.file } : undefined;
  return {
    changes: { ...a.changes, ...b.changes },
    notes: [...a.notes, ...b.notes],
    guardOff: a.guardOff && b.guardOff,
    ...(project ? { project } : {}),
    ...(refuse ? { refuse } : {}),
  };
}

async function guardedHook(argv: string[]): Promise<void> {
  const started = performance.now();
  // The deadlines count from the process's start (performance.now()'s origin, in Node and in Bun), where
  // the host's own timeout starts too: loading the hook is part of the time it waits.
  const spawned = 0;
  // 0. The environment as the user set it, not as a project's agent settings did (policy/agent-env.ts):
  // applied to process.env itself, which every reader (paths, policy, export) uses.
  const hookCwd = processCwd();
  let envTrust = trustEnvironment(process.env, { cwd: hookCwd, host: flagValue(argv, "--target") });
  applyEnvChanges(process.env, envTrust.changes);
  let answered = false;
  let failMode: FailMode = envFailMode();
  let policy: Policy | undefined;
  let host: HostAdapter | undefined;
  let call: Call | undefined;

  const answer = (out: HookOutput) => {
    if (answered) return;
    answered = true;
    pendingOutput = writeStdout(out.stdout).catch((err) =>
      warn(`staso: the answer could not be written to stdout (${(err as Error).message}).`),
    );
    process.exitCode = out.exitCode;
  };

  // After the answer: one record (masked, capped, one O_APPEND write) and, when due, a background export.
  // The latency is staso's own (to the decision), not a human's time to answer an escalation.
  let audited = false;
  let decidedAt: number | undefined;
  // The record is written before the process ends, and the host waits for that: its input is masked
  // within the hook's deadline, or recorded as a placeholder.
  const deadlineAt = () => spawned + (policy ? policy.timeoutSeconds * 1000 : readDeadlineMs);
  const audit = (c: Call, decision: Decision) => {
    if (audited) return;
    audited = true;
    recordAndShip(c, decision, (decidedAt ?? performance.now()) - started, policy?.audit, warn, deadlineAt());
  };

  // Any failure: one sentence on stderr, then the fail mode's answer in the host's protocol if known.
  const failWith = (what: string, payload?: Record<string, unknown>) => {
    if (!policy) {
      // Before (or without) the call's policy: the user's own side still decides the fail mode and audit.
      try {
        policy = loadPolicy();
        failMode = policy.failMode;
      } catch {
        // a broken user config: the environment's fail mode stands
      }
    }
    warn(`staso: ${what}.`);
    const decision = failureDecision(failMode, what);
    const tool = typeof payload?.tool_name === "string" ? payload.tool_name : "unknown";
    if (host && call) answer(host.render(call as ToolCall, decision));
    else if (decision.action === "allow") answer({ stdout: "", exitCode: 0 });
    // The agent is known (--target) but its call could not be read: its own deny, for a call of nothing.
    else if (host) answer(host.render(unreadCall(host.id, tool, payload), decision));
    else
      answer(renderUniversalDeny(decision.reason.startsWith("staso") ? decision.reason : `staso: ${decision.reason}`));
    audit(
      call ?? {
        host: host?.id ?? "unknown",
        event: "pre",
        tool,
        session: { cwd: process.cwd() },
        input: {},
        unreadable: true,
      },
      decision,
    );
  };

  const crash = (err: unknown) => {
    if (answered) return;
    failWith(`staso failed unexpectedly (${(err as Error)?.message ?? String(err)})`);
    process.exitCode = 0;
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);

  // 1. The deadline for reading the payload: the policy (and its own deadline) depends on the call's cwd,
  // so it is loaded once the payload is parsed (step 5).
  let readDeadlineMs = DEFAULT_TIMEOUT_SECONDS * 1000;
  try {
    readDeadlineMs = (envTimeoutSeconds() ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  } catch {
    // reported with the policy in step 5
  }

  // 2. The host, from --target when given: its card, then its adapter (only this agent's code loads).
  const adapter = async (id: HostId): Promise<HostAdapter | undefined> => {
    try {
      return await loadHost(id);
    } catch (err) {
      failWith(`the ${id} adapter could not load (${(err as Error)?.message ?? String(err)})`);
      return undefined;
    }
  };
  const target = flagValue(argv, "--target");
  if (target !== undefined) {
    const card = cardByName(target);
    if (!card) return failWith(`--target ${target} is not an agent staso knows (${hostNames().join(", ")})`);
    host = await adapter(card.id);
    if (!host) return;
  }

  // 3. The payload.
  let payload: Record<string, unknown>;
  try {
    const stdin = await readStdin(MAX_PAYLOAD_BYTES, readDeadlineMs);
    if (stdin.text.trim() === "") return failWith("the hook got an empty payload on stdin");
    const parsed: unknown = stdin.parsed ?? JSON.parse(stdin.text);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      return failWith("the hook payload is not a JSON object");
    payload = parsed as Record<string, unknown>;
  } catch (err) {
    const what = err instanceof SyntaxError ? "the hook payload on stdin is not valid JSON" : (err as Error).message;
    return failWith(what);
  }
  host ??= await adapter(detectCard(payload).id);
  if (!host) return;
  // Switched off by the user (the launcher usually answers before loading anything; this is its fallback).
  if (envTrust.guardOff) return;

  // 4. The host-neutral call.
  let parsedCall: ToolCall | null;
  try {
    parsedCall = host.parse(payload);
  } catch (err) {
    if (err instanceof PayloadError) return failWith(err.message.replace(/\.$/, ""), payload);
    throw err;
  }
  if (parsedCall === null) return; // not a tool event: nothing to guard, nothing to say
  call = parsedCall;
  tuneJitFor(parsedCall);

  // The call's own folder, when it is not where the hook runs: its project settings count too.
  const callCwd = parsedCall.session.cwd;
  if (callCwd && resolve(hookCwd, callCwd) !== hookCwd) {
    const more = trustEnvironment(process.env, { cwd: resolve(hookCwd, callCwd), host: host.id });
    applyEnvChanges(process.env, more.changes);
    envTrust = joinTrust(envTrust, more);
  }
  for (const note of envTrust.notes) warn(`staso: ${note}`);
  if (envTrust.refuse) {
    failMode = envFailMode();
    return failWith(envTrust.refuse, payload);
  }

  // 4b. A pause the user set with `staso pause`: every call runs, and the audit trail says it ran unchecked.
  // A pause file that is not one (unsigned, forged, malformed) pauses nothing, and the user hears why.
  const { pause, problem: notAPause } = await activePause(stasoPaths());
  if (notAPause) warn(`staso: ${notAPause}; the guard stays on.`);
  if (pause) {
    try {
      policy = loadPolicy();
    } catch {
      // a broken user config: the default audit settings record it
    }
    const allowed: Decision = { action: "allow", reason: `staso is paused until ${pause.until}`, verdicts: [] };
    answer(host.render(parsedCall, allowed));
    audit(parsedCall, allowed);
    return;
  }

  // 5. The policy for this call (user config, environment, and the project config found from the call's
  // cwd upward, cached by the files' identity) → the rules in force → the decision.
  let decision: Decision;
  try {
    ({ decision, policy } = await decideCall(parsedCall, {
      started: spawned,
      policyDeadlineMs: readDeadlineMs,
      withInput: host.withInput,
      withOutput: host.withOutput,
      warn,
      ...(host.userMessages ? { userMessages: host.userMessages } : {}),
      ...(envTrust.project ? { projectEnv: envTrust.project } : {}),
    }));
    failMode = policy.failMode;
  } catch (err) {
    if (err instanceof DecideError && err.policy) {
      policy = err.policy;
      failMode = policy.failMode;
    }
    return failWith((err as Error).message.replace(/\.$/, ""), payload);
  }
  decidedAt = performance.now();
  if (parsedCall.kind === "shell" && parsedCall.event === "pre") ranShellRules = true;

  // 6. An escalated call: the host's prompt, a wait for a human, or a block with an id to approve.
  if (decision.action === "escalate") {
    const hostTimeout = Number(flagValue(argv, "--host-timeout"));
    const p = policy;
    decision = await settleEscalation(
      parsedCall,
      { decision, policy: p },
      {
        started,
        hostTimeoutSeconds: Number.isFinite(hostTimeout) && hostTimeout > 0 ? hostTimeout : "default",
        forModel: true,
        record: (c, d) => recordAndShip(c, d, decidedAt! - started, p.audit, warn, deadlineAt()),
        warn,
      },
    );
  }

  // 7. Render, then record.
  answer(host.render(parsedCall, decision));
  audit(parsedCall, decision);
}
