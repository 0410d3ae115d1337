// A pathological output (megabytes of log, a minified bundle, a huge JSON array) floods the model's
// context and pushes the task out of it. Above the limits, the model is told to narrow the command.
import { defineRule } from "../../engine/rule.js";

interface Params {
  max_bytes: number;
  max_line_chars: number;
  max_array_length: number;
  max_depth: number;
}

function shape(value: unknown, depth = 0, acc = { depth: 0, array: 0 }): { depth: number; array: number } {
  if (depth > 200) return { depth, array: acc.array };
  acc.depth = Math.max(acc.depth, depth);
  if (Array.isArray(value)) {
    acc.array = Math.max(acc.array, value.length);
    for (const v of value.slice(0, 2000)) shape(v, depth + 1, acc);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) shape(v, depth + 1, acc);
  }
  return acc;
}

export default defineRule<Params>({
  meta: {
    id: "outputs/size",
    description: "Flags pathologically large tool outputs (bytes, line length, array length, nesting depth).",
    defaultAction: "block",
    events: ["post"],
    params: {
      max_bytes: {
        type: "integer",
        minimum: 1,
        default: 512 * 1024,
        description: "Largest output, in bytes of UTF-8 text.",
      },
      max_line_chars: {
        type: "integer",
        minimum: 1,
        default: 100_000,
        description: "Longest single line (minified code, base64 blobs).",
      },
      max_array_length: {
        type: "integer",
        minimum: 1,
        default: 10_000,
        description: "Longest array in a structured output.",
      },
      max_depth: { type: "integer", minimum: 1, default: 64, description: "Deepest nesting in a structured output." },
    },
    examples: () => ({
      block: [{ shell: "cat huge.log", output: "x".repeat(2048), params: { max_bytes: 1024 } }],
      allow: [{ shell: "cat small.log", output: "ok\n" }],
    }),
  },
  check(call, { params }) {
    const text = call.outputText ?? "";
    const advice =
      "Narrow it: filter (grep, jq), page (head, --max-count, limit/offset), or write it to a file and read the part you need.";
    const bytes = text.length > params.max_bytes / 4 ? Buffer.byteLength(text) : text.length;
    if (bytes > params.max_bytes)
      return {
        reason: `The ${call.tool} output is ${Math.round(bytes / 1024)} KiB, more than the ${Math.round(params.max_bytes / 1024)} KiB limit. ${advice}`,
      };
    let longest = 0;
    let start = 0;
    if (text.length > params.max_line_chars) {
      for (let i = text.indexOf("\n"); ; i = text.indexOf("\n", start)) {
        const end = i < 0 ? text.length : i;
        longest = Math.max(longest, end - start);
        if (i < 0) break;
        start = i + 1;
      }
    }
    if (longest > params.max_line_chars)
      return {
        reason: `The ${call.tool} output has a line of ${longest} characters (limit ${params.max_line_chars}): minified or encoded data. ${advice}`,
      };
    if (call.output && typeof call.output === "object") {
      const s = shape(call.output);
      if (s.array > params.max_array_length)
        return {
          reason: `The ${call.tool} output holds an array of ${s.array} items (limit ${params.max_array_length}). ${advice}`,
        };
      if (s.depth > params.max_depth)
        return {
          reason: `The ${call.tool} output is nested ${s.depth} levels deep (limit ${params.max_depth}). ${advice}`,
        };
    }
    return null;
  },
});
