// Anthropic's Messages API: one non-streaming POST {baseUrl}/v1/messages that forces the answer through
// the verdict tool (tool_choice {type: "tool"}); the key goes in x-api-key and nowhere else.
import { DEFAULT_MAX_TOKENS } from "../config.js";
import { VERDICT_DESCRIPTION, VERDICT_SCHEMA, VERDICT_TOOL } from "../prompt.js";
import { count, isObject, MalformedAnswer, verdictOf, type Provider } from "./types.js";

export const anthropic: Provider = {
  request(input) {
    return {
      url: `${input.baseUrl.replace(/\/+$/, "")}/v1/messages`,
      headers: {
        "content-type": "application/json",
        "anthropic-version": "2023-06-01",
        ...(input.apiKey !== undefined ? { "x-api-key": input.apiKey } : {}),
      },
      body: JSON.stringify({
        model: input.model,
        max_tokens: input.maxTokens ?? DEFAULT_MAX_TOKENS,
        temperature: 0,
        system: input.system,
        messages: [{ role: "user", content: input.user }],
        tools: [{ name: VERDICT_TOOL, description: VERDICT_DESCRIPTION, input_schema: VERDICT_SCHEMA }],
        tool_choice: { type: "tool", name: VERDICT_TOOL },
      }),
    };
  },

  answer(json) {
    if (!isObject(json) || !Array.isArray(json.content)) throw new MalformedAnswer("the answer has no content");
    const use = json.content.find((b) => isObject(b) && b.type === "tool_use" && b.name === VERDICT_TOOL);
    if (!use) throw new MalformedAnswer(`the answer did not call the ${VERDICT_TOOL} tool`);
    const usage = isObject(json.usage) ? json.usage : {};
    return {
      ...verdictOf((use as Record<string, unknown>).input),
      tokens: {
        input:
          count(usage.input_tokens) + count(usage.cache_creation_input_tokens) + count(usage.cache_read_input_tokens),
        output: count(usage.output_tokens),
      },
    };
  },

  errorMessage(json) {
    const e = isObject(json) && isObject(json.error) ? json.error : undefined;
    return typeof e?.message === "string" ? e.message : undefined;
  },
};
