// An agent must not answer its own escalations, nor change the guard through staso's own commands. The
// reason shown for an escalated call names the command that approves it (for the user); an agent that
// runs it itself would let through what a human was asked to decide.
//
// This rule is a fence in front of the lock, not the lock: an answer counts only when it is signed with
// the key of the approval passphrase, typed at the human's terminal (src/escalation/approval-key.ts), so
// a spelling this rule misses still approves nothing. It stops, in every spelling the shell analysis can
// see: staso on PATH or by path, a copy or link of the launcher, npx/pnpm/bunx staso, `node -e` code that
// loads the CLI bundle, the approving words handed to tmux, at, ssh, script or expect, a script file,
// Makefile target or package.json script that holds them; and `staso setup`, `uninstall`, `trust`,
// `untrust` and `escalations passphrase`, which change the guard or the approval key, and `staso pause`
// and `staso allow`, which switch it off or loosen it (their --help alone still runs). Writes and links into
// the escalation store are paths/protected-write's (staso's own state).
import { readFileSync, realpathSync, statSync } from "node:fs";
import { defineRule } from "../../engine/rule.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { isWithin, normalizePath } from "../../analysis/shell/paths.js";
import { runningInstallation } from "../../native/installation.js";

const STASO_PROGRAM = /^staso(?:\.m?js|\.cmd|\.exe)?$/;
const STASO_SCRIPT = /(?:^|[\\/])(?:staso(?:\.m?js)?|bin[\\/]staso\.js|dist[\\/]cli\.mjs)$/;
const RUNNERS = new Set(["npx", "pnpx", "bunx", "pnpm", "yarn", "npm", "bun"]);
const INTERPRETERS = /^(?:node|nodejs|bun|deno|tsx|ts-node)(?:\d+)?$/;
/** Subcommands that answer for the human or change the guard. */
const HUMAN_ONLY = new Set(["setup", "uninstall", "trust", "untrust", "pause", "allow"]);
/** Of those, the ones that switch the guard off or loosen it: their help page may be read. */
const GUARD_OFF = new Set(["pause", "allow"]);
/** The approving (or guard-loosening) words, however they are written into text another program runs. */
const PHRASE = /\bescalations?\b["'\s,]+(?:approve|deny|passphrase)\b|\bstaso\b["'\s,]+(?:pause|allow)\b/i;
/** staso's CLI bundle or launcher, named in code by its package's name. */
const CLI_CODE = /(?:bin[\\/]staso(?:\.js)?\b|staso[\\/](?:dist|bin)[\\/])/;

/** Code that names staso's own program files: its CLI bundle or launcher, by name or by this installation's path. */
function namesStaso(text: string): boolean {
  if (CLI_CODE.test(text)) return true;
  // A path into the installation holds one of these; most scripts name neither, and then the installation
  // (a few stats and reads, and code run once per process) is not looked up.
  if (!text.includes("/dist") && !text.includes("/bin")) return false;
  return runningInstallation().packages.some((p) => text.includes(`${p}/dist`) || text.includes(`${p}/bin`));
}
/** Programs that only show text (their words are data), when their output goes to the terminal. */
const SHOWS_ONLY = new Set([
  "echo",
  "printf",
  "grep",
  "egrep",
  "fgrep",
  "rg",
  "ag",
  "ack",
  "man",
  "less",
  "more",
  "cat",
]);
const SCRIPT_RUNNERS = /^(?:node|nodejs|bun|deno|tsx|ts-node|python[0-9.]*|sh|bash|zsh|dash|ksh|fish|ruby|perl|php)$/;
const MAX_SCRIPT_BYTES = 256 * 1024;

/** The arguments staso gets, when this command runs staso (by name, by path, through a runner, a copy or link). */
function stasoArgs(cmd: SimpleCommand, cwd: string | undefined): string[] | undefined {
  if (STASO_PROGRAM.test(cmd.program) || cmd.program === "staso-hook") return cmd.args;
  if (cmd.argv[0]?.includes("/") && isInstalled(cmd.argv[0], cwd)) return cmd.args;
  if (INTERPRETERS.test(cmd.program) || RUNNERS.has(cmd.program)) {
    const i = cmd.args.findIndex(
      (a) => STASO_SCRIPT.test(a) || /^staso(?:@[^\s]*)?$/.test(a) || (a.includes("/") && isInstalled(a, cwd)),
    );
    if (i >= 0) return cmd.args.slice(i + 1);
  }
  return undefined;
}

/** A path (as a command names it) that leads into a staso installation: its launcher, bundles, a link to them. */
function isInstalled(word: string, cwd: string | undefined): boolean {
  const abs = normalizePath(word.startsWith("/") ? word : `${cwd ?? "/"}/${word}`);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return false;
  }
  const inst = runningInstallation();
  return inst.packages.some((p) => isWithin(real, p)) || inst.files.includes(real);
}

/** What the staso arguments do that only a human may, if anything. */
function humanOnly(args: string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith("-"));
  if (GUARD_OFF.has(words[0] ?? "") && onlyHelp(args)) return undefined;
  if (HUMAN_ONLY.has(words[0] ?? "")) return `staso ${words[0]}`;
  if ((words[0] === "escalations" || words[0] === "escalation") && /^(?:approve|deny|passphrase)$/.test(words[1] ?? ""))
    return `staso escalations ${words[1]}`;
  return undefined;
}

