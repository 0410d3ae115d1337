// A scripted mock of the Anthropic Messages API, as Claude Code 2.1.329 uses it
// (`POST /v1/messages?beta=true`, stream: true). Each POST to /v1/messages takes
// the next scripted turn; once the script is used up, the mock answers with a
// final text so the agent always stops.

import {
  contentText,
  isRecord,
  startMockHttp,
  type HttpReply,
  type MockHttp,
  type RecordedHttpRequest,
} from "./mock-http.js";
import { judgeAnswer, type JudgeVerdictReply } from "../../support/mock-judge.js";

interface AnthropicToolUse {
  /** Tool name as Claude Code offers it: `Bash`, `Write`, `Edit`, `Read`, … */
  name: string;
  input: Record<string, unknown>;
  /** tool_use id; default `toolu_mock_<turn>_<index>`. */
  id?: string;
}

export type AnthropicTurn = { toolUses: AnthropicToolUse[]; text?: string } | { text: string };

/** A turn, or a function choosing one from the request (e.g. from the tool results it carries). */
type AnthropicScriptStep = AnthropicTurn | ((req: RecordedHttpRequest) => AnthropicTurn);

interface ToolResult {
  tool_use_id: string;
  /** The content flattened to text. */
  content: string;
  is_error: boolean;
}

export interface MockAnthropic extends MockHttp {
  /** Requests from staso's judges (with the `judge` option). */
  judgeRequests(): RecordedHttpRequest[];
  /** The base URL to give Claude Code as ANTHROPIC_BASE_URL (no /v1). */
  readonly baseUrl: string;
  /** Requests that asked for a model answer (POST /v1/messages…). */
  messageRequests(): RecordedHttpRequest[];
  /** Appends turns to the script. */
  push(...steps: AnthropicScriptStep[]): void;
  /** How many scripted turns have been used. */
  readonly turnsUsed: number;
  /** Requests answered after the script ran out (with the fallback text). */
  readonly unscripted: number;
  /** tool_result blocks in a request (default: the last message request). */
  toolResults(req?: RecordedHttpRequest): ToolResult[];
  /** The result for one tool_use id, from the latest request carrying it. */
  toolResult(toolUseId: string): ToolResult | undefined;
  /** Text of the `role: "system"` entries in `messages` (Claude Code puts hook feedback there). */
  systemMessages(req?: RecordedHttpRequest): string[];
  /** Every text the request puts before the model: system prompt, messages, tool results (for grep-style asserts). */
  allText(req?: RecordedHttpRequest): string;
}

export interface MockAnthropicOptions {
  turns?: AnthropicScriptStep[];
  /** Text answered once the script is used up. */
  fallbackText?: string;
  /** Also listen on a Unix socket (needed for network-namespace runs). Default true. */
  listenSocket?: boolean;
  /**
   * Answers staso's judges too (a Messages request forcing the `verdict` tool, not streamed), so a judge
   * can point at this same server from inside the agent's network namespace. Judge requests take no
   * scripted turn and are not among messageRequests().
   */
  judge?: (req: RecordedHttpRequest) => JudgeVerdictReply;
  /**
   * Only requests that offer tools take a scripted turn; the others (opencode's title request) get the
   * fallback text. Default false.
   */
  onlyWithTools?: boolean;
}

/** Default tool_use id of the index-th tool use in scripted turn `turn`. */
export function anthropicToolUseId(turn: number, index: number): string {
  return `toolu_mock_${turn}_${index}`;
}

const usage = { input_tokens: 10, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

type Block =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

function blocksOf(turn: AnthropicTurn, turnIndex: number): Block[] {
  const blocks: Block[] = [];
  if (turn.text !== undefined && turn.text !== "") blocks.push({ type: "text", text: turn.text });
  if ("toolUses" in turn) {
    turn.toolUses.forEach((t, i) => {
      blocks.push({ type: "tool_use", id: t.id ?? anthropicToolUseId(turnIndex, i), name: t.name, input: t.input });
    });
  }
  if (blocks.length === 0) blocks.push({ type: "text", text: "" });
  return blocks;
}

function streamEvents(blocks: Block[], model: string, msgId: string): Array<[string, unknown]> {
  const stopReason = blocks.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn";
  const ev: Array<[string, unknown]> = [];
  ev.push([
    "message_start",
    {
      type: "message_start",
      message: {
        id: msgId,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage,
      },
    },
  ]);
  blocks.forEach((b, index) => {
    if (b.type === "text") {
      ev.push([
        "content_block_start",
        { type: "content_block_start", index, content_block: { type: "text", text: "" } },
      ]);
      ev.push([
        "content_block_delta",
        { type: "content_block_delta", index, delta: { type: "text_delta", text: b.text } },
      ]);
    } else {
      ev.push([
        "content_block_start",
        { type: "content_block_start", index, content_block: { type: "tool_use", id: b.id, name: b.name, input: {} } },
      ]);
      ev.push([
        "content_block_delta",
        {
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json: JSON.stringify(b.input) },
        },
      ]);
    }
    ev.push(["content_block_stop", { type: "content_block_stop", index }]);
  });
  ev.push([
    "message_delta",
    { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 5 } },
  ]);
  ev.push(["message_stop", { type: "message_stop" }]);
  return ev;
}

