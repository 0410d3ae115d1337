// A scripted mock of the Gemini API as Gemini CLI 0.61.0 uses it with GOOGLE_GEMINI_BASE_URL
// (agents-more.md §1): POST /v1beta/models/<model>:streamGenerateContent?alt=sse (data-only SSE) and
// :generateContent (JSON), :countTokens. A main request (one that offers functionDeclarations) takes the
// next scripted turn: function calls (id call_mock_<turn>_<i>) or a final text. Side requests that ask for
// JSON (the model router's complexity score, the next-speaker check) get an object filled from their schema.

import { isRecord, startMockHttp, type HttpReply, type MockHttp, type RecordedHttpRequest } from "./mock-http.js";

interface GeminiCall {
  name: string;
  args: Record<string, unknown>;
  id?: string;
}

export type GeminiTurn = { calls: GeminiCall[]; text?: string } | { text: string };
type GeminiStep = GeminiTurn | ((req: RecordedHttpRequest) => GeminiTurn);

interface FunctionResponse {
  id?: string;
  name: string;
  response: Record<string, unknown>;
  /** The response as one text: its output or error. */
  text: string;
}

export interface MockGemini extends MockHttp {
  /** GOOGLE_GEMINI_BASE_URL (no path). */
  readonly baseUrl: string;
  /** The requests that took (or would have taken) a scripted turn. */
  mainRequests(): RecordedHttpRequest[];
  readonly turnsUsed: number;
  /** functionResponse parts in a request (default: the last main request). */
  functionResponses(req?: RecordedHttpRequest): FunctionResponse[];
  /** The response to one scripted call, from the latest request carrying it. */
  callResult(turn: number, index: number): FunctionResponse | undefined;
  /** Every text in the request's contents (for "the model never saw X"). */
  allText(req?: RecordedHttpRequest): string;
}

const geminiCallId = (turn: number, index: number): string => `call_mock_${turn}_${index}`;

/** A value for a JSON schema: enum "user" when offered (the next-speaker check ends the turn), numbers at their minimum. */
function fromSchema(schema: unknown): unknown {
  if (!isRecord(schema)) return null;
  if (Array.isArray(schema.enum)) return schema.enum.includes("user") ? "user" : schema.enum[0];
  const type = String(schema.type ?? "").toLowerCase();
  if (type === "object" || isRecord(schema.properties)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(isRecord(schema.properties) ? schema.properties : {})) out[k] = fromSchema(v);
    return out;
  }
  if (type === "array") return [];
  if (type === "number" || type === "integer")
    return typeof schema.minimum === "number" ? Math.max(1, schema.minimum) : 1;
  if (type === "boolean") return false;
  return "mock";
}

const usage = { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 };

function contentsOf(req: RecordedHttpRequest | undefined): Record<string, unknown>[] {
  if (!req || !isRecord(req.body) || !Array.isArray(req.body.contents)) return [];
  return req.body.contents.filter(isRecord);
}

export async function startMockGemini(opts: { turns?: GeminiStep[]; fallbackText?: string } = {}): Promise<MockGemini> {
  const script: GeminiStep[] = [...(opts.turns ?? [])];
  let turnsUsed = 0;
  const isMain = (r: RecordedHttpRequest) =>
    isRecord(r.body) &&
    Array.isArray(r.body.tools) &&
    r.body.tools.some((t) => isRecord(t) && Array.isArray(t.functionDeclarations) && t.functionDeclarations.length > 0);

  const handler = (req: RecordedHttpRequest): HttpReply => {
    const m = /^\/v1beta\/models\/([^/:?]+):(streamGenerateContent|generateContent|countTokens)/.exec(req.url);
    if (!m || req.method !== "POST")
      return { status: 404, json: { error: { code: 404, message: `mock: no route ${req.method} ${req.url}` } } };
    const [, model, method] = m;
    if (method === "countTokens") return { status: 200, json: { totalTokens: 10 } };
    let parts: Record<string, unknown>[];
    if (isMain(req)) {
      const step = script[turnsUsed];
      let turn: GeminiTurn = { text: opts.fallbackText ?? "Done (mock script exhausted)." };
      if (step !== undefined) {
        req.turnIndex = turnsUsed;
        turn = typeof step === "function" ? step(req) : step;
        turnsUsed += 1;
      }
      const t = req.turnIndex;
      parts = [
        ...(turn.text ? [{ text: turn.text }] : []),
        ...("calls" in turn
          ? turn.calls.map((c, i) => ({ functionCall: { id: c.id ?? geminiCallId(t, i), name: c.name, args: c.args } }))
          : []),
      ];
    } else {
      const cfg = isRecord(req.body) && isRecord(req.body.generationConfig) ? req.body.generationConfig : {};
      const schema = cfg.responseJsonSchema ?? cfg.responseSchema;
      parts = [{ text: schema ? JSON.stringify(fromSchema(schema)) : "ok" }];
    }
    const body = {
      candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
      usageMetadata: usage,
      modelVersion: model,
    };
    return method === "streamGenerateContent" ? { status: 200, sseData: [body] } : { status: 200, json: body };
  };

  const http = await startMockHttp(handler, { listenSocket: true, label: "mock-gemini" });
  const mainRequests = () => http.requests.filter(isMain);
  const functionResponses = (req: RecordedHttpRequest | undefined = mainRequests().at(-1)): FunctionResponse[] => {
    const out: FunctionResponse[] = [];
    for (const c of contentsOf(req))
      for (const p of Array.isArray(c.parts) ? c.parts : []) {
        if (!isRecord(p) || !isRecord(p.functionResponse)) continue;
        const fr = p.functionResponse;
        const response = isRecord(fr.response) ? fr.response : {};
        const text = [response.output, response.error, response.llmContent]
          .map((x) => (typeof x === "string" ? x : x === undefined ? "" : JSON.stringify(x)))
          .join("");
        out.push({ id: typeof fr.id === "string" ? fr.id : undefined, name: String(fr.name), response, text });
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
    mainRequests,
    get turnsUsed() {
      return turnsUsed;
    },
    functionResponses,
    callResult(turn, index) {
      const id = geminiCallId(turn, index);
      const reqs = mainRequests();
      for (let i = reqs.length - 1; i >= 0; i--) {
        const all = functionResponses(reqs[i]);
        const hit = all.find((r) => r.id === id);
        if (hit) return hit;
      }
      return undefined;
    },
    allText(req = mainRequests().at(-1)) {
      return JSON.stringify(contentsOf(req));
    },
  };
}
