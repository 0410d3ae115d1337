// opencode (opencode-ai): no command hooks, so staso's plugin (hooks-templates/opencode.js) hands every
// tool call to `staso hook --target opencode` as {hook_event_name: "tool.execute.before" | "tool.execute.after",
// tool, sessionID, callID, args, output?, cwd} (reference: agents-more.md §3, checked against 1.18.33).
import type { ToolCall } from "../../engine/types.js";
import type { HostEntry } from "../types.js";
import { describeTool, kindsOf } from "../shared/describe.js";
import { outputText, PayloadError } from "../shared/envelope.js";
import { OPENCODE_TOOLS } from "./tools.js";
import { renderOpencode } from "./render.js";
import { EVENTS, opencodeCard } from "./card.js";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

const views = (tool: string, input: Record<string, unknown>, cwd: string) => {
  const { cwd: _, ...v } = describeTool(tool, input, cwd, OPENCODE_TOOLS);
  return v;
};

export const opencode = {
  ...opencodeCard,
  tools: kindsOf(OPENCODE_TOOLS),
  shellTool: "bash",
  parse(payload) {
    const name = str(payload.hook_event_name);
    if (!name) throw new PayloadError("The plugin payload has no hook_event_name.");
    const event = EVENTS[name as keyof typeof EVENTS];
    if (!event) return null;
    const tool = str(payload.tool);
    if (!tool) throw new PayloadError(`The ${name} payload has no tool.`);
    const input = payload.args;
    if (!isObject(input)) throw new PayloadError(`The ${name} payload for ${tool} has no args object.`);
    const cwd = str(payload.cwd) ?? process.cwd();
    return {
      host: "opencode",
      event,
      tool,
      input,
      ...views(tool, input, cwd),
      output: payload.output,
      outputText: outputText(payload.output),
      session: { id: str(payload.sessionID), cwd },
      toolUseId: str(payload.callID),
      raw: payload,
    };
  },
  withInput(call, input): ToolCall {
    return { ...call, input, ...views(call.tool, input, call.session.cwd) };
  },
  withOutput(call, output): ToolCall {
    return { ...call, output, outputText: outputText(output) };
  },
  render: renderOpencode,
  payload: (spec) => ({
    hook_event_name: spec.event === "post" ? "tool.execute.after" : "tool.execute.before",
    tool: spec.tool,
    sessionID: spec.session ?? "staso-check",
    callID: "staso-check-call",
    args: spec.input,
    ...(spec.event === "post" ? { output: outputText(spec.output) ?? "" } : {}),
    cwd: spec.cwd,
  }),
  limits: {
    ask: "none",
    runsOnTimeout: false,
    onCrash: "configured",
    notes: [
      "No hooks: staso runs as a plugin that hands each call to the installed hook; a plugin that fails to load leaves opencode unguarded (staso's imports nothing that could be missing, and staso doctor loads it to prove it).",
      "opencode never times a plugin out: staso's plugin has its own deadline and blocks the call when staso cannot answer.",
      "A project's own plugins (.opencode/plugin, opencode.json) load without a trust step and run their own code; an escalation is staso's own (no ask).",
    ],
  },
  install: typeof __STASO_HOOK__ !== "undefined" ? undefined : () => import("./install.js").then((m) => m.installer),
} satisfies HostEntry<"opencode">;
