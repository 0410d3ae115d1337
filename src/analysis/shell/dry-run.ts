// Whether a command only shows what it would do: a dry run, a plan, a preview, a what-if, a simulation,
// or its help page. Rules that stop destructive effects leave such commands alone (the same command
// without the flag is still stopped). A flag counts only where the program reads it as its own option:
// - never after `--` (it is an operand there) nor in a runner's command (`bash -c … --dry-run`,
//   `docker run img rm … --dry-run`: the flag belongs to the program run, which may ignore it);
// - never for the core file tools (rm, dd, chmod, …): they have no dry run, and BSD's option parser stops
//   at the first operand, so `rm -rf ~ --dry-run` deletes the home folder on macOS;
// - the last of `--dry-run`/`--no-dry-run`/`--dry-run=none` wins, as option parsers do.
// Redirections are the shell's, not the program's: a rule that looks at them must not use this.
import { gitSubcommand, hasOption, subcommands } from "./commands.js";
import type { ShellAnalysis, SimpleCommand } from "./types.js";

/** Long spellings of "only show what you would do" (case-insensitive: PowerShell writes -WhatIf). */
const DRY_FLAG =
  /^--?(dry-?run|dry_run|what-?if|simulate|no-act|just-print|recon|preview-only|dryrunoutput)(?:=(.*))?$/i;
/** Values that turn the flag off (`kubectl --dry-run=none`, `--dry-run=false`). */
const OFF_VALUE = /^(none|false|off|0|no)$/i;
const NEGATED = /^--no-dry-?run$/i;
const HELP_FLAG = /^--?help$/;

/** Programs that have no dry run and whose option parsing may stop at the first operand. */
const NO_DRY_RUN = new Set([
  "rm",
  "rmdir",
  "unlink",
  "srm",
  "mv",
  "cp",
  "ln",
  "dd",
  "dcfldd",
  "shred",
  "wipe",
  "truncate",
  "fallocate",
  "chmod",
  "chown",
  "chgrp",
  "chattr",
  "setfacl",
  "find",
  "tar",
  "zip",
  "install",
  "tee",
  "cat",
  "kill",
  "pkill",
  "killall",
  "curl",
  "wget",
  "rimraf",
  "del",
  "del-cli",
  "trash",
  "trash-put",
  "trash-empty",
  "rmtrash",
  "gio",
]);

/** Programs whose operands start another program's command line: only options before them are theirs. */
const RUNNERS = new Set([
  "sh",
  "bash",
  "dash",
  "zsh",
  "ksh",
  "fish",
  "busybox",
  "env",
  "sudo",
  "doas",
  "su",
  "runuser",
  "xargs",
  "nice",
  "ionice",
  "nohup",
  "setsid",
  "timeout",
  "time",
  "watch",
  "exec",
  "command",
  "builtin",
  "chroot",
  "nsenter",
  "unshare",
  "flock",
  "parallel",
  "strace",
  "ltrace",
  "stdbuf",
  "taskset",
  "script",
  "ssh",
  "npx",
  "bunx",
  "pnpx",
  "python",
  "python3",
  "python2",
  "node",
  "deno",
  "bun",
  "ruby",
  "perl",
  "php",
  "lua",
  "Rscript",
  "pwsh",
  "powershell",
  "osascript",
  // Their operands after the first are the database command (`redis-cli DEL k --dry-run` deletes "--dry-run").
  "redis-cli",
  "valkey-cli",
  "keydb-cli",
]);

/** Framework entry points an interpreter runs whose own parsers read --help (and their dry-run flags). */
const FRAMEWORK_SCRIPT = /(^|\/)(manage\.py|artisan|rails|rake)$/;

/** Package managers: the subcommands that honour --dry-run (run/exec/start… run a script that may not). */
const PM = new Set(["npm", "pnpm", "yarn", "cargo", "pip", "pip3", "poetry", "gem", "uv"]);
const PM_DRY = new Set([
  "publish",
  "unpublish",
  "install",
  "i",
  "add",
  "ci",
  "uninstall",
  "remove",
  "rm",
  "un",
  "r",
  "prune",
  "dedupe",
  "ddp",
  "update",
  "up",
  "upgrade",
  "pack",
  "link",
  "clean",
  "audit",
  "sync",
  "lock",
  "yank",
]);

