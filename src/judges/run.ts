// One judge, one call: mask what the model will see, ask it once (a retry only when the budget leaves room
// for one), and turn what came back — a verdict, or a timeout, a 429, a 5xx, a refused connection, an
// answer without a verdict — into a JudgeRecord. Never throws and never runs past the judge's deadline:
// whatever goes wrong, the judge's onTimeout is the verdict.
//
// Loaded only when a judge's `when` matches a call (policy/judge-rules.ts imports it on demand), so a
// policy without judges, and every call no judge looks at, pays nothing for it.
import type { JudgeRecord, ToolCall } from "../engine/types.js";
import { readCachedVerdict, requestKey, writeCachedVerdict } from "./cache.js";
import { DEFAULT_BUDGET_MS, type JudgeSpec, type JudgeVerdictAction } from "./config.js";
import { judgeEndpoint } from "./key.js";
import { judgeView, type JudgeContext } from "./context.js";
import { systemPrompt, userPrompt } from "./prompt.js";
import { anthropic } from "./providers/anthropic.js";
import { openai } from "./providers/openai.js";
import { MalformedAnswer, type JudgeAnswer, type Provider } from "./providers/types.js";
import { post, TransportError } from "./transport.js";

const PROVIDERS: Record<JudgeSpec["provider"], Provider> = { anthropic, openai };

/** Kept free before the hook's deadline: rendering the answer and writing the audit record. */
const RESERVE_MS = 200;
/** A retry is only worth sending with at least this much time left for it. */
const MIN_ATTEMPT_MS = 300;
const MAX_ATTEMPTS = 3;
/** The longest reason kept from a model. */
const MAX_REASON = 600;

export interface RunJudgeOptions {
  /** The gray zone: the rules that could not decide (shown to the model). */
  unsure?: { ruleId: string; reason: string }[];
  /** Ask the model even when the cache holds a verdict (`staso judge eval`). */
  noCache?: boolean;
}

type Failure = Exclude<JudgeRecord["outcome"], "answered" | "cached">;

export async function runJudge(
  spec: JudgeSpec,
  call: ToolCall,
  ctx: JudgeContext,
  opts: RunJudgeOptions = {},
): Promise<JudgeRecord> {
  const started = performance.now();
  const deadline = Math.min(ctx.startedAt + (spec.budgetMs ?? DEFAULT_BUDGET_MS), ctx.deadlineAt - RESERVE_MS);
  const provider = PROVIDERS[spec.provider];
  const base = {
    ruleId: spec.id,
    provider: spec.provider,
    model: spec.model,
    ...(opts.unsure ? { grayZone: opts.unsure.map((u) => u.ruleId) } : {}),
  };
  let requests = 0;
  const done = (r: Omit<JudgeRecord, keyof typeof base | "latencyMs" | "requests">): JudgeRecord => {
    const record: JudgeRecord = {
      ...base,
      ...r,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
      requests,
    };
    ctx.records.push(record);
    return record;
  };
  const failed = (outcome: Failure, what: string): JudgeRecord => {
    const verdict: JudgeVerdictAction = spec.onTimeout ?? (ctx.failMode === "closed" ? "block" : "allow");
    ctx.warn?.(`staso: judge ${spec.id} (${spec.model}) gave no verdict: ${what}; its onTimeout applies (${verdict}).`);
    return done({ verdict, outcome, reason: what });
  };

  const { baseUrl, keyEnv, key: apiKey, local } = judgeEndpoint(spec, ctx.env);
  if (!apiKey && !local) return failed("error", `${keyEnv} is not set, so the model was not asked`);

  const view = judgeView(call, spec.context?.transcript ?? 0, ctx, opts.unsure);
  const request = provider.request({
    model: spec.model,
    baseUrl,
    ...(apiKey ? { apiKey } : {}),
    system: systemPrompt(spec.instructions, opts.unsure !== undefined),
    user: userPrompt(view),
    ...(spec.maxTokens !== undefined ? { maxTokens: spec.maxTokens } : {}),
    ...(spec.structuredOutput ? { structuredOutput: spec.structuredOutput } : {}),
  });

  const key = ctx.dataDir && !opts.noCache ? requestKey(request.url, request.body) : undefined;
  if (key) {
    const hit = readCachedVerdict(ctx.dataDir!, call.session.id, key);
    if (hit) return done({ verdict: hit.decision, outcome: "cached", reason: hit.reason, ...tokensOf(hit) });
  }

  for (;;) {
    requests++;
    let status: number;
    let headers: Record<string, string>;
    let text: string;
    try {
      ({ status, headers, text } = await post(request, deadline));
    } catch (err) {
      if (err instanceof TransportError && err.timedOut)
        return failed("timeout", `the model did not answer within ${seconds(deadline - started)}`);
      return failed("error", `the model could not be reached (${(err as Error).message})`);
    }
    if (status >= 200 && status < 300) {
      let answer: JudgeAnswer;
      try {
        answer = provider.answer(JSON.parse(text));
      } catch (err) {
        const why = err instanceof MalformedAnswer ? err.message : "the answer is not JSON";
        return failed("malformed", `the model's answer held no verdict (${why})`);
      }
      const reason = cleanReason(answer.reason) || `the judge answered ${answer.decision} without a reason`;
      if (key) writeCachedVerdict(ctx.dataDir!, call.session.id, key, { ...answer, reason });
      return done({ verdict: answer.decision, outcome: "answered", reason, ...tokensOf(answer) });
    }
    const message = errorText(provider, text);
    const left = deadline - performance.now();
    // Rate-limited or overloaded: wait as long as the server asks, when that still leaves room for an answer.
    if (status === 429 || status === 529 || status >= 500) {
      const wait = retryAfterMs(headers) ?? 100 * requests;
      const what =
        status === 429 ? `the model was rate-limited (429${message})` : `the model answered ${status}${message}`;
      if (requests < MAX_ATTEMPTS && wait + MIN_ATTEMPT_MS <= left) {
        await sleep(wait);
        continue;
      }
      const later = retryAfterMs(headers);
      return failed(
        status === 429 ? "rate-limited" : "error",
        later !== undefined && later + MIN_ATTEMPT_MS > left ? `${what}, asked to retry after ${seconds(later)}` : what,
      );
    }
    return failed("error", `the model answered ${status}${message}`);
  }
}

const tokensOf = (a: { tokens?: { input: number; output: number } }) => (a.tokens ? { tokens: a.tokens } : {});

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 100) / 10)} s`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** ": the provider's message", short and on one line; or nothing. */
function errorText(provider: Provider, text: string): string {
  let message: string | undefined;
  try {
    message = provider.errorMessage(JSON.parse(text));
  } catch {
    message = undefined;
  }
  return message ? `: ${cleanReason(message).slice(0, 200)}` : "";
}

/** Milliseconds from retry-after-ms (OpenAI) or retry-after (seconds or an HTTP date). */
function retryAfterMs(headers: Record<string, string>): number | undefined {
  const ms = Number(headers["retry-after-ms"]);
  if (headers["retry-after-ms"] && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers["retry-after"];
  if (!raw) return undefined;
  const s = Number(raw);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The model's text as one plain line: no control characters (a reason is shown to the agent and in terminals). */
function cleanReason(text: string): string {
  const flat = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON)}…` : flat;
}
