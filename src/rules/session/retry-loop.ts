// Retry safety: an agent that runs the very same call again and again (a failing command, an edit that
// never applies) is in a loop that only burns time. Blocked: the same call (same tool, same input) after
// it ran max_repeats times in a row, and the same call right after it failed in a way that will fail
// again (no permission, a missing file or command, a rejected argument). Only calls that ran count, so
// the loop is broken by any other call that runs in between; calls that were blocked change nothing.
import { defineRule } from "../../engine/rule.js";
import { ERROR_CLASSES } from "../../state/errors.js";
import { sessionOf, stateful, type CallView } from "../../state/session.js";
import { nameMatches, num, stringList } from "./shared.js";

interface Params {
  max_repeats: number;
  non_retryable: string[];
  ignore_tools: string[];
}

const ERROR_WORDS: Record<string, string> = {
  permission: "a permission error",
  auth: "an authentication error",
  validation: "an invalid-input error",
  "not-found": "a not-found error",
};

export default stateful(
  defineRule<Params>({
    meta: {
      id: "session/retry-loop",
      description:
        "Blocks the same call (same tool and input) once it ran max_repeats times in a row, or right after it failed with an error that will recur.",
      defaultAction: "block",
      events: ["pre"],
      params: {
        max_repeats: {
          type: "integer",
          minimum: 1,
          default: 3,
          description: "Runs of the same call in a row; the next identical one is blocked.",
        },
        non_retryable: {
          type: "array",
          items: { type: "string", enum: ERROR_CLASSES },
          default: ["permission", "auth", "validation", "not-found"],
          description:
            "Error classes (permission, auth, validation, not-found, timeout, network, exit-status, other) after which an immediate identical retry is blocked.",
        },
        ignore_tools: {
          type: "array",
          items: { type: "string" },
          default: ["BashOutput", "TaskOutput"],
          description: 'Tools that are polled by design (a trailing "*" matches a prefix).',
        },
      },
      examples: () => ({
        block: [
          { shell: "npm test", session: [{ shell: "npm test" }, { shell: "npm test" }, { shell: "npm test" }] },
          {
            read: "/etc/shadow",
            session: [{ read: "/etc/shadow", error: "EACCES: permission denied" }],
            note: "a permission error will recur",
          },
        ],
        allow: [
          { shell: "npm test", session: [{ shell: "npm test" }, { shell: "npm test" }], note: "the third run" },
          { shell: "npm test", session: [{ shell: "npm test" }, { shell: "npm test" }, { shell: "npm run lint" }] },
        ],
      }),
    },
    check(call, { params }) {
      if (stringList(params.ignore_tools).some((t) => nameMatches(t, call.tool))) return null;
      const s = sessionOf(call);
      if (!s) return null;
      const sig = s.signatures.exact;
      let run = 0;
      let last: CallView | undefined;
      for (let i = s.calls.length - 1; i >= 0; i--) {
        const c = s.calls[i]!;
        if (!c.ran) continue; // blocked or still running: nothing changed
        last ??= c;
        if (c.ev.sig !== sig) break;
        run++;
      }
      if (!last || last.ev.sig !== sig) return null;
      const failed = last.result?.e === "fail" ? last.result.c : undefined;
      if (failed && stringList(params.non_retryable).includes(failed)) {
        return {
          reason: `This exact ${call.tool} call just failed with ${ERROR_WORDS[failed] ?? `a "${failed}" error`}, and nothing has run since, so it would fail the same way again. Fix the cause first (a different input, path or command, or the missing permission), or ask the user.`,
        };
      }
      const max = Math.max(1, num(params.max_repeats, 3));
      if (run >= max) {
        const outcome = failed ? ` (the last run failed: ${failed})` : "";
        return {
          reason: `This exact ${call.tool} call already ran ${run} times in a row${outcome}. Running it again will not change anything: change the input or the approach, or stop and tell the user what is blocking you.`,
        };
      }
      return null;
    },
  }),
);