/** git subcommands whose -n is --dry-run (for fetch, commit and others -n means something else). */
const GIT_N = new Set(["push", "clean", "rm", "add", "mv", "prune", "send-pack"]);
const GIT_SUB_N: Record<string, Set<string>> = {
  reflog: new Set(["expire", "delete"]),
  worktree: new Set(["prune"]),
  remote: new Set(["prune"]),
};

/** Short options of a program that mean "dry run", with the short options that take a value. */
const SHORT_DRY: Record<string, { short: string; valued?: string }> = {
  rsync: { short: "n", valued: "efTBM" },
  rclone: { short: "n" },
  s3cmd: { short: "n" },
  borg: { short: "n" },
  restic: { short: "n" },
  sfdisk: { short: "n", valued: "NXYOo" },
  wipefs: { short: "n", valued: "ot" },
  mke2fs: { short: "n", valued: "bCdEeGgiIJLlMmNOorTtUz" },
  "mkfs.ext2": { short: "n", valued: "bCdEeGgiIJLlMmNOorTtUz" },
  "mkfs.ext3": { short: "n", valued: "bCdEeGgiIJLlMmNOorTtUz" },
  "mkfs.ext4": { short: "n", valued: "bCdEeGgiIJLlMmNOorTtUz" },
  e2fsck: { short: "n", valued: "bBjlLEz" },
  fsck: { short: "N", valued: "tC" },
  sgdisk: { short: "P", valued: "abcdefhimnrstuATUV" },
  apt: { short: "s", valued: "oct" },
  "apt-get": { short: "s", valued: "oct" },
  aptitude: { short: "s", valued: "oct" },
  ansible: { short: "C", valued: "ieulmafMBPTct" },
  "ansible-playbook": { short: "C", valued: "ieulfMBPTct" },
  lvremove: { short: "t" },
  vgremove: { short: "t" },
  pvremove: { short: "t" },
  lvreduce: { short: "t" },
  lvresize: { short: "t" },
};
const LONG_DRY: Record<string, string[]> = {
  ansible: ["--check"],
  "ansible-playbook": ["--check"],
  sgdisk: ["--pretend"],
  dnf: ["--assumeno"],
  yum: ["--assumeno"],
  lvremove: ["--test"],
  vgremove: ["--test"],
  pvremove: ["--test"],
  lvreduce: ["--test"],
  lvresize: ["--test"],
  alembic: ["--sql"],
  sam: ["--no-execute-changeset"],
};

/** Infrastructure tools' verbs that only show what would change. */
const PLAN_VERBS: Record<string, Set<string>> = {
  terraform: new Set(["plan", "validate", "show", "output", "fmt", "graph", "providers", "version", "console"]),
  tofu: new Set(["plan", "validate", "show", "output", "fmt", "graph", "providers", "version", "console"]),
  terragrunt: new Set(["plan", "validate", "show", "output", "hclfmt", "graph-dependencies", "render-json"]),
  pulumi: new Set(["preview", "pre"]),
  cdk: new Set(["diff", "synth", "synthesize", "ls", "list", "doctor"]),
  cdktf: new Set(["diff", "synth", "synthesize", "list"]),
};

const cache = new WeakMap<SimpleCommand, boolean>();

/** The command changes nothing: it is a dry run, plan, preview, what-if or simulation, or prints its help. */
export function isDryRun(cmd: SimpleCommand): boolean {
  let v = cache.get(cmd);
  if (v === undefined) {
    v = dryRun(cmd.program, cmd.args);
    cache.set(cmd, v);
  }
  return v;
}

/** The commands of an analysis that act: dry runs, plans, previews and help pages left out. */
export function actingCommands(analysis: ShellAnalysis): SimpleCommand[] {
  return analysis.commands.filter((c) => !isDryRun(c));
}

