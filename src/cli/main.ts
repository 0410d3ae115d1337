// The staso command line. Each command lives in its own file and is loaded only when it runs, so
// `staso --help` stays quick and the hook path (bin/staso.js → dist/hook.mjs) never loads this at all.
import { Command, CommanderError, Option } from "commander";
import { VERSION } from "../version.js";
import { UsageError } from "./errors.js";
import { closest } from "../util/did-you-mean.js";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("staso")
    .description(
      "A guard for AI coding agents: Claude Code and Codex run `staso hook` before every tool call; staso allows, blocks, rewrites or escalates it.",
    )
    .version(VERSION, "-v, --version", "print the staso version")
    .showHelpAfterError("(run with --help for usage)")
    .showSuggestionAfterError()
    // Options after a subcommand are that subcommand's (`staso escalations list --json`).
    .enablePositionalOptions()
    .configureOutput({ outputError: (str, write) => write(str) });

  program
    .command("hook")
    .description(
      "Guard one tool call: read the agent's hook payload on stdin, print the decision in the agent's protocol (run by the agent, not by hand).",
    )
    .option(
      "--target <agent>",
      "the agent sending the payload: claude-code or codex (default: detected from the payload)",
    )
    .addOption(
      new Option(
        "--host-timeout <seconds>",
        "the seconds the agent waits for the hook (written by setup when escalations wait): a wait for a human ends before",
      ).hideHelp(),
    )
    .addHelpText(
      "after",
      "\nEnvironment:\n  STASO_GUARD_ENABLED=false  allow every call at once\n  STASO_GUARD_TIMEOUT=<s>    seconds the rules may take (default 10)\n  STASO_FAIL_MODE=closed|open what to do when staso cannot decide (default closed: block)\n  STASO_LEVEL=<level>        standard, strict or paranoid (a project config may still raise it)\n  STASO_ENVIRONMENT=<env>    dev, staging or prod, for rules limited to some environments\n  STASO_HOME=<dir>           where staso keeps its config and audit trail",
    )
    .action(async (opts: { target?: string; hostTimeout?: string }) => {
      const { runHookProcess } = await import("../hook/entry.js");
      await runHookProcess([
        ...(opts.target ? ["--target", opts.target] : []),
        ...(opts.hostTimeout ? ["--host-timeout", opts.hostTimeout] : []),
      ]);
    });

  const filterOptions = (cmd: Command) =>
    cmd
      .option("--since <when>", "only decisions since then: a duration (30m, 2h, 7d, 1w) or a date (2025-06-01)")
      .option("--session <id>", "only this agent session (a prefix of its id is enough)")
      .option("--tool <name>", "only calls of this tool (Bash, Write, apply_patch, mcp__…)")
      .option("--action <action>", "only this action: block, modify, escalate, audit (would block) or allow")
      .option("--rule <id>", "only decisions where this rule fired (a pack name such as git matches all its rules)")
      .option("--project <dir>", "only calls made in this folder or below it");

  filterOptions(
    program
      .command("logs")
      .description("Print the audit trail: what the agents tried and what staso decided, one line per decision."),
  )
    .option("--limit <n>", "only the last n matching decisions (with --follow: 20 unless set)")
    .option("-f, --follow", "keep printing new decisions as they are made (Ctrl-C to stop)")
    .option("--json", "one JSON object per line (the stored record: masked, as exported)")
    .addHelpText(
      "after",
      "\nThe table is coloured on a terminal; NO_COLOR=1 turns colour off, FORCE_COLOR=1 turns it on in a pipe.\nRecords are JSON lines under $STASO_HOME/audit (one file per UTC day, split by size), secrets masked.\n\nExamples:\n  staso logs --since 2h --action block\n  staso logs --rule git --project . --follow\n  staso logs --json --session 3f2a | jq .reason",
    )
    .action(async (opts) => (await import("./logs.js")).logsCommand(opts));

  filterOptions(
    program
      .command("stats")
      .description(
        "Summarise the audit trail: decisions per action, top rules and tools, blocked sessions, hook latency p50/p95/p99.",
      ),
  )
    .option("--json", "one JSON object")
    .addHelpText("after", "\nExamples:\n  staso stats --since 7d\n  staso stats --project ~/code/api --json")
    .action(async (opts) => (await import("./stats.js")).statsCommand(opts));

  program
    .command("export")
    .description(
      "Ship the audit trail to OpenTelemetry now (OTLP/HTTP, JSON): one span per decision, one trace per agent session.",
    )
    .option("--status", "say where export stands: endpoint, pending records, last error, next background try")
    .option("--dry-run", "print the next batch as an OTLP request instead of sending it")
    .option("--wait <seconds>", "how long to wait for a running background export to finish (default 15)")
    .option("--json", "machine-readable output")
    .addOption(
      new Option(
        "--background",
        "run as the hook's detached background export (quiet; lingers for more records)",
      ).hideHelp(),
    )
    .addHelpText(
      "after",
      [
        "",
        "Where spans go (the OpenTelemetry SDK variables, first match wins):",
        "  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT  the full traces URL, e.g. http://localhost:4318/v1/traces",
        "  OTEL_EXPORTER_OTLP_ENDPOINT         the collector's base URL; /v1/traces is added",
        "  audit.export.endpoint               the same, in staso's config.json",
        "  OTEL_EXPORTER_OTLP_HEADERS          k=v,k2=v2 (and …_TRACES_HEADERS, audit.export.headers)",
        "  OTEL_EXPORTER_OTLP_TIMEOUT          ms per request (default 10000); …_COMPRESSION=gzip",
        "  OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES  the resource (default service.name=staso)",
        "",
        "With an endpoint set, each hook call starts a detached background export when one is due, so spans",
        "follow within seconds; the hook itself never waits on the network. Records stay in the audit trail",
        "until the receiver acknowledges them (2xx), then are never sent again. Failed sends are retried with",
        "backoff (STASO_EXPORT_RETRY_MS, default 500 ms, doubling); audit.export.enabled=false turns export off.",
      ].join("\n"),
    )
    .action(async (opts) => (await import("./export.js")).exportCommand(opts));

  program
    .command("demo")
    .description(
      "Send sample tool calls from both agents through the real hook and show what staso decides on its built-in defaults.",
    )
    .option("--json", "one JSON object per sample")
    .action(async (opts) => (await import("./demo.js")).demoCommand(opts));

  program
    .command("explain")
    .description("Show how staso reads a shell command: the parse, what wrappers run, each rule's verdict and why.")
    .argument("<command>", "the shell command, quoted as one argument")
    .option("--json", "one JSON object")
    .option("--cwd <dir>", "the directory the command would run in (default: the current one)")
    .action(async (command: string, opts) => (await import("./explain.js")).explainCommand(command, opts));

  const collect = (value: string, previous: string[] = []) => [...previous, value];

  program
    .command("setup")
    .description(
      "Put staso in front of Claude Code and/or Codex: write their hooks (merged into the existing settings), after showing every change.",
    )
    .option(
      "--target <agent>",
      "claude-code or codex (repeat, or comma-separate, for both; default: ask, or the agents found)",
      collect,
    )
    .option(
      "--scope <scope>",
      "user (default): ~/.claude/settings.json, $CODEX_HOME/hooks.json; project: .claude/settings.json, .codex/hooks.json; local: .claude/settings.local.json",
    )
    .option("--project-dir <dir>", "the project for --scope project/local (default: the current directory)")
    .option(
      "--fail-mode <mode>",
      "closed (default): block when staso cannot decide, on Claude Code also when the hook crashes or times out; open: allow",
    )
    .option(
      "--timeout <seconds>",
      "staso's own deadline per call (default 10, STASO_GUARD_TIMEOUT overrides); the agents wait longer",
    )
    .option(
      "--api-key <key>",
      "your Staso API key (ak_…), kept in staso's own config (mode 0600), never in agent settings",
    )
    .option(
      "--server <url>",
      "a Staso server (staso server / staso dashboard): escalations are raised there and decisions reported to it; needs --api-key",
    )
    .option("--no-trust", "Codex: do not write the hook trust entries (you trust the hooks yourself in codex → /hooks)")
    .option("-y, --yes", "no questions: take the flags and defaults, write without asking (needed without a terminal)")
    .option("--dry-run", "show the changes and write nothing")
    .addHelpText(
      "after",
      [
        "",
        "With no flags in a terminal, setup asks: which agents, where, the fail mode and an optional API key, then",
        "shows each file's before/after and asks before writing. Other hooks and settings are kept byte for byte; a",
        "second run changes nothing; a backup of each changed file goes to <staso data dir>/backups.",
        "",
        "The hook command is this installation's absolute path (never npx). For Codex, setup also writes the trust",
        "entries in $CODEX_HOME/config.toml that Codex's own /hooks → trust writes, so `codex exec` runs the hook.",
        "",
        "Examples:",
        "  staso setup",
        "  staso setup --target claude-code --scope user --yes",
        "  staso setup --target codex --api-key ak_… --yes",
        "  staso setup --target codex --server https://staso.example.com --api-key ak_… --yes",
        "  staso setup --target claude-code --scope local --dry-run",
      ].join("\n"),
    )
    .action(async (opts) => (await import("./setup.js")).setupCommand(opts));

  program
    .command("uninstall")
    .description("Take staso's hooks (and its Codex trust entries) out of the agents' settings; everything else stays.")
    .option("--target <agent>", "claude-code or codex (default: both)", collect)
    .option("--scope <scope>", "user, project or local (repeatable; default: all of them)", collect)
    .option("--project-dir <dir>", "the project for project/local scope (default: the current directory)")
    .option("-y, --yes", "write without asking (needed without a terminal)")
    .option("--dry-run", "show the changes and write nothing")
    .addHelpText(
      "after",
      "\nstaso's own config (config.json, the API key) is kept. Examples:\n  staso uninstall\n  staso uninstall --target codex --yes",
    )
    .action(async (opts) => (await import("./uninstall.js")).uninstallCommand(opts));

  program
    .command("doctor")
    .description(
      "Check that staso really guards each agent: hook present for every tool, the command runs and answers, Codex trust, timeouts, policy, audit dir.",
    )
    .option("--json", "the report as JSON")
    .option("--target <agent>", "only this agent (then it must be installed)", collect)
    .option("--project-dir <dir>", "the project whose project-scope settings to check (default: the current directory)")
    .addHelpText("after", "\nEvery problem comes with a fix; the exit code is 1 when there is any.")
    .action(async (opts) => (await import("./doctor.js")).doctorCommand(opts));

  const escalations = program
    .command("escalations")
    .description("The calls a rule escalated to a human: list them, show one, approve or deny it (default: list).")
    .addHelpText(
      "after",
      [
        "",
        "When a rule escalates a call, Claude Code in a terminal asks you in its own prompt. Elsewhere (claude -p, the",
        "Agent SDK, Codex, or wherever escalation.mode says so) staso keeps an escalation under <data dir>/escalations:",
        "  wait             the agent's hook holds the call until you approve or deny it here, or escalation.timeout passes;",
        "  fire-and-forget  the call is blocked with the escalation's id; once you approve it, the agent's next try of the",
        "                   same call goes through.",
        "Approve once (one try of the call), or --for a while (every try of the same call until then). A pending",
        "escalation of the same call is reused, and every answer lands in the audit trail (staso logs).",
        "",
        "Examples:",
        "  staso escalations",
        "  staso escalations show esc_3f9a",
        "  staso escalations approve esc_3f9a0c21b7e4",
        '  staso escalations approve esc_3f9a --for 30m --reason "release window"',
        '  staso escalations deny esc_3f9a --reason "not on main; open a PR"',
      ].join("\n"),
    );
  escalations.enablePositionalOptions();
  // Bare `staso escalations` lists; `staso escalations frob` is an unknown action, not "too many arguments for list".
  escalations
    .argument("[action]", "list (default), show, approve or deny")
    .option("--all", "every escalation kept (answered ones are kept 30 days)")
    .option("--json", "the escalations as a JSON array")
    .action(async (action: string | undefined, opts) => {
      if (action !== undefined) throw new UsageError(unknownAction(action, ["list", "show", "approve", "deny"]));
      await (await import("./escalations.js")).escalationsListCommand(opts);
    });
  escalations
    .command("list")
    .description("The pending escalations and those answered in the last 24 hours, newest first.")
    .option("--all", "every escalation kept (answered ones are kept 30 days)")
    .option("--json", "the escalations as a JSON array")
    .action(async (opts) => (await import("./escalations.js")).escalationsListCommand(opts));
  escalations
    .command("show")
    .description("One escalation in full: the call, the rule and its reason, who raised it, and its answer.")
    .argument("<id>", "the escalation id (esc_…), or a unique prefix of it")
    .option("--json", "the escalation as JSON")
    .action(async (id: string, opts) => (await import("./escalations.js")).escalationsShowCommand(id, opts));
  for (const verb of ["approve", "deny"] as const) {
    escalations
      .command(verb)
      .description(
        verb === "approve"
          ? "Let the escalated call run: a waiting call runs now; otherwise the agent's next try of the same call goes through (once, or --for a while)."
          : "Refuse the escalated call: a waiting call is blocked with your reason, and so are tries of the same call (for escalation.approvalTtl, or --for).",
      )
      .argument("<id>", "the escalation id (esc_…), or a unique prefix of it")
      .option(
        "--reason <text>",
        verb === "approve" ? "why (kept in the audit trail)" : "why, told to the agent (and kept in the audit trail)",
      )
      .option(
        "--for <duration>",
        verb === "approve"
          ? "approve every try of this exact call for this long (90s, 10m, 2h, 1d; at most escalation.approvalTtl)"
          : "refuse tries of this exact call for this long (default escalation.approvalTtl, 1 h)",
      )
      .option("--json", "the answer and the escalation as JSON")
      .addHelpText(
        "after",
        "\nRefused when run inside an agent's session: only a human answers escalations. The exit code is 1 when the\nescalation was already answered otherwise, or had timed out.",
      )
      .action(async (id: string, opts) => (await import("./escalations.js")).escalationsResolveCommand(verb, id, opts));
  }

  const dbOption = (cmd: Command) =>
    cmd.option(
      "--database-url <url>",
      "PostgreSQL (postgres://user:pass@host/db) for a team; default DATABASE_URL, else the embedded database under STASO_HOME",
    );

  const server = dbOption(
    program
      .command("server")
      .description(
        "Run the Staso server: the HTTP API machines report to and raise escalations with, and the web dashboard where people answer them.",
      ),
  )
    .option("--host <host>", "the address to listen on (default 127.0.0.1; behind a reverse proxy, see docs/server.md)")
    .option("--port <n>", "the port (default 8787; 0 picks a free one and prints it)")
    .option(
      "--public-url <url>",
      "the URL people reach the dashboard at, for links in notifications (default: the listen URL)",
    )
    .option("--trust-proxy", "trust X-Forwarded-For and X-Forwarded-Proto (only behind a reverse proxy that sets them)")
    .addHelpText(
      "after",
      [
        "",
        "Prints the URL it listens on, then serves until Ctrl-C. The schema is migrated on start.",
        "",
        "Examples:",
        "  staso server",
        "  staso server --port 0",
        "  DATABASE_URL=postgres://staso@db/staso staso server --host 0.0.0.0 --public-url https://staso.example.com --trust-proxy",
        "  printf '%s' \"$PASSWORD\" | staso server users add --email you@example.com --role admin --password-stdin",
        "  staso server keys create --name laptop",
        "",
        "One developer: `staso dashboard` does it all (server, user, this machine's key, the browser). See docs/server.md.",
      ].join("\n"),
    )
    .action(async (opts) => (await import("./server.js")).serverCommand(opts));
  dbOption(
    server
      .command("migrate")
      .description("Bring the database's schema up to date (the server also does it when it starts)."),
  ).action(async (opts) => (await import("./server.js")).migrateCommand(opts));
  const users = server.command("users").description("People who sign in to the dashboard.");
  dbOption(
    users
      .command("add")
      .description("Add a person: admin (everything), approver (answers escalations) or viewer (reads).")
      .option("--email <email>", "their email, which they sign in with")
      .option("--role <role>", "admin, approver or viewer")
      .option("--password-stdin", "read the password (at least 12 characters) from standard input"),
  )
    .addHelpText(
      "after",
      "\nExample:\n  printf '%s' \"$PASSWORD\" | staso server users add --email ada@example.com --role admin --password-stdin",
    )
    .action(async (opts) => (await import("./server.js")).usersAddCommand(opts));
  dbOption(
    users.command("list").description("Everyone who can sign in, with their role.").option("--json", "as JSON"),
  ).action(async (opts) => (await import("./server.js")).usersListCommand(opts));
  const keys = server.command("keys").description("API keys: one per machine, for its hooks.");
  dbOption(
    keys
      .command("create")
      .description("Make an API key for a machine and print it (only this once; only its hash is kept).")
      .option("--name <name>", "the machine, e.g. laptop")
      .option("--json", "print { key, id, name }"),
  )
    .addHelpText(
      "after",
      "\nA key may report decisions, raise and read its own machine's escalations and fetch the team policy; it can never\napprove an escalation, see another machine's, or change the policy.",
    )
    .action(async (opts) => (await import("./server.js")).keysCreateCommand(opts));
  dbOption(
    keys.command("list").description("Every key: name, prefix, last seen, revoked.").option("--json", "as JSON"),
  ).action(async (opts) => (await import("./server.js")).keysListCommand(opts));
  dbOption(
    keys
      .command("revoke")
      .description("Revoke a key at once (by id, or its prefix).")
      .argument("<key>", "the key's id or prefix"),
  ).action(async (id: string, opts) => (await import("./server.js")).keysRevokeCommand(id, opts));

  program
    .command("dashboard")
    .description(
      "The Staso dashboard for one developer: start the server on 127.0.0.1 (embedded database), connect this machine's hooks to it, and open it in the browser, signed in.",
    )
    .option("--port <n>", "the port (default 8787, or a free one when it is taken)")
    .option("--no-open", "print the sign-in link instead of opening the browser")
    .addHelpText(
      "after",
      [
        "",
        "The first time it also makes the local user (an admin who signs in with the one-time links this command",
        "prints) and an API key for this machine, kept with the server's URL in credentials.json (0600). Run again",
        "while the server runs: a new sign-in link for it. The server runs until Ctrl-C. For a team: `staso server`",
        "(docs/server.md).",
      ].join("\n"),
    )
    .action(async (opts) => (await import("./dashboard.js")).dashboardCommand(opts));

  const policyOptions = (cmd: Command) =>
    cmd
      .option(
        "--cwd <dir>",
        "the directory the call is made in: its project config applies (default: the current directory)",
      )
      .option("--level <level>", "standard, strict or paranoid (as STASO_LEVEL; a project can still raise it)")
      .option("--environment <env>", "dev, staging or prod (as STASO_ENVIRONMENT)")
      .option("--fail-mode <mode>", "closed or open (as STASO_FAIL_MODE)")
      .option("--timeout <seconds>", "the rules' deadline (as STASO_GUARD_TIMEOUT)");

  const configHelp = [
    "",
    "The policy is the user's config ($STASO_HOME/config.json), then STASO_* variables and these flags, then",
    "the project config found from the directory upward (package.json#staso, .stasorc*, staso.config.*),",
    "which may tighten the user's settings but never loosen them (unless listed in trustedProjects).",
  ].join("\n");

  policyOptions(
    program
      .command("rules")
      .description(
        "List every rule in force here: built-in, the user's, the project's and plugins', with source, mode and action.",
      ),
  )
    .option("--all", "also list the rules that are off")
    .option("--json", "one JSON object: settings, rules, allow-lists and what the project could not change")
    .addHelpText("after", `${configHelp}\n\nExamples:\n  staso rules\n  staso rules --cwd ~/code/api --json`)
    .action(async (opts) => (await import("./rules.js")).rulesCommand(opts));

  policyOptions(
    program
      .command("check")
      .description(
        "Decide one tool call without an agent: the decision and the trace of every rule that looked at it.",
      ),
  )
    .option(
      "--tool <name>",
      "the tool as the agent names it: Bash, Write, Edit, Read, WebFetch, apply_patch, mcp__server__tool, …",
    )
    .option("--input <json>", 'the tool input as JSON, e.g. \'{"command":"git push --force"}\'')
    .option("--host <agent>", "claude-code (default) or codex: the payload shape to send")
    .option("--event <event>", "pre (default) or post")
    .option("--json", "the decision and the full trace as JSON")
    .option("--verbose", "also list the rules that looked at the call and said nothing")
    .addHelpText(
      "after",
      `${configHelp}\n\nExit code: 0 when the call would run (allowed, or rewritten), 1 when it would not (blocked or escalated), 2 for a mistake in the command.\n\nExamples:\n  staso check --tool Bash --input '{"command":"git push --force origin main"}'\n  staso check --tool Write --input '{"file_path":".env","content":"X=1"}' --host codex --json`,
    )
    .action(async (opts) => (await import("./check.js")).checkCommand(opts));

  policyOptions(
    program
      .command("test")
      .description(
        "Policy CI: run the configs' inline tests (tests: [{tool, input, expect}]) and the built-in packs' tests; exit 1 on a failure.",
      ),
  )
    .option("--no-builtin", "only the configs' tests, not the built-in packs'")
    .option("--json", "the results as JSON")
    .addHelpText(
      "after",
      `${configHelp}\n\nA test: { "name": "…", "tool": "Bash", "input": {"command": "npm publish"}, "expect": "block", "rule": "team/no-publish" }\n(expect: allow, block, escalate or modify; optional host, event, cwd, expectInput).\n\nExamples:\n  staso test\n  staso test --cwd . --json`,
    )
    .action(async (opts) => (await import("./test.js")).testCommand(opts));

  program
    .command("completion")
    .description("Print a completion script for your shell: commands, subcommands and options, made from staso itself.")
    .argument("<shell>", "bash, zsh or fish")
    .addHelpText(
      "after",
      "\nInstall:\n  bash  echo 'source <(staso completion bash)' >> ~/.bashrc\n  zsh   echo 'source <(staso completion zsh)' >> ~/.zshrc\n  fish  staso completion fish > ~/.config/fish/completions/staso.fish",
    )
    .action(async (shell: string) => {
      process.stdout.write((await import("./completion.js")).completionScript(program, shell));
    });

  return program;
}

