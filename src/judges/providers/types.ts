// The contract of a model provider: build the one request, read the one answer. No I/O here (transport.ts
// sends); each provider knows only its API's shapes.
import type { JudgeVerdictAction } from "../config.js";

export interface JudgeRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface JudgeAnswer {
  decision: JudgeVerdictAction;
  reason: string;
  tokens?: { input: number; output: number };
}

interface ProviderInput {
  model: string;
  baseUrl: string;
  /** Undefined: no auth header at all (a local server that needs none). */
  apiKey?: string;
  system: string;
  user: string;
  /** Anthropic requires one (default 400); OpenAI-compatible servers get one only when it is set. */
  maxTokens?: number;
  structuredOutput?: "tool" | "json_schema";
}

export interface Provider {
  request(input: ProviderInput): JudgeRequest;
  /** The verdict in a 2xx answer's JSON; throws MalformedAnswer when it holds none. */
  answer(json: unknown): JudgeAnswer;
  /** The error's message in a non-2xx answer's JSON, if it has one. */
  errorMessage(json: unknown): string | undefined;
}

export class MalformedAnswer extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** {decision, reason} from the model's structured answer (an object, or its JSON text). */
export function verdictOf(value: unknown): Pick<JudgeAnswer, "decision" | "reason"> {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      throw new MalformedAnswer("the verdict is not valid JSON");
    }
  }
  if (!isObject(v)) throw new MalformedAnswer("the verdict is not an object");
  const decision = typeof v.decision === "string" ? v.decision.trim().toLowerCase() : undefined;
  if (decision !== "allow" && decision !== "block" && decision !== "escalate")
    throw new MalformedAnswer(`the verdict's decision is ${JSON.stringify(v.decision)}, not allow, block or escalate`);
  const reason = typeof v.reason === "string" ? v.reason.trim() : "";
  return { decision, reason };
}

/** A non-negative whole number, or 0. */
export const count = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.round(v) : 0);

export { isObject };
