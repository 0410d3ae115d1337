// Commands that run another command: find what they run, so `sudo env X=1 bash -c "rm -rf ~"` is seen
// as the rm it is.
import { analyzeInto, basename, type AnalyzeState } from "./analyze.js";
import type { SimpleCommand } from "./types.js";

/** Options that take a value, per wrapper, so the value is not mistaken for the command. */
const OPTIONS_WITH_VALUE: Record<string, Set<string>> = {
  sudo: new Set(["-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-T", "-U", "--user", "--group", "--host", "--prompt", "--chdir", "--role", "--type", "--other-user", "--close-from", "--command-timeout"]),
  doas: new Set(["-u", "-C"]),
  env: new Set(["-u", "-C", "--unset", "--chdir", "-S", "--split-string"]),
  nice: new Set(["-n", "--adjustment"]),
  timeout: new Set(["-s", "-k", "--signal", "--kill-after"]),
  stdbuf: new Set(["-i", "-o", "-e", "--input", "--output", "--error"]),
  exec: new Set(["-a"]),
  xargs: new Set(["-I", "-i", "-n", "-P", "-d", "-L", "-l", "-s", "-a", "-E", "-e", "--max-args", "--max-procs", "--delimiter", "--arg-file", "--replace", "--max-lines", "--max-chars", "--eof"]),
  watch: new Set(["-n", "-d", "--interval", "-q", "--equexit"]),
  parallel: new Set(["-j", "-S", "--jobs", "--sshlogin", "-I", "--delay", "--timeout"]),
  time: new Set(["-f", "-o", "--format", "--output"]),
  ionice: new Set(["-c", "-n", "-p", "--class", "--classdata"]),
  chroot: new Set(["--userspec", "--groups"]),
  "setsid": new Set<string>(),
  nohup: new Set<string>(),
  command: new Set<string>(),
  builtin: new Set<string>(),
};

const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish", "busybox"]);

/** Skips a wrapper's options and returns the index of the wrapped command in argv, or -1. */
function commandIndex(program: string, argv: string[]): number {
  const withValue = OPTIONS_WITH_VALUE[program] ?? new Set<string>();
  let i = 1;
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === "--") return i + 1 < argv.length ? i + 1 : -1;
    if (program === "env" && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) { i++; continue; }
    if (!a.startsWith("-") || a === "-") {
      if (program === "timeout") return i + 1 < argv.length ? i + 1 : -1; // skip DURATION
      if (program === "chroot") return i + 1 < argv.length ? i + 1 : -1; // skip NEWROOT
      return i;
    }
    if (program === "nice" && /^-\d+$/.test(a)) { i++; continue; }
    if (withValue.has(a)) { i += 2; continue; }
    i++;
  }
  return -1;
}

function innerCommand(outer: SimpleCommand, argv: string[], label: string): SimpleCommand {
  return {
    ...outer,
    argv,
    program: basename(argv[0] ?? ""),
    args: argv.slice(1),
    assignments: {},
    wrappers: [...outer.wrappers, label],
    context: "wrapped",
  };
}

/** The commands `cmd` runs on its own behalf; each is also pushed onto state.commands. */
export function unwrap(cmd: SimpleCommand, state: AnalyzeState, depth: number): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const p = cmd.program;
  const push = (inner: SimpleCommand) => {
    state.commands.push(inner);
    out.push(inner, ...unwrap(inner, state, depth + 1));
  };
  if (depth > 8) return out;

  if (p in OPTIONS_WITH_VALUE) {
    if (p === "command" && cmd.args.some((a) => a === "-v" || a === "-V")) return out;
    if (p === "env" && cmd.args.some((a) => a === "-S" || a === "--split-string")) {
      const i = cmd.args.findIndex((a) => a === "-S" || a === "--split-string");
      const s = cmd.args[i + 1];
      if (s !== undefined) out.push(...analyzeInto(state, [s, ...cmd.args.slice(i + 2)].join(" "), "wrapped", [...cmd.wrappers, "env -S"], depth + 1));
      return out;
    }
    const i = commandIndex(p, cmd.argv);
    if (i < 0) return out;
    const argv = cmd.argv.slice(i);
    // watch and parallel take their command as one string the shell parses again.
    if ((p === "watch" || p === "parallel") && argv.length === 1) {
      out.push(...analyzeInto(state, argv[0]!, "wrapped", [...cmd.wrappers, p], depth + 1));
      return out;
    }
    push(innerCommand(cmd, argv, p));
    return out;
  }

  if (SHELLS.has(p)) {
    const ci = cmd.args.findIndex((a) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a));
    if (ci >= 0 && cmd.args[ci + 1] !== undefined) {
      out.push(...analyzeInto(state, cmd.args[ci + 1]!, "wrapped", [...cmd.wrappers, `${p} -c`], depth + 1));
    }
    return out;
  }

  if (p === "eval") {
    out.push(...analyzeInto(state, cmd.args.join(" "), "wrapped", [...cmd.wrappers, "eval"], depth + 1));
    return out;
  }

  if ((p === "source" || p === ".") && cmd.stdin?.kind === "heredoc" && cmd.stdin.text) {
    out.push(...analyzeInto(state, cmd.stdin.text, "wrapped", [...cmd.wrappers, p], depth + 1));
    return out;
  }

  if (p === "find") {
    for (let i = 0; i < cmd.args.length; i++) {
      const a = cmd.args[i]!;
      if (a === "-exec" || a === "-execdir" || a === "-ok" || a === "-okdir") {
        let j = i + 1;
        while (j < cmd.args.length && cmd.args[j] !== ";" && cmd.args[j] !== "+") j++;
        const argv = cmd.args.slice(i + 1, j);
        if (argv.length) push(innerCommand(cmd, argv, `find ${a}`));
        i = j;
      }
    }
  }
  return out;
}
