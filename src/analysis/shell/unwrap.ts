// Commands that run another command: find what they run, so `sudo env X=1 bash -c "rm -rf ~"` is seen
// as the rm it is. Each wrapper's options are skipped with knowledge of which take a value.
import type { SimpleCommand, WordInfo } from "./types.js";
import {
  addCommand,
  copyEnv,
  problem,
  programName,
  MAX_DEPTH,
  type Ctx,
  type Env,
  type WalkState,
} from "./walk-state.js";
import { resolvePathWord } from "./paths.js";
import { feeders } from "./commands.js";
import { sedEffects, sedScripts } from "./sed.js";
import { classifyHost } from "../net/index.js";
import { analyzeInlineCode, interpreterCode, isInterpreter } from "./inline.js";
import { madeFilesIn, madeFileText, makeRecipes, recordWrites } from "./files.js";
import { RUNNER_PROGRAMS, runnerCommand } from "./command-runners.js";

interface WrapperSpec {
  /** Options that take a separate value. */
  value?: string[];
  /** Non-option operands before the command (timeout DURATION, chroot NEWROOT, flock FILE, …). */
  operands?: number;
  /** Options that carry a working directory. */
  chdir?: string[];
  /** The wrapper runs the command in the current shell (cd and assignments there persist). */
  sameShell?: boolean;
  /** Options after which there is no command to run (command -v, sudo -l, …). */
  noCommand?: string[];
  /** NAME=value words may precede the command (env, sudo). */
  assignments?: boolean;
}

const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: {
    value: [
      "-u",
      "-g",
      "-h",
      "-p",
      "-C",
      "-D",
      "-r",
      "-t",
      "-T",
      "-U",
      "-R",
      "--user",
      "--group",
      "--host",
      "--prompt",
      "--chdir",
      "--role",
      "--type",
      "--other-user",
      "--close-from",
      "--command-timeout",
      "--chroot",
    ],
    chdir: ["-D", "--chdir"],
    noCommand: [
      "-l",
      "--list",
      "-v",
      "--validate",
      "-k",
      "-K",
      "--reset-timestamp",
      "--remove-timestamp",
      "-V",
      "--version",
      "-e",
      "--edit",
    ],
    assignments: true,
  },
  doas: { value: ["-u", "-C"], assignments: false },
  run0: {
    value: [
      "-u",
      "--user",
      "-g",
      "--group",
      "-D",
      "--chdir",
      "--setenv",
      "--unit",
      "--property",
      "--description",
      "--slice",
      "--nice",
    ],
    chdir: ["-D", "--chdir"],
  },
  pkexec: { value: ["--user"] },
  env: {
    value: ["-u", "--unset", "-C", "--chdir", "-P", "--default-signal", "--ignore-signal", "--block-signal"],
    chdir: ["-C", "--chdir"],
    assignments: true,
  },
  nice: { value: ["-n", "--adjustment"] },
  nohup: {},
  setsid: {},
  command: { sameShell: true, noCommand: ["-v", "-V"] },
  builtin: { sameShell: true },
  exec: { value: ["-a"], sameShell: true },
  time: { value: ["-f", "-o", "--format", "--output"], sameShell: true },
  timeout: { value: ["-s", "-k", "--signal", "--kill-after"], operands: 1 },
  stdbuf: { value: ["-i", "-o", "-e", "--input", "--output", "--error"] },
  ionice: { value: ["-c", "-n", "-p", "-P", "-u", "--class", "--classdata", "--pid", "--pgid", "--uid"] },
  chroot: { value: ["--userspec", "--groups"], operands: 1 },
  flock: { value: ["-w", "--timeout", "-E", "--conflict-exit-code"], operands: 1 },
  taskset: { operands: 1 },
  chrt: { operands: 1 },
  unbuffer: {},
  caffeinate: { value: ["-t", "-w"] },
  "systemd-run": {
    value: [
      "-p",
      "--property",
      "-u",
      "--unit",
      "--description",
      "--slice",
      "-E",
      "--setenv",
      "--uid",
      "--gid",
      "--nice",
      "--working-directory",
      "-H",
      "--host",
      "-M",
      "--machine",
      "--on-calendar",
      "--on-active",
      "--timer-property",
      "--path-property",
      "--socket-property",
    ],
    chdir: ["--working-directory"],
  },
  strace: { value: ["-o", "-e", "-p", "-s", "-u", "-E", "-I", "-b", "-a", "-X", "-O", "-S", "-P"] },
  ltrace: { value: ["-o", "-e", "-p", "-s", "-u", "-n", "-a"] },
  sshpass: { value: ["-p", "-f", "-d", "-P"] },
  proxychains: { value: ["-f"] },
  proxychains4: { value: ["-f"] },
  torsocks: { value: ["-u", "-p", "-a", "-P"] },
  nsenter: { value: ["-t", "--target", "-S", "--setuid", "-G", "--setgid", "-w", "--wd", "-r", "--root"] },
  unshare: {
    value: [
      "--map-user",
      "--map-group",
      "--propagation",
      "--setgroups",
      "-S",
      "--setuid",
      "-G",
      "--setgid",
      "-R",
      "--root",
      "-w",
      "--wd",
    ],
  },
  firejail: {},
  "xvfb-run": {
    value: [
      "-n",
      "--server-num",
      "-s",
      "--server-args",
      "-e",
      "--error-file",
      "-f",
      "--auth-file",
      "-p",
      "--xauth-protocol",
      "-w",
      "--wait",
    ],
  },
  "dbus-run-session": { value: ["--config-file", "--dbus-daemon"] },
  gosu: { operands: 1 },
  "su-exec": { operands: 1 },
  chpst: { value: ["-u", "-U", "-b", "-e", "-n", "-l", "-L", "-m", "-d", "-o", "-p", "-f", "-c", "-r", "-t", "-/"] },
  catchsegv: {},
  valgrind: {},
  entr: {},
  rlwrap: {
    value: ["-b", "-C", "-D", "-e", "-f", "-g", "-H", "-l", "-M", "-O", "-P", "-q", "-s", "-S", "-t", "-w", "-z"],
  },
  chronic: {},
  nocache: {},
  fakeroot: { value: ["-l", "--lib", "--faked", "-s", "-i"] },
  faketime: { value: ["-m", "-f"], operands: 1 },
  cpulimit: { value: ["-l", "--limit", "-p", "--pid", "-e", "--exe", "-m", "--monitor-forks"] },
  trickle: { value: ["-u", "-d", "-w", "-t", "-l", "-n"] },
  lckdo: { value: ["-w"], operands: 1 },
  numactl: {},
  setpriv: { value: ["--reuid", "--regid", "--groups", "--inh-caps", "--bounding-set", "--securebits"] },
  prlimit: {},
  daemonize: { value: ["-a", "-c", "-e", "-E", "-o", "-p", "-l", "-u"], chdir: ["-c"] },
  "start-stop-daemon": {},
  // WSL's launcher, called from inside WSL or from Windows: `wsl [-d distro] [-u user] [-e|--] cmd …`.
  wsl: { value: ["-d", "--distribution", "-u", "--user", "--cd"], chdir: ["--cd"] },
};

export const SHELLS = new Set([
  "sh",
  "bash",
  "zsh",
  "dash",
  "ksh",
  "mksh",
  "ash",
  "yash",
  "posh",
  "oksh",
  "pdksh",
  "rbash",
  "fish",
]);

/** ssh's options that take a value (the next word). */
export const SSH_VALUE = new Set([
  "-b",
  "-c",
  "-D",
  "-E",
  "-e",
  "-F",
  "-I",
  "-i",
  "-J",
  "-L",
  "-l",
  "-m",
  "-O",
  "-o",
  "-p",
  "-Q",
  "-R",
  "-S",
  "-W",
  "-w",
  "-B",
]);
const XARGS_VALUE = new Set([
  "-I",
  "-n",
  "-P",
  "-d",
  "-L",
  "-l",
  "-s",
  "-a",
  "-E",
  "-e",
  "--max-args",
  "--max-procs",
  "--delimiter",
  "--arg-file",
  "--replace",
  "--max-lines",
  "--max-chars",
  "--eof",
  "--process-slot-var",
]);
const PARALLEL_VALUE = new Set([
  "-j",
  "-S",
  "--jobs",
  "--sshlogin",
  "-I",
  "--delay",
  "--timeout",
  "--joblog",
  "--results",
  "--tmpdir",
  "-d",
  "--delimiter",
  "-n",
  "--max-args",
  "-L",
  "--max-lines",
  "--colsep",
  "-C",
  "--halt",
  "--retries",
  "--env",
  "--workdir",
  "--wd",
  "-a",
  "--arg-file",
]);
const DOCKER_EXEC_VALUE = new Set([
  "-e",
  "--env",
  "--env-file",
  "-u",
  "--user",
  "-w",
  "--workdir",
  "--detach-keys",
  "--index",
]);
const COMPOSE_VALUE = new Set([
  "-f",
  "--file",
  "-p",
  "--project-name",
  "--project-directory",
  "--env-file",
  "--profile",
  "--ansi",
  "--progress",
  "-H",
  "--host",
  "-c",
  "--context",
  "--log-level",
]);
const WATCH_VALUE = new Set(["-n", "--interval", "-d", "-q", "--equexit", "--differences"]);

