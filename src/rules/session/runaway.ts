// Runaway plans: a session that goes on and on (more than max_calls calls that ran), or a burst of
// near-identical calls (the same tool and input but for numbers: page=1, page=2, …; file1, file2, …)
// that ran within burst_seconds. Either way a human decides whether it goes on. An approval is seen
// when the escalated call runs (its PostToolUse arrives): the session is then not asked again for
// escalate_every more calls, and the same burst not again within its window.
import { defineRule } from "../../engine/rule.js";
import { sessionOf, stateful } from "../../state/session.js";
import { nameMatches, num, stringList } from "./shared.js";

interface Params {
  max_calls: number;
  escalate_every: number;
  burst_calls: number;
  burst_seconds: number;
  ignore_tools: string[];
}

const ID = "session/runaway";

export default stateful(
  defineRule<Params>({
    meta: {
      id: ID,
      description:
        "Escalates a session past max_calls calls, and a burst of near-identical calls (same tool and input but for numbers) within burst_seconds.",
      defaultAction: "escalate",
      events: ["pre"],
      params: {
        max_calls: {
          type: "integer",
          minimum: 0,
          default: 1000,
          description: "Calls that ran in a session before a human must approve going on (0: no limit).",
        },
        escalate_every: {
          type: "integer",
          minimum: 1,
          default: 200,
          description: "After an approval, calls before asking again.",
        },
        burst_calls: {
          type: "integer",
          minimum: 0,
          default: 20,
          description: "Near-identical calls within burst_seconds that make a burst, this one included (0: off).",
        },
        burst_seconds: {
          type: "number",
          minimum: 1,
          maximum: 600,
          default: 60,
          description: "The burst window, in seconds (at most 600).",
        },
        ignore_tools: {
          type: "array",
          items: { type: "string" },
          default: ["BashOutput", "TaskOutput"],
          description: 'Tools left out of bursts: polled by design (a trailing "*" matches a prefix).',
        },
      },
      examples: () => ({
        block: [
          {
            shell: "ls",
            params: { max_calls: 3 },
            session: [{ shell: "pwd" }, { shell: "git status" }, { shell: "npm test" }],
          },
        ],
        allow: [{ shell: "ls", params: { max_calls: 3 }, session: [{ shell: "pwd" }, { shell: "git status" }] }],
      }),
    },
    check(call, { params }) {
      const s = sessionOf(call);
      if (!s) return null;
      const ack = s.summary.acks[ID];
      const maxCalls = num(params.max_calls, 1000);
      const ran = s.summary.ran;
      if (maxCalls > 0 && ran >= maxCalls) {
        const every = Math.max(1, num(params.escalate_every, 200));
        const approvedAt = ack && ack.ran >= maxCalls ? ack.ran : undefined;
        if (approvedAt === undefined || ran - approvedAt >= every) {
          return {
            reason: `This session has already run ${ran} tool calls (the limit is ${maxCalls}${approvedAt !== undefined ? `, last approved at ${approvedAt}` : ""}): a human must approve going on. If the work is going in circles, stop and report what is done and what is left instead.`,
          };
        }
      }
      const burstCalls = num(params.burst_calls, 20);
      if (burstCalls <= 0 || stringList(params.ignore_tools).some((t) => nameMatches(t, call.tool))) return null;
      const windowMs = Math.min(600, Math.max(1, num(params.burst_seconds, 60))) * 1000;
      const near = s.signatures.near;
      if (ack?.near === near && s.now - ack.t < windowMs) return null;
      let count = 1; // this call
      for (let i = s.calls.length - 1; i >= 0; i--) {
        const c = s.calls[i]!;
        if (s.now - c.ev.t > windowMs) break;
        if (c.ran && c.ev.near === near) count++;
      }
      if (count >= burstCalls) {
        return {
          reason: `This would make ${count} near-identical ${call.tool} calls (the same but for numbers) within ${Math.round(windowMs / 1000)} s: a runaway loop or fan-out. A human must approve it. If you are paging or iterating, do it in one call (a script, a bigger page, a filter) instead.`,
        };
      }
      return null;
    },
  }),
);
