// A mock model server for judges, on 127.0.0.1: Anthropic's Messages API (POST …/v1/messages) and the
// OpenAI Chat Completions API (POST …/chat/completions), answering in the real APIs' shapes — a tool_use
// block or a function call (or json_schema content) holding {decision, reason}, usage counts, the real
// error bodies, 429s with retry-after, 5xx, slow answers and answers that never come.
//
// It also checks every request it receives: none may contain a forbidden text (the secrets a test put in
// the call, the transcript, the environment), and the API key may appear only in the provider's auth
// header. Violations are recorded (and answered 400), for the test to assert there are none.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

type Verdict = "allow" | "block" | "escalate";

/** A verdict the mock answers with, in the provider's shape. */
export type JudgeVerdictReply = { verdict: Verdict; reason: string; tokens?: { input: number; output: number } };

export type JudgeReply =
  | JudgeVerdictReply
  | { status: number; json?: unknown; headers?: Record<string, string>; raw?: string }
  | { hang: true }
  | { delayMs: number; reply: JudgeReply };

interface SeenRequest {
  provider: "anthropic" | "openai";
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  body: any;
  /** The text the model was given: system prompt and messages. */
  text: string;
}

export interface MockJudge {
  /** The base URL as the provider's SDK takes it: Anthropic without /v1, OpenAI with it. */
  anthropicUrl: string;
  openaiUrl: string;
  requests: SeenRequest[];
  /** What broke the rules: a forbidden text in a request, the key outside its header. */
  violations: string[];
  /** Replies to give, in order; once used up, `fallback` answers. */
  push(...replies: (JudgeReply | ((req: SeenRequest) => JudgeReply))[]): void;
  /** Forgets the requests, the violations and the replies not yet given (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export interface MockJudgeOptions {
  fallback?: JudgeReply | ((req: SeenRequest) => JudgeReply);
  /** Texts no request may contain anywhere (body, URL, headers). */
  forbidden?: string[];
  /** The API key: allowed only in x-api-key (Anthropic) or Authorization: Bearer (OpenAI). */
  apiKey?: string;
}

/** Anthropic's 429, as the API sends it. */
export const rateLimited = (retryAfterSeconds: number): JudgeReply => ({
  status: 429,
  headers: { "retry-after": String(retryAfterSeconds) },
  json: {
    type: "error",
    error: { type: "rate_limit_error", message: "Number of request tokens has exceeded your per-minute rate limit" },
  },
});

export const serverError = (status = 500): JudgeReply => ({
  status,
  json: {
    type: "error",
    error: { type: status === 529 ? "overloaded_error" : "api_error", message: "Internal server error" },
  },
});

const HANG_LIMIT_MS = 60_000;

/**
 * A verdict in the provider's real answer shape: Anthropic's message with a tool_use block, or OpenAI's
 * chat.completion with a function call (or, when the request asked for a json_schema response format,
 * the verdict as the message content). Also used by the agents' e2e mocks, which answer judges too.
 */
export function judgeAnswer(provider: "anthropic" | "openai", body: any, reply: JudgeVerdictReply, n = 0): unknown {
  const tokens = reply.tokens ?? { input: 812, output: 41 };
  const verdict = { decision: reply.verdict, reason: reply.reason };
  if (provider === "anthropic")
    return {
      id: `msg_judge_${n}`,
      type: "message",
      role: "assistant",
      model: body?.model,
      content: [{ type: "tool_use", id: `toolu_judge_${n}`, name: "verdict", input: verdict }],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: {
        input_tokens: tokens.input,
        output_tokens: tokens.output,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    };
  const viaSchema = body?.response_format?.type === "json_schema";
  return {
    id: `chatcmpl-judge-${n}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body?.model,
    choices: [
      {
        index: 0,
        message: viaSchema
          ? { role: "assistant", content: JSON.stringify(verdict) }
          : {
              role: "assistant",
              content: null,
              tool_calls: [
                {
                  id: `call_judge_${n}`,
                  type: "function",
                  function: { name: "verdict", arguments: JSON.stringify(verdict) },
                },
              ],
            },
        finish_reason: viaSchema ? "stop" : "tool_calls",
      },
    ],
    usage: {
      prompt_tokens: tokens.input,
      completion_tokens: tokens.output,
      total_tokens: tokens.input + tokens.output,
    },
  };
}

export async function startMockJudge(opts: MockJudgeOptions = {}): Promise<MockJudge> {
  const queue: (JudgeReply | ((req: SeenRequest) => JudgeReply))[] = [];
  const requests: SeenRequest[] = [];
  const violations: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const fallback = opts.fallback ?? { verdict: "allow", reason: "routine work" };

  const check = (req: IncomingMessage, raw: string, provider: SeenRequest["provider"]) => {
    const authHeader = provider === "anthropic" ? "x-api-key" : "authorization";
    const places: [string, string][] = [
      ["the body", raw],
      ["the URL", req.url ?? ""],
      ...Object.entries(req.headers)
        .filter(([k]) => k !== authHeader)
        .map(([k, v]): [string, string] => [`header ${k}`, String(v)]),
    ];
    for (const secret of opts.forbidden ?? [])
      for (const [where, text] of places)
        if (text.includes(secret)) violations.push(`${where} contains ${JSON.stringify(secret.slice(0, 12))}…`);
    if (opts.apiKey) {
      for (const [where, text] of places) if (text.includes(opts.apiKey)) violations.push(`the API key is in ${where}`);
      const auth = String(req.headers[authHeader] ?? "");
      const expected = provider === "anthropic" ? opts.apiKey : `Bearer ${opts.apiKey}`;
      if (auth !== expected) violations.push(`${authHeader} is ${JSON.stringify(auth)}, not the API key`);
    }
  };

  const answer = (res: ServerResponse, seen: SeenRequest, reply: JudgeReply): void => {
    if ("hang" in reply) return; // never answered; close() ends it
    if ("delayMs" in reply) {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!res.destroyed) answer(res, seen, reply.reply);
      }, reply.delayMs);
      timers.add(t);
      return;
    }
    if ("status" in reply) {
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(reply.raw ?? JSON.stringify(reply.json ?? {}));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(judgeAnswer(seen.provider, seen.body, reply, requests.length)));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = (req.url ?? "").split("?")[0]!;
      const provider = path.endsWith("/v1/messages")
        ? "anthropic"
        : path.endsWith("/chat/completions")
          ? "openai"
          : undefined;
      if (req.method !== "POST" || !provider) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      let body: any;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const text =
        provider === "anthropic"
          ? [body?.system, ...(body?.messages ?? []).map((m: any) => m.content)].join("\n")
          : (body?.messages ?? []).map((m: any) => m.content).join("\n");
      const seen: SeenRequest = { provider, url: req.url ?? "", headers: req.headers, rawBody: raw, body, text };
      requests.push(seen);
      const before = violations.length;
      check(req, raw, provider);
      if (violations.length > before) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ type: "error", error: { type: "invalid_request_error", message: "mock: a secret leaked" } }),
        );
        return;
      }
      const next = queue.shift() ?? fallback;
      answer(res, seen, typeof next === "function" ? next(seen) : next);
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  // A hung answer is held at most this long, whatever the test does.
  const limit = setTimeout(() => {
    for (const s of sockets) s.destroy();
  }, HANG_LIMIT_MS);
  limit.unref();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    anthropicUrl: `http://127.0.0.1:${port}`,
    openaiUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    violations,
    push: (...replies) => queue.push(...replies),
    reset() {
      requests.length = 0;
      violations.length = 0;
      queue.length = 0;
    },
    async close() {
      clearTimeout(limit);
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
