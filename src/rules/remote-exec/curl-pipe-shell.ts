// Running a script straight from the network gives whoever serves it a shell on the user's machine.
import { defineRule } from "../../engine/rule.js";
import { shellOf, type SimpleCommand } from "../../analysis/shell/index.js";

const DOWNLOADERS = new Set(["curl", "wget", "fetch", "http", "https", "aria2c"]);
const RUNNERS = new Set(["sh", "bash", "zsh", "dash", "ksh", "fish", "python", "python3", "perl", "ruby", "node", "php", "pwsh", "source", "."]);

const downloads = (cmds: SimpleCommand[] | undefined) => (cmds ?? []).some((c) => DOWNLOADERS.has(c.program));

export default defineRule({
  meta: {
    id: "remote-exec/curl-pipe-shell",
    description: "Flags downloads piped or substituted into a shell or interpreter (curl … | sh).",
    defaultAction: "block",
    defaultMode: "audit",
    kinds: ["shell"],
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (!RUNNERS.has(cmd.program)) continue;
      const feeds = cmd.stdin?.kind === "pipe" || cmd.stdin?.kind === "process-substitution" ? cmd.stdin.from : undefined;
      // Only a runner reading the download as its program counts: `curl … | python -m json.tool` does not.
      // (`sh -s arg` reads stdin too; `sh script.sh` and `python -m x` do not).
      const positional = cmd.args.filter((a) => !a.startsWith("-"));
      const readsScript =
        cmd.stdin?.kind === "process-substitution" || cmd.args.includes("-s") || (positional.length === 0 && !cmd.args.some((a) => a === "-m" || a === "-c")) || positional[0] === "-";
      if (readsScript && downloads(feeds)) {
        return { reason: `\`${cmd.text}\` runs a script downloaded from the network. Download it to a file, review it, then run it.` };
      }
    }
    return null;
  },
});
