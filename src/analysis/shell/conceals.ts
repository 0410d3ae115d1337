// Whether a command's output shows nothing of what it reads but counts, names, types, hashes or the
// key names of KEY=value lines: `wc -l .env`, `grep -c DATABASE .env`, `grep -q '^STRIPE_KEY=' .env`,
// `cut -d= -f1 .env`, `awk -F= '{print $1}' .env`, `sed 's/=.*//' .env`, `file .env`, `sha256sum .env`.
// A credential rule may let such a read through: nothing of the secret reaches the model. Conservative:
// a pattern that could probe a value (`grep -q 'KEY=sk_live_4'`, an oracle one character at a time),
// a projection that keeps what follows the "=" (`cut -f2`, `awk '{print}'`), or an option that prints
// lines of the file as names (`wc --files0-from`, `file -f`) is not concealing.
import { hasOption, optionValue } from "./commands.js";
import type { ShellAnalysis, SimpleCommand } from "./types.js";

const HASHES = new Set([
  "sha1sum",
  "sha224sum",
  "sha256sum",
  "sha384sum",
  "sha512sum",
  "md5sum",
  "b2sum",
  "cksum",
  "shasum",
  "sum",
]);
const GREPS = new Set(["grep", "egrep", "fgrep", "rg"]);

/** The command's output reveals nothing of the content it reads (its files, and its stdin). */
function concealsContent(cmd: SimpleCommand): boolean {
  const p = cmd.program;
  const a = cmd.args;
  if (p === "wc") return !a.some((x) => x.startsWith("--files0-from"));
  if (p === "file") return !hasOption(a, "f", ["--files-from", "--magic-file"], "mFeP");
  if (HASHES.has(p)) return !hasOption(a, "c", ["--check"], "a");
  if (GREPS.has(p)) return grepConceals(p, a);
  if (p === "cut") return cutConceals(a);
  if (p === "awk" || p === "gawk" || p === "mawk" || p === "nawk") return awkConceals(a);
  if (p === "sed" || p === "gsed") return sedConceals(a);
  return false;
}

/** Filters whose whole output is their input, transformed: what they read goes where their stdout goes. */
const FILTERS = new Set([
  "cat",
  "tac",
  "head",
  "tail",
  "grep",
  "egrep",
  "fgrep",
  "rg",
  "cut",
  "awk",
  "sed",
  "sort",
  "uniq",
  "tr",
  "nl",
]);

/**
 * The command's reads reach no one: it conceals them itself, or it is a plain filter whose output goes
 * only into a pipe to a command that conceals (`cat .env | wc -l`), with no file written on the way.
 */
export function readsConcealed(cmd: SimpleCommand, analysis: ShellAnalysis): boolean {
  if (concealsContent(cmd)) return true;
  if (loadedIntoEnvironment(cmd, analysis)) return true;
  if (!FILTERS.has(cmd.program) || writesOutput(cmd)) return false;
  if (cmd.pipeline.index >= cmd.pipeline.length - 1) return false;
  const next = analysis.commands.find(
    (c) =>
      c.pipeline.id === cmd.pipeline.id && c.pipeline.index === cmd.pipeline.index + 1 && c.stdin?.from?.includes(cmd),
  );
  return !!next && readsConcealed(next, analysis);
}

/** A dotenv file's name: `.env`, `.env.test`, `.env.local`, `config/dev.env`. */
const ENV_FILE = /(?:^|\/)(?:\.env(?:\.[\w-]+)*|[\w-]+\.env)$/;
/** Programs whose first operand is a pattern or script, not a file. */
const SCRIPTED = new Set(["grep", "egrep", "fgrep", "rg", "sed", "awk"]);

/**
 * The pipeline reads dotenv files and nothing else: its first member's file operands are all dotenv files
 * (a pattern or script first, for grep/sed/awk), the others read only the pipe (a pattern or script, tr's sets).
 */
function readsOnlyEnvFiles(members: SimpleCommand[]): boolean {
  return members.every((c) => {
    if (c.program === "xargs" || c.program === "echo") return true;
    if (c.redirects.some((r) => r.op === "<" && !ENV_FILE.test(r.target))) return false;
    const ops = c.args.filter((a) => !a.startsWith("-"));
    const files = SCRIPTED.has(c.program) && !c.args.includes("-e") ? ops.slice(1) : c.program === "tr" ? [] : ops;
    if (c.pipeline.index > 0) return files.length === 0;
    return files.length > 0 ? files.every((f) => ENV_FILE.test(f)) : c.redirects.some((r) => r.op === "<");
  });
}

/** Programs that show their arguments or environment, or run them as code: never a loader's program. */
const SHOWERS =
  /^(?:env|printenv|echo|printf|set|export|declare|typeset|eval|exec|sh|bash|zsh|dash|ksh|fish|python[\d.]*|node|ruby|perl|php|tee|cat|xargs|curl|wget|nc|)$/;

