// Gemini CLI (@google/gemini-cli): command hooks on BeforeTool and AfterTool in settings.json (reference:
// agents-more.md §1, checked against 0.61.0). Payloads in, decisions out.
import type { ToolCall } from "../../engine/types.js";
import type { HostEntry } from "../types.js";
import { describeTool, kindsOf } from "../shared/describe.js";
import { outputText, PayloadError } from "../shared/envelope.js";
import { GEMINI_TOOLS, geminiMcp, geminiOutputText } from "./tools.js";
import { renderGemini } from "./render.js";
import { geminiCliCard } from "./card.js";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The views of a call, its shell's working folder in the session. */
function views(tool: string, input: Record<string, unknown>, baseCwd: string, payload: Record<string, unknown>) {
  const { cwd, ...v } = describeTool(tool, input, baseCwd, GEMINI_TOOLS, geminiMcp(tool, payload));
  return { v, cwd: cwd ?? baseCwd };
}

function errorOf(response: unknown): string | undefined {
  if (!isObject(response) || !response.error) return undefined;
  const e = response.error;
  return isObject(e) ? (str(e.message) ?? JSON.stringify(e)) : String(e);
}

export const geminiCli = {
  ...geminiCliCard,
  tools: kindsOf(GEMINI_TOOLS),
  shellTool: "run_shell_command",
  parse(payload) {
    const hookEvent = str(payload.hook_event_name);
    if (!hookEvent) throw new PayloadError("The hook payload has no hook_event_name.");
    if (hookEvent !== "BeforeTool" && hookEvent !== "AfterTool") return null;
    const tool = str(payload.tool_name);
    if (!tool) throw new PayloadError(`The ${hookEvent} payload has no tool_name.`);
    const input = payload.tool_input;
    if (!isObject(input)) throw new PayloadError(`The ${hookEvent} payload for ${tool} has no tool_input object.`);
    const baseCwd = str(payload.cwd) ?? process.cwd();
    const { v, cwd } = views(tool, input, baseCwd, payload);
    const response = payload.tool_response;
    const error = hookEvent === "AfterTool" ? errorOf(response) : undefined;
    return {
      host: "gemini-cli",
      event: hookEvent === "BeforeTool" ? "pre" : error !== undefined ? "post-failure" : "post",
      tool,
      input,
      ...v,
      output: response,
      outputText: geminiOutputText(response) ?? outputText(response),
      error,
      session: { id: str(payload.session_id), cwd, transcriptPath: str(payload.transcript_path) },
      raw: payload,
    };
  },
  withInput(call, input): ToolCall {
    const raw = call.raw as Record<string, unknown>;
    const { v, cwd } = views(call.tool, input, str(raw.cwd) ?? call.session.cwd, raw);
    return { ...call, input, ...v, session: { ...call.session, cwd } };
  },
  withOutput(call, output): ToolCall {
    return { ...call, output, outputText: geminiOutputText(output) ?? outputText(output) };
  },
  render: renderGemini,
  payload: (spec) => ({
    session_id: spec.session ?? "staso-check",
    transcript_path: "",
    cwd: spec.cwd,
    hook_event_name: spec.event === "post" ? "AfterTool" : "BeforeTool",
    timestamp: new Date(0).toISOString(),
    tool_name: spec.tool,
    tool_input: spec.input,
    ...(spec.event === "post" ? { tool_response: { llmContent: spec.output ?? "", returnDisplay: "" } } : {}),
  }),
  limits: {
    ask: "none",
    runsOnTimeout: true,
    onCrash: "configured",
    notes: [
      "No ask a hook can use (in headless mode Gemini CLI hangs on one): an escalation is staso's own.",
      "A hook past its timeout, or one that exits 1, lets the call run; setup makes any other failure of the hook process block (it exits 2 with a reason).",
      "A trusted project's .gemini/settings.json can turn hooks off (hooksConfig) or add its own: staso doctor reports it.",
    ],
  },
  install: typeof __STASO_HOOK__ !== "undefined" ? undefined : () => import("./install.js").then((m) => m.installer),
} satisfies HostEntry<"gemini-cli">;
