// A shell command staso cannot analyse with confidence (too long, nested too deep, an unterminated
// quote, heredoc or substitution) is never silently allowed: the engine applies the fail mode.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";

export default defineRule({
  meta: {
    id: "system/unanalysable-shell",
    description:
      "Applies the fail mode to shell commands staso cannot analyse with confidence (too long, too deep, unterminated).",
    defaultAction: "block",
    kinds: ["shell"],
    examples: () => ({
      block: [{ shell: "echo 'unterminated" }, { shell: "cat <<EOF\nno end" }],
      allow: [{ shell: "echo 'closed quote'" }, { shell: "npm test" }],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis || analysis.confident) return null;
    const why = analysis.problems.slice(0, 3).join(" ");
    return {
      unsure: true,
      reason: `the shell command could not be analysed with confidence: ${why} Write it more simply (close every quote, heredoc and substitution; split long or deeply nested commands into several calls)`,
    };
  },
});
