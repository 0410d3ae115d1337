// What a judge is in a policy file: a rule whose check asks a model. The shapes and their defaults live
// here, beside the code that calls the model; policy/schema.ts validates them like every other key.
export type JudgeProvider = "anthropic" | "openai";
export type JudgeVerdictAction = "allow" | "block" | "escalate";

export const JUDGE_PROVIDERS: readonly JudgeProvider[] = ["anthropic", "openai"];
export const JUDGE_VERDICTS: readonly JudgeVerdictAction[] = ["allow", "block", "escalate"];

/** Where a judge's model is and how it is asked: shared by `judges[]` and `grayZone`. */
export interface JudgeModelConfig {
  provider: JudgeProvider;
  model: string;
  /**
   * As each SDK takes it: Anthropic "https://api.anthropic.com" (the path /v1/messages is added), OpenAI
   * "https://api.openai.com/v1" (/chat/completions is added; any OpenAI-compatible server: vLLM, Ollama, …).
   */
  baseUrl?: string;
  /** The environment variable holding the API key (default ANTHROPIC_API_KEY / OPENAI_API_KEY). */
  apiKeyEnv?: string;
  /** Milliseconds the judge may take, counted from the hook's start (capped by the hook's own deadline). */
  budgetMs?: number;
  /** What the call gets when the model does not answer in time, fails, is rate-limited or answers nonsense. */
  onTimeout?: JudgeVerdictAction;
  context?: {
    /** The last N messages the user typed in this session, from the agent's transcript (0 to 20). */
    transcript?: number;
  };
  /** OpenAI only: force the answer through a function tool (default) or a json_schema response format. */
  structuredOutput?: "tool" | "json_schema";
  /** The most tokens the model may answer with (Anthropic requires one; default 400). */
  maxTokens?: number;
}

/** What the model-calling code needs of a judge (policy/schema.ts adds `when`, `mode`, `description`). */
export interface JudgeSpec extends JudgeModelConfig {
  /** "<pack>/<name>", like any rule id. */
  id: string;
  /** What the judge is for, in the user's words: the model reads it as its task. */
  instructions: string;
}

/** The built-in gray-zone judge: off until a provider is configured. */
export interface GrayZoneConfig extends JudgeModelConfig {
  /** Added to the built-in instructions (e.g. what this team considers routine). */
  instructions?: string;
}

/** The gray-zone judge as a judge: its id, and the team's words after the built-in frame. */
export const grayZoneSpec = (config: GrayZoneConfig): JudgeSpec => ({
  ...config,
  id: GRAY_ZONE_ID,
  instructions: config.instructions ?? "",
});

export const GRAY_ZONE_ID = "judges/gray-zone";

export const DEFAULT_BUDGET_MS = 3000;
export const DEFAULT_MAX_TOKENS = 400;
export const MAX_TRANSCRIPT_MESSAGES = 20;

export const DEFAULT_BASE_URL: Record<JudgeProvider, string> = {
  anthropic: "https://api.anthropic.com",
  openai: "https://api.openai.com/v1",
};

export const DEFAULT_API_KEY_ENV: Record<JudgeProvider, string> = {
  anthropic: "ANTHROPIC_API_KEY",
  openai: "OPENAI_API_KEY",
};
