// `staso check`: the decision and the rule-by-rule trace for one tool call, under the policy that would
// apply to it (the user's config, the environment, flags, and the project config found from --cwd).
import { buildCall, simulate, type PolicyFlags } from "../pipeline/simulate.js";
import { UsageError } from "./errors.js";
import { loadPolicyForCli } from "./load-policy.js";

export interface CheckFlags extends PolicyFlags {
  tool?: string;
  input?: string;
  host?: string;
  event?: string;
  json?: boolean;
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
      `${flag} must be a JSON object (the tool input), not ${Array.isArray(value) ? "an array" : JSON.stringify(value)}.`,
    );
  return value as Record<string, unknown>;
}

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
  if (flags.host !== undefined && flags.host !== "claude-code" && flags.host !== "codex")
    throw new UsageError(`--host must be claude-code or codex, not ${JSON.stringify(flags.host)}.`);
  if (flags.event !== undefined && flags.event !== "pre" && flags.event !== "post")
    throw new UsageError(`--event must be pre or post, not ${JSON.stringify(flags.event)}.`);
  const loaded = await loadPolicyForCli(flags);
  const { policy, set, cwd } = loaded;
  try {
    const { call, host } = buildCall({
      tool: flags.tool,
      input,
      host: flags.host as "claude-code" | "codex" | undefined,
      event: flags.event as "pre" | "post" | undefined,
      cwd,
    });
    const { decision, trace } = await simulate(call, host, policy, set);
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify(
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
          },
          null,
          2,
        )}\n`,
      );
      return;
    }
    const out: string[] = [];
    out.push(`${decision.action.toUpperCase()}  ${call.tool} (${call.kind}, ${host.id}, ${call.event}) in ${cwd}`);
    if (decision.reason) out.push(`  ${decision.reason}`);
    if (decision.modifiedInput) out.push(`  input becomes: ${JSON.stringify(decision.modifiedInput)}`);
    if (decision.failure) out.push(`  (decided by the fail mode: ${decision.failure})`);
    out.push(
      "",
      `Policy: ${policy.sources.length ? policy.sources.join(" + ") : "built-in defaults"} · level ${policy.level} · environment ${policy.environment} · fail mode ${policy.failMode}`,
      "",
    );
    const looked = trace.filter((t) => t.status !== "skipped" && t.status !== "off");
    const w = Math.max(4, ...looked.map((t) => t.id.length));
    for (const t of looked) {
      out.push(
        `${MARK[t.status]} ${t.id.padEnd(w)}  ${t.mode.padEnd(7)}  ${t.action.padEnd(8)}  ${t.status}${t.ms !== undefined ? ` (${t.ms} ms)` : ""}${t.detail ? `: ${t.detail}` : ""}`,
      );
    }
    const skipped = trace.length - looked.length;
    if (skipped)
      out.push(
        `  (${skipped} other rule${skipped === 1 ? "" : "s"} did not look at this call: not for ${call.kind} calls, or off; --json lists them)`,
      );
    process.stdout.write(`${out.join("\n")}\n`);
  } finally {
    await set.close();
  }
}