/**
 * The command only prints its help page: --help or -h stands on its own (commander stops there), not as
 * the value of an option before it (`--reason --help` pauses, with "--help" as the reason).
 */
function onlyHelp(args: string[]): boolean {
  return args.some(
    (a, i) =>
      (a === "--help" || a === "-h") && !args.slice(0, i).includes("--") && (i === 0 || !/^-[^=]*$/.test(args[i - 1]!)),
  );
}

/** Whether a command's output stays on the terminal (not into a file, a pipe, or a substitution). */
function showsOnly(cmd: SimpleCommand): boolean {
  if (
    !SHOWS_ONLY.has(cmd.program) &&
    !(cmd.program === "git" && /^(?:commit|log|grep|show|tag)$/.test(cmd.args[0] ?? ""))
  )
    return false;
  if (
    cmd.redirects.some(
      (r) => /^(?:>|>>|>\||&>|&>>|<>)$/.test(r.op) && !/^\/dev\/(?:null|stdout|stderr)$/.test(r.target),
    )
  )
    return false;
  return cmd.pipeline.index === cmd.pipeline.length - 1 && cmd.context !== "command-substitution";
}

function readSmall(path: string): string | undefined {
  try {
    if (statSync(path).size > MAX_SCRIPT_BYTES) return undefined;
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The text of what the command runs from a file: a script, the Makefile, the package.json scripts. */
function scriptText(cmd: SimpleCommand, cwd: string | undefined): string | undefined {
  const at = (w: string) => normalizePath(w.startsWith("/") ? w : `${cwd ?? "/"}/${w}`);
  const p = cmd.program;
  if (p === "make" || p === "gmake") {
    const f = cmd.args[cmd.args.indexOf("-f") + 1];
    const files = cmd.args.includes("-f") && f ? [f] : ["GNUmakefile", "makefile", "Makefile"];
    return files.map((x) => readSmall(at(x)) ?? "").join("\n");
  }
  if (p === "just") return readSmall(at("justfile")) ?? readSmall(at("Justfile"));
  const first = cmd.args.find((a) => !a.startsWith("-"));
  // `bun x.ts` runs a file; `bun run x`, `npm test`, `yarn build` run package.json scripts.
  if (p === "bun" && first && /[./]/.test(first) && first !== "run") return readSmall(at(first));
  if (RUNNERS.has(p) && p !== "npx" && p !== "pnpx" && p !== "bunx") {
    const pkg = readSmall(at("package.json"));
    if (!pkg) return undefined;
    try {
      return JSON.stringify((JSON.parse(pkg) as { scripts?: unknown }).scripts ?? {});
    } catch {
      return undefined;
    }
  }
  if (SCRIPT_RUNNERS.test(p)) return first ? readSmall(at(first)) : undefined;
  if (cmd.argv[0]?.includes("/")) return readSmall(at(cmd.argv[0]));
  return undefined;
}

function refuse(cmd: SimpleCommand, what: string): { reason: string } {
  return {
    reason: `${describe(cmd)} ${what}, and only a human may do that: an escalated call waits for the user's decision, and the guard's settings are the user's. Tell the user what you want to run and why, and ask them to do it in their own terminal.`,
  };
}

export default defineRule({
  meta: {
    id: "paths/escalation-self-approval",
    description:
      "Blocks an agent answering its own escalations or changing the guard through staso's commands (escalations approve|deny|passphrase, setup, uninstall, trust, pause, allow), in every spelling the shell analysis sees.",
    defaultAction: "block",
    kinds: ["shell"],
    examples: () => ({
      block: [{ shell: "staso escalations approve 3f2a" }, { shell: "npx staso escalations deny 3f2a" }],
      allow: [{ shell: "staso escalations list" }, { shell: "staso rules" }],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const code of analysis.inlineCode) {
      if (PHRASE.test(code.code) || namesStaso(code.code))
        return refuse(code.command, "runs staso's own commands from inline code (to answer an escalation)");
    }
    for (const cmd of analysis.commands) {
      const cwd = cmd.cwd;
      const args = stasoArgs(cmd, cwd);
      const what = args ? humanOnly(args) : undefined;
      if (what)
        return refuse(
          cmd,
          what === "staso escalations approve" || what === "staso escalations deny"
            ? "answers an escalation"
            : `runs \`${what}\``,
        );
      if (showsOnly(cmd)) continue;
      if (cmd.args.some((a) => PHRASE.test(a)) || PHRASE.test(cmd.args.join(" ")))
        return refuse(cmd, "hands `staso escalations approve|deny` to another program to run");
      const stdin = cmd.stdin && cmd.stdin.kind !== "file" ? cmd.stdin.text : undefined;
      if (stdin && PHRASE.test(stdin)) return refuse(cmd, "feeds `staso escalations approve|deny` to another program");
      const script = scriptText(cmd, cwd);
      if (script && (PHRASE.test(script) || namesStaso(script)))
        return refuse(cmd, "runs a script that answers escalations or runs staso's own commands");
    }
    return null;
  },
});
