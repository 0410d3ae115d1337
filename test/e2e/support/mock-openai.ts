// A scripted mock of the OpenAI Responses API, as Codex CLI 0.169.0 uses it
// (`POST /v1/responses`, stream: true). Each POST takes the next scripted turn;
// once the script is used up, the mock answers with a final message so the
// agent always stops.

import {
  contentText,
  isRecord,
  startMockHttp,
  type HttpReply,
  type MockHttp,
  type RecordedHttpRequest,
} from "./mock-http.js";
import { judgeAnswer, type JudgeVerdictReply } from "../../support/mock-judge.js";

type OpenAICall =
  /** `exec_command` function call; arguments are `{cmd, ...extra}`. */
  | { exec: string; extra?: Record<string, unknown>; callId?: string }
  /** freeform `apply_patch` custom tool call; input is the patch text. */
  | { applyPatch: string; callId?: string }
  /** any other function tool. */
  | { functionCall: { name: string; arguments: Record<string, unknown> | string }; callId?: string }
  /** any other custom (freeform) tool. */
  | { customCall: { name: string; input: string }; callId?: string };

export type OpenAITurn = { calls: OpenAICall[]; text?: string } | { text: string };

export type OpenAIScriptStep = OpenAITurn | ((req: RecordedHttpRequest) => OpenAITurn);

interface CallOutput {
  type: "function_call_output" | "custom_tool_call_output";
  call_id: string;
  /** The output flattened to text. */
  output: string;
}

export interface MockOpenAI extends MockHttp {
  /** Requests from staso's judges (with the `judge` option). */
  judgeRequests(): RecordedHttpRequest[];
  /** The base URL for the Codex model provider: `http://127.0.0.1:PORT/v1`. */
  readonly baseUrl: string;
  /** Requests that asked for a model answer (POST /v1/responses). */
  responseRequests(): RecordedHttpRequest[];
  push(...steps: OpenAIScriptStep[]): void;
  readonly turnsUsed: number;
  readonly unscripted: number;
  /** function_call_output / custom_tool_call_output items of a request (default: the last one). */
  callOutputs(req?: RecordedHttpRequest): CallOutput[];
  /** The output for one call id, from the latest request carrying it. */
  callOutput(callId: string): CallOutput | undefined;
  /** Text of `role: "developer"` messages in `input` (Codex puts hook additionalContext there). */
  developerMessages(req?: RecordedHttpRequest): string[];
  /** Every text the request puts before the model (instructions, input items, outputs). */
  allText(req?: RecordedHttpRequest): string;
}

export interface MockOpenAIOptions {
  turns?: OpenAIScriptStep[];
  fallbackText?: string;
  /** Also listen on a Unix socket (needed for network-namespace runs). Default true. */
  listenSocket?: boolean;
  /**
   * Answers staso's judges too, on POST /v1/chat/completions (the Chat Completions API Codex does not use),
   * so a judge can point at this same server from inside the agent's network namespace.
   */
  judge?: (req: RecordedHttpRequest) => JudgeVerdictReply;
}

/** Default call id of the index-th call in scripted turn `turn`. */
export function openaiCallId(turn: number, index: number): string {
  return `call_mock_${turn}_${index}`;
}

type Item = Record<string, unknown> & { type: string; id: string };

function itemsOf(turn: OpenAITurn, turnIndex: number, seq: number): Item[] {
  const items: Item[] = [];
  if (turn.text !== undefined && turn.text !== "") {
    items.push({
      type: "message",
      id: `msg_mock_${seq}`,
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: turn.text, annotations: [] }],
    });
  }
  if ("calls" in turn) {
    turn.calls.forEach((c, i) => {
      const callId = c.callId ?? openaiCallId(turnIndex, i);
      const id = `${seq}_${i}`;
      if ("exec" in c) {
        items.push({
          type: "function_call",
          id: `fc_mock_${id}`,
          call_id: callId,
          name: "exec_command",
          arguments: JSON.stringify({ cmd: c.exec, ...c.extra }),
          status: "completed",
        });
      } else if ("applyPatch" in c) {
        items.push({
          type: "custom_tool_call",
          id: `ctc_mock_${id}`,
          call_id: callId,
          name: "apply_patch",
          input: c.applyPatch,
          status: "completed",
        });
      } else if ("functionCall" in c) {
        const args = c.functionCall.arguments;
        items.push({
          type: "function_call",
          id: `fc_mock_${id}`,
          call_id: callId,
          name: c.functionCall.name,
          arguments: typeof args === "string" ? args : JSON.stringify(args),
          status: "completed",
        });
      } else {
        items.push({
          type: "custom_tool_call",
          id: `ctc_mock_${id}`,
          call_id: callId,
          name: c.customCall.name,
          input: c.customCall.input,
          status: "completed",
        });
      }
    });
  }
  return items;
}