/**
 * `export $(grep -v '^#' .env | xargs)`, `env $(cat .env.test | xargs) go test ./...`: a KEY=value file
 * read through plain filters (and a bare xargs, which only joins the lines) into a command substitution
 * that export or env turns into environment variables: the values go into the environment, as `set -a;
 * source .env` puts them, and are not shown. env must run a program that does not show its environment
 * (`env $(…) printenv` shows it); showing them later is credentials/print-command's question.
 */
function loadedIntoEnvironment(cmd: SimpleCommand, analysis: ShellAnalysis): boolean {
  if (cmd.context !== "command-substitution") return false;
  const members = analysis.commands.filter(
    (c) => c.pipeline.id === cmd.pipeline.id && (c.context === "command-substitution" || c.context === "wrapped"),
  );
  const plain = (c: SimpleCommand) =>
    !writesOutput(c) &&
    (FILTERS.has(c.program) ||
      (c.program === "xargs" && c.args.every((a) => /^-[0rd]$|^--null$/.test(a))) ||
      // The echo a bare xargs runs: it prints the joined lines into the same substitution.
      (c.program === "echo" && c.context === "wrapped" && c.wrappers.at(-1) === "xargs"));
  if (!members.every(plain) || !readsOnlyEnvFiles(members)) return false;
  // What env runs shares env's substitutions (`env $(…) go test` unwraps to a command of its own): env is judged.
  const consumers = analysis.commands.filter(
    (c) =>
      c.substitutions?.some((s) => members.includes(s)) && !(c.context === "wrapped" && c.wrappers.at(-1) === "env"),
  );
  return (
    consumers.length > 0 &&
    consumers.every((c) => {
      if (c.context === "command-substitution") return false; // its output is substituted on: shown
      // Only the bare substitution: `export X=$(cat f)` keeps the whole text in one variable, to be sent on.
      const bare = c.argv.every((_, i) => !c.wordInfo[i]?.dynamic || c.wordInfo[i]?.template === "\u0000");
      if (!bare) return false;
      if (c.program === "export") return c.args.every((a) => !a.startsWith("-"));
      if (c.program !== "env" || c.args.some((a) => a.startsWith("-"))) return false;
      const run = c.args.find((a, i) => !c.wordInfo[i + 1]?.dynamic && !/^[A-Za-z_]\w*=/.test(a));
      return run !== undefined && !SHOWERS.test(run.split("/").pop()!);
    })
  );
}

function writesOutput(cmd: SimpleCommand): boolean {
  return cmd.redirects.some((r) => /^(>|>>|>\||&>|&>>|<>)$/.test(r.op) && !(r.fd === 2 && r.target === "/dev/null"));
}

// ------------------------------------------------------------------ grep: counts, tests, names

/** Options after which grep prints no line of its input. */
const GREP_QUIET = [
  "--count",
  "--quiet",
  "--silent",
  "--files-with-matches",
  "--files-without-match",
  "--count-matches",
];
const GREP_VALUED = "efmABCdD";

function grepConceals(p: string, a: string[]): boolean {
  if (hasOption(a, "f", ["--file"], "emABCdD")) return false; // patterns from a file: unknown
  const onlyMatching = hasOption(a, "o", ["--only-matching"], GREP_VALUED);
  const quiet = hasOption(a, "cqlL", GREP_QUIET, GREP_VALUED);
  if (!quiet && !onlyMatching) return false;
  const patterns = grepPatterns(a);
  if (patterns.length === 0) return false;
  if (p === "fgrep" || hasOption(a, "F", ["--fixed-strings"], GREP_VALUED))
    return patterns.every((x) => KEY_NAME.test(x) && quiet);
  return patterns.every((x) => (quiet ? probesNoValue(x) : matchesOnlyKeys(x)));
}

function grepPatterns(a: string[]): string[] {
  const out: string[] = [];
  let explicit = false;
  let operandSeen = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (x === "--") {
      if (!explicit && !operandSeen && a[i + 1] !== undefined) out.push(a[i + 1]!);
      break;
    }
    if (x === "-e" || x === "--regexp") {
      explicit = true;
      if (a[i + 1] !== undefined) out.push(a[++i]!);
      continue;
    }
    if (x.startsWith("--regexp=")) {
      explicit = true;
      out.push(x.slice(9));
      continue;
    }
    if (/^-[^-]*e./.test(x) && !x.startsWith("--")) {
      explicit = true;
      out.push(x.slice(x.indexOf("e") + 1));
      continue;
    }
    if (x.startsWith("-") && x.length > 1) {
      if (/^-[mABCdD]$/.test(x) || /^--(max-count|after-context|before-context|context|devices|directories)$/.test(x))
        i++;
      continue;
    }
    if (!explicit && !operandSeen) out.push(x);
    operandSeen = true;
  }
  return out;
}

/** An environment variable's name, optionally anchored and followed by its "=": `^STRIPE_KEY=`. */
const KEY_NAME = /^\^?(export\s+)?[A-Z_][A-Z0-9_]*=?\$?$/;

