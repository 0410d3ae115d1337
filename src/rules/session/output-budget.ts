// An output budget per session: the bytes of tool output the model was given (PostToolUse), summed over
// the session. Each output is a cost (context, tokens, time); a session that reads without end is a
// runaway. Past warn_at the model is told once, beside the output; past the budget every call is blocked.
import { defineRule } from "../../engine/rule.js";
import { outputBytesOf, sessionOf, stateful } from "../../state/session.js";
import { num, size } from "./shared.js";

interface Params {
  max_bytes: number;
  warn_at: number;
}

const ID = "session/output-budget";
const DEFAULT_MAX = 64 * 1024 * 1024;

export default stateful(
  defineRule<Params>({
    meta: {
      id: ID,
      description:
        "Blocks calls once the tool output a session gave the model passes max_bytes, after warning the model at warn_at of the budget.",
      defaultAction: "block",
      actions: ["block", "modify"],
      events: ["pre", "post"],
      params: {
        max_bytes: {
          type: "integer",
          minimum: 0,
          default: DEFAULT_MAX,
          description: "Bytes of tool output a session may take in (0: no limit).",
        },
        warn_at: {
          type: "number",
          minimum: 0,
          maximum: 1,
          default: 0.8,
          description: "Fraction of the budget at which the model is warned once (0: no warning).",
        },
      },
      examples: () => ({
        block: [
          {
            shell: "cat more.log",
            params: { max_bytes: 1000 },
            session: [{ shell: "cat big.log", output: "x".repeat(1500) }],
          },
          {
            shell: "cat big.log",
            output: "x".repeat(900),
            params: { max_bytes: 1000 },
            action: "modify",
            note: "past warn_at: the model is warned beside the output",
          },
        ],
        allow: [
          { shell: "cat more.log", params: { max_bytes: 1000 }, session: [{ shell: "cat small.log", output: "ok" }] },
        ],
      }),
    },
    check(call, { params }) {
      const max = num(params.max_bytes, DEFAULT_MAX);
      if (max <= 0) return null;
      const s = sessionOf(call);
      if (!s) return null;
      const used = s.summary.outputBytes + (call.event === "post" ? outputBytesOf(call) : 0);
      const tokens = `about ${Math.round(used / 4 / 1000)}k tokens`;
      if (call.event === "pre") {
        if (used < max) return null;
        return {
          reason: `This session has taken in ${size(used)} of tool output (${tokens}; the budget is ${size(max)}). Stop here and tell the user what is done and what is left; they can raise ${ID} max_bytes or start a new session.`,
        };
      }
      const warnAt = num(params.warn_at, 0.8);
      if (warnAt <= 0 || used < warnAt * max || s.summary.marks.includes(`${ID}=modify`)) return null;
      return {
        action: "modify",
        // The output as it was: the note goes beside it.
        output: call.output,
        reason: `Output budget warning: this session has taken in ${size(used)} of tool output (${tokens}) of its ${size(max)} budget. Calls will be blocked once it is used up: read narrowly (filters, limits, head) and wrap up.`,
      };
    },
  }),
);
