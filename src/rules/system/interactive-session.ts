// A program that reads commands from its terminal here (a shell, a root shell, a general-purpose
// language's prompt, an editor with shell escapes, an ssh login to this very machine), started on an agent
// whose later keystrokes into that terminal reach no hook. Codex runs a command in a terminal the model can
// keep typing into (exec_command with a tty, then write_stdin), and write_stdin is never hooked (checked
// against the real binary, shared/reference/agents-hooks.md): `bash --norc`, then `rm -rf ~` typed into
// it, runs unchecked. The host adapter says when this is so (ToolCall.shell.typedInputUnseen); elsewhere
// the rule says nothing: a shell started without a command there reads an empty stdin and ends.
//
// Left to the user, and said in docs/agents.md, because opening them is everyday work and what is typed
// there runs elsewhere or in a narrower world: logins to other machines, shells in containers, database
// shells, framework consoles and the REPLs of JVM/BEAM/Haskell/R/Julia, debuggers, serial consoles; and
// pagers (less, more, man, git's pager in a terminal), whose `!cmd` runs commands too.
import { defineRule } from "../../engine/rule.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption, operands } from "../../analysis/shell/commands.js";
import { SHELLS, SSH_VALUE } from "../../analysis/shell/unwrap.js";
import { classifyHost } from "../../analysis/net/index.js";

type Reads = (args: string[]) => boolean;

/** Options that print something and end the program: no prompt follows. */
const endsAtOnce = (args: string[]) => args.some((a) => /^(?:--version|--help|-h|-V|-v|-\?)$/.test(a));

/** A shell with no command (-c) and no script reads its commands from the terminal; -i and -s force it. */
const shellReads: Reads = (args) => {
  if (args.includes("--version") || args.includes("--help")) return false;
  // -c runs its command and ends, even with -i (`zsh -ic 'echo $PATH'`).
  if (hasOption(args, "c", ["--command"], "oO")) return false;
  if (hasOption(args, "is", ["--interactive"], "oO")) return true;
  return operands(args, ["-o", "-O", "+o", "+O", "--rcfile", "--init-file"]).length === 0;
};

/**
 * An interpreter given no program (no script operand, no code option) prompts for one, or reads it from the
 * terminal until end of input; its prompt options keep the prompt after a script.
 */
const interpreter =
  (code: { short?: string; long?: string[] }, valueOptions: string[] = [], prompt: string[] = ["-i"]): Reads =>
  (args) => {
    if (args.some((a) => prompt.includes(a))) return true;
    // Short options whose value follows (attached or not): their letters are not options (-MFile::Find).
    const valued = valueOptions.filter((o) => /^-[a-zA-Z]$/.test(o)).map((o) => o[1]);
    if (endsAtOnce(args) || hasOption(args, code.short ?? "", code.long ?? [], valued.join(""))) return false;
    return operands(args, valueOptions).length === 0;
  };

/** Python: no script, -c or -m; a REPL-like module (-m code, pdb, IPython, asyncio) still prompts. */
const pythonReads: Reads = (args) => {
  if (hasOption(args, "i", [], "WXQ")) return true;
  const m = args.indexOf("-m");
  if (m >= 0) return /^(?:code|pdb|ipdb|IPython|asyncio|idlelib|sqlite3)$/.test(args[m + 1] ?? "");
  if (endsAtOnce(args) || hasOption(args, "c", [], "WXQ")) return false;
  return operands(args, ["-W", "-X", "-Q"]).length === 0;
};

/** PowerShell: single-dash words, any unambiguous prefix, any case. */
const pwshReads: Reads = (raw) => {
  const args = raw.map((a) => a.toLowerCase());
  if (args.some((a) => /^-noe(?:x(?:it?)?)?$/.test(a))) return true;
  if (
    args.some((a) =>
      /^-(?:c(?:o(?:m(?:m(?:a(?:n(?:d)?)?)?)?)?)?|f(?:i(?:l(?:e)?)?)?|e(?:c|n(?:c.*)?)?|v(?:ersion)?|h(?:elp)?|\?)$/.test(
        a,
      ),
    )
  )
    return false;
  const valued = ["-executionpolicy", "-ex", "-ep", "-workingdirectory", "-wd", "-configurationname", "-settingsfile"];
  return operands(args, [...valued, "-inputformat", "-outputformat", "-windowstyle"]).length === 0;
};

