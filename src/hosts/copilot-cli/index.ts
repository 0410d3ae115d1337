// GitHub Copilot CLI (@github/copilot): command hooks on preToolUse, postToolUse and postToolUseFailure in
// a hooks file (reference: agents-more.md §2, checked against 1.0.102). Payloads in, decisions out.
import type { HookEvent, ToolCall } from "../../engine/types.js";
import type { HostEntry } from "../types.js";
import { describeTool, kindsOf } from "../shared/describe.js";
import { outputText, PayloadError } from "../shared/envelope.js";
import { CLAUDE_DIALECT, COPILOT_TOOLS, copilotOutputText } from "./tools.js";
import { renderCopilot } from "./render.js";
import { copilotCliCard } from "./card.js";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

const CLAUDE_EVENTS: Record<string, HookEvent> = {
  PreToolUse: "pre",
  PostToolUse: "post",
  PostToolUseFailure: "post-failure",
};

interface Read {
  event: HookEvent;
  tool: string;
  input: Record<string, unknown>;
  output?: unknown;
  error?: string;
}

/** toolArgs as an object: 1.0.102 sends one, its SDK types say unknown and older notes a JSON string. */
function argsOf(v: unknown, tool: string): Record<string, unknown> {
  if (isObject(v)) return v;
  if (typeof v === "string") {
    try {
      const parsed = JSON.parse(v) as unknown;
      if (isObject(parsed)) return parsed;
    } catch {
      // below
    }
  }
  if (v === undefined || v === null) return {};
  throw new PayloadError(`The payload for ${tool} has toolArgs that are not an object.`);
}

/**
 * Copilot's own payload names no event: a result means the tool ran (postToolUse), an error that it
 * failed (postToolUseFailure), neither that it is about to run. With a Claude Code event name the
 * envelope is Claude's, the tools renamed, the arguments still Copilot's.
 */
function read(payload: Record<string, unknown>): Read | null {
  const claudeEvent = str(payload.hook_event_name);
  if (claudeEvent !== undefined) {
    const event = CLAUDE_EVENTS[claudeEvent];
    if (!event) return null;
    const name = str(payload.tool_name);
    if (!name) throw new PayloadError(`The ${claudeEvent} payload has no tool_name.`);
    const tool = CLAUDE_DIALECT[name] ?? name;
    return {
      event,
      tool,
      input: argsOf(payload.tool_input, tool),
      output: payload.tool_response,
      error: str(payload.error),
    };
  }
  const tool = str(payload.toolName);
  if (!tool) throw new PayloadError("The hook payload has no toolName.");
  const input = argsOf(payload.toolArgs, tool);
  if (payload.toolResult !== undefined) return { event: "post", tool, input, output: payload.toolResult };
  if (payload.error !== undefined) return { event: "post-failure", tool, input, error: String(payload.error) };
  return { event: "pre", tool, input };
}

const views = (tool: string, input: Record<string, unknown>, cwd: string) => {
  const { cwd: _, ...v } = describeTool(tool, input, cwd, COPILOT_TOOLS);
  return v;
};

export const copilotCli = {
  ...copilotCliCard,
  tools: kindsOf(COPILOT_TOOLS),
  shellTool: "bash",
  parse(payload) {
    const r = read(payload);
    if (!r) return null;
    const cwd = str(payload.cwd) ?? process.cwd();
    return {
      host: "copilot-cli",
      event: r.event,
      tool: r.tool,
      input: r.input,
      ...views(r.tool, r.input, cwd),
      output: r.output,
      outputText: copilotOutputText(r.output) ?? outputText(r.output),
      error: r.error,
      session: { id: str(payload.sessionId) ?? str(payload.session_id), cwd },
      raw: payload,
    };
  },
  withInput(call, input): ToolCall {
    return { ...call, input, ...views(call.tool, input, call.session.cwd) };
  },
  withOutput(call, output): ToolCall {
    return { ...call, output, outputText: copilotOutputText(output) ?? outputText(output) };
  },
  render: renderCopilot,
  payload: (spec) => ({
    sessionId: spec.session ?? "staso-check",
    timestamp: 0,
    cwd: spec.cwd,
    toolName: spec.tool,
    toolArgs: spec.input,
    ...(spec.event === "post"
      ? { toolResult: { resultType: "success", textResultForLlm: outputText(spec.output) ?? "" } }
      : {}),
  }),
  limits: {
    ask: "none",
    runsOnTimeout: true,
    onCrash: "blocks",
    notes: [
      "No ask staso can use (in -p an ask is a denial no human can approve): an escalation is staso's own.",
      "A hook past its timeout lets the call run; a hook that crashes blocks it (Copilot CLI's own rule).",
      "A repository's .github/hooks run only in a folder you trust; a disableAllHooks setting turns every hook off, staso's included.",
    ],
  },
  install: typeof __STASO_HOOK__ !== "undefined" ? undefined : () => import("./install.js").then((m) => m.installer),
} satisfies HostEntry<"copilot-cli">;