/** Find predicates that narrow which files match (anything else keeps "everything under the roots"). */
const FIND_NARROWING = new Set([
  "-name",
  "-iname",
  "-path",
  "-ipath",
  "-wholename",
  "-iwholename",
  "-regex",
  "-iregex",
  "-newer",
  "-anewer",
  "-cnewer",
  "-newermt",
  "-newerct",
  "-newerat",
  "-mtime",
  "-mmin",
  "-atime",
  "-amin",
  "-ctime",
  "-cmin",
  "-size",
  "-user",
  "-group",
  "-uid",
  "-gid",
  "-perm",
  "-empty",
  "-links",
  "-inum",
  "-samefile",
  "-lname",
  "-ilname",
  "-used",
  "-nouser",
  "-nogroup",
  "-readable",
  "-writable",
  "-executable",
  "-fstype",
  "-context",
]);
const FIND_VALUE = new Set([
  "-maxdepth",
  "-mindepth",
  "-type",
  "-xtype",
  "-fstype",
  "-newerXY",
  "-printf",
  "-fprint",
  "-fprintf",
  "-fprint0",
  "-fls",
  "-D",
  "-files0-from",
  ...FIND_NARROWING,
]);

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** A command run by a wrapper: argv and word info taken from the wrapper's. */
function inner(
  outer: SimpleCommand,
  argv: string[],
  info: WordInfo[],
  label: string,
  extra: Partial<SimpleCommand> = {},
): SimpleCommand {
  return {
    ...outer,
    argv,
    program: programName(argv[0] ?? ""),
    args: argv.slice(1),
    assignments: {},
    wrappers: [...outer.wrappers, label],
    context: outer.context === "inline-code" ? "inline-code" : "wrapped",
    dynamic: info.some((i) => i.dynamic),
    text: argv.map(shellQuote).join(" "),
    wordInfo: info,
    wordSpans: undefined,
    ...extra,
  };
}

/** Index in argv of the command a wrapper runs, skipping its options, or -1. Also the cwd options it saw. */
function commandIndex(
  spec: WrapperSpec,
  argv: string[],
): { index: number; chdir?: string; assignments: Record<string, string> } {
  const value = new Set(spec.value ?? []);
  const chdirOpts = new Set(spec.chdir ?? []);
  const assignments: Record<string, string> = {};
  let chdir: string | undefined;
  let operands = spec.operands ?? 0;
  let i = 1;
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (spec.noCommand?.includes(a)) return { index: -1, assignments };
    if (spec.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      const eq = a.indexOf("=");
      assignments[a.slice(0, eq)] = a.slice(eq + 1);
      i++;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      const eq = a.indexOf("=");
      const name = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
      if (chdirOpts.has(name)) chdir = eq > 0 && a.startsWith("--") ? a.slice(eq + 1) : argv[i + 1];
      if (value.has(a)) {
        i += 2;
        continue;
      }
      // -n10 / -uroot: a short value option with its value attached.
      if (!a.startsWith("--") && a.length > 2 && value.has(a.slice(0, 2))) {
        if (chdirOpts.has(a.slice(0, 2))) chdir = a.slice(2);
        i++;
        continue;
      }
      if (/^-\d+$/.test(a)) {
        i++;
        continue;
      }
      i++;
      continue;
    }
    if (operands > 0) {
      operands--;
      i++;
      continue;
    }
    break;
  }
  return { index: i < argv.length ? i : -1, chdir, assignments };
}

/**
 * cmd.exe's text as POSIX shell text: its deleters (`rd /s`, `del /s`), `type`, `copy` and the profile
 * variables, with drive paths as WSL mounts them (`C:\\Users` → /mnt/c/Users). Only what a guard needs to
 * see the effect; anything else passes through as words.
 */
export function cmdText(text: string): string {
  const posix = text
    .replace(/%(?:USERPROFILE|HOME)%|%HOMEDRIVE%%HOMEPATH%/gi, "~")
    .replace(/\b([A-Za-z]):[\\/]/g, (_: string, d: string) => `/mnt/${d.toLowerCase()}/`)
    .replace(/\\/g, "/");
  // One command at a time (cmd's separators are the shell's): its own switches (/s, /q) anywhere in it.
  return posix.replace(/[^&|]+/g, (seg: string) => {
    const words = seg.trim().split(/\s+/);
    const verb = words[0]?.toLowerCase() ?? "";
    const rest = words.slice(1).filter((w) => !/^\/[a-z]$/i.test(w));
    const recursive = words.some((w) => /^\/s$/i.test(w));
    if (verb === "rd" || verb === "rmdir" || verb === "del" || verb === "erase")
      return ` ${recursive ? "rm -r -f" : verb.startsWith("r") ? "rmdir" : "rm -f"} ${rest.join(" ")} `;
    if (verb === "type") return ` cat ${rest.join(" ")} `;
    if (verb === "copy") return ` cp ${rest.join(" ")} `;
    return seg;
  });
}

/** hub's own subcommands (everything else it hands to git). */
const HUB_OWN = new Set([
  "api",
  "browse",
  "ci-status",
  "compare",
  "create",
  "delete",
  "fork",
  "gist",
  "issue",
  "pr",
  "pull-request",
  "release",
  "sync",
]);

const OTHER_RUNNERS = [
  "cmd",
  "run-parts",
  "at",
  "batch",
  "vi",
  "vim",
  "nvim",
  "ex",
  "view",
  "rvim",
  "vimdiff",
  "emacs",
  "expect",
  "screen",
  "tmux",
  "make",
  "gmake",
  "git",
  "hub",
  "npm",
  "bun",
  "uvx",
  "pipx",
  "shx",
  "busybox",
  "toybox",
  "eval",
  "source",
  ".",
  "su",
  "runuser",
  "script",
  "npx",
  "bunx",
  "pnpx",
  "pnpm",
  "yarn",
  "watch",
  "ssh",
  "docker",
  "podman",
  "nerdctl",
  "docker-compose",
  "podman-compose",
  "kubectl",
  "oc",
  "xargs",
  "parallel",
  "find",
  "fd",
  "fdfind",
  "ed",
  "red",
  "gdb",
  "lldb",
  "sed",
  "gsed",
  "tar",
  "gtar",
  "bsdtar",
  "zip",
  "man",
  "cmake",
  "sqlite3",
  "psql",
  "mysql",
  "mariadb",
  "rsync",
  "scp",
  "sftp",
  "ansible",
];
const RUNS_OTHERS = new Set([...Object.keys(WRAPPERS), ...SHELLS, ...OTHER_RUNNERS, ...RUNNER_PROGRAMS]);

/** Where env's own options and NAME=value assignments end (the command, or a -S string, follows). */
function envOptionsEnd(argv: string[]): number {
  let i = 1;
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === "--") return i + 1;
    if (/^-[a-zA-Z]*S/.test(a) || a.startsWith("--split-string")) return i + 1;
    if (a === "-u" || a === "--unset" || a === "-C" || a === "--chdir") i += 2;
    else if (a.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) i++;
    else return i;
  }
  return i;
}

/** Whether a program may run other commands or code (so unwrap has something to do). A quick filter. */
export function mayRunOthers(program: string): boolean {
  return RUNS_OTHERS.has(program) || isInterpreter(program);
}

