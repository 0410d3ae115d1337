// The staso command line. Each command lives in its own file and is loaded only when it runs, so
// `staso --help` stays quick and the hook path (bin/staso.js → dist/hook.mjs) never loads this at all.
import { Command, CommanderError, Option } from "commander";
import { VERSION } from "../version.js";
import { UsageError } from "./errors.js";
import { closest } from "../util/did-you-mean.js";
import { targetList } from "../hosts/index.js";
import { print, printError } from "./output.js";
import { jsonForTerminal } from "../util/terminal-text.js";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("staso")
    .description(
      "A guard for AI coding agents: Claude Code, Codex, Gemini CLI, Copilot CLI, opencode, Cursor and others run `staso hook` before every tool call; staso allows, blocks, rewrites or escalates it.",
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
    .option("--target <agent>", `the agent sending the payload: ${targetList()} (default: detected from the payload)`)
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
    .command("replay")
    .description(
      "What a policy change would have decided on your real history: decide the recorded calls again with a candidate policy and show what would change.",
    )
    .option(
      "--since <when>",
      "only calls since then: a duration (30m, 2h, 7d, 1w) or a date (2025-06-01); default: the whole trail",
    )
    .option("--session <id>", "only this agent session (a prefix of its id is enough)")
    .option("--project <dir>", "only calls made in this folder or below it")
    .option(
      "--policy <file>",
      "a policy file to try: it stands in for the project config of every call (what it loosens counts only where the project is trusted); default: the policy each call's project would load now",
    )
    .option("--level <level>", "the level to try: standard, strict or paranoid (a project config may still raise it)")
    .option("--json", "one JSON object: the counts, each group of changes with examples, the candidate policies")
    .addHelpText(
      "after",
      [
        "",
        "Each recorded call (PreToolUse) is decided again as the hook would decide it now under the candidate: the",
        "user's config, STASO_* variables and these flags, and the project config found from the call's directory",
        "(or --policy). A call whose action would differ (allow → block, block → allow, modify, escalate) is listed",
        "under the rule that makes the difference, with a few examples (masked, as the trail keeps them), and the",
        "share of everyday (allowed) calls that would now be stopped is given.",
        "",
        "Where the trail cannot give a call back exactly (a secret was masked, the input was cut for size), the call",
        "is counted apart, never as a change. Session rules see each session as it was recorded; tool results feed",
        "their memory but are not decided again (the trail keeps no outputs). Nothing of yours is written: the",
        "session memory is replayed into a throwaway folder, and the audit trail is only read.",
        "",
        "Exit code: 0 when no recorded call would change, 1 when any would (a CI gate), 2 for a usage error or a",
        "candidate policy that does not load.",
        "",
        "Examples:",
        "  staso replay --level strict",
        "  staso replay --since 7d --policy ./staso.config.next.yaml",
        "  staso replay --project . --json | jq '.groups[] | {rule, why, count}'",
      ].join("\n"),
    )
    .action(async (opts) => (await import("./replay.js")).replayCommand(opts));

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
      "Put staso in front of your coding agents: write their hooks (merged into the existing settings), after showing every change.",
    )
    .option(
      "--target <agent>",
      `${targetList()} (repeat, or comma-separate; all for every one; default: ask, or the agents found)`,
      collect,
    )
    .option(
      "--scope <scope>",
      "user (default): the agent's own config in your home (~/.claude, $CODEX_HOME, ~/.gemini, ~/.copilot, ~/.config/opencode, …); project: the project's (.claude, .codex, .gemini, .github/hooks, .opencode, …; shared files: they get this machine's path); local: .claude/settings.local.json (Claude Code only)",
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
    .option("--json", "the plan (and what was written) as JSON; asks nothing, so needs --yes or --dry-run")
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
    .option("--target <agent>", `${targetList()} (default: every one)`, collect)
    .option("--scope <scope>", "user, project or local (repeatable; default: all of them)", collect)
    .option("--project-dir <dir>", "the project for project/local scope (default: the current directory)")
    .option("-y, --yes", "write without asking (needed without a terminal)")
    .option("--dry-run", "show the changes and write nothing")
    .option("--json", "the changes (and what was written) as JSON; needs --yes or --dry-run")
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

  program
    .command("trust")
    .description(
      "Let a project's own code run inside staso: its JS/TS config and the plugins its config names. Records those files and every module they load, with their sha256; a changed or new file is not run until you trust the project again.",
    )
    .argument("[dir]", "the project (default: the current directory; its config is found upward, as the hook finds it)")
    .option("--list", "the trusted projects, and which of their files changed since")
    .option("--json", "machine-readable output")
    .addHelpText(
      "after",
      [
        "",
        "An untrusted project's data config (JSON, YAML, package.json#staso) still applies, but only to tighten;",
        "its JS/TS config and plugins are not run, and the hook says so in one line on stderr. A trusted project's",
        "config may also loosen your own settings. The record is kept in your own state (<data dir>/trust.json),",
        "never in the project. trustedProjects globs in your config.json trust every project under them, whatever",
        "their files hold now or later. Refused inside an agent's session: only you decide what runs as you.",
        "",
        "Examples:",
        "  staso trust ~/work/api",
        "  staso trust --list",
        "  staso untrust ~/work/api",
      ].join("\n"),
    )
    .action(async (dir: string | undefined, opts) => (await import("./trust.js")).trustCommand(dir, opts));

  program
    .command("untrust")
    .description("Forget a project's `staso trust` record: its JS/TS config and plugins no longer run.")
    .argument("[dir]", "the project (default: the current directory)")
    .option("--json", "machine-readable output")
    .action(async (dir: string | undefined, opts) => (await import("./trust.js")).untrustCommand(dir, opts));

  program
    .command("init")
    .description(
      "Write a starter config with comments: yours (every project) or, with --project, this project's (staso.config.json).",
    )
    .option("--project", "the project's config, in the current directory (committed; it can only make staso stricter)")
    .option("--project-dir <dir>", "the project's config, in this directory")
    .option("--json", "{created, file} as JSON")
    .addHelpText(
      "after",
      "\nNever writes over a config that is there: it says where that one is (exit 1). The starter is JSON with\ncomments, valid as written: staso's defaults spelled out, examples commented out.\n\nExamples:\n  staso init\n  staso init --project",
    )
    .action(async (opts) => (await import("./init.js")).initCommand(opts));

  program
    .command("allow")
    .description(
      "Let one rule's calls through in one project for a while (default 1h, at most 7d), in your own config; no rule: list them.",
    )
    .argument("[rule]", "a rule id (git/force-push), a pack (git) or a glob (network/*); staso rules lists them")
    .option("--here", "for the project you are in (its folder with .git, else this folder)")
    .option("--project <dir>", "for this project instead")
    .option("--for <duration>", "how long: 30m, 1h, 2d (default 1h)")
    .option("--reason <text>", "why (kept with the exception, shown by staso rules)")
    .option("--remove", "end the exception to this rule in this project now")
    .option("--list", "the exceptions staso allow made, and whether they have ended")
    .option("--json", "the result as JSON")
    .addHelpText(
      "after",
      [
        "",
        "The exception goes into YOUR config (config.json), scoped to the project's folder (allow[].when.cwd): a",
        "project's own config can only make staso stricter. It ends by itself; the next staso allow removes ended",
        "ones from the file. Only you, in your own terminal: refused inside an agent's session or without a",
        "terminal, and the hook blocks an agent that tries. paths/protected-write and paths/escalation-self-approval",
        "cannot be lifted this way.",
        "",
        "Examples:",
        "  staso allow git/force-push --here --for 30m --reason 'rewriting my feature branch'",
        "  staso allow network/private-address --project ~/code/api --for 2h",
        "  staso allow --list",
        "  staso allow git/force-push --here --remove",
      ].join("\n"),
    )
    .action(async (rule: string | undefined, opts) => (await import("./allow.js")).allowCommand(rule, opts));

  program
    .command("pause")
    .description(
      "Turn the guard off for a while (default 30m, at most 24h): every tool call runs unchecked until then.",
    )
    .option("--for <duration>", "how long: 10m, 1h, 1h30m (default 30m)")
    .option("--reason <text>", "why (kept in the pause file, shown by staso doctor)")
    .option("--json", "the pause as JSON")
    .addHelpText(
      "after",
      "\nOnly you, in your own terminal, can pause staso: the command refuses inside an agent's session or without a\nterminal, and the hook blocks an agent that tries to run it. Calls made while paused are still recorded\n(staso logs). staso doctor says whether staso is paused; staso resume ends the pause sooner.",
    )
    .action(async (opts) => (await import("./pause.js")).pauseCommand(opts));

  program
    .command("resume")
    .description("End a pause at once: staso guards every tool call again.")
    .option("--json", "the result as JSON")
    .action(async (opts) => (await import("./pause.js")).resumeCommand(opts));

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
        "Only a human answers: approve and deny ask for your approval passphrase at your terminal (/dev/tty, never",
        "stdin), and the answer is signed with a key derived from it; an answer without that signature counts for",
        "nothing. Set the passphrase once with `staso escalations passphrase set` (or in `staso setup`).",
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
        "\nAsks for your approval passphrase at your terminal (/dev/tty): only a human answers escalations. Refused\nwithout a passphrase set, without a terminal, or inside an agent's session; after 3 wrong passphrases the next\ntry waits (30 s, doubling). The exit code is 1 when refused, or when the escalation was already answered\notherwise or had timed out.",
      )
      .action(async (id: string, opts) => (await import("./escalations.js")).escalationsResolveCommand(verb, id, opts));
  }

  const passphrase = escalations
    .command("passphrase")
    .description("The approval passphrase: what approve and deny ask for (default: say whether one is set).")
    .addHelpText(
      "after",
      [
        "",
        "staso keeps only what it derives from the passphrase with scrypt (N=2^17, r=8, p=1, a 16-byte salt): the",
        "public half of a signing key, in approval-key.json in the config dir (0600). It is typed at your terminal,",
        "never passed as an argument, on stdin or in the environment. Forgot it? Delete approval-key.json yourself",
        "and set a new one.",
      ].join("\n"),
    );
  passphrase
    .command("status", { isDefault: true })
    .description("Whether an approval passphrase is set, and since when.")
    .action(async () => (await import("./escalations.js")).passphraseStatusCommand());
  for (const verb of ["set", "change"] as const)
    passphrase
      .command(verb)
      .description(
        verb === "set"
          ? "Choose the approval passphrase (refused when one is set: use change)."
          : "Change the approval passphrase (asks for the current one first).",
      )
      .action(async () => (await import("./escalations.js")).passphraseSetCommand(verb));

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
      .command("rules [id]")
      .description(
        "List every rule in force here: built-in, the user's, the project's and plugins', with source, mode, action and description; with an id, that rule whole (parameters, examples, settings).",
      ),
  )
    .option("--all", "also list the rules that are off")
    .option("--json", "one JSON object: settings, rules, allow-lists and what the project could not change")
    .addHelpText(
      "after",
      `${configHelp}\n\nExamples:\n  staso rules\n  staso rules git/force-push\n  staso rules --cwd ~/code/api --json`,
    )
    .action(async (id: string | undefined, opts) => (await import("./rules.js")).rulesCommand(opts, id));

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
    .option("--host <agent>", `the payload shape to send: ${targetList()} (default claude-code)`)
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
    .option(
      "--replay",
      "also decide this project's recorded calls again under the policy it loads now: a call that would change fails (see staso replay)",
    )
    .option("--json", "the results as JSON")
    .addHelpText(
      "after",
      `${configHelp}\n\nA test: { "name": "…", "tool": "Bash", "input": {"command": "npm publish"}, "expect": "block", "rule": "team/no-publish" }\n(expect: allow, block, escalate or modify; optional host, event, cwd, expectInput).\n\nWith --replay, the calls the audit trail recorded in this project (the folder with .git above --cwd) are decided\nagain under the policy it loads now; any whose action would change is a failure (details: staso replay --project .).\n\nExamples:\n  staso test\n  staso test --replay\n  staso test --cwd . --json`,
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
      print((await import("./completion.js")).completionScript(program, shell));
    });

  const judge = program
    .command("judge")
    .description(
      "Judges, the rules that ask a model (judges: [...] and grayZone in the config): score one on labelled calls.",
    )
    .addHelpText(
      "after",
      "\nSee docs/judges.md: pointing a judge at Anthropic, OpenAI or a local model, what it costs, what leaves the machine.",
    );
  policyOptions(
    judge
      .command("eval")
      .description(
        "Put one judge to labelled calls, as the hook would (its when, masking, budget, onTimeout; never the cache): detection, false blocks, p50/p95 latency, tokens.",
      ),
  )
    .option(
      "--corpus <file>",
      'labelled calls, JSON lines or a JSON array: {"tool":"Bash","input":{…},"expect":"block"}',
    )
    .option("--judge <id>", "the judge to score (default: the only one; judges/gray-zone for the gray-zone judge)")
    .option("--model <name>", "ask this model instead of the configured one (to compare models)")
    .option("--concurrency <n>", "calls asked at once (default 2)")
    .option("--json", "the score and every call's verdict as one JSON object")
    .addHelpText(
      "after",
      `${configHelp}\n\nA labelled call: {"name":"…","tool":"Bash","input":{"command":"./deploy.sh --prod"},"expect":"block"}\n(expect: allow, block or escalate; optional host (claude-code, codex), cwd, and messages: what the user\nhad said, oldest first, for a judge shown the transcript).\n\nExamples:\n  staso judge eval --corpus deploys.jsonl\n  staso judge eval --corpus deploys.jsonl --judge team/deploy-judge --model claude-sonnet-4-5 --json`,
    )
    .action(async (opts) => (await import("./judge-eval.js")).judgeEvalCommand(opts));

  return program;
}

/** "unknown action "frob" (list, show, approve, deny)", with the closest one when it is a likely typo. */
function unknownAction(given: string, actions: string[]): string {
  const near = closest(given, actions);
  return `unknown action ${jsonForTerminal(given)}: use ${actions.join(", ")}${near ? ` (did you mean ${near}?)` : ""}.`;
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
    printError(`staso: ${(err as Error).message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}
