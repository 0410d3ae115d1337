// Cursor: command hooks in .cursor/hooks.json (documented payloads; Cursor's agent is not on npm, so this
// host is held to contract tests, not the real binary). Shell commands arrive on beforeShellExecution,
// MCP calls on beforeMCPExecution, file reads on beforeReadFile, every other tool (writes and edits
// above all) on preToolUse; the after-events tell staso which calls ran.
import type { HookEvent, ToolCall } from "../../engine/types.js";
import type { HostEntry } from "../types.js";
import { describeTool, kindsOf } from "../shared/describe.js";
import { absolutePath, outputText, PayloadError } from "../shared/envelope.js";
import { CURSOR_TOOLS, cursorMcp } from "./tools.js";
import { renderCursor } from "./render.js";
import { cursorCard } from "./card.js";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** A tool_input that is an object, or a JSON string of one (beforeMCPExecution sends a string). */
function objectOf(v: unknown): Record<string, unknown> {
  if (isObject(v)) return v;
  if (typeof v === "string") {
    try {
      const p = JSON.parse(v) as unknown;
      if (isObject(p)) return p;
    } catch {
      // below
    }
    return { input: v };
  }
  return {};
}

/** Tools preToolUse leaves to their own before-event (so a call is not judged, and counted, twice). */
const OWN_EVENT = new Set(["Shell", "Read"]);

interface Read {
  event: HookEvent;
  tool: string;
  input: Record<string, unknown>;
  output?: unknown;
  error?: string;
  mcp?: { server: string; tool: string };
}

function read(p: Record<string, unknown>, name: string): Read | null {
  switch (name) {
    case "beforeShellExecution":
    case "afterShellExecution": {
      const command = str(p.command);
      if (command === undefined) throw new PayloadError(`The ${name} payload has no command.`);
      return name === "beforeShellExecution"
        ? { event: "pre", tool: "Shell", input: { command, ...(str(p.cwd) ? { cwd: p.cwd } : {}) } }
        : { event: "post", tool: "Shell", input: { command }, output: p.output };
    }
    case "beforeMCPExecution":
    case "afterMCPExecution": {
      const tool = str(p.tool_name);
      if (!tool) throw new PayloadError(`The ${name} payload has no tool_name.`);
      return {
        event: name === "beforeMCPExecution" ? "pre" : "post",
        tool,
        input: objectOf(p.tool_input),
        output: p.result_json,
        mcp: cursorMcp(tool),
      };
    }
    case "beforeReadFile": {
      const file = str(p.file_path);
      if (file === undefined) throw new PayloadError("The beforeReadFile payload has no file_path.");
      return { event: "pre", tool: "Read", input: { file_path: file } };
    }
    case "afterFileEdit":
      return { event: "post", tool: "Edit", input: { file_path: p.file_path, edits: p.edits }, output: p.edits };
    case "preToolUse":
    case "postToolUse":
    case "postToolUseFailure": {
      const tool = str(p.tool_name);
      if (!tool) throw new PayloadError(`The ${name} payload has no tool_name.`);
      if (name === "preToolUse" && OWN_EVENT.has(tool)) return null;
      const input = objectOf(p.tool_input);
      const mcp = tool.startsWith("MCP:") ? cursorMcp(tool) : undefined;
      if (name === "preToolUse") return { event: "pre", tool, input, mcp };
      if (name === "postToolUse") return { event: "post", tool, input, output: p.tool_output, mcp };
      return { event: "post-failure", tool, input, error: str(p.error_message), mcp };
    }
    default:
      return null;
  }
}

function cwdOf(p: Record<string, unknown>): string {
  const roots = Array.isArray(p.workspace_roots)
    ? p.workspace_roots.filter((r): r is string => typeof r === "string")
    : [];
  // cwd may arrive empty (a known Cursor quirk): the first workspace root stands in
  return str(p.cwd) || roots[0] || process.cwd();
}

