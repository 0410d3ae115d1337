// `staso check`: the decision and the rule-by-rule trace for one tool call, under the policy that would
// apply to it (the user's config, the environment, flags, and the project config found from --cwd).
import { buildCall, simulate, toolShapeProblem, type PolicyFlags } from "../pipeline/simulate.js";
import { notApplied } from "../policy/active-rules.js";
import { paintFor, type Paint } from "../util/terminal.js";
import { UsageError } from "./errors.js";
import { loadPolicyForCli } from "./load-policy.js";
import { judgeLines } from "./judge-lines.js";
import { hostByName, targetList, type HostId } from "../hosts/index.js";
import { print, printLines } from "./output.js";
import { forTerminal, jsonForTerminal } from "../util/terminal-text.js";

export interface CheckFlags extends PolicyFlags {
  tool?: string;
  input?: string;
  host?: string;
  event?: string;
  json?: boolean;
  verbose?: boolean;
}

export function parseInput(text: string | undefined, flag = "--input"): Record<string, unknown> {
  if (text === undefined)
    throw new UsageError(`${flag} is required: the tool input as JSON, e.g. --input '{"command":"git push --force"}'.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag} is not valid JSON (${(err as Error).message}).`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new UsageError(
      `${flag} must be a JSON object (the tool input), not ${Array.isArray(value) ? "an array" : jsonForTerminal(value)}.`,
    );
  return value as Record<string, unknown>;
}

const ACTION_COLOUR: Record<string, (p: Paint) => (s: string) => string> = {
  allow: (p) => p.green,
  modify: (p) => p.cyan,
  escalate: (p) => p.yellow,
  block: (p) => p.red,
};
const STATUS_COLOUR: Record<string, (p: Paint) => (s: string) => string> = {
  fired: (p) => p.red,
  allowed: (p) => p.green,
  failed: (p) => p.magenta,
  unsure: (p) => p.yellow,
};

const MARK: Record<string, string> = {
  fired: "!",
  quiet: "·",
  allowed: "+",
  skipped: " ",
  failed: "x",
  unsure: "?",
  off: "-",
};

export async function checkCommand(flags: CheckFlags): Promise<void> {
  if (!flags.tool)
    throw new UsageError(
      "--tool is required: the tool's name as the agent sends it (Bash, Write, apply_patch, mcp__server__tool, …).",
    );
  const input = parseInput(flags.input);
  const hostId = flags.host === undefined ? undefined : hostByName(flags.host)?.id;
  if (flags.host !== undefined && !hostId)
    throw new UsageError(`--host must be one of ${targetList()}, not ${jsonForTerminal(flags.host)}.`);
  if (flags.event !== undefined && flags.event !== "pre" && flags.event !== "post")
    throw new UsageError(`--event must be pre or post, not ${jsonForTerminal(flags.event)}.`);
  const loaded = await loadPolicyForCli(flags);
  const { policy, set, cwd } = loaded;
  try {
    const { call, host } = buildCall({
      tool: flags.tool,
      input,
      host: hostId as HostId | undefined,
      event: flags.event as "pre" | "post" | undefined,
      cwd,
    });
    const shape = toolShapeProblem(host, flags.tool, input);
    if (shape) throw new UsageError(shape);
    const { decision, trace } = await simulate(call, host, policy, set);
    // For scripts, like a linter: 0 when the call would run (allowed or rewritten), 1 when it would not.
    if (decision.action === "block" || decision.action === "escalate") process.exitCode = 1;
    if (flags.json) {
      print(
        `${jsonForTerminal(
          {
            host: host.id,
            tool: call.tool,
            kind: call.kind,
            event: call.event,
            cwd,
            policy: {
              sources: policy.sources,
              level: policy.level,
              environment: policy.environment,
              failMode: policy.failMode,
            },
            decision,
            trace,
            notApplied: notApplied(policy, set),
          },
          2,
        )}\n`,
      );
      return;
    }
    const p = paintFor(process.stdout);
    const out: string[] = [];
    const colour = ACTION_COLOUR[decision.action]?.(p) ?? ((x: string) => x);
    out.push(
      `${p.bold(colour(decision.action.toUpperCase()))}  ${forTerminal(call.tool)} ${p.dim(`(${call.kind}, ${host.id}, ${call.event}) in ${forTerminal(cwd)}`)}`,
    );
    if (decision.reason) out.push(`  ${forTerminal(decision.reason)}`);
    if (decision.modifiedInput) out.push(`  input becomes: ${jsonForTerminal(decision.modifiedInput)}`);
    if (decision.failure) out.push(p.yellow(`  (decided by the fail mode: ${forTerminal(decision.failure)})`));
    out.push(
      "",
      p.dim(
        `Policy: ${policy.sources.length ? policy.sources.map((f) => forTerminal(f)).join(" + ") : "built-in defaults"} · level ${policy.level} · environment ${policy.environment} · fail mode ${policy.failMode}`,
      ),
    );
    // The rules that had something to say; --verbose adds those that looked and said nothing.
    const shown = trace.filter((t) =>
      flags.verbose ? t.status !== "skipped" && t.status !== "off" : !["quiet", "skipped", "off"].includes(t.status),
    );
    if (shown.length) {
      out.push("");
      const w = Math.max(4, ...shown.map((t) => t.id.length));
      for (const t of shown) {
        const mark = STATUS_COLOUR[t.status]?.(p)(MARK[t.status]!) ?? MARK[t.status];
        out.push(
          `${mark} ${t.id.padEnd(w)}  ${t.mode.padEnd(7)}  ${t.action.padEnd(8)}  ${t.status}${t.ms !== undefined ? p.dim(` (${t.ms} ms)`) : ""}${t.detail ? `: ${forTerminal(t.detail)}` : ""}`,
        );
      }
    }
    const quiet = trace.filter((t) => t.status === "quiet").length;
    const other = trace.length - shown.length - (flags.verbose ? 0 : quiet);
    const hidden = [
      !flags.verbose && quiet
        ? `${quiet} rule${quiet === 1 ? "" : "s"} looked and said nothing (--verbose lists them)`
        : "",
      other ? `${other} do not look at ${call.kind} calls or are off (--json lists them)` : "",
    ].filter(Boolean);
    if (hidden.length) out.push(p.dim(`  ${hidden.join("; ")}.`));
    const ignored = notApplied(policy, set);
    if (ignored.length) out.push("", p.yellow("Not applied:"), ...ignored.map((n) => `  ${forTerminal(n)}`));
    if (decision.judges?.length) {
      out.push("", "Judges (asked a model):");
      for (const j of decision.judges) out.push(...judgeLines(j).map((l) => `  ${forTerminal(l)}`));
    }
    printLines(out);
  } finally {
    await set.close();
  }
}