/** "unknown action "frob" (list, show, approve, deny)", with the closest one when it is a likely typo. */
function unknownAction(given: string, actions: string[]): string {
  const near = closest(given, actions);
  return `unknown action ${JSON.stringify(given)}: use ${actions.join(", ")}${near ? ` (did you mean ${near}?)` : ""}.`;
}

/** Commander's own errors that are a mistake in how staso was called (exit 2), as opposed to --help/--version. */
const NOT_USAGE = new Set([
  "commander.helpDisplayed",
  "commander.help",
  "commander.version",
  "commander.executeSubCommandAsync",
]);

export async function main(argv: string[]): Promise<void> {
  // `staso logs | head -1`: the reader left; that is the end of the output, not an error to print.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  const program = buildProgram();
  // Every command, not only the program: a subcommand without it exits 1 on its own for an unknown option.
  const override = (cmd: Command): void => {
    cmd.exitOverride();
    for (const sub of cmd.commands) override(sub);
  };
  override(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // One exit code for every usage mistake, whoever caught it: 2 (commander's unknown options and
      // arguments as well as staso's own checks of flag values).
      process.exitCode = NOT_USAGE.has(err.code) ? err.exitCode : 2;
      return;
    }
    process.stderr.write(`staso: ${(err as Error).message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}
