// Fork bombs: a shell function that starts copies of itself in the background or a pipeline, and fork()
// in an endless loop in inline code.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";

const FORK_LOOP =
  /(?:\bwhile\b|\bloop\b|\bfor\s*\(\s*;\s*;\s*\))[\s\S]{0,120}?\bfork\b|\bfork\b[^\n]{0,20}\b(?:while|until)\b/;

export default defineRule({
  meta: {
    id: "system/fork-bomb",
    description:
      "Blocks fork bombs (a shell function that calls itself in the background or a pipeline; fork() in an endless loop).",
    defaultAction: "block",
    kinds: ["shell"],
    examples: () => ({
      block: [
        { shell: ":(){ :|:& };:" },
        { shell: "bomb() { bomb | bomb & }; bomb" },
        { shell: "python3 -c 'import os\nwhile True: os.fork()'" },
      ],
      allow: [
        { shell: "f() { echo hi; }; f" },
        {
          shell: "retry() { retry_once || retry; }; retry",
          note: "recursion, but not in the background or a pipeline",
        },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (cmd.inFunction && cmd.program === cmd.inFunction && (cmd.background || cmd.pipeline.length > 1)) {
        return {
          reason: `${describe(cmd)} is a fork bomb: the function ${cmd.inFunction} keeps starting copies of itself until the machine stops responding. Do not run it.`,
        };
      }
    }
    for (const code of analysis.inlineCode) {
      if (FORK_LOOP.test(code.code))
        return {
          reason: `${describe(code.command)} forks processes in an endless loop (a fork bomb) and would bring the machine down. Do not run it.`,
        };
    }
    return null;
  },
});
