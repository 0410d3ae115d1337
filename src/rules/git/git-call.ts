// The git invocations of a shell call, with their subcommand and arguments (global options skipped).
import type { ShellAnalysis, SimpleCommand } from "../../analysis/shell/index.js";
import { gitSubcommand } from "../../analysis/shell/commands.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";

/** The programs gitCalls() reads: the looksAt.programs of a rule that looks only at git invocations. */
export const GIT_PROGRAMS = ["git", "git-*"];

export interface GitCall {
  cmd: SimpleCommand;
  sub: string;
  rest: string[];
  /** Index in cmd.argv of rest[0]. */
  restStart: number;
  chdir?: string;
}

export function gitCalls(analysis: ShellAnalysis): GitCall[] {
  const out: GitCall[] = [];
  for (const cmd of actingCommands(analysis)) {
    if (cmd.program !== "git" && !(cmd.program.startsWith("git-") && cmd.program.length > 4)) continue;
    if (cmd.program !== "git") {
      out.push({ cmd, sub: cmd.program.slice(4), rest: cmd.args, restStart: 1 });
      continue;
    }
    const g = gitSubcommand(cmd.args);
    if (!g) continue;
    out.push({
      cmd,
      sub: g.sub,
      rest: g.rest,
      restStart: cmd.argv.length - g.rest.length,
      ...(g.chdir !== undefined ? { chdir: g.chdir } : {}),
    });
  }
  return out;
}