/**
 * A pattern that tests the file's structure or a key's presence, not a value: a key name, or only
 * anchors, classes, repetition and comment marks, with an "=" only at its end (`.`, `^#`, `^[A-Z_]*=`).
 */
function probesNoValue(pattern: string): boolean {
  if (KEY_NAME.test(pattern)) return true;
  const rest = pattern.replace(/\[\^?\]?[^\]]*\]/g, "");
  return /^[\^$.*+?#\s\\]*=?\$?$/.test(rest.replace(/\\s/g, ""));
}

/** `grep -o` with a pattern none of whose matches can reach past the key's "=": `^[^=#]*`, `^[A-Z_]+`. */
function matchesOnlyKeys(pattern: string): boolean {
  const m = /^\^((?:\[[^\]]*\]|[A-Z0-9_])[*+?]?)+=?$/.exec(pattern);
  if (!m) return false;
  for (const cls of pattern.match(/\[[^\]]*\]/g) ?? []) {
    const negated = cls.startsWith("[^");
    if (negated ? !cls.includes("=") : cls.includes("=") || cls.includes(".")) return false;
  }
  return true;
}

// ------------------------------------------------------------------ cut, awk, sed: the key names

/** The separator is "=": the first field of a KEY=value line is its key. */
const EQUALS = /^['"]?=['"]?$/;

function cutConceals(a: string[]): boolean {
  const d = optionValue(a, ["-d", "--delimiter"]);
  const f = optionValue(a, ["-f", "--fields"]);
  return d !== undefined && EQUALS.test(d) && f === "1" && !a.includes("--complement") && !hasOption(a, "cb");
}

function awkConceals(a: string[]): boolean {
  let fsEquals = false;
  let program: string | undefined;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (x === "-F") {
      fsEquals = EQUALS.test(a[++i] ?? "");
      continue;
    }
    if (x.startsWith("-F")) {
      fsEquals = EQUALS.test(x.slice(2));
      continue;
    }
    if (x === "-v") {
      i++;
      continue;
    }
    if (x === "-f" || x.startsWith("--")) return false; // a program file, or gawk's long options
    if (x.startsWith("-")) continue;
    program = x;
    break;
  }
  if (program === undefined) return false;
  if (/BEGIN\s*\{\s*FS\s*=\s*"="\s*;?\s*\}/.test(program)) {
    fsEquals = true;
    program = program.replace(/BEGIN\s*\{[^}]*\}/, "");
  }
  // Every rule has an action (a bare pattern prints the whole line) of print statements that print
  // only counts, constants or (with FS "=") the key.
  const rules = program.trim().match(/[^{}]*\{[^{}]*\}\s*;?/g);
  if (!rules || rules.join("").replace(/\s/g, "") !== program.replace(/\s/g, "")) return false;
  for (const rule of rules) {
    const body = rule.slice(rule.indexOf("{") + 1, rule.lastIndexOf("}"));
    const cond = rule.slice(0, rule.indexOf("{"));
    // A condition on the value would print the key only when the value matches: an oracle.
    if (/getline|system|\||\$(?!1(?!\d))[\w($]/.test(cond)) return false;
    for (const stmt of body.split(/[;\n]/).map((s) => s.trim())) {
      if (stmt === "" || stmt === "next") continue;
      const pr = /^print\s+(.+)$/.exec(stmt);
      if (!pr) return false;
      for (const arg of pr[1]!.split(/\s*,\s*|\s+/)) {
        if (/^(NR|FNR|NF|"[^"]*")$/.test(arg)) continue;
        if (arg === "$1" && fsEquals) continue;
        return false;
      }
    }
  }
  return true;
}

// sed scripts that print only the key names (s/=.*//) or the line count (-n $=).
function sedConceals(a: string[]): boolean {
  const quiet = hasOption(a, "n", ["--quiet", "--silent"], "efl");
  const scripts: string[] = [];
  let first: string | undefined;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (x === "-e" || x === "--expression") scripts.push(a[++i] ?? "");
    else if (x === "-f" || x === "--file" || x === "-i" || x.startsWith("-i") || x.startsWith("--in-place"))
      return false;
    else if (!x.startsWith("-") && first === undefined && scripts.length === 0) first = x;
  }
  if (first !== undefined) scripts.push(first);
  if (scripts.length === 0) return false;
  const cmds = scripts.flatMap((s) => s.split(/\s*[;\n]\s*/)).filter((s) => s !== "");
  if (quiet) return cmds.length > 0 && cmds.every((c) => c === "$=");
  // An empty script (`sed '' FILE`) prints every line.
  return (
    cmds.length > 0 &&
    cmds.every((c) => /^s([/|#])=\.\*\$?\1\1g?$/.test(c) || /^\/\^(\\s\*)?#?\/d$/.test(c) || c === "/^$/d")
  );
}