/** Operands after options, where a short option whose value follows may end a cluster (`sudo -iu root`). */
function operandsAfter(args: string[], valueShorts: string, valueLongs: string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") return [...out, ...args.slice(i + 1)];
    if (a.startsWith("--")) {
      if (valueLongs.includes(a)) i++;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      if (valueShorts.includes(a[a.length - 1]!)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** The command `script -c CMD` records (its -c value), if any. */
function scriptCommand(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--command" || /^-[a-zA-Z]*c$/.test(a)) return args[i + 1];
    if (a.startsWith("--command=")) return a.slice("--command=".length);
  }
  return undefined;
}

/**
 * ssh to this machine (the default port) with no remote command: a login shell here. A login to another
 * machine, or to a port here that is a container or a VM, types into that machine, not this one.
 */
const sshReads: Reads = (args) => {
  const valued = [...SSH_VALUE];
  if (hasOption(args, "NGVQ", [], valued.map((o) => o[1]).join(""))) return false;
  const port = args.find((a, i) => args[i - 1] === "-p" || /^-p\d+$/.test(a));
  if (port !== undefined && port.replace(/^-p/, "") !== "22") return false;
  const ops = operands(args, valued);
  // user@host: the host is what classifyHost judges (127.1, 0x7f000001, [::1], localhost. in any spelling).
  return ops.length === 1 && classifyHost(ops[0]!.word.replace(/^[^@]*@/, "")).class === "loopback";
};

/** The editors with a command line of their own (`:!cmd`), unless they run as a batch (ex mode, headless). */
const editorReads: Reads = (args) => {
  if (endsAtOnce(args)) return false;
  if (args.some((a) => /^(?:--headless|--batch|-batch|--script|-es|-Es)$/.test(a))) return false;
  // -s: ex's silent batch mode, or vim reading its keys from a script file: nothing waits for the terminal.
  if (hasOption(args, "s")) return false;
  // Commands given on the line that end the editor (`-c wq`, `+x`): it never waits for keys.
  const given = args.filter((a, i) => args[i - 1] === "-c" || (a.startsWith("+") && a.length > 1));
  return !given.some((c) => /(?:^|[|:+\s])(?:wq?a?|x|xa|qa?|quit|exit)!?\s*$/.test(c.replace(/^\+/, "")));
};

const PYTHON = /^(?:python|pypy)[\d.]*$/;

/** Whether a command of this program (its basename) reads commands from its terminal, if staso knows. */
const readerOf = (program: string): Reads | undefined =>
  READS[program] ?? (PYTHON.test(program) ? pythonReads : undefined);

/** Per program, whether a command of it reads commands from its terminal. */
const READS: Record<string, Reads> = {
  ...Object.fromEntries([...SHELLS, "tcsh", "csh", "xonsh", "elvish", "nu"].map((s) => [s, shellReads])),
  pwsh: pwshReads,
  powershell: pwshReads,
  node: interpreter(
    { short: "epc", long: ["--eval", "--print", "--check", "--test", "--run"] },
    ["-r", "--require", "--import"],
    ["-i", "--interactive", "inspect"],
  ),
  nodejs: interpreter(
    { short: "epc", long: ["--eval", "--print", "--check"] },
    ["-r", "--require"],
    ["-i", "--interactive"],
  ),
  deno: (args) => args.length === 0 || args[0] === "repl",
  bun: (args) => args[0] === "repl",
  ruby: interpreter({ short: "e" }, ["-r", "-I", "-C"]),
  // perl -de0: the debugger, perl's usual prompt.
  perl: (args) =>
    hasOption(args, "d", [], "MmIlx0") || interpreter({ short: "eE" }, ["-M", "-m", "-I", "-l", "-x", "-0"])(args),
  php: (args) =>
    args.includes("-a") || args.includes("--interactive") || interpreter({ short: "rfimlSs", long: ["--run"] })(args),
  lua: interpreter({ short: "e" }, ["-l"]),
  luajit: interpreter({ short: "e" }, ["-l"]),
  tclsh: interpreter({}),
  wish: interpreter({}),
  irb: () => true,
  pry: () => true,
  ipython: interpreter({ short: "cm" }),
  ipython3: interpreter({ short: "cm" }),
  bpython: interpreter({ short: "c" }),
  ptpython: () => true,
  ed: () => true,
  // newgrp has no command form: it always starts a new shell.
  newgrp: () => true,
  // socat joining this terminal to a shell it starts (EXEC:bash,pty).
  socat: (args) =>
    args.some((a) => /^(?:-|stdio|stdin|readline|tty)/i.test(a)) &&
    args.some((a) => /^(?:exec|system):\s*['"]?(?:\S*\/)?(?:ba|z|da|k|fi|c|tc)?sh\b/i.test(a)),
  ssh: sshReads,
  su: (args) => !hasOption(args, "c", ["--command", "--session-command", "--help", "--version"], "sg"),
  // -s / -i with no command: the root shell prompts; with a command, the command is judged as itself.
  sudo: (args) =>
    hasOption(args, "si", ["--shell", "--login"], "ugpCDhrtTU") &&
    operandsAfter(args, "ugpCDhrtTU", ["--user", "--group", "--prompt", "--chdir", "--host"]).length === 0,
  doas: (args) => hasOption(args, "s", [], "uC") && operandsAfter(args, "uC").length === 0,
  // script records a shell, or the command given with -c: a shell or prompt there is one here.
  script: (args) => {
    if (endsAtOnce(args)) return false;
    const command = scriptCommand(args);
    if (command === undefined) return true;
    const [program = "", ...rest] = command.trim().split(/\s+/);
    const name = program.split("/").pop()!;
    const reads = readerOf(name);
    return reads ? reads(rest) : false;
  },
  tmux: (args) => {
    const sub = operands(args, ["-L", "-S", "-f", "-c", "-T"])[0]?.word;
    if (sub === undefined) return true; // `tmux` alone: a new session, attached
    if (/^(?:attach(?:-session)?|a|at)$/.test(sub)) return true;
    return /^new(?:-session)?$/.test(sub) && !hasOption(args, "d");
  },
  // screen /dev/ttyUSB0 115200 is a serial console: a device's prompt, not a shell here.
  screen: (args) =>
    !args.some((a) => /^-[a-zA-Z]*(?:dm|md)|^-(?:ls|list|wipe|v|version|X|Q)$|^\/dev\//.test(a)) && !endsAtOnce(args),
  vim: editorReads,
  vi: editorReads,
  nvim: editorReads,
  view: editorReads,
  vimdiff: editorReads,
  ex: editorReads,
  emacs: editorReads,
  nano: (args) => !endsAtOnce(args),
};

/**
 * Wrappers that run their command here and now, on the same terminal. A command reached through another
 * (git's core.editor or core.sshCommand, $GIT_SSH_COMMAND, xargs, a container or another machine) runs
 * later, elsewhere, or with another stdin.
 */
const SAME_TERMINAL = new Set([
  ...SHELLS,
  "exec",
  "env",
  "nohup",
  "nice",
  "ionice",
  "time",
  "command",
  "builtin",
  "stdbuf",
  "timeout",
  "sudo",
  "doas",
  "su",
  "setsid",
  "unbuffer",
  "chrt",
  "taskset",
  "eval",
  "busybox",
  "toybox",
  "find",
  "chroot",
  "unshare",
  "nsenter",
  "setpriv",
  "runuser",
  "flock",
  "chronic",
  "expect",
]);

/** Whether this command reads commands from its terminal. */
function readsTerminal(cmd: SimpleCommand): boolean {
  if (cmd.stdin || cmd.background) return false;
  // A child of inline code (os.system, pty.spawn, child_process with inherited stdio, awk's system())
  // inherits the terminal too.
  if (!cmd.wrappers.every((w) => SAME_TERMINAL.has(w.split(" ", 1)[0]!) || w.endsWith(" inline code"))) return false;
  const reads = readerOf(cmd.program);
  return reads ? reads(cmd.args) : false;
}

export default defineRule({
  meta: {
    id: "system/interactive-session",
    description:
      "On an agent whose keystrokes into a running command are never hooked (Codex's write_stdin), blocks starting a program that reads commands from its terminal here: a shell, a root shell, a Python/Node/Ruby/Perl/PHP/Lua prompt, an editor with shell escapes, an ssh login to this machine.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: {
      programs: [...Object.keys(READS), "python*", "pypy*"],
    },
    examples: () => ({
      block: [
        { tool: "Bash", input: { command: "bash --norc" }, host: "codex" },
        { tool: "Bash", input: { command: "python3" }, host: "codex" },
        { tool: "Bash", input: { command: "sudo -i" }, host: "codex" },
        { tool: "Bash", input: { command: "exec $SHELL -l" }, host: "codex" },
        { tool: "Bash", input: { command: "ssh localhost" }, host: "codex" },
        { tool: "Bash", input: { command: "vim notes.txt" }, host: "codex" },
      ],
      allow: [
        { tool: "Bash", input: { command: "bash -c 'npm test'" }, host: "codex" },
        { tool: "Bash", input: { command: "python3 scripts/migrate.py --dry-run" }, host: "codex" },
        { tool: "Bash", input: { command: "bash scripts/setup.sh" }, host: "codex" },
        { tool: "Bash", input: { command: "echo 'print(1)' | python3" }, host: "codex" },
        { tool: "Bash", input: { command: "ssh deploy@prod-1" }, host: "codex" },
        { tool: "Bash", input: { command: "docker exec -it web sh" }, host: "codex" },
        { tool: "Bash", input: { command: "git config core.editor vim" }, host: "codex" },
        { tool: "Bash", input: { command: "bash", description: "a shell" }, host: "claude-code" },
      ],
    }),
  },
  check(call) {
    if (!call.shell?.typedInputUnseen) return null;
    const analysis = shellOf(call);
    if (!analysis) return null;
    const cmd = analysis.commands.find(readsTerminal);
    if (!cmd) return null;
    return {
      reason: `${describe(cmd)} starts a program that reads commands from its terminal, and on this agent what is typed into a running command (write_stdin) is never checked by the guard. Run each command as a call of its own instead: \`bash -c '…'\`, a script file, \`python3 script.py\`, \`psql -c '…'\`, \`ssh host 'command'\`.`,
    };
  },
});