function streamEvents(items: Item[], model: string, respId: string): Array<[string, unknown]> {
  const ev: Array<[string, unknown]> = [];
  let seq = 0;
  const push = (type: string, data: Record<string, unknown>): void => {
    ev.push([type, { type, sequence_number: seq++, ...data }]);
  };
  const createdAt = Math.floor(Date.now() / 1000);
  const base = { id: respId, object: "response", created_at: createdAt, model };
  push("response.created", { response: { ...base, status: "in_progress", output: [] } });
  push("response.in_progress", { response: { ...base, status: "in_progress", output: [] } });
  items.forEach((item, output_index) => {
    if (item.type === "message") {
      const text = contentText(item.content);
      push("response.output_item.added", { output_index, item: { ...item, status: "in_progress", content: [] } });
      push("response.content_part.added", {
        item_id: item.id,
        output_index,
        content_index: 0,
        part: { type: "output_text", text: "", annotations: [] },
      });
      push("response.output_text.delta", { item_id: item.id, output_index, content_index: 0, delta: text });
      push("response.output_text.done", { item_id: item.id, output_index, content_index: 0, text });
      push("response.content_part.done", {
        item_id: item.id,
        output_index,
        content_index: 0,
        part: { type: "output_text", text, annotations: [] },
      });
    } else {
      push("response.output_item.added", { output_index, item: { ...item, status: "in_progress" } });
    }
    push("response.output_item.done", { output_index, item });
  });
  push("response.completed", {
    response: {
      ...base,
      status: "completed",
      output: items,
      usage: {
        input_tokens: 10,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 5,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 15,
      },
    },
  });
  return ev;
}

function inputOf(req: RecordedHttpRequest | undefined): unknown[] {
  if (!req || !isRecord(req.body) || !Array.isArray(req.body.input)) return [];
  return req.body.input as unknown[];
}

export async function startMockOpenAI(opts: MockOpenAIOptions = {}): Promise<MockOpenAI> {
  const script: OpenAIScriptStep[] = [...(opts.turns ?? [])];
  const fallbackText = opts.fallbackText ?? "Done (mock script exhausted).";
  let turnsUsed = 0;
  let unscripted = 0;

  const isResponses = (r: RecordedHttpRequest): boolean => r.method === "POST" && /^\/v1\/responses(\?|$)/.test(r.url);
  const isJudge = (r: RecordedHttpRequest): boolean =>
    opts.judge !== undefined && r.method === "POST" && r.url === "/v1/chat/completions";

  const handler = (req: RecordedHttpRequest): HttpReply => {
    if (isJudge(req)) return { status: 200, json: judgeAnswer("openai", req.body, opts.judge!(req), req.seq) };
    if (!isResponses(req)) {
      return {
        status: 404,
        json: { error: { type: "not_found", message: `mock: no route ${req.method} ${req.url}` } },
      };
    }
    const model = isRecord(req.body) && typeof req.body.model === "string" ? req.body.model : "gpt-mock";
    let turn: OpenAITurn;
    let turnIndex = -1;
    const step = script[turnsUsed];
    if (step !== undefined) {
      turnIndex = turnsUsed;
      turnsUsed += 1;
      turn = typeof step === "function" ? step(req) : step;
    } else {
      unscripted += 1;
      turn = { text: fallbackText };
    }
    req.turnIndex = turnIndex;
    const items = itemsOf(turn, turnIndex, req.seq);
    return {
      status: 200,
      headers: { "x-request-id": `req_mock_${req.seq}` },
      sse: streamEvents(items, model, `resp_mock_${req.seq}`),
    };
  };

  const http = await startMockHttp(handler, { listenSocket: opts.listenSocket ?? true, label: "mock-openai" });
  const responseRequests = (): RecordedHttpRequest[] => http.requests.filter(isResponses);
  const last = (): RecordedHttpRequest | undefined => responseRequests().at(-1);

  const callOutputs = (req: RecordedHttpRequest | undefined = last()): CallOutput[] => {
    const out: CallOutput[] = [];
    for (const it of inputOf(req)) {
      if (isRecord(it) && (it.type === "function_call_output" || it.type === "custom_tool_call_output")) {
        out.push({ type: it.type, call_id: String(it.call_id), output: contentText(it.output) });
      }
    }
    return out;
  };

  return {
    get url() {
      return http.url;
    },
    get baseUrl() {
      return `${http.url}/v1`;
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
    responseRequests,
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
    callOutputs,
    callOutput(callId) {
      const reqs = responseRequests();
      for (let i = reqs.length - 1; i >= 0; i--) {
        const hit = callOutputs(reqs[i]).find((o) => o.call_id === callId);
        if (hit) return hit;
      }
      return undefined;
    },
    developerMessages(req = last()) {
      return inputOf(req)
        .filter((m): m is Record<string, unknown> => isRecord(m) && m.role === "developer")
        .map((m) => contentText(m.content));
    },
    allText(req = last()) {
      if (!req || !isRecord(req.body)) return "";
      const parts = [typeof req.body.instructions === "string" ? req.body.instructions : ""];
      for (const it of inputOf(req)) {
        if (!isRecord(it)) continue;
        if ("content" in it) parts.push(contentText(it.content));
        if ("output" in it) parts.push(contentText(it.output));
      }
      return parts.join("\n");
    },
  };
}
