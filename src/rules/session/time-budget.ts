// A time budget per session: the session's active time (the time between its calls, pauses over five
// minutes left out unless a tool was running: a user away is not the agent working). Past warn_at of the
// budget the model is told once, beside a call's output, to wrap up; past the budget every call is blocked
// with a reason that says so. The warning is delivered as a note beside an output (a "modify" of a PostToolUse
// that leaves the output as it was): it never stops or changes a call.
import { defineRule } from "../../engine/rule.js";
import { activeMsAt, sessionOf, stateful } from "../../state/session.js";
import { duration, num } from "./shared.js";

interface Params {
  max_minutes: number;
  warn_at: number;
}

const ID = "session/time-budget";

export default stateful(
  defineRule<Params>({
    meta: {
      id: ID,
      description:
        "Blocks calls once a session's active time passes max_minutes, after warning the model at warn_at of the budget.",
      defaultAction: "block",
      actions: ["block", "modify"],
      events: ["pre", "post"],
      params: {
        max_minutes: {
          type: "number",
          minimum: 0,
          default: 480,
          description: "Active minutes a session may run (0: no limit).",
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
            shell: "npm test",
            params: { max_minutes: 1 },
            session: [
              { shell: "git status", ago: 150_000 },
              { shell: "npm run build", ago: 90_000 },
            ],
          },
        ],
        allow: [{ shell: "npm test", params: { max_minutes: 10 }, session: [{ shell: "git status", ago: 60_000 }] }],
      }),
    },
    check(call, { params }) {
      const max = num(params.max_minutes, 480) * 60_000;
      if (max <= 0) return null;
      const s = sessionOf(call);
      if (!s) return null;
      const used = activeMsAt(s, call.event);
      if (call.event === "pre") {
        if (used < max) return null;
        return {
          reason: `This session has used its time budget (${duration(used)} of active time; the limit is ${duration(max)}). Stop here and tell the user what is done and what is left; they can raise ${ID} max_minutes or start a new session.`,
        };
      }
      const warnAt = num(params.warn_at, 0.8);
      if (warnAt <= 0 || used < warnAt * max || s.summary.marks.includes(`${ID}=modify`)) return null;
      return {
        action: "modify",
        // The output as it was: the note goes beside it.
        output: call.output,
        reason: `Time budget warning: this session has used ${duration(used)} of its ${duration(max)} of active time. Calls will be blocked once it is used up: finish the current step, then summarise what is done and what is left.`,
      };
    },
  }),
);