/** The commands `sc` runs on its own behalf: pushed to state (and unwrapped in turn). */
export function unwrap(state: WalkState, sc: SimpleCommand, env: Env, ctx: Ctx, childEnv: () => Env): void {
  if (ctx.depth > MAX_DEPTH) {
    problem(state, `The command nests more than ${MAX_DEPTH} levels of shells, eval and wrappers.`);
    return;
  }
  const p = sc.program;
  const argv = sc.argv;
  const info = sc.wordInfo;
  const next: Ctx = { ...ctx, top: false, depth: ctx.depth + 1 };

  /** Runs `cmd` (already built) as a command of its own. */
  const run = (cmd: SimpleCommand, sameShell: boolean) => {
    if (!addCommand(state, cmd)) return;
    const e = sameShell ? env : childEnv();
    const output = state.recurse.runCommand(
      state,
      cmd,
      e,
      { ...next, wrappers: cmd.wrappers, context: cmd.context, ...(cmd.remote ? { remote: true } : {}) },
      () => copyEnv(e),
    );
    recordWrites(state, cmd, output);
  };
  /** Parses and walks `text` as shell code. */
  const shell = (
    text: string,
    label: string,
    opts: { sameShell?: boolean; env?: Env; remote?: boolean; cwd?: string | null } = {},
  ) => {
    const e = opts.env ?? (opts.sameShell ? env : childEnv());
    if (opts.cwd !== undefined) e.cwd = opts.cwd ?? undefined;
    state.recurse.analyzeText(state, text, e, {
      ...next,
      wrappers: [...sc.wrappers, label],
      context: sc.context === "inline-code" ? "inline-code" : "wrapped",
      ...(opts.remote || sc.remote ? { remote: true } : {}),
    });
  };

  // flock FILE -c 'cmd' runs its string through a shell (without -c it runs a program, like a wrapper).
  if (p === "flock" || p === "lckdo") {
    const c = argv.findIndex((a) => a === "-c" || a === "--command");
    if (c > 0 && argv[c + 1] !== undefined) {
      shell(argv[c + 1]!, `${p} -c`);
      return;
    }
  }
  // entr -s 'cmd': the command is a shell's (without -s, entr is a plain wrapper).
  if (p === "entr") {
    const flags = argv.slice(1).filter((a) => /^-[a-z]+$/.test(a));
    const first = argv.slice(1).find((a) => !/^-[a-z]+$/.test(a));
    if (flags.some((f) => f.includes("s")) && first !== undefined) {
      shell(first, "entr -s");
      return;
    }
  }
  // Runners of a command in a prepared environment (`uv run`, `op run --`, `cross-env A=1`: command-runners.ts).
  const runner = runnerCommand(p, argv);
  if (runner) {
    for (const text of runner.shell) shell(text, runner.label);
    const at = runner.command;
    if (at?.length)
      run(
        inner(
          sc,
          at.map((k) => argv[k]!),
          at.map((k) => info[k]!),
          runner.label,
          {
            ...(runner.chdir !== undefined ? { cwd: resolvePathWord(runner.chdir, sc.cwd, state.home) } : {}),
            assignments: runner.assignments,
          },
        ),
        false,
      );
    // gdb's own commands (-ex 'shell …') are read below as well.
    if (p !== "gdb") return;
  }
  const spec = WRAPPERS[p];
  if (spec) {
    // env's own -S: among its options only (`env curl -fsSL …` is curl's -S, not env's).
    const splitAt =
      p === "env"
        ? argv
            .slice(0, envOptionsEnd(argv))
            .findIndex(
              (a) => a === "-S" || a === "--split-string" || a.startsWith("--split-string=") || /^-[a-zA-Z]*S./.test(a),
            )
        : -1;
    if (splitAt > 0) {
      const i = splitAt;
      const a = argv[i]!;
      const str =
        a === "-S" || a === "--split-string"
          ? argv[i + 1]
          : a.startsWith("--")
            ? a.slice(a.indexOf("=") + 1)
            : a.slice(a.indexOf("S") + 1);
      const rest = argv.slice(a === "-S" || a === "--split-string" ? i + 2 : i + 1);
      if (str !== undefined) shell([str, ...rest.map(shellQuote)].join(" "), "env -S");
      return;
    }
    const { index, chdir, assignments } = commandIndex(spec, argv);
    // `sudo -s` / `sudo -i` / `doas -s` / a bare `run0` with no command: a root shell that reads its
    // commands from stdin.
    const rootShell =
      index < 0 &&
      ((p === "sudo" && argv.some((a) => a === "--shell" || a === "--login" || /^-[a-zA-Z]*[si][a-zA-Z]*$/.test(a))) ||
        (p === "doas" && argv.some((a) => /^-[a-zA-Z]*s[a-zA-Z]*$/.test(a))) ||
        p === "run0");
    if (rootShell && sc.stdin?.text !== undefined && sc.stdin.kind !== "file") {
      shell(sc.stdin.text, `${p} -s <stdin`);
      return;
    }
    // `curl … | sudo -i`: the root shell reads a pipe whose text is unknown — a shell fed by it, as `| sh` is.
    if (rootShell && sc.stdin?.kind === "pipe") {
      run(inner(sc, ["sh"], [{ dynamic: false, dynamicStart: false }], "sudo -s"), false);
      return;
    }
    if (index < 0) return;
    const cmd = inner(sc, argv.slice(index), info.slice(index), p === "time" ? "time" : p, {
      ...(chdir !== undefined ? { cwd: resolvePathWord(chdir, sc.cwd, state.home) } : {}),
      assignments,
    });
    run(cmd, spec.sameShell === true);
    return;
  }

  // (busybox sh / toybox sh reach here as `sh`, through their own case below: rules see the shell itself.)
  if (SHELLS.has(p)) {
    const args = argv.slice(1);
    const label = p;
    let hasC = false;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === "--" || a === "-") {
        i++;
        break;
      }
      if ((a.startsWith("-") || a.startsWith("+")) && a.length > 1) {
        if (!a.startsWith("--") && a.slice(1).includes("c")) hasC = true;
        if (a === "-o" || a === "+o" || a === "-O" || a === "+O" || a === "--rcfile" || a === "--init-file") i++;
        continue;
      }
      break;
    }
    if (hasC) {
      const str = args[i];
      if (str !== undefined) {
        const e = childEnv();
        e.positional = args.slice(i + 1).map((a, k) => (info[1 + i + 1 + k]?.dynamic ? null : a));
        if (e.positional.length === 0) e.positional = [label];
        shell(str, `${label} -c`, { env: e });
      }
      return;
    }
    // No -c: the shell reads a script file, or its stdin.
    const script = args[i];
    if (
      (script === undefined ||
        script === "/dev/stdin" ||
        script === "/dev/fd/0" ||
        script === "/dev/fd/63" ||
        argv.includes("-s")) &&
      sc.stdin?.text !== undefined &&
      sc.stdin.kind !== "file"
    ) {
      shell(sc.stdin.text, `${label} <${sc.stdin.kind === "pipe" ? "|" : sc.stdin.kind}`);
    }
    return;
  }

  switch (p) {
    case "eval":
      shell(argv.slice(1).join(" "), "eval", { sameShell: true });
      return;
    case "source":
    case ".": {
      const file = argv[1];
      if (
        (file === "/dev/stdin" || file === "/dev/fd/0" || file === "/dev/fd/63" || file === undefined) &&
        sc.stdin?.text !== undefined &&
        sc.stdin.kind !== "file"
      ) {
        shell(sc.stdin.text, p, { sameShell: true });
      }
      return;
    }
    case "cmd": {
      // Windows' cmd.exe under WSL (`cmd.exe /c rd /s /q "%USERPROFILE%"`): the text after /c or /k is
      // cmd's, walked as the shell would spell its common commands (cmdText).
      const c = argv.findIndex((a, k) => k > 0 && /^\/[ck]$/i.test(a));
      if (c > 0 && argv[c + 1] !== undefined) shell(cmdText(argv.slice(c + 1).join(" ")), `${p} /c`);
      return;
    }
    case "busybox":
    case "toybox": {
      if (argv[1] && !argv[1].startsWith("-")) run(inner(sc, argv.slice(1), info.slice(1), p), false);
      return;
    }
    case "su":
    case "runuser": {
      const i = argv.findIndex((a) => a === "-c" || a === "--command" || a.startsWith("--command="));
      if (i > 0) {
        const a = argv[i]!;
        const str = a.startsWith("--command=") ? a.slice(10) : argv[i + 1];
        if (str !== undefined) shell(str, `${p} -c`);
        return;
      }
      const dd = argv.indexOf("--");
      if (p === "runuser" && dd > 0 && argv[dd + 1]) run(inner(sc, argv.slice(dd + 1), info.slice(dd + 1), p), false);
      // No command: the user's shell, reading stdin (a pipe of unknown text: a shell fed by it, as `| sh` is).
      else if (sc.stdin?.text !== undefined && sc.stdin.kind !== "file") shell(sc.stdin.text, `${p} <stdin`);
      else if (sc.stdin?.kind === "pipe") run(inner(sc, ["sh"], [{ dynamic: false, dynamicStart: false }], p), false);
      return;
    }
    case "at":
    case "batch": {
      // at/batch run the commands they read (stdin, or -f FILE) later, in a shell.
      if (argv.some((a) => a === "-l" || a === "-d" || a === "-r" || a === "-c" || a === "-V")) return;
      const f = argv.indexOf("-f");
      const file = f > 0 ? argv[f + 1] : undefined;
      if (
        (file === undefined || file === "/dev/stdin" || file === "-") &&
        sc.stdin?.text !== undefined &&
        sc.stdin.kind !== "file"
      )
        shell(sc.stdin.text, p);
      // -f FILE (or < FILE) written by this command line or an earlier call of the session.
      const written = file ?? (sc.stdin?.kind === "file" ? sc.stdin.text : undefined);
      const text = written !== undefined && written !== "-" ? madeFileText(state, written, sc.cwd) : undefined;
      if (text !== undefined) shell(text, `${p} -f ${written}`);
      return;
    }
    case "run-parts": {
      // run-parts runs every program of a folder; pointed at /dev/stdin it runs what it is fed.
      if (argv.some((a) => a === "--test" || a === "--list")) return;
      const text = sc.stdin?.kind !== "file" ? sc.stdin?.text : undefined;
      if (text !== undefined && argv.slice(1).some((a) => a === "/dev/stdin" || a === "-" || a === "/proc/self/fd/0"))
        shell(text, "run-parts");
      // A folder this command line or the session filled: run-parts runs each of the files put there.
      const dir = argv
        .slice(1)
        .findLast((a, k, all) => !a.startsWith("-") && !/^(?:--regex|-u|--umask|--arg|-a)$/.test(all[k - 1] ?? ""));
      if (dir !== undefined)
        for (const f of madeFilesIn(state, dir, sc.cwd)) {
          sc.fileSources = [...(sc.fileSources ?? []), ...f.from];
          if (f.text !== undefined) shell(f.text, `run-parts ${dir}`);
        }
      return;
    }
    case "vi":
    case "vim":
    case "nvim":
    case "ex":
    case "view":
    case "rvim":
    case "vimdiff": {
      // Ex commands given with -c, --cmd or +: `!cmd` (and `silent !cmd`, `r !cmd`, `w !cmd`) runs a shell.
      const cmds: string[] = [];
      for (let i = 1; i < argv.length; i++) {
        const a = argv[i]!;
        if ((a === "-c" || a === "--cmd") && argv[i + 1] !== undefined) cmds.push(argv[++i]!);
        else if (a.startsWith("+") && a.length > 1) cmds.push(a.slice(1));
        else if (/^-[a-zA-Z]*c$/.test(a) && !a.startsWith("--") && argv[i + 1] !== undefined) cmds.push(argv[++i]!);
      }
      // vim -s FILE / -S FILE read Ex commands from a script: stdin's text when that is the file, or a
      // file this command line or an earlier call of the session wrote.
      if (sc.stdin?.text !== undefined && sc.stdin.kind !== "file" && argv.includes("-"))
        cmds.push(...sc.stdin.text.split("\n"));
      for (let i = 1; i < argv.length - 1; i++) {
        if (argv[i] !== "-s" && argv[i] !== "-S") continue;
        const text = madeFileText(state, argv[i + 1]!, sc.cwd);
        if (text !== undefined) cmds.push(...text.split("\n").map((l) => l.replace(/^:+/, "")));
      }
      for (const c of cmds) {
        const bang = exShellCommand(c);
        if (bang !== undefined) shell(bang, `${p} !`);
      }
      return;
    }
    case "emacs": {
      const code = argv
        .filter((_, i) => i > 0 && /^--?eval$/.test(argv[i - 1] ?? ""))
        .concat(argv.filter((a) => a.startsWith("--eval=")).map((a) => a.slice(7)));
      for (const c of code) {
        const re =
          /\((?:shell-command|async-shell-command|call-process-shell-command|start-process-shell-command|shell-command-to-string)\s+(?:"[^"]*"\s+(?:nil\s+)?)?"((?:[^"\\]|\\.)*)"/g;
        for (const m of c.matchAll(re)) shell(m[1]!.replace(/\\(.)/g, "$1"), "emacs shell-command");
      }
      return;
    }
    case "expect": {
      // spawn/exec in the Tcl script: {…} groups a word the way '…' does in the shell.
      const i = argv.indexOf("-c");
      const script = i > 0 ? argv[i + 1] : sc.stdin?.kind !== "file" ? sc.stdin?.text : undefined;
      if (script === undefined) return;
      for (const m of script.matchAll(/(?:^|[;\n[])\s*(?:spawn|exec)\s+([^;\n\]]*)/g))
        shell(m[1]!.replace(/[{}]/g, "'"), "expect spawn");
      return;
    }
    case "screen": {
      // screen [-d -m] [-S name] cmd…: a detached session running cmd.
      let i = 1;
      while (i < argv.length && argv[i]!.startsWith("-"))
        i += /^-[a-zA-Z]*[ScTtpXhe]$/.test(argv[i]!) || argv[i] === "-Logfile" ? 2 : 1;
      if (i < argv.length && argv.slice(1, i).some((a) => /^-[a-zA-Z]*[dD]/.test(a)))
        run(inner(sc, argv.slice(i), info.slice(i), "screen"), false);
      return;
    }
    case "tmux": {
      // tmux new[-session] [-d] [-s x] 'cmd', and send-keys 'cmd' Enter (typed into a shell).
      const sub = argv.findIndex((a, i) => i > 0 && !a.startsWith("-") && !/^-[LSf]$/.test(argv[i - 1] ?? ""));
      const verb = argv[sub];
      if (
        verb === "new" ||
        verb === "new-session" ||
        verb === "new-window" ||
        verb === "neww" ||
        verb === "split-window" ||
        verb === "splitw"
      ) {
        let i = sub + 1;
        while (i < argv.length && argv[i]!.startsWith("-"))
          i += /^-[stnc eFxyfl]$/.test(argv[i]!) && argv[i] !== "-d" ? 2 : 1;
        if (i < argv.length) shell(argv.slice(i).join(" "), `tmux ${verb}`);
      } else if (verb === "send-keys" || verb === "send") {
        let i = sub + 1;
        while (i < argv.length && argv[i]!.startsWith("-")) i += argv[i] === "-t" || argv[i] === "-N" ? 2 : 1;
        const keys = argv.slice(i).filter((k) => !/^(Enter|C-m|KPEnter|Space)$/.test(k));
        if (keys.length) shell(keys.join(" "), "tmux send-keys");
      }
      return;
    }
    case "ed":
    case "red": {
      // ed's `!cmd` (and `r !cmd`, `w !cmd`) runs a shell, with the commands read from stdin.
      const text = sc.stdin?.kind !== "file" ? sc.stdin?.text : undefined;
      for (const line of text?.split("\n") ?? []) {
        const bang = exShellCommand(line);
        if (bang !== undefined) shell(bang, `${p} !`);
      }
      return;
    }
    case "gdb":
    case "lldb": {
      // Debugger commands given on the command line: `shell cmd` / `!cmd` run a shell.
      for (const c of optionValues(argv, ["-ex", "--ex", "-eval-command", "--eval-command", "-o", "--one-line"])) {
        const m = /^\s*(?:shell|platform\s+shell|!)\s*(.+)$/s.exec(c);
        if (m) shell(m[1]!, `${p} shell`);
        // `python CODE` (gdb) / `script CODE` (lldb): the debugger's embedded Python runs it.
        const py = /^\s*(?:python|py|python-interactive|pi|script)\s+(.+)$/s.exec(c);
        if (py) shell(`python3 -c ${shellQuote(py[1]!)}`, `${p} python`);
      }
      return;
    }
    case "sed":
    case "gsed": {
      // GNU sed's `e command` and s///e run a shell command (sed.ts reads the script command by command).
      for (const script of sedScripts(argv.slice(1)))
        for (const e of sedEffects(script)) if (e.kind === "exec") shell(e.text, e.via);
      return;
    }
    case "tar":
    case "gtar":
    case "bsdtar": {
      // Options whose value tar runs through a shell.
      for (const c of optionValues(argv, TAR_COMMAND_OPTIONS)) shell(c.replace(/^exec=/, ""), `${p} command`);
      return;
    }
    case "zip": {
      // zip -T -TT cmd: the "unzip command" that tests the archive, run through a shell.
      for (const c of optionValues(argv, ["-TT", "--unzip-command"])) shell(c, "zip -TT");
      return;
    }
    case "make":
    case "gmake": {
      // make -f - reads the Makefile from stdin: its recipes are shell commands.
      const f = argv.findIndex((a) => a === "-f" || a === "--file" || a === "--makefile");
      const file = f > 0 ? argv[f + 1] : argv.find((a) => a.startsWith("-f") && a.length > 2)?.slice(2);
      if ((file === "-" || file === "/dev/stdin") && sc.stdin?.text !== undefined && sc.stdin.kind !== "file")
        for (const r of makeRecipes(sc.stdin.text)) shell(r, "make recipe");
      // make --eval=TEXT: makefile text given on the command line; its recipes run like a Makefile's.
      for (const t of optionValues(argv, ["--eval", "-E"]))
        for (const r of makeRecipes(t)) shell(r, "make --eval recipe");
      return;
    }
    case "man": {
      // man -P PAGER / --pager=PAGER: the pager is a command line man runs through a shell.
      for (const c of optionValues(argv, ["-P", "--pager"])) shell(c, "man -P");
      return;
    }
    case "cmake": {
      // cmake -E rm/remove/remove_directory …: its portable file commands are rm under another name.
      const e = argv.indexOf("-E");
      const verb = e > 0 ? argv[e + 1] : undefined;
      if (verb === "rm" || verb === "remove" || verb === "remove_directory") {
        const rest = argv.slice(e + 2);
        const flags = verb === "remove_directory" ? ["-r", "-f"] : [];
        run(
          inner(
            sc,
            ["rm", ...flags, ...rest],
            [info[0]!, ...flags.map(() => info[0]!), ...info.slice(e + 2)],
            "cmake -E",
          ),
          false,
        );
        return;
      }
      // cmake -P SCRIPT: a script this command line or the session wrote, read as the commands it runs.
      const script = optionValues(argv, ["-P"])[0];
      const text = script !== undefined ? madeFileText(state, script, sc.cwd) : undefined;
      if (text !== undefined) for (const c of cmakeCommands(text)) shell(c, `cmake -P ${script}`);
      return;
    }
    case "sqlite3":
    case "psql":
    case "mysql":
    case "mariadb": {
      // Database shells' own escapes to the system shell: sqlite3's .shell/.system, psql's \! and
      // COPY … PROGRAM, mysql's system / \!. In arguments (-c, -e, -cmd, sqlite3's SQL operands) and on stdin.
      const texts = argv.slice(1).filter((a) => !a.startsWith("-") || /\s/.test(a));
      if (sc.stdin?.text !== undefined && sc.stdin.kind !== "file") texts.push(sc.stdin.text);
      for (const t of texts) for (const c of clientShellCommands(p, t)) shell(c, `${p} shell escape`);
      return;
    }
    case "rsync":
    case "scp":
    case "sftp": {
      // rsync -e / --rsh: the "remote shell" is a command line run here; scp/sftp -o ProxyCommand=… too.
      if (p === "rsync") for (const c of optionValues(argv, ["-e", "--rsh"])) shell(c, "rsync -e");
      for (const c of sshCommandOptions(argv)) shell(c, `${p} -o`);
      return;
    }
    case "git":
      unwrapGit(sc, shell);
      return;
    case "hub":
      // hub wraps git: any subcommand of its own aside, `hub X …` is `git X …` (hub reset --hard).
      if (argv.length > 1 && !HUB_OWN.has(argv[1]!))
        run(inner(sc, ["git", ...argv.slice(1)], [info[0]!, ...info.slice(1)], "hub"), false);
      return;
    case "npm":
    case "bun":
    case "uvx":
    case "pipx":
    case "shx": {
      // Package runners: npm exec / bun x / uvx / pipx run / shx run a command named after their options.
      let i = 1;
      if (p === "npm") {
        if (argv[1] !== "exec" && argv[1] !== "x") return;
        i = 2;
      } else if (p === "bun") {
        if (argv[1] !== "x") break; // bun itself: its inline code, below
        i = 2;
      } else if (p === "pipx") {
        if (argv[1] !== "run") return;
        i = 2;
      }
      while (i < argv.length && argv[i]!.startsWith("-")) {
        const a = argv[i]!;
        if (a === "--") {
          i++;
          break;
        }
        if (a === "-c" || a === "--call") {
          if (argv[i + 1] !== undefined) shell(argv[i + 1]!, `${p} -c`);
          return;
        }
        i += /^(-p|--package|--from|--spec|--with|-w|--python|--workspace|--prefix)$/.test(a) ? 2 : 1;
      }
      if (i < argv.length) run(inner(sc, argv.slice(i), info.slice(i), p === "shx" ? "shx" : `${p} ${argv[1]}`), false);
      return;
    }
    case "script": {
      const i = argv.findIndex((a) => a === "-c" || a === "--command" || /^-[a-zA-Z]*c$/.test(a));
      if (i > 0 && argv[i + 1] !== undefined) shell(argv[i + 1]!, "script -c");
      return;
    }
    case "npx":
    case "bunx":
    case "pnpx": {
      let i = 1;
      while (i < argv.length && argv[i]!.startsWith("-")) {
        const a = argv[i]!;
        if (a === "-c" || a === "--call") {
          if (argv[i + 1] !== undefined) shell(argv[i + 1]!, `${p} -c`);
          return;
        }
        i += a === "-p" || a === "--package" ? 2 : 1;
      }
      if (i < argv.length) run(inner(sc, argv.slice(i), info.slice(i), p), false);
      return;
    }
    case "pnpm":
    case "yarn":
      if ((argv[1] === "dlx" || argv[1] === "exec") && argv[2])
        run(inner(sc, argv.slice(2), info.slice(2), `${p} ${argv[1]}`), false);
      return;
    case "watch": {
      let i = 1;
      let exec = false;
      while (i < argv.length && argv[i]!.startsWith("-")) {
        const a = argv[i]!;
        if (a === "--") {
          i++;
          break;
        }
        if (a === "-x" || a === "--exec") exec = true;
        i += WATCH_VALUE.has(a) ? 2 : 1;
      }
      if (i >= argv.length) return;
      if (exec) run(inner(sc, argv.slice(i), info.slice(i), "watch -x"), false);
      else shell(argv.slice(i).join(" "), "watch");
      return;
    }
    case "ssh": {
      // -o ProxyCommand=… / LocalCommand / KnownHostsCommand: command lines ssh runs on this machine.
      for (const c of sshCommandOptions(argv)) shell(c, "ssh -o");
      let i = 1;
      while (i < argv.length && argv[i]!.startsWith("-")) i += SSH_VALUE.has(argv[i]!) ? 2 : 1;
      i++; // the destination
      // ssh to this machine (localhost, 127.x, ::1) runs here: its command is not remote.
      const local = thisMachine((argv[i - 1] ?? "").replace(/^[^@]*@/, "").replace(/^\[|\](?::\d+)?$/g, ""));
      if (i < argv.length) shell(argv.slice(i).join(" "), `ssh ${argv[i - 1]}`, { remote: !local, cwd: null });
      return;
    }
    case "ansible": {
      // Ad-hoc modules run on every host the pattern names: shell/command/raw take a command line, and
      // file with state=absent deletes a path (read as the rm it is). Local only for localhost or -c local.
      const mod = (optionValues(argv, ["-m", "--module-name"])[0] ?? "command").replace(
        /^ansible\.(?:builtin|legacy)\./,
        "",
      );
      const text = optionValues(argv, ["-a", "--args"])[0];
      // --check (-C): a dry run; the hosts are only asked what would change.
      if (text === undefined || argv.includes("--check") || argv.includes("-C")) return;
      const hosts = argv.slice(1).find((a, k) => !a.startsWith("-") && !/^-/.test(argv[k] ?? "")) ?? "all";
      const local = thisMachine(hosts) || optionValues(argv, ["-c", "--connection"])[0] === "local";
      const where = { remote: !local, cwd: null };
      if (mod === "shell" || mod === "command" || mod === "raw") shell(text, `ansible ${hosts} -m ${mod}`, where);
      else if (mod === "file" && /\bstate=absent\b/.test(text)) {
        const path = /\b(?:path|dest|name)=("[^"]*"|'[^']*'|\S+)/.exec(text)?.[1];
        if (path) shell(`rm -rf ${path}`, `ansible ${hosts} -m file state=absent`, where);
      }
      return;
    }
    case "docker":
    case "podman":
    case "nerdctl":
    case "docker-compose":
    case "podman-compose": {
      // docker exec [opts] CONTAINER cmd…, docker compose [opts] exec [opts] SERVICE cmd…: runs in a container.
      let i = 1;
      if (argv[i] === "compose" || argv[i] === "container") i++;
      while (i < argv.length && argv[i]!.startsWith("-")) i += COMPOSE_VALUE.has(argv[i]!) ? 2 : 1;
      if (argv[i] !== "exec") return;
      i++;
      while (i < argv.length && argv[i]!.startsWith("-")) i += DOCKER_EXEC_VALUE.has(argv[i]!) ? 2 : 1;
      i++; // the container or service
      if (i < argv.length)
        run(
          inner(sc, argv.slice(i), info.slice(i), `${p} exec ${argv[i - 1]}`, {
            remote: true,
            cwd: undefined,
            stdin: sc.stdin,
          }),
          false,
        );
      return;
    }
    case "kubectl":
    case "oc": {
      const e = argv.indexOf("exec");
      const dd = argv.indexOf("--");
      if (e > 0 && dd > e && dd + 1 < argv.length)
        run(inner(sc, argv.slice(dd + 1), info.slice(dd + 1), `${p} exec`, { remote: true, cwd: undefined }), false);
      return;
    }
    case "xargs":
      unwrapXargs(state, sc, run, shell);
      return;
    case "parallel":
      unwrapParallel(sc, shell);
      return;
    case "find":
      unwrapFind(sc, run);
      return;
    case "fd":
    case "fdfind": {
      // Read as the find it amounts to (rules that judge a find's reach see it), shown as typed.
      const find = fdAsFind(sc);
      if (find) run(inner(sc, find.argv, find.wordInfo, p, { text: sc.text }), false);
      return;
    }
  }

  const code = interpreterCode(sc);
  if (code) {
    const entry = { language: code.language, code: code.code, command: sc };
    state.inline.push(entry);
    const before = state.commands.length;
    analyzeInlineCode(state, entry, env, next);
    if (sc.stdin?.kind === "pipe") deletesEachLine(state, sc, code.code, before, run);
  }
}

/**
 * Code that deletes each line it reads on stdin (`find . -type f | perl -nle unlink`, `… | python3 -c
 * 'for l in sys.stdin: os.remove(l.strip())'`, `… | ruby -ne 'File.delete($_.chomp)'`): it deletes what
 * the upstream lister prints, as `xargs rm` would. perl -n/-p's bare unlink takes $_, the line.
 */
function deletesEachLine(
  state: WalkState,
  sc: SimpleCommand,
  code: string,
  before: number,
  run: (c: SimpleCommand, same: boolean) => void,
): void {
  const perLine = sc.program.startsWith("perl") && sc.args.some((a) => /^-[a-zA-Z]*[np]/.test(a));
  const perlUnlink = perLine && /\bunlink\b(?!\s*\(\s*['"])/.test(code);
  const readsLines =
    perLine ||
    (sc.program.startsWith("ruby") && sc.args.some((a) => /^-[a-zA-Z]*[np]/.test(a))) ||
    /\bsys\.stdin\b|\bfileinput\b|<STDIN>|\$stdin\b|\bSTDIN\b|process\.stdin|\breadline\b|\bARGF\b|Deno\.stdin/.test(
      code,
    );
  if (!readsLines) return;
  const unknownDelete = state.commands
    .slice(before)
    .some((c) => c.program === "rm" && c.context === "inline-code" && (c.wordInfo.at(-1)?.dynamicStart ?? false));
  if (!perlUnlink && !unknownDelete) return;
  const items = stdinItems(sc, "nl");
  if (items.length === 1 && items[0]!.info.dynamicStart) return;
  run(
    inner(
      sc,
      ["rm", "-f", ...items.map((it) => it.text)],
      [{ dynamic: false, dynamicStart: false }, { dynamic: false, dynamicStart: false }, ...items.map((it) => it.info)],
      `lines read by ${sc.program}`,
      { stdin: undefined },
    ),
    false,
  );
}

/** A host that is this machine in any spelling (localhost, 127.1, ::1, 0.0.0.0), as the network rules judge it. */
const thisMachine = (host: string): boolean => classifyHost(host).class === "loopback";

/** What an xargs command line runs: its command with the items read from stdin. */
function unwrapXargs(
  state: WalkState,
  sc: SimpleCommand,
  run: (c: SimpleCommand, same: boolean) => void,
  shell: (t: string, l: string) => void,
): void {
  const argv = sc.argv;
  let i = 1;
  let replace: string | undefined;
  let delim: "ws" | "nl" | "nul" = "ws";
  let argFile: string | undefined;
  while (i < argv.length && argv[i]!.startsWith("-")) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-I" || a === "--replace") {
      replace = argv[i + 1] ?? "{}";
      i += 2;
      continue;
    }
    if (a.startsWith("-I") && a.length > 2) replace = a.slice(2);
    else if (a === "-i" || a.startsWith("--replace=")) replace = a.startsWith("--replace=") ? a.slice(10) : "{}";
    if (a === "-0" || a === "--null") delim = "nul";
    if (a === "-d" || a === "--delimiter") delim = "nl";
    if (a === "-a" || a === "--arg-file") argFile = argv[i + 1];
    else if (a.startsWith("--arg-file=")) argFile = a.slice(11);
    i += XARGS_VALUE.has(a) ? 2 : 1;
  }
  // `xargs -a FILE` (or `< FILE`): the items are the file's, known when this line or the session wrote it.
  if (argFile === undefined && sc.stdin?.kind === "file") argFile = sc.stdin.text;
  const fileText = argFile !== undefined ? madeFileText(state, argFile, sc.cwd) : undefined;
  const base = argv.slice(i).length ? argv.slice(i) : ["echo"];
  const baseInfo = argv.slice(i).length ? sc.wordInfo.slice(i) : [{ dynamic: false, dynamicStart: false }];
  // With -I, xargs reads one item per line (blanks inside a line stay).
  const items = stdinItems(sc, replace && delim === "ws" ? "nl" : delim, fileText);
  if (!replace) {
    // Without -I, xargs appends the items to one command line (or a few: the limits do not matter here).
    run(
      inner(sc, [...base, ...items.map((it) => it.text)], [...baseInfo, ...items.map((it) => it.info)], "xargs", {
        stdin: undefined,
      }),
      false,
    );
    return;
  }
  // One command per item, every item (the commands' limit stops the analysis, unsure, past it).
  for (const item of items) {
    if (state.stopped) return;
    const words = base.map((w) => w.split(replace!).join(item.text));
    const winfo = base.map((w, k) => (w.includes(replace!) ? item.info : baseInfo[k]!));
    run(inner(sc, words, winfo, "xargs", { stdin: undefined }), false);
  }
  void state;
  void shell;
}

interface Item {
  text: string;
  info: WordInfo;
}

/** The items a command reads on stdin (xargs, parallel): static text when known, else what the upstream find lists. */
function stdinItems(sc: SimpleCommand, delim: "ws" | "nl" | "nul", fileText?: string): Item[] {
  const text = fileText ?? (sc.stdin?.kind !== "file" ? sc.stdin?.text : undefined);
  if (text !== undefined) {
    const parts = delim === "nul" ? text.split("\0") : delim === "nl" ? text.split("\n") : text.split(/[ \t\n]+/);
    const items = parts
      .filter((x) => x !== "")
      .map((t) => ({ text: t, info: { dynamic: false, dynamicStart: false } }));
    if (items.length) return items;
  }
  const find = feeders(sc).find((c) => c.program === "find");
  if (find) return findItems(find);
  const feeding = feeders(sc);
  const listed = lsGlobItems(feeding);
  if (listed) return listed;
  const whole = feeding.length === 1 ? everyTrackedFile(feeding[0]!) : undefined;
  if (whole) return whole.map((r) => ({ text: r, info: { dynamic: false, dynamicStart: false } }));
  const roots = feeding.length === 1 ? listerRoots(feeding[0]!) : undefined;
  if (roots) return roots.map((r) => underRoot(r));
  return [{ text: "", info: { dynamic: true, dynamicStart: true } }];
}

/** Programs that pass on some of the lines they read, unchanged (so a path they pass on was listed upstream). */
const LINE_FILTERS = new Set(["head", "tail", "sort", "uniq", "tac", "shuf", "grep", "egrep", "fgrep"]);

/**
 * `ls -t backups/*.sql.gz | tail -n +8 | xargs rm --` (keep the newest seven): ls given only globs prints
 * the paths they match, and line filters (tail, head, sort, grep without -o) pass some of those lines on
 * unchanged, so the items are matches of those globs, judged as the globs themselves. Long and
 * recursive listings (-l, -R: link targets, headings), another producer in the chain, an ls of a folder
 * or of anything computed, or a glob reaching out of the working folder (.., /, ~) keep them unknown.
 */
function lsGlobItems(feeding: SimpleCommand[]): Item[] | undefined {
  const ls = feeding.filter((c) => c.program === "ls");
  if (ls.length !== 1 || feeding.some((c) => c !== ls[0] && !LINE_FILTERS.has(c.program))) return undefined;
  if (
    feeding.some(
      (c) => c.program.endsWith("grep") && c.args.some((a) => /^-[a-zA-Z]*[oc]|^--only-matching|^--count/.test(a)),
    )
  )
    return undefined;
  const c = ls[0]!;
  if (c.dynamic) return undefined;
  const items: Item[] = [];
  const folders: string[] = [];
  for (let k = 0; k < c.args.length; k++) {
    const a = c.args[k]!;
    const info = c.wordInfo[k + 1];
    if (a.startsWith("-")) {
      if (!/^-[1atrSUXcuvhdAF]+$/.test(a) || /^--/.test(a)) return undefined;
      continue;
    }
    if (info && !info.glob && !info.dynamic) {
      folders.push(a);
      continue;
    }
    if (!info?.glob || info.dynamic || /^[/~]|(?:^|\/)\.\.(?:\/|$)/.test(a)) return undefined;
    items.push({ text: a, info: { dynamic: false, dynamicStart: false, glob: true } });
  }
  // `ls build | xargs -I{} rm -rf build/{}`: ls of one folder prints the names of its entries, one path
  // component each (no `/`, and no `.` or `..` without -a/-A), wherever the folder is: what `*` matches
  // where the command puts the name. With -d it prints the folder itself; beside globs or more folders,
  // headings. Those stay unknown.
  if (folders.length > 0) {
    const plain = folders.length === 1 && items.length === 0 && !c.args.some((a) => /^-[a-zA-Z1]*[aAdR]/.test(a));
    return plain ? [{ text: "*", info: { dynamic: false, dynamicStart: false, glob: true } }] : undefined;
  }
  // A bare `ls` piped straight on (no filter between) lists every entry of the folder: what `*` matches,
  // and with -a/-A the dot entries too (.git): the folder's whole content.
  if (items.length === 0 && feeding.length === 1 && c.cwd !== undefined) {
    const all = c.args.some((a) => /^-[a-zA-Z1]*[aA]/.test(a));
    return all
      ? [{ text: ".", info: { dynamic: false, dynamicStart: false } }]
      : [{ text: "*", info: { dynamic: false, dynamicStart: false, glob: true } }];
  }
  return items.length > 0 ? items : undefined;
}

/** A path somewhere under `root` (U+0000: an unknown part, in the word's template). */
const underRoot = (root: string): Item => ({
  text: `${root.replace(/\/+$/, "")}/<match>`,
  info: { dynamic: true, dynamicStart: false, template: `${root.replace(/\/+$/, "")}/\u0000` },
});

/** rg's and grep's options that take a separate value (a pattern, a glob, a count, a type). */
const SEARCH_VALUE = new Set([
  "-e",
  "-f",
  "-g",
  "--glob",
  "-t",
  "--type",
  "-T",
  "--type-not",
  "-m",
  "--max-count",
  "-A",
  "-B",
  "-C",
  "--include",
  "--exclude",
  "--exclude-dir",
  "-d",
  "-D",
  "--iglob",
  "-E",
  "--encoding",
  "-j",
  "--threads",
  "--max-depth",
  "--maxdepth",
]);

/**
 * The folders a file lister prints paths from (`rg -l PAT src`, `grep -rl PAT lib test`, `git ls-files
 * src`, `fd -e ts . src`): every path it lists lies under one of them. Undefined when the command is not
 * such a lister or its roots cannot be read for sure.
 */
function listerRoots(c: SimpleCommand): string[] | undefined {
  if (c.dynamic || c.wordInfo.some((w) => w.dynamic)) return undefined;
  const a = c.args;
  const opts = a.filter((x) => x.startsWith("-"));
  const positional = (skipPattern: boolean): string[] => {
    const out: string[] = [];
    let patternSeen = !skipPattern || a.some((x) => x === "-e" || x === "-f" || x.startsWith("--regexp"));
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      if (x === "--") {
        out.push(...a.slice(i + 1));
        break;
      }
      if (x.startsWith("-")) {
        if (SEARCH_VALUE.has(x)) i++;
        continue;
      }
      if (!patternSeen) patternSeen = true;
      else out.push(x);
    }
    return out;
  };
  if (c.program === "rg") {
    const files = opts.includes("--files");
    if (!files && !opts.some((o) => o === "-l" || o === "--files-with-matches" || /^-[a-zA-Z]*l[a-zA-Z]*$/.test(o)))
      return undefined;
    const roots = positional(!files);
    return roots.length ? roots : ["."];
  }
  if (c.program === "grep" || c.program === "egrep" || c.program === "fgrep") {
    const list = opts.some((o) => o === "--files-with-matches" || /^-[a-zA-Z]*l[a-zA-Z]*$/.test(o));
    const recursive = opts.some((o) => o === "--recursive" || /^-[a-zA-Z]*[rR][a-zA-Z]*$/.test(o));
    if (!list || !recursive) return undefined;
    const roots = positional(true);
    return roots.length ? roots : ["."];
  }
  if (c.program === "git" && a[0] === "ls-files") {
    const roots = a.slice(1).filter((x) => !x.startsWith("-"));
    return roots.length && roots.every((r) => !/[*?[]/.test(r)) ? roots : ["."];
  }
  return undefined;
}

/**
 * `git ls-files` with nothing narrowing it (no pattern, no --others/--modified/--deleted/--ignored, no
 * exclude): every tracked file under its folders, so what is done to each item is done to the folders'
 * whole content (`git ls-files -z | xargs -0 rm -f` empties the repository as `rm -rf .` would). The
 * folders themselves stand for the items, as an unnarrowed `find` root does.
 */
function everyTrackedFile(c: SimpleCommand): string[] | undefined {
  if (c.program !== "git" || c.args[0] !== "ls-files" || c.dynamic || c.wordInfo.some((w) => w.dynamic))
    return undefined;
  const rest = c.args.slice(1);
  if (rest.some((a) => a.startsWith("-") && !/^(?:-z|-c|--cached|--full-name|--recurse-submodules|-v|-t|--)$/.test(a)))
    return undefined;
  const roots = rest.filter((a) => !a.startsWith("-"));
  if (roots.some((r) => /[*?[:]/.test(r))) return undefined;
  return roots.length ? roots : ["."];
}

/**
 * The one folder a file lister prints paths under (`find ~/.ssh -type f`, `fd . ~/.kube`,
 * `rg -l x ~/.config`), so that `cat $(find ~/.ssh -type f)` reads files under ~/.ssh. Undefined when
 * the command is not a lister, lists several folders, or one staso cannot read for sure.
 */
export function listedFolder(c: SimpleCommand): string | undefined {
  if (c.dynamic || c.wordInfo.some((w) => w.dynamic)) return undefined;
  let roots: string[] | undefined;
  if (c.program === "find") roots = findShape(c).roots;
  else if (c.program === "fd" || c.program === "fdfind") roots = c.args.filter((a) => !a.startsWith("-")).slice(1);
  else roots = listerRoots(c);
  return roots?.length === 1 && roots[0] !== "." && !/[*?[]/.test(roots[0]!) ? roots[0] : undefined;
}

/** Roots and whether the predicates narrow the match, for `find`. */
function findShape(sc: SimpleCommand): {
  roots: string[];
  narrowed: boolean;
  mindepth: number;
  exprStart: number;
  /** The one -name pattern the acting branch matches on, when that is all it names. */
  name?: string;
} {
  const args = sc.args;
  let i = 0;
  while (i < args.length && /^-(H|L|P|O\d?|D)$/.test(args[i]!)) i += args[i] === "-D" ? 2 : 1;
  const roots: string[] = [];
  while (i < args.length && !args[i]!.startsWith("-") && args[i] !== "(" && args[i] !== "!" && args[i] !== ",")
    roots.push(args[i++]!);
  const exprStart = i;
  let narrowed = false;
  let mindepth = 0;
  let name: string | undefined;
  let names = 0;
  // Only the branch of the expression that acts counts: `-path ./x -prune -o -delete` deletes everything
  // but ./x, and a negated test (`-not -name README.md`) narrows nothing.
  const { from, to } = actingBranch(args, i);
  for (let k = from; k < to; k++) {
    const a = args[k]!;
    const negated = args[k - 1] === "!" || args[k - 1] === "-not";
    if (FIND_NARROWING.has(a) && !negated) {
      const v = args[k + 1];
      if (
        !(
          (a === "-name" || a === "-iname" || a === "-path" || a === "-wholename") &&
          (v === "*" || v === "*.*" || v === ".*")
        )
      )
        narrowed = true;
      if (a === "-name" && v !== undefined) {
        name = v;
        names++;
      }
    }
    if (FIND_VALUE.has(a)) k++;
  }
  for (let k = i; k < args.length; k++) if (args[k] === "-mindepth") mindepth = Number(args[k + 1]) || 0;
  return {
    roots: roots.length ? roots : ["."],
    narrowed,
    mindepth,
    exprStart,
    ...(names === 1 && !args.slice(from, to).some((a) => a === "(" || a === "\\(") ? { name } : {}),
  };
}

/** The part of a find expression (from `start`) holding its action: the last -o branch with one, or all of it. */
function actingBranch(args: string[], start: number): { from: number; to: number } {
  if (args.slice(start).some((a) => a === "(" || a === ")")) return { from: start, to: args.length };
  const cuts: number[] = [start - 1];
  for (let k = start; k < args.length; k++) {
    if (FIND_VALUE.has(args[k]!)) k++;
    else if (args[k] === "-o" || args[k] === "-or") cuts.push(k);
  }
  cuts.push(args.length);
  for (let b = cuts.length - 2; b >= 0; b--) {
    const from = cuts[b]! + 1;
    const to = cuts[b + 1]!;
    if (args.slice(from, to).some((a) => /^-(delete|exec|execdir|ok|okdir)$/.test(a))) return { from, to };
  }
  return { from: start, to: args.length };
}

/** What a find lists, as items: its roots when nothing narrows the match, else a path under each root. */
function findItems(find: SimpleCommand): Item[] {
  const { roots, narrowed, mindepth, name } = findShape(find);
  // A -name without a pattern also matches the entry of that name right under the root (find . -name
  // .git -exec rm -rf {} + deletes ./.git): that one is a known path.
  const direct =
    name !== undefined && !/[*?[\\/]/.test(name) && name !== "." && name !== ".." && mindepth <= 1
      ? roots.map((r) => ({ text: `${r.replace(/\/+$/, "")}/${name}`, info: { dynamic: false, dynamicStart: false } }))
      : [];
  return [...direct, ...findItemsOf(roots, narrowed, mindepth, name)];
}

function findItemsOf(roots: string[], narrowed: boolean, mindepth: number, name: string | undefined): Item[] {
  return roots.map((r) =>
    narrowed || mindepth > 0
      ? {
          text: (r.endsWith("/") ? r : `${r}/`) + (narrowed ? "<match>" : "*"),
          // What matches is somewhere under the root (U+0000: an unknown part, in the word's template),
          // and its name matches the -name pattern when that is the only test.
          info: narrowed
            ? name !== undefined && !name.includes("/")
              ? { dynamic: true, dynamicStart: false, glob: true, template: `${r.replace(/\/+$/, "")}/\u0000${name}` }
              : { dynamic: true, dynamicStart: false, template: `${r.replace(/\/+$/, "")}/\u0000` }
            : { dynamic: false, dynamicStart: false },
        }
      : { text: r, info: { dynamic: false, dynamicStart: false } },
  );
}

/** fd's options that narrow what matches, as find's tests do. */
const FD_NARROWING = new Set([
  "-e",
  "--extension",
  "-S",
  "--size",
  "--changed-within",
  "--changed-before",
  "--change-newer-than",
  "--change-older-than",
  "--newer",
  "--older",
  "-o",
  "--owner",
]);
/** fd's options that take a value (fd 8-10). */
const FD_VALUE = new Set([
  ...FD_NARROWING,
  "-t",
  "--type",
  "-E",
  "--exclude",
  "-d",
  "--max-depth",
  "--maxdepth",
  "--min-depth",
  "--exact-depth",
  "--search-path",
  "--base-directory",
  "-j",
  "--threads",
  "--max-results",
  "-c",
  "--color",
  "--ignore-file",
  "--format",
  "--path-separator",
  "--batch-size",
  "--max-buffer-time",
]);

/**
 * An fd command line that runs a command on what it finds (`-x`/`--exec`, `-X`/`--exec-batch`), as the
 * find command that does the same: its folders the roots, a pattern that is not "everything" a test that
 * narrows, its depth limits find's, and its command an -exec (`{}` appended where fd appends it). fd never
 * prints its roots themselves, but every entry under the home folder is the home folder to a rule.
 */
function fdAsFind(sc: SimpleCommand): { argv: string[]; wordInfo: WordInfo[] } | undefined {
  const argv = sc.argv;
  const info = sc.wordInfo;
  const plain: WordInfo = { dynamic: false, dynamicStart: false };
  const positional: number[] = [];
  const searchPaths: number[] = [];
  const depth: string[] = [];
  let glob = false;
  let narrowed = false;
  const extensions: string[] = [];
  let exec: { at: number; end: number; batch: boolean } | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-x" || a === "--exec" || a === "-X" || a === "--exec-batch") {
      let end = i + 1;
      while (end < argv.length && argv[end] !== ";" && argv[end] !== "\\;") end++;
      exec ??= { at: i + 1, end, batch: a === "-X" || a === "--exec-batch" };
      i = end;
      continue;
    }
    if (a === "--") {
      for (let k = i + 1; k < argv.length; k++) positional.push(k);
      break;
    }
    if (a.startsWith("-") && a.length > 1) {
      const eq = a.startsWith("--") ? a.indexOf("=") : -1;
      const name = eq > 0 ? a.slice(0, eq) : a;
      const value = eq > 0 ? a.slice(eq + 1) : argv[i + 1];
      if (name === "-g" || name === "--glob") glob = true;
      if ((name === "-e" || name === "--extension") && value) extensions.push(value.replace(/^\./, ""));
      else if (FD_NARROWING.has(name)) narrowed = true;
      if (name === "--search-path" && eq < 0) searchPaths.push(i + 1);
      if ((name === "-d" || name === "--max-depth" || name === "--maxdepth" || name === "--exact-depth") && value)
        depth.push("-maxdepth", value);
      if ((name === "--min-depth" || name === "--exact-depth") && value) depth.push("-mindepth", value);
      if (FD_VALUE.has(name) && eq < 0) i++;
      continue;
    }
    positional.push(i);
  }
  if (!exec || exec.at >= exec.end) return undefined;
  // With --search-path every operand is a pattern; else the first is the pattern, the rest the roots.
  const patternAt = positional[0];
  const rootsAt = searchPaths.length ? searchPaths : positional.slice(1);
  const pattern = patternAt === undefined ? "" : argv[patternAt]!;
  const everything = pattern === "" || /^(?:\.|\^|\.\*|\^\.\*\$?|\*)$/.test(pattern) || (glob && pattern === "*");
  const words: string[] = ["find"];
  const infos: WordInfo[] = [plain];
  for (const k of rootsAt.length ? rootsAt : []) {
    words.push(argv[k]!);
    infos.push(info[k] ?? plain);
  }
  if (!rootsAt.length) {
    words.push(".");
    infos.push(plain);
  }
  if (!everything) {
    words.push(glob ? "-name" : "-regex", pattern);
    infos.push(plain, info[patternAt!] ?? plain);
  } else if (extensions.length === 1) {
    // Everything with one extension: find's -name '*.pem', whose pattern the rules read.
    words.push("-name", `*.${extensions[0]}`);
    infos.push(plain, plain);
  }
  if (extensions.length > (everything ? 1 : 0) || narrowed) {
    // Narrowed by another test (several extensions, -S +1M, --changed-within): one find counts as narrowing.
    words.push("-size", "+0");
    infos.push(plain, plain);
  }
  for (const d of depth) {
    words.push(d);
    infos.push(plain);
  }
  const cmd = argv.slice(exec.at, exec.end);
  words.push("-exec", ...cmd);
  infos.push(plain, ...info.slice(exec.at, exec.end));
  if (!cmd.some((w) => w.includes("{}"))) {
    words.push("{}");
    infos.push(plain);
  }
  words.push(exec.batch ? "+" : ";");
  infos.push(plain);
  return { argv: words, wordInfo: infos };
}

function unwrapFind(sc: SimpleCommand, run: (c: SimpleCommand, same: boolean) => void): void {
  const shape = findShape(sc);
  const items = findItems(sc);
  const args = sc.args;
  // -exec's {} is each entry the walk reaches, not only a root it starts from: a root left whole (nothing
  // narrows the match) stands for itself and for whatever lies below it (`find ~ -type f -exec sed -i …
  // {} \;` edits ~/.bashrc), unless -maxdepth 0 keeps the walk at the root.
  const maxdepthAt = args.indexOf("-maxdepth");
  const maxdepth = maxdepthAt >= 0 ? Number(args[maxdepthAt + 1]) : Number.POSITIVE_INFINITY;
  const execItems = items.flatMap((it): Item[] => {
    if (maxdepth === 0 || it.info.dynamic || !shape.roots.includes(it.text)) return [it];
    const root = it.text.replace(/(.)\/+$/, "$1");
    const below = `${root === "/" ? "" : root}/`;
    return [it, { text: `${below}<entry>`, info: { dynamic: true, dynamicStart: false, template: `${below}\u0000` } }];
  });
  for (let i = shape.exprStart; i < args.length; i++) {
    const a = args[i]!;
    if (FIND_VALUE.has(a)) {
      i++;
      continue;
    }
    if (a === "-delete") {
      for (const it of items)
        run(
          inner(
            sc,
            ["rm", "-r", "-f", it.text],
            [
              { dynamic: false, dynamicStart: false },
              { dynamic: false, dynamicStart: false },
              { dynamic: false, dynamicStart: false },
              it.info,
            ],
            "find -delete",
            { stdin: undefined },
          ),
          false,
        );
      continue;
    }
    if (a === "-exec" || a === "-execdir" || a === "-ok" || a === "-okdir") {
      let j = i + 1;
      while (j < args.length && args[j] !== ";" && args[j] !== "+") j++;
      const cmdArgs = args.slice(i + 1, j);
      const cmdInfo = sc.wordInfo.slice(i + 2, j + 1);
      if (cmdArgs.length) {
        for (const it of execItems) {
          const words = cmdArgs.map((w) => (w.includes("{}") ? w.split("{}").join(it.text) : w));
          const winfo = cmdArgs.map((w, k) =>
            w.includes("{}")
              ? it.info.template
                ? { ...it.info, template: w.split("{}").join(it.info.template) }
                : it.info
              : (cmdInfo[k] ?? { dynamic: false, dynamicStart: false }),
          );
          run(inner(sc, words, winfo, `find ${a}`, { stdin: undefined }), false);
        }
      }
      i = j;
    }
  }
}

function unwrapParallel(sc: SimpleCommand, shell: (t: string, l: string) => void): void {
  const argv = sc.argv;
  let i = 1;
  while (i < argv.length && argv[i]!.startsWith("-") && argv[i] !== ":::" && argv[i] !== "::::")
    i += PARALLEL_VALUE.has(argv[i]!) ? 2 : 1;
  const sep = argv.findIndex((a, k) => k >= i && (a === ":::" || a === ":::+"));
  const cmdWords = argv.slice(i, sep < 0 ? argv.length : sep);
  let items: string[] = sep < 0 ? [] : argv.slice(sep + 1).filter((a) => a !== ":::" && a !== ":::+");
  if (sep < 0 && sc.stdin?.text !== undefined && sc.stdin.kind !== "file")
    items = sc.stdin.text.split("\n").filter(Boolean);
  const template = cmdWords.join(" ");
  if (!template) {
    for (const it of items) shell(it, "parallel");
    return;
  }
  if (items.length === 0) {
    shell(template, "parallel");
    return;
  }
  for (const it of items)
    shell(
      template.includes("{}") ? template.split("{}").join(shellQuote(it)) : `${template} ${shellQuote(it)}`,
      "parallel",
    );
}

/** The values of the named options, given as `-o VALUE` or `--opt=VALUE`. */
function optionValues(argv: string[], names: string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf("=");
    if (names.includes(a) && argv[i + 1] !== undefined) out.push(argv[++i]!);
    else if (eq > 0 && names.includes(a.slice(0, eq))) out.push(a.slice(eq + 1));
  }
  return out;
}

/** tar's options that run a command: checkpoint actions, the per-member command, compressors, scripts. */
const TAR_COMMAND_OPTIONS = [
  "--checkpoint-action",
  "--to-command",
  "--use-compress-program",
  "-I",
  "--info-script",
  "--new-volume-script",
  "-F",
  "--rsh-command",
];

/** The shell command of an Ex command line (`!cmd`, `:silent !cmd`, `r !cmd`, `w !cmd`), if it runs one. */
function exShellCommand(line: string): string | undefined {
  const m = /^[\s:]*(?:sil(?:ent)?!?\s+)?(?:(?:r|read|w|write)\s*)?!(.*)$/.exec(line);
  if (m) return m[1]!.trim() || undefined;
  const sys = /\b(?:call\s+)?system\(\s*(['"])(.*)\1\s*\)/.exec(line);
  return sys ? sys[2] : undefined;
}

/** ssh options (-o Name=value, -oName=value, -o "Name value") whose value is a command run on this machine. */
function sshCommandOptions(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const opt = a === "-o" ? argv[++i] : a.startsWith("-o") ? a.slice(2) : undefined;
    if (opt === undefined) continue;
    const m = /^\s*(ProxyCommand|LocalCommand|KnownHostsCommand)\s*(?:=|\s)\s*(.+)$/is.exec(opt);
    if (m && !/^none$/i.test(m[2]!.trim())) out.push(m[2]!);
  }
  return out;
}

/** The shell commands a database client's input runs through the system shell. */
function clientShellCommands(client: string, text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n|;(?=\s*[.\\])/)) {
    const l = line.trim();
    const m =
      client === "sqlite3"
        ? /^\.(?:shell|system)\s+(.+)$/s.exec(l)
        : client === "psql"
          ? /^\\!\s*(.+)$/s.exec(l)
          : /^(?:\\!|system)\s+(.+)$/is.exec(l);
    if (m) out.push(m[1]!.trim());
  }
  // COPY … TO/FROM PROGRAM 'cmd' (psql, and \copy): the server or client runs cmd through a shell.
  if (client === "psql")
    for (const m of text.matchAll(/\bPROGRAM\s+'((?:[^']|'')*)'/gi)) out.push(m[1]!.replace(/''/g, "'"));
  return out;
}

/**
 * The commands a CMake script runs: file(REMOVE_RECURSE …) and file(REMOVE …) as rm, execute_process(COMMAND
 * …) as the command line it names; $ENV{X} as the shell's ${X}.
 */
function cmakeCommands(text: string): string[] {
  const out: string[] = [];
  const t = text.replace(/\$ENV\{(\w+)\}/g, "${$1}");
  for (const m of t.matchAll(/\bfile\s*\(\s*(REMOVE_RECURSE|REMOVE)\s+([^)]*)\)/gi))
    out.push(`rm ${m[1]!.toUpperCase() === "REMOVE_RECURSE" ? "-r -f" : "-f"} ${m[2]!.trim()}`);
  for (const m of t.matchAll(/\bexecute_process\s*\(([^)]*)\)/gi))
    for (const c of m[1]!.split(/\bCOMMAND\b/).slice(1))
      out.push(
        c
          .replace(/\b(?:WORKING_DIRECTORY|OUTPUT_VARIABLE|RESULT_VARIABLE|ERROR_VARIABLE|TIMEOUT)\b[\s\S]*$/, "")
          .trim(),
      );
  return out.slice(0, 50);
}

/** Git configuration whose value is a command git runs (the pager, the editor, ssh, an external diff, …). */
export const GIT_COMMAND_KEYS =
  /^(?:alias\.[\w.-]+|core\.(?:pager|editor|sshcommand|fsmonitor|askpass)|sequence\.editor|pager\.[\w.-]+|diff\.external|diff\.[\w.-]+\.(?:command|textconv)|merge\.[\w.-]+\.driver|filter\.[\w.-]+\.(?:clean|smudge|process)|credential\.(?:\S+\.)?helper|gpg\.program|web\.browser|uploadpack\.packobjectshook)$/i;

/** What `git -c key=value …` and `git config key value` make git run: the values that are commands. */
function unwrapGit(sc: SimpleCommand, shell: (t: string, l: string) => void): void {
  const argv = sc.argv;
  const settings: [string, string][] = [];
  let i = 1;
  for (; i < argv.length && argv[i]!.startsWith("-"); i++) {
    const a = argv[i]!;
    if (a === "-c" && argv[i + 1] !== undefined) {
      const kv = argv[++i]!;
      const eq = kv.indexOf("=");
      if (eq > 0) settings.push([kv.slice(0, eq), kv.slice(eq + 1)]);
    } else if (/^(-C|--git-dir|--work-tree|--namespace|--config-env|--exec-path|--super-prefix)$/.test(a)) i++;
  }
  if (argv[i] === "config") {
    const ops = argv
      .slice(i + 1)
      .filter(
        (a, k, all) => !a.startsWith("-") && !/^(-f|--file|--blob|--type|--default|--comment)$/.test(all[k - 1] ?? ""),
      );
    if (
      ops.length >= 2 &&
      !argv
        .slice(i + 1)
        .some((a) =>
          /^(--get|--get-all|--get-regexp|--unset|--unset-all|-l|--list|--remove-section|--rename-section)$/.test(a),
        )
    )
      settings.push([ops[0]!, ops.slice(1).join(" ")]);
  }
  // Subcommands that run a command line of the caller's: bisect run, rebase --exec/-x, difftool --extcmd.
  const sub = argv[i];
  if (sub === "bisect" && argv[i + 1] === "run" && argv[i + 2] !== undefined)
    shell(
      argv
        .slice(i + 2)
        .map(shellQuote)
        .join(" "),
      "git bisect run",
    );
  if (sub === "rebase" || sub === "difftool")
    for (const c of optionValues(argv.slice(i), sub === "rebase" ? ["--exec", "-x"] : ["--extcmd", "-x"]))
      shell(c, `git ${sub} ${sub === "rebase" ? "--exec" : "--extcmd"}`);
  for (const [key, value] of settings) {
    if (/^alias\./i.test(key)) {
      // An alias starting with "!" is a shell command; any other is a git command line.
      if (value.startsWith("!")) shell(value.slice(1), `git alias ${key.slice(6)}`);
      else shell(`git ${value}`, `git alias ${key.slice(6)}`);
    } else if (GIT_COMMAND_KEYS.test(key)) shell(value.replace(/^!/, ""), `git ${key}`);
  }
}

/** Environment variables whose value is a command another program runs (pagers, editors, ssh, …). */
export const COMMAND_VARIABLES = new Set([
  "PAGER",
  "GIT_PAGER",
  "MANPAGER",
  "SYSTEMD_PAGER",
  "EDITOR",
  "VISUAL",
  "GIT_EDITOR",
  "GIT_SEQUENCE_EDITOR",
  "SUDO_EDITOR",
  "GIT_SSH_COMMAND",
  "GIT_SSH",
  "GIT_EXTERNAL_DIFF",
  "GIT_ASKPASS",
  "SSH_ASKPASS",
  "SUDO_ASKPASS",
  "BROWSER",
  "LESSOPEN",
  "LESSCLOSE",
  "PROMPT_COMMAND",
  "FZF_DEFAULT_COMMAND",
  "RSYNC_RSH",
]);

/** The shell command a command variable's value runs (LESSOPEN's `|cmd %s` input filter included). */
export function commandOfVariable(name: string, value: string): string | undefined {
  let v = value.trim();
  if (name === "LESSOPEN" || name === "LESSCLOSE") v = v.replace(/^\|\|?-?/, "").replace(/\s*%s/g, "");
  return v ? v : undefined;
}