function dryRun(program: string, args: string[]): boolean {
  if (NO_DRY_RUN.has(program) || args.length === 0) return false;
  let own = ownArgs(args);
  if (RUNNERS.has(program)) {
    const script = own.findIndex((a) => !a.startsWith("-"));
    if (script < 0) return false;
    // `python manage.py flush --help`: the framework's own parser reads what follows its script.
    if (!FRAMEWORK_SCRIPT.test(own[script]!)) return false;
    own = own.slice(script + 1);
    if (/artisan$/.test(args[script] ?? "") && own.includes("--pretend")) return true;
    if (/manage\.py$/.test(args[script] ?? "") && own[0] === "migrate" && own.includes("--plan")) return true;
  }
  if (PM.has(program) && !PM_DRY.has(subcommands(own, 1).path[0] ?? "")) return helpOf(program, own);
  if (program === "docker" || program === "podman" || program === "nerdctl") return dockerDry(own);
  if (helpOf(program, own) || flagged(own)) return true;
  const sd = SHORT_DRY[program];
  if (sd && hasOption(own, sd.short, [], sd.valued ?? "")) return true;
  if (LONG_DRY[program]?.some((l) => own.includes(l))) return true;
  return special(program, own);
}

/** The args up to `--` (after it everything is an operand, never an option). */
function ownArgs(args: string[]): string[] {
  const end = args.indexOf("--");
  return end < 0 ? args : args.slice(0, end);
}

/** The last dry-run flag decides: `--dry-run`, `--dryrun`, `--dry-run=client`, `-WhatIf`, `--simulate`, … */
function flagged(args: string[]): boolean {
  let on = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (NEGATED.test(a)) {
      on = false;
      continue;
    }
    const m = DRY_FLAG.exec(a);
    if (!m) continue;
    const value = m[2] ?? (OFF_VALUE.test(args[i + 1] ?? "") ? args[i + 1] : undefined);
    on = value === undefined || !OFF_VALUE.test(value.replace(/^['"]|['"]$/g, ""));
  }
  return on;
}

function helpOf(program: string, args: string[]): boolean {
  if (args.some((a) => HELP_FLAG.test(a))) return true;
  if ((program === "terraform" || program === "tofu" || program === "terragrunt") && args.includes("-h")) return true;
  // aws: `aws s3 rm help` (help in place of the operation's arguments).
  if (program === "aws") {
    const words = args.filter((a) => !a.startsWith("-"));
    return words.length <= 3 && words[words.length - 1] === "help";
  }
  return false;
}

/** docker/podman: their own dry runs are compose's `--dry-run`; a run/exec's trailing words are the container's. */
function dockerDry(args: string[]): boolean {
  const words = args.filter((a) => !a.startsWith("-"));
  if (words[0] !== "compose") return false;
  const sub = args.findIndex((a, i) => i > args.indexOf("compose") && !a.startsWith("-"));
  const before = sub < 0 ? args : args.slice(0, sub);
  if (flagged(before) || before.some((a) => HELP_FLAG.test(a))) return true;
  const verb = args[sub];
  if (verb === "run" || verb === "exec") return false;
  return flagged(args) || args.some((a) => HELP_FLAG.test(a));
}

function special(program: string, args: string[]): boolean {
  const plan = PLAN_VERBS[program];
  if (plan) {
    const words = args.filter((a) => !a.startsWith("-"));
    const verb = program === "terragrunt" && /^run(-all)?$/.test(words[0] ?? "") ? words[1] : words[0];
    if (verb && plan.has(verb)) return true;
  }
  if (program === "git" || (program.startsWith("git-") && program.length > 4)) {
    const g = program === "git" ? gitSubcommand(args) : { sub: program.slice(4), rest: args };
    if (!g) return false;
    if (GIT_N.has(g.sub) && hasOption(g.rest, "n")) return true;
    const sub2 = GIT_SUB_N[g.sub];
    return !!sub2 && sub2.has(g.rest.find((a) => !a.startsWith("-")) ?? "") && hasOption(g.rest, "n");
  }
  if (program === "az") return args.includes("what-if");
  if (program === "gsutil") {
    const { path, rest } = subcommands(args, 1, ["-o", "-h", "-u", "-p"]);
    return path[0] === "rsync" && hasOption(rest, "n");
  }
  if (program === "zfs") return args[0] === "destroy" && hasOption(args.slice(1), "n");
  if (program === "liquibase") return args.some((a) => !a.startsWith("-") && /-sql$/.test(a));
  return false;
}
