// OpenAI's Chat Completions API, which vLLM, Ollama, LM Studio and most local servers also speak: one
// non-streaming POST {baseUrl}/chat/completions that forces the answer through the verdict function
// (tool_choice) or, for servers without forced tools, a json_schema response format. The key goes in
// the Authorization header and nowhere else.
import { VERDICT_DESCRIPTION, VERDICT_SCHEMA, VERDICT_TOOL } from "../prompt.js";
import { count, isObject, MalformedAnswer, verdictOf, type Provider } from "./types.js";

export const openai: Provider = {
  request(input) {
    const structured =
      input.structuredOutput === "json_schema"
        ? {
            response_format: {
              type: "json_schema",
              json_schema: { name: VERDICT_TOOL, strict: true, schema: VERDICT_SCHEMA },
            },
          }
        : {
            tools: [
              {
                type: "function",
                function: {
                  name: VERDICT_TOOL,
                  description: VERDICT_DESCRIPTION,
                  parameters: VERDICT_SCHEMA,
                  strict: true,
                },
              },
            ],
            tool_choice: { type: "function", function: { name: VERDICT_TOOL } },
          };
    return {
      url: `${input.baseUrl.replace(/\/+$/, "")}/chat/completions`,
      headers: {
        "content-type": "application/json",
        ...(input.apiKey !== undefined ? { authorization: `Bearer ${input.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: input.model,
        messages: [
          { role: "system", content: input.system },
          { role: "user", content: input.user },
        ],
        ...structured,
        // OpenAI's reasoning models reject max_tokens; max_completion_tokens is the name they all take.
        ...(input.maxTokens !== undefined ? { max_completion_tokens: input.maxTokens } : {}),
      }),
    };
  },

  answer(json) {
    const choice = isObject(json) && Array.isArray(json.choices) ? json.choices[0] : undefined;
    const message = isObject(choice) && isObject(choice.message) ? choice.message : undefined;
    if (!message) throw new MalformedAnswer("the answer has no message");
    const call = Array.isArray(message.tool_calls)
      ? message.tool_calls.find((c) => isObject(c) && isObject(c.function) && c.function.name === VERDICT_TOOL)
      : undefined;
    // A function call, or (json_schema, or a server that ignores forced tools) the verdict as the content.
    const raw = call ? (call as { function: { arguments?: unknown } }).function.arguments : message.content;
    if (raw === undefined || raw === null || raw === "")
      throw new MalformedAnswer(`the answer did not call the ${VERDICT_TOOL} function`);
    const usage = isObject(json) && isObject(json.usage) ? json.usage : {};
    return {
      ...verdictOf(raw),
      tokens: { input: count(usage.prompt_tokens), output: count(usage.completion_tokens) },
    };
  },

  errorMessage(json) {
    const e = isObject(json) && isObject(json.error) ? json.error : undefined;
    if (typeof e?.message === "string") return e.message;
    return isObject(json) && typeof json.error === "string" ? json.error : undefined;
  },
};
