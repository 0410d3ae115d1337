// The staso command line. Each command lives in its own file and is loaded only when it runs, so
// `staso --help` stays quick and the hook path (bin/staso.js → dist/hook.mjs) never loads this at all.
import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { UsageError } from "./errors.js";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("staso")
    .description("A guard for AI coding agents: Claude Code and Codex run `staso hook` before every tool call; staso allows, blocks, rewrites or escalates it.")
    .version(VERSION, "-v, --version", "print the staso version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ outputError: (str, write) => write(str) });

  program
    .command("hook")
    .description("Guard one tool call: read the agent's hook payload on stdin, print the decision in the agent's protocol (run by the agent, not by hand).")
    .option("--target <agent>", "the agent sending the payload: claude-code or codex (default: detected from the payload)")
    .addHelpText(
      "after",
      "\nEnvironment:\n  STASO_GUARD_ENABLED=false  allow every call at once\n  STASO_GUARD_TIMEOUT=<s>    seconds the rules may take (default 10)\n  STASO_FAIL_MODE=closed|open what to do when staso cannot decide (default closed: block)\n  STASO_HOME=<dir>           where staso keeps its config and audit trail",
    )
    .action(async (opts: { target?: string }) => {
      const { runHookProcess } = await import("../hook/entry.js");
      await runHookProcess(opts.target ? ["--target", opts.target] : []);
    });

  program
    .command("logs")
    .description("Print the audit trail: one record per guard decision.")
    .option("--json", "one JSON object per line")
    .option("--action <action>", "only records with this action: allow, block, modify, escalate or audit")
    .option("--limit <n>", "only the last n records")
    .action(async (opts) => (await import("./logs.js")).logsCommand(opts));

  program
    .command("demo")
    .description("Send sample tool calls from both agents through the real hook and show what staso decides on its built-in defaults.")
    .option("--json", "one JSON object per sample")
    .action(async (opts) => (await import("./demo.js")).demoCommand(opts));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(`staso: ${(err as Error).message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}
