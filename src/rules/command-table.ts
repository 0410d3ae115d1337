// Table-shaped shell rules kept as data: each row names a command in the custom-rule language's `shell`
// conditions (program, subcommand, words, flags, args — the same matcher users' `customRules` run on),
// with what the command does and the action. One loop serves every such table: commands that only plan
// or dry-run are skipped, the first blocking row decides, else the first escalating one.
import { describe } from "../analysis/shell/commands.js";
import { actingCommands } from "../analysis/shell/dry-run.js";
import { shellOf } from "../analysis/shell/index.js";
import type { SimpleCommand } from "../analysis/shell/types.js";
import type { ShellMatch } from "../analysis/when/conditions.js";
import { compileShell } from "../analysis/when/match.js";
import type { RuleFinding } from "../engine/rule.js";
import type { ToolCall } from "../engine/types.js";

export interface CommandRow {
  /** Which command: `{ program: ["gh", "glab"], words: { regex: "^repo delete\\b" } }`. */
  shell: ShellMatch & { program: string | string[] };
  /** What it does, after the command's own description: "deletes a whole repository …". Ends without a stop. */
  does: string;
  /** What to tell the model to do instead (default: ask the user). */
  instead?: string;
  action: "block" | "escalate";
}

const programsOf = (row: CommandRow): string[] =>
  Array.isArray(row.shell.program) ? row.shell.program : [row.shell.program];

/** The programs a table's rows name: the rule's `looksAt.programs`, and the first cut of its check. */
export const tablePrograms = (rows: readonly CommandRow[]): string[] => [...new Set(rows.flatMap(programsOf))];

/**
 * The check of a table rule. A program's rows are compiled on the first call that runs it (a hook process
 * judges one call: `npm test` compiles the npm rows, not the whole table), and tried in the table's order.
 */
export function commandTable(rows: readonly CommandRow[]): (call: ToolCall) => RuleFinding | null {
  const programs = new Set(tablePrograms(rows));
  const compiled = new Map<string, { row: CommandRow; test: (cmd: SimpleCommand) => boolean }[]>();
  // Shell conditions read no environment: the context only carries regex hints, which tables do not use.
  const rowsOf = (program: string) => {
    let mine = compiled.get(program);
    if (!mine) {
      mine = rows
        .filter((row) => programsOf(row).includes(program))
        .map((row) => ({ row, test: compileShell(row.shell, { environment: "dev" }) }));
      compiled.set(program, mine);
    }
    return mine;
  };
  return (call) => {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let escalation: RuleFinding | undefined;
    for (const cmd of actingCommands(analysis)) {
      if (!programs.has(cmd.program)) continue;
      for (const { row, test } of rowsOf(cmd.program)) {
        if (!test(cmd)) continue;
        const finding: RuleFinding = {
          reason: `${describe(cmd)} ${row.does}; that cannot be undone from here. ${row.instead ?? "Ask the user to do it."}`,
          action: row.action,
        };
        if (row.action === "block") return finding;
        escalation ??= finding;
      }
    }
    return escalation ?? null;
  };
}
