// A force push rewrites shared history; a human should confirm it. --force-with-lease is the safe form.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";

/** Global git options that take a value, so `git -C dir push` is read as a push. */
const GIT_VALUE_OPTIONS = new Set(["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env"]);

export function gitSubcommand(args: string[]): { sub: string; rest: string[] } | undefined {
  let i = 0;
  while (i < args.length && args[i]!.startsWith("-")) i += GIT_VALUE_OPTIONS.has(args[i]!) ? 2 : 1;
  return i < args.length ? { sub: args[i]!, rest: args.slice(i + 1) } : undefined;
}

export default defineRule({
  meta: {
    id: "git/force-push",
    description: "Escalates git push --force / -f / +refspec to a human (--force-with-lease is allowed).",
    defaultAction: "escalate",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (cmd.program !== "git") continue;
      const g = gitSubcommand(cmd.args);
      if (!g || g.sub !== "push") continue;
      const forced = g.rest.some((a) => a === "--force" || a === "-f" || /^-[a-zA-Z]*f[a-zA-Z]*$/.test(a) && !a.startsWith("--") || (/^\+[^\s]/.test(a)));
      if (forced) {
        return { reason: `\`${cmd.text}\` force-pushes and can destroy commits others rely on. Use \`git push --force-with-lease\` or ask the user to approve.` };
      }
    }
    return null;
  },
});
