// A scripted agent session: real hook processes, one per event, all with the same session_id, as Claude
// Code (or Codex) runs them: PreToolUse, then PostToolUse or PostToolUseFailure when the tool ran.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { claudePayload, codexPayload } from "./calls.js";
import { runHook, tempHome, type HookImpl, type HookRun } from "./hook-process.js";
import { staso } from "../audit/staso-cli.js";

type Outcome = "allow" | "block" | "modify" | "escalate";

export interface Step {
  outcome: Outcome;
  reason: string;
  run: HookRun;
}

/** What the agent was told, read back from the hook's answer. */
function outcomeOf(run: HookRun, event: "pre" | "post"): Step {
  const j = run.json as Record<string, any> | undefined;
  if (!j) return { outcome: "allow", reason: "", run };
  const h = j.hookSpecificOutput ?? {};
  if (event === "post") {
    if (j.decision === "block") return { outcome: "block", reason: String(j.reason), run };
    if (h.additionalContext) return { outcome: "modify", reason: String(h.additionalContext), run };
    return { outcome: "allow", reason: "", run };
  }
  if (h.permissionDecision === "deny") return { outcome: "block", reason: String(h.permissionDecisionReason), run };
  if (h.permissionDecision === "ask") return { outcome: "escalate", reason: String(h.permissionDecisionReason), run };
  if (h.updatedInput) return { outcome: "modify", reason: String(h.additionalContext ?? ""), run };
  throw new Error(`unexpected hook answer: ${run.stdout}`);
}

export class ScriptedSession {
  readonly home: string;
  private seq = 0;
  constructor(
    readonly id: string,
    opts: {
      rules?: Record<string, unknown>;
      home?: string;
      host?: "claude" | "codex";
      impls?: HookImpl[];
      /** The working directory the agent reports (default: the payload builders' own). */
      cwd?: string;
    } = {},
  ) {
    this.impls = opts.impls ?? ["node"];
    this.home = opts.home ?? tempHome("staso-session-");
    this.host = opts.host ?? "claude";
    this.cwd = opts.cwd;
    if (opts.rules) writeFileSync(join(this.home, "config.json"), JSON.stringify({ rules: opts.rules }));
  }
  readonly host: "claude" | "codex";
  readonly cwd: string | undefined;
  /** The hook builds to use, in turn (node, native): one session, any mix of processes. */
  readonly impls: HookImpl[];
  private runs = 0;

  private payload(tool: string, input: Record<string, unknown>, extra: Record<string, unknown>) {
    const base = { session_id: this.id, ...(this.cwd ? { cwd: this.cwd } : {}), ...extra };
    return this.host === "codex" ? codexPayload(tool, input, base) : claudePayload(tool, input, base);
  }

  private hook(payload: Record<string, unknown>): Promise<HookRun> {
    const impl = this.impls[this.runs++ % this.impls.length]!;
    return runHook(payload, { env: { STASO_HOME: this.home }, impl });
  }

  newUseId(): string {
    return `toolu_${this.id}_${++this.seq}`;
  }

  async pre(tool: string, input: Record<string, unknown>, useId = this.newUseId()): Promise<Step & { useId: string }> {
    const run = await this.hook(this.payload(tool, input, { hook_event_name: "PreToolUse", tool_use_id: useId }));
    return { ...outcomeOf(run, "pre"), useId };
  }

  async post(
    tool: string,
    input: Record<string, unknown>,
    useId: string,
    response: unknown = { stdout: "ok", stderr: "", interrupted: false },
  ): Promise<Step> {
    const run = await this.hook(
      this.payload(tool, input, {
        hook_event_name: "PostToolUse",
        tool_use_id: useId,
        tool_response: response,
        duration_ms: 5,
      }),
    );
    return outcomeOf(run, "post");
  }

  async fail(tool: string, input: Record<string, unknown>, useId: string, error: string): Promise<Step> {
    const run = await this.hook(
      this.payload(tool, input, {
        hook_event_name: "PostToolUseFailure",
        tool_use_id: useId,
        error,
        is_interrupt: false,
        duration_ms: 5,
      }),
    );
    return outcomeOf(run, "post");
  }

  /** The agent's side of one call: PreToolUse, and when it may run, the tool "runs" and reports back. */
  async call(
    tool: string,
    input: Record<string, unknown>,
    result: { output?: unknown; error?: string } = {},
  ): Promise<Step & { useId: string; after?: Step }> {
    const pre = await this.pre(tool, input);
    if (pre.outcome === "block" || pre.outcome === "escalate") return pre;
    const ran =
      pre.outcome === "modify"
        ? ((pre.run.json as any).hookSpecificOutput.updatedInput as Record<string, unknown>)
        : input;
    const after =
      result.error !== undefined
        ? await this.fail(tool, ran, pre.useId, result.error)
        : await this.post(tool, ran, pre.useId, result.output);
    return { ...pre, after };
  }

  /** `staso logs --json --rule <rule>` for this session: the stateful guards' hits in the normal audit trail. */
  async logs(rule: string): Promise<any[]> {
    const r = await staso(["logs", "--json", "--session", this.id, "--rule", rule], { STASO_HOME: this.home });
    if (r.code !== 0) throw new Error(`staso logs failed: ${r.stderr}`);
    return r.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  }
}