function messagesOf(req: RecordedHttpRequest | undefined): unknown[] {
  if (!req || !isRecord(req.body) || !Array.isArray(req.body.messages)) return [];
  return req.body.messages as unknown[];
}

export async function startMockAnthropic(opts: MockAnthropicOptions = {}): Promise<MockAnthropic> {
  const script: AnthropicScriptStep[] = [...(opts.turns ?? [])];
  const fallbackText = opts.fallbackText ?? "Done (mock script exhausted).";
  let turnsUsed = 0;
  let unscripted = 0;

  const isJudge = (r: RecordedHttpRequest): boolean =>
    opts.judge !== undefined &&
    r.method === "POST" &&
    /^\/v1\/messages$/.test(r.url) &&
    isRecord(r.body) &&
    isRecord(r.body.tool_choice) &&
    r.body.tool_choice.name === "verdict";
  const isMessages = (r: RecordedHttpRequest): boolean =>
    r.method === "POST" && /^\/v1\/messages(\?|$)/.test(r.url) && !isJudge(r);

  const handler = (req: RecordedHttpRequest): HttpReply => {
    if (isJudge(req)) return { status: 200, json: judgeAnswer("anthropic", req.body, opts.judge!(req), req.seq) };
    if (!isMessages(req)) {
      return {
        status: 404,
        json: { type: "error", error: { type: "not_found_error", message: `mock: no route ${req.method} ${req.url}` } },
      };
    }
    const model = isRecord(req.body) && typeof req.body.model === "string" ? req.body.model : "claude-mock";
    let turn: AnthropicTurn;
    let turnIndex = -1;
    const offersTools = isRecord(req.body) && Array.isArray(req.body.tools) && req.body.tools.length > 0;
    const step = opts.onlyWithTools && !offersTools ? undefined : script[turnsUsed];
    if (step !== undefined) {
      turnIndex = turnsUsed;
      turnsUsed += 1;
      turn = typeof step === "function" ? step(req) : step;
    } else {
      unscripted += 1;
      turn = { text: fallbackText };
    }
    req.turnIndex = turnIndex;
    const blocks = blocksOf(turn, turnIndex);
    const msgId = `msg_mock_${req.seq}`;
    if (isRecord(req.body) && req.body.stream === false) {
      return {
        status: 200,
        json: {
          id: msgId,
          type: "message",
          role: "assistant",
          model,
          content: blocks,
          stop_reason: blocks.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn",
          stop_sequence: null,
          usage,
        },
      };
    }
    return { status: 200, headers: { "request-id": `req_mock_${req.seq}` }, sse: streamEvents(blocks, model, msgId) };
  };

  const http = await startMockHttp(handler, { listenSocket: opts.listenSocket ?? true, label: "mock-anthropic" });

  const messageRequests = (): RecordedHttpRequest[] => http.requests.filter(isMessages);
  const lastMessages = (): RecordedHttpRequest | undefined => messageRequests().at(-1);

  const toolResults = (req: RecordedHttpRequest | undefined = lastMessages()): ToolResult[] => {
    const out: ToolResult[] = [];
    for (const m of messagesOf(req)) {
      if (!isRecord(m) || !Array.isArray(m.content)) continue;
      for (const b of m.content as unknown[]) {
        if (isRecord(b) && b.type === "tool_result") {
          out.push({
            tool_use_id: String(b.tool_use_id),
            content: contentText(b.content),
            is_error: b.is_error === true,
          });
        }
      }
    }
    return out;
  };

  return {
    get url() {
      return http.url;
    },
    get baseUrl() {
      return http.url;
    },
    get port() {
      return http.port;
    },
    get socketPath() {
      return http.socketPath;
    },
    get requests() {
      return http.requests;
    },
    close: () => http.close(),
    messageRequests,
    judgeRequests: () => http.requests.filter(isJudge),
    push(...steps) {
      script.push(...steps);
    },
    get turnsUsed() {
      return turnsUsed;
    },
    get unscripted() {
      return unscripted;
    },
    toolResults,
    toolResult(toolUseId) {
      const reqs = messageRequests();
      for (let i = reqs.length - 1; i >= 0; i--) {
        const hit = toolResults(reqs[i]).find((r) => r.tool_use_id === toolUseId);
        if (hit) return hit;
      }
      return undefined;
    },
    systemMessages(req = lastMessages()) {
      return messagesOf(req)
        .filter((m): m is Record<string, unknown> => isRecord(m) && m.role === "system")
        .map((m) => contentText(m.content));
    },
    allText(req = lastMessages()) {
      if (!req || !isRecord(req.body)) return "";
      const parts = [contentText(req.body.system)];
      for (const m of messagesOf(req)) if (isRecord(m)) parts.push(contentText(m.content));
      return parts.join("\n");
    },
  };
}
