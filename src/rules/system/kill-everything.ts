// Killing every process by other means than `kill -9 -1` (system/kill-all): signal -1 or every pid from an
// interpreter, pkill/killall matching any name, and every pid of ps, pgrep or /proc handed to kill.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, feeders } from "../../analysis/shell/commands.js";

/** Inline code that signals pid -1 or walks every process to kill it. */
const CODE =
  /\bos\.kill(?:pg)?\s*\(\s*-1\b|\bprocess\.kill\s*\(\s*-1\b|\bProcess\.kill\s*\([^)]*,\s*-1\s*\)|\bposix_kill\s*\(\s*-1\b|\bkill\s*\(?\s*(?:9|-9|'KILL'|"KILL"|'TERM'|"TERM"|\w+)\s*,\s*-1\b|\bsyscall\.Kill\s*\(\s*-1\b|(?:psutil\.process_iter|os\.listdir\s*\(\s*['"]\/proc['"]\))[\s\S]{0,120}\.?kill\b|\bkill\b[\s\S]{0,80}(?:psutil\.process_iter|os\.listdir\s*\(\s*['"]\/proc)/;
/** A pattern that matches every process name. */
const ANY = /^(?:\.|\.\*|\.\+|\^|\$|\^\.\*\$?|\*|\[\s\S\]|\w?\.\*)$/;

export default defineRule({
  meta: {
    id: "system/kill-everything",
    description:
      "Blocks killing every process by other spellings: signal -1 or every pid from Python/Perl/Ruby/Node/PHP, pkill/killall with a pattern matching any name, every pid of ps/pgrep//proc piped to kill.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: ["pkill", "killall", "kill", "xargs"], inlineCode: true },
    examples: () => ({
      block: [
        { shell: `python3 -c "import os; os.kill(-1, 9)"` },
        { shell: "perl -e 'kill 9, -1'" },
        { shell: `node -e "process.kill(-1, 'SIGKILL')"` },
        { shell: "pkill -9 -f ." },
        { shell: "ps -eo pid= | xargs kill -9" },
        { shell: "for p in /proc/[0-9]*; do kill -9 ${p##*/}; done" },
      ],
      allow: [
        { shell: "pkill -f 'vite --port 5173'" },
        { shell: "pgrep -f node | head -1 | xargs kill" },
        { shell: `python3 -c "import os; os.kill(12345, 15)"` },
        { shell: "kill -9 $(lsof -t -i :3000)" },
        { shell: "killall -q webpack" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const code of analysis.inlineCode) {
      const m = CODE.exec(code.code);
      if (m)
        return {
          reason: `${describe(code.command)} kills every process it can (\`${m[0].slice(0, 60)}\`), taking down the session, the agent and the user's programs. Kill the specific process you mean.`,
        };
    }
    for (const cmd of analysis.commands) {
      if (cmd.remote) continue;
      const p = cmd.program;
      const a = cmd.args;
      if ((p === "pkill" || p === "pgrep" || p === "killall") && p !== "pgrep") {
        const pats = a.filter((x, i) => !x.startsWith("-") && !/^-(?:s|u|U|g|G|P|t|signal)$/.test(a[i - 1] ?? ""));
        const regex = p === "pkill" || a.some((x) => /^-[a-zA-Z]*r$|^--regexp$/.test(x));
        if (regex && pats.length === 1 && ANY.test(pats[0]!))
          return {
            reason: `${describe(cmd)} matches every process name, so it kills everything the user runs (the agent included). Name the process you mean.`,
          };
      }
      if (p === "kill" || (p === "xargs" && cmd.args.includes("kill"))) {
        // Every pid, from ps/pgrep-any//proc, fed to kill.
        const upstream = feeders(cmd);
        const all = upstream.some(
          (f) =>
            (f.program === "ps" &&
              !f.args.some((x) => /^-[a-zA-Z]*[pCu]$|^--(?:pid|ppid|user)$/.test(x)) &&
              !upstream.some((g) => g.program === "grep" || g.program === "head" || g.program === "tail")) ||
            (f.program === "pgrep" && f.args.filter((x) => !x.startsWith("-")).every((x) => ANY.test(x))),
        );
        // `for p in /proc/[0-9]*; do kill ${p##*/}`: the pid is every name of /proc.
        const proc = p === "kill" && a.some((x) => /^(?:\/proc\/)?(?:\[0-9\]\*|\*)$/.test(x));
        if (all || proc)
          return {
            reason: `${describe(cmd)} kills every process listed (all of them), taking down the session, the agent and the user's programs. Kill the specific process you mean.`,
          };
      }
    }
    return null;
  },
});