const views = (tool: string, input: Record<string, unknown>, cwd: string, mcp?: { server: string; tool: string }) => {
  const { cwd: dir, ...v } = describeTool(tool, input, cwd, CURSOR_TOOLS, mcp);
  return { v, cwd: dir ?? cwd };
};

export const cursor = {
  ...cursorCard,
  tools: kindsOf(CURSOR_TOOLS),
  shellTool: "Shell",
  parse(payload) {
    const name = str(payload.hook_event_name);
    if (!name) throw new PayloadError("The hook payload has no hook_event_name.");
    const r = read(payload, name);
    if (!r) return null;
    const { v, cwd } = views(r.tool, r.input, cwdOf(payload), r.mcp);
    // a read's path is absolute in Cursor's payloads, a relative one is the workspace's
    if (r.tool === "Read" && v.reads.length === 0 && typeof r.input.file_path === "string")
      v.reads = [{ path: absolutePath(r.input.file_path, cwd) }];
    return {
      host: "cursor",
      event: r.event,
      tool: r.tool,
      input: r.input,
      ...v,
      output: r.output,
      outputText: outputText(r.output),
      error: r.error,
      session: { id: str(payload.conversation_id), cwd, transcriptPath: str(payload.transcript_path) },
      toolUseId: str(payload.tool_use_id) ?? str(payload.generation_id),
      raw: payload,
    };
  },
  withInput(call, input): ToolCall {
    const { v, cwd } = views(call.tool, input, cwdOf(call.raw as Record<string, unknown>), call.mcp);
    return { ...call, input, ...v, session: { ...call.session, cwd } };
  },
  withOutput(call, output): ToolCall {
    return { ...call, output, outputText: outputText(output) };
  },
  render: renderCursor,
  payload: (spec) => {
    const base = {
      conversation_id: spec.session ?? "staso-check",
      generation_id: "staso-check-generation",
      model: "staso-check",
      cursor_version: "2.3.0",
      workspace_roots: [spec.cwd],
      user_email: null,
      transcript_path: null,
    };
    const command = typeof spec.input.command === "string" ? spec.input.command : "";
    if (spec.tool === "Shell")
      return spec.event === "post"
        ? {
            ...base,
            hook_event_name: "afterShellExecution",
            command,
            output: outputText(spec.output) ?? "",
            duration: 1,
          }
        : { ...base, hook_event_name: "beforeShellExecution", command, cwd: spec.cwd };
    if (spec.tool === "Read" && spec.event !== "post")
      return {
        ...base,
        hook_event_name: "beforeReadFile",
        file_path: typeof spec.input.file_path === "string" ? spec.input.file_path : "",
        content: "",
        attachments: [],
      };
    return spec.event === "post"
      ? {
          ...base,
          hook_event_name: "postToolUse",
          tool_name: spec.tool,
          tool_input: spec.input,
          tool_output: outputText(spec.output) ?? "",
          tool_use_id: "staso-check",
          cwd: spec.cwd,
          duration: 1,
        }
      : {
          ...base,
          hook_event_name: "preToolUse",
          tool_name: spec.tool,
          tool_input: spec.input,
          tool_use_id: "staso-check",
          cwd: spec.cwd,
        };
  },
  limits: {
    ask: "prompt",
    runsOnTimeout: true,
    onCrash: "configured",
    notes: [
      "Checked by contract against Cursor's documented hook payloads only: its agent is not on npm.",
      'A hook that fails or times out lets the call run unless its entry says "failClosed": true (setup writes it when the fail mode is closed).',
      "Shell commands can be blocked but not rewritten (only preToolUse takes updated_input): a call staso would rewrite is blocked with the reason; only an MCP tool's output can be replaced after it ran.",
    ],
  },
  install: typeof __STASO_HOOK__ !== "undefined" ? undefined : () => import("./install.js").then((m) => m.installer),
} satisfies HostEntry<"cursor">;
