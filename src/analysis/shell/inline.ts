// Interpreters' inline code (`python -c`, `node -e`, `perl -e`, `ruby -e`, `php -r`, awk programs,
// heredocs fed to `python3 -`, …). The code itself is kept for rules that read it (exfiltration); the
// shell commands it runs (os.system, subprocess, child_process, system, backticks) are analysed as shell,
// and its deletions, file writes and raw device writes become equivalent commands (`shutil.rmtree(p)` →
// `rm -rf p`, `open(p, "w")` → `tee p`) so the filesystem, protected-path and disk rules see them. Best effort:
// scanning is linear and reads all of the code (every match counts its steps against the deadline).
import type { InlineCode, SimpleCommand, WordInfo } from "./types.js";
import { addCommand, copyEnv, MAX_DEPTH, programName, type Ctx, type Env, type WalkState } from "./walk-state.js";
import { step } from "../../util/deadline.js";
import { recordWrites } from "./files.js";
import { deobfuscate } from "./deobfuscate.js";

/** A cheap look for what deobfuscate.ts decodes, before it runs. */
const OBFUSCATION =
  /b64|base64|atob|Base64|decode|hex|chr\(|char\(|fromCharCode|reverse|\[::-1\]|getattr|__import__|import_module|bytes\(\s*\[|rot_?13|\.tr\(|pack\(|unpack|inflate|gunzip|join\(|\bas\s+\w|\{\s*\w+\s*:\s*\w+\s*\}\s*=\s*require|['"]\s*(?:\+|\.\.?|\s)\s*['"]/;

/** The language and inline code a command runs, if it is an interpreter given code inline or on stdin. */
/** Programs that run inline code (a quick filter before the detailed checks). */
const INTERPRETER_NAMES = new Set([
  "pwsh",
  "powershell",
  "node",
  "nodejs",
  "bun",
  "deno",
  "perl",
  "ruby",
  "php",
  "lua",
  "luajit",
  "osascript",
  "Rscript",
  "awk",
  "gawk",
  "mawk",
  "nawk",
  "tclsh",
  "wish",
  "julia",
  "groovy",
  "guile",
  "racket",
  "erl",
  "elixir",
  "scala",
  "scala-cli",
  "kotlinc",
  "kotlin",
  "clojure",
  "clj",
  "bb",
  "crystal",
  "jshell",
  "octave",
  "octave-cli",
]);

/** Whether a program is an interpreter whose inline or stdin code inline.ts reads (lua5.4 and python3.12 by prefix). */
export function isInterpreter(p: string): boolean {
  return INTERPRETER_NAMES.has(p) || /^(?:python|pypy|lua[0-9.]+$)/.test(p);
}

export function interpreterCode(sc: SimpleCommand): { language: string; code: string } | undefined {
  const p = sc.program;
  if (!isInterpreter(p)) return undefined;
  const args = sc.args;
  const stdinCode = sc.stdin && sc.stdin.kind !== "file" ? sc.stdin.text : undefined;
  const collect = (flags: (a: string) => boolean, language: string, valueOpts: Set<string> = new Set()) => {
    const codes: string[] = [];
    let script: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (script !== undefined) break;
      if (flags(a)) {
        if (args[i + 1] !== undefined) codes.push(args[i + 1]!);
        i++;
        continue;
      }
      const eq = a.indexOf("=");
      if (a.startsWith("--") && eq > 0 && flags(a.slice(0, eq))) {
        codes.push(a.slice(eq + 1));
        continue;
      }
      if (valueOpts.has(a)) {
        i++;
        continue;
      }
      if (a === "-" || !a.startsWith("-")) script = a;
    }
    if (codes.length) return { language, code: codes.join("\n") };
    if ((script === undefined || script === "-" || script === "/dev/stdin") && stdinCode !== undefined)
      return { language, code: stdinCode };
    return undefined;
  };
  if (/^(python[0-9.]*|pypy[0-9.]*)$/.test(p)) {
    // -m runs a module: no inline code.
    if (args.includes("-m") && !args.some((a) => /^-[a-zA-Z]*c$/.test(a))) return undefined;
    return collect((a) => /^-[a-zA-Z]*c$/.test(a) && !a.startsWith("--"), "python", new Set(["-W", "-X", "-Q"]));
  }
  if (p === "node" || p === "nodejs" || p === "bun")
    return collect(
      (a) => a === "-e" || a === "--eval" || a === "-p" || a === "--print",
      "node",
      new Set(["-r", "--require", "--import", "--loader", "--conditions", "-C"]),
    );
  if (p === "deno") {
    if (args[0] === "eval")
      return args[1] !== undefined
        ? {
            language: "node",
            code: args
              .slice(1)
              .filter((a) => !a.startsWith("-"))
              .join("\n"),
          }
        : undefined;
    return undefined;
  }
  if (p === "perl" || p === "ruby")
    return collect((a) => /^-[a-zA-Z0-9]*[eE]$/.test(a) && !a.startsWith("--"), p, new Set(["-I", "-M", "-r", "-x"]));
  if (p === "php") return collect((a) => a === "-r" || a === "--run", "php", new Set(["-d", "-c", "-f"]));
  if (p === "lua" || p === "luajit" || /^lua[0-9.]+$/.test(p))
    return collect((a) => a === "-e", "lua", new Set(["-l"]));
  // Less common interpreters: their inline-code option (Tcl reads stdin or a script file only).
  if (p === "tclsh" || p === "wish") return collect(() => false, "tcl", new Set(["-encoding"]));
  if (p === "julia")
    return collect(
      (a) => a === "-e" || a === "--eval" || a === "-E" || a === "--print",
      "julia",
      new Set(["-L", "-J", "-t", "-p"]),
    );
  if (p === "groovy") return collect((a) => a === "-e", "groovy", new Set(["-cp", "-classpath", "-D"]));
  if (p === "guile") return collect((a) => a === "-c", "scheme", new Set(["-L", "-l", "-e", "-x"]));
  if (p === "racket") return collect((a) => a === "-e" || a === "--eval", "scheme", new Set(["-l", "-t", "-r"]));
  if (p === "erl")
    return collect((a) => a === "-eval", "erlang", new Set(["-s", "-run", "-sname", "-name", "-pa", "-pz"]));
  if (p === "elixir") return collect((a) => a === "-e" || a === "--eval", "elixir", new Set(["-r", "-pa", "-pz"]));
  if (p === "pwsh" || p === "powershell") {
    const enc = args.findIndex((a) => /^-(?:e|ec|enc|encodedcommand)$/i.test(a));
    if (enc >= 0 && args[enc + 1])
      return { language: "powershell", code: Buffer.from(args[enc + 1]!, "base64").toString("utf16le") };
    return collect(
      (a) => /^-(?:c|command)$/i.test(a),
      "powershell",
      new Set(["-File", "-f", "-ExecutionPolicy", "-ep"]),
    );
  }
  // JVM languages, Clojure, Crystal and Octave: their inline-code options (jshell reads stdin).
  if (p === "scala" || p === "scala-cli")
    return collect(
      (a) => a === "-e" || a === "--execute-scala" || a === "--scala-snippet",
      "jvm",
      new Set(["-cp", "-classpath"]),
    );
  if (p === "kotlinc" || p === "kotlin")
    return collect((a) => a === "-e" || a === "-expression", "jvm", new Set(["-cp", "-classpath", "-d"]));
  if (p === "jshell") return collect(() => false, "jvm", new Set(["--class-path", "-cp", "--add-modules"]));
  if (p === "clojure" || p === "clj" || p === "bb")
    return collect((a) => a === "-e" || a === "--eval", "clojure", new Set(["-Sdeps", "-A", "-X", "-T", "-cp"]));
  if (p === "crystal")
    return args[0] === "eval" && args[1] !== undefined
      ? {
          language: "ruby",
          code: args
            .slice(1)
            .filter((a) => !a.startsWith("-"))
            .join("\n"),
        }
      : undefined;
  if (p === "octave" || p === "octave-cli")
    return collect((a) => a === "--eval", "octave", new Set(["-p", "--path", "--exec-path"]));
  if (p === "osascript") return collect((a) => a === "-e", "applescript");
  if (p === "Rscript") return collect((a) => a === "-e", "r");
  if (p === "awk" || p === "gawk" || p === "mawk" || p === "nawk") {
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === "-f" || a === "--file") return undefined;
      if (a === "-F" || a === "-v" || a === "--assign" || a === "--field-separator") {
        i++;
        continue;
      }
      if (a.startsWith("-")) continue;
      return { language: "awk", code: a };
    }
  }
  return undefined;
}

// ---- string literals ---------------------------------------------------------------------------

interface Lit {
  value: string;
  end: number;
  /** The literal held an interpolation that could not be resolved. */
  dynamic: boolean;
}

function skipWs(code: string, i: number): number {
  while (i < code.length && (code[i] === " " || code[i] === "\t" || code[i] === "\n" || code[i] === "\r")) i++;
  return i;
}

function unescapeLiteral(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const d = s[++i]!;
    if (d === "n") out += "\n";
    else if (d === "t") out += "\t";
    else if (d === "x" && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out += d;
  }
  return out;
}

// ---- variables ---------------------------------------------------------------------------------

/**
 * The string variables of the code being analysed (`h = os.environ['HOME']`, `const p = '/etc'`,
 * `my $d = "$ENV{HOME}/.ssh"`), name → value as far as it is known: a variable used where a path or a
 * command is expected reads as its value. Set while analyzeInlineCode runs (the scanners are synchronous).
 */
let scope: Map<string, string> | undefined;

/** Assignments: `x = …`, `const x = …`, `let a = …, b = …`, `my $x = …`, `$x = …` (PHP), `local x = …`. */
const ASSIGN =
  /(?:^|[;\n{]|,|\b(?:const|let|var|my|our|local)\s)\s*(\$?[A-Za-z_]\w*)\s*(?::\s*[A-Za-z_][\w.]*\s*)?=(?![=>~])/g;

/** The variables code assigns, in order: a later assignment of an unknown value forgets the name. */
function bindingsOf(code: string, outer: Map<string, string> | undefined): Map<string, string> {
  const vars = new Map(outer);
  if (!code.includes("=")) return vars;
  const saved = scope;
  scope = vars;
  try {
    ASSIGN.lastIndex = 0;
    let m: RegExpExecArray | null;
    for (let n = 0; (m = ASSIGN.exec(code)) && n < 200; n++) {
      step();
      const v = pathExpr(code, m.index + m[0].length);
      if (v.value !== undefined) vars.set(m[1]!, v.value);
      else vars.delete(m[1]!);
    }
  } finally {
    scope = saved;
  }
  return vars;
}

/** A variable of the scope named at i (not a call, an index or an attribute of something else). */
function variableAt(code: string, i: number): { value: string; end: number } | undefined {
  if (!scope?.size) return undefined;
  const m = /\$?[A-Za-z_]\w*/y;
  m.lastIndex = i;
  const name = m.exec(code)?.[0];
  if (!name || /[\w.$]/.test(code[i - 1] ?? "")) return undefined;
  const value = scope.get(name);
  if (value === undefined) return undefined;
  const end = i + name.length;
  if (/^\s*[([]/.test(code.slice(end, end + 8)) && !name.startsWith("$")) return undefined;
  return { value, end };
}

/** Reads one string literal at i (after optional whitespace): '…', "…", `…`, Python r/b/f prefixes, triple quotes. */
function readString(code: string, i: number): Lit | undefined {
  i = skipWs(code, i);
  const variable = variableAt(code, i);
  if (variable) return { value: variable.value, end: variable.end, dynamic: false };
  let raw = false;
  let format = false;
  let k = i;
  while (k < i + 2 && /[rRbBuUfF]/.test(code[k] ?? "")) {
    if (code[k] === "r" || code[k] === "R") raw = true;
    if (code[k] === "f" || code[k] === "F") format = true;
    k++;
  }
  const q = code[k];
  if (q !== "'" && q !== '"' && q !== "`") return undefined;
  const triple = code.startsWith(q.repeat(3), k);
  const open = triple ? 3 : 1;
  const close = triple ? q.repeat(3) : q;
  let j = k + open;
  let body = "";
  let dynamic = false;
  while (j < code.length && !code.startsWith(close, j)) {
    if (code[j] === "\\" && !raw) {
      body += code.slice(j, j + 2);
      j += 2;
      continue;
    }
    if (q === '"' && code[j] === "$" && /[A-Za-z_{]/.test(code[j + 1] ?? "")) {
      // Perl and PHP interpolate "$ENV{HOME}/.bashrc", "$home/x": the home directory is known, and so are
      // the code's own variables; others are not.
      const home = homeExpr(code, j);
      if (home) {
        body += "~";
        j = home.end;
        continue;
      }
      const v = variableAt(code, j);
      if (v) {
        body += v.value;
        j = v.end;
        continue;
      }
      dynamic = true;
    }
    const interpolation =
      (q === "`" && code.startsWith("${", j)) || (q === '"' && code[j] === "#" && code[j + 1] === "{")
        ? 2
        : format && code[j] === "{" && code[j + 1] !== "{"
          ? 1
          : 0;
    if (interpolation) {
      // JavaScript's ${…}, Ruby's #{…}, Python's f-string {…}: the home directory or a known variable.
      const end = code.indexOf("}", j);
      if (end < 0) break;
      const expr = code.slice(j + interpolation, end).trim();
      const home = homeExpr(expr, 0);
      const v = scope?.get(expr);
      if (home && home.end === expr.length) body += "~";
      else if (v !== undefined) body += v;
      else dynamic = true;
      j = end + 1;
      continue;
    }
    if (format && code.startsWith("{{", j)) {
      body += "{";
      j += 2;
      continue;
    }
    body += code[j];
    j++;
  }
  step(j - k);
  if (j >= code.length) return undefined;
  return { value: raw ? body : unescapeLiteral(body), end: j + close.length, dynamic };
}

/**
 * A command string joined from a list at i: Python's `' '.join([…])` (the separator read first, see
 * readConcat), JavaScript's and Ruby's `[…].join(' ')` and `%w[…].join(' ')`, Perl's `join(' ', …)`.
 */
function readJoin(code: string, i: number): Lit | undefined {
  i = skipWs(code, i);
  const perl = /join\s*(?=\()/y;
  perl.lastIndex = i;
  if (perl.exec(code)) {
    const list = readList(code, perl.lastIndex);
    if (!list || list.items.length < 2) return undefined;
    return { value: list.items.slice(1).join(list.items[0]!), end: list.end, dynamic: false };
  }
  let items: string[] | undefined;
  let end = i;
  const words = /%w([[(])([^\])]*)[\])]/y;
  words.lastIndex = i;
  const w = words.exec(code);
  if (w) {
    items = w[2]!.trim().split(/\s+/);
    end = words.lastIndex;
  } else if (code[i] === "[") {
    const list = readList(code, i);
    if (list) {
      items = list.items;
      end = list.end;
    }
  }
  if (!items) return undefined;
  const call = /\s*\.join\s*(\(\s*\)|\(|(?![\w(]))/y;
  call.lastIndex = end;
  const m = call.exec(code);
  if (!m) return undefined;
  // Ruby's join without an argument glues the words; JavaScript's puts commas between them.
  if (m[1] !== "(") return { value: items.join(w ? "" : ","), end: call.lastIndex, dynamic: false };
  const sep = readString(code, call.lastIndex);
  if (!sep) return undefined;
  const close = skipWs(code, sep.end);
  if (code[close] !== ")") return undefined;
  return { value: items.join(sep.value), end: close + 1, dynamic: sep.dynamic };
}

/** Python's `SEP.join([…])` after the separator literal: the joined string, or undefined. */
function pythonJoin(code: string, sep: Lit): Lit | undefined {
  const call = /\s*\.join\s*\(\s*/y;
  call.lastIndex = sep.end;
  if (!call.exec(code)) return undefined;
  const list = readList(code, call.lastIndex);
  if (!list) return undefined;
  const close = skipWs(code, list.end);
  if (code[close] !== ")") return undefined;
  return { value: list.items.join(sep.value), end: close + 1, dynamic: sep.dynamic };
}

/** A string literal, possibly concatenated with more ('a' + 'b', "a" . "b"), or joined from a list. */
function readConcat(code: string, i: number): Lit | undefined {
  const first = readString(code, i);
  let lit = first ? (pythonJoin(code, first) ?? first) : readJoin(code, i);
  if (!lit) return undefined;
  for (;;) {
    let j = skipWs(code, lit.end);
    if (code[j] !== "+" && code[j] !== ".") break;
    if (code[j] === "." && code[j + 1] === ".") j++; // Lua's ..
    // 'rm -rf ' + os.environ['HOME']: the home directory is known, whatever spells it.
    const home = homeExpr(code, skipWs(code, j + 1));
    const more = readString(code, j + 1) ?? (home ? { value: "~", end: home.end, dynamic: false } : undefined);
    if (!more) break;
    lit = { value: lit.value + more.value, end: more.end, dynamic: lit.dynamic || more.dynamic };
  }
  return lit;
}

/** A list of string literals: [ 'rm', '-rf', '/' ]. */
function readList(code: string, i: number): { items: string[]; end: number } | undefined {
  i = skipWs(code, i);
  if (code[i] !== "[" && code[i] !== "(") return undefined;
  const closeCh = code[i] === "[" ? "]" : ")";
  let j = i + 1;
  const items: string[] = [];
  for (;;) {
    j = skipWs(code, j);
    if (code[j] === closeCh) return { items, end: j + 1 };
    const lit = readConcat(code, j);
    if (lit) {
      items.push(lit.value);
      j = skipWs(code, lit.end);
    } else {
      // An argument built from a path expression (os.path.expanduser('~'), str(Path.home()), …).
      if (items.length === 0) return undefined;
      const wrapped = code.startsWith("str(", j);
      const p = pathExpr(code, wrapped ? j + 4 : j);
      if (p.value === undefined || p.end <= j) return undefined;
      items.push(p.value);
      j = skipWs(code, p.end);
      if (wrapped && code[j] === ")") j = skipWs(code, j + 1);
    }
    if (code[j] === ",") j++;
  }
}

// ---- path expressions --------------------------------------------------------------------------

const HOME_EXPRS = [
  /os\.path\.expanduser\(\s*(['"])~\1\s*\)/y,
  /(?:Deno\.env\.get|Bun\.env\.get)\(\s*['"]HOME['"]\s*\)/y,
  /Bun\.env\.HOME\b/y,
  /(?:pathlib\.)?Path\.home\(\s*\)/y,
  /(?:require\(\s*['"](?:node:)?os['"]\s*\)|os)\.homedir\(\s*\)/y,
  /process\.env\.HOME\b/y,
  /process\.env\[\s*['"]HOME['"]\s*\]/y,
  /os\.environ\[\s*['"]HOME['"]\s*\]/y,
  /os\.(?:getenv|environ\.get)\(\s*['"]HOME['"]\s*\)/y,
  /ENV\[\s*['"]HOME['"]\s*\]/y,
  /Dir\.home\b/y,
  /\$ENV\{\s*['"]?HOME['"]?\s*\}/y,
  /(?:getenv|\$_SERVER\[|\$_ENV\[)\(?\s*['"]HOME['"]\s*[\])]/y,
  /homedir\(\s*\)/y,
];

/** The working directory, as inline code names it (`node -e`'s __dirname is the cwd too). */
const CWD_EXPRS = [
  /__dirname\b/y,
  /process\.cwd\(\s*\)/y,
  /os\.getcwd\(\s*\)/y,
  /(?:pathlib\.)?Path\.cwd\(\s*\)/y,
  /Dir\.pwd\b/y,
  /getcwd\(\s*\)/y,
];

/** The end of the first of `exprs` (sticky regexes) that matches at i. */
function exprAt(exprs: RegExp[], code: string, i: number): { end: number } | undefined {
  for (const re of exprs) {
    re.lastIndex = i;
    const m = re.exec(code);
    if (m) return { end: i + m[0].length };
  }
  return undefined;
}

/**
 * The end of the argument expression at i (the next comma or closing bracket at its own depth), for an
 * argument staso cannot evaluate: what follows it (an open mode, a destination) is still read.
 */
function skipExpr(code: string, i: number): number {
  let depth = 0;
  for (let j = i; j < code.length && j < i + 2000; j++) {
    const c = code[j]!;
    if (c === "'" || c === '"' || c === "`") {
      const lit = readString(code, j);
      if (lit) {
        j = lit.end - 1;
        continue;
      }
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) return j;
      depth--;
    } else if (c === "," && depth === 0) return j;
  }
  return i;
}

const homeExpr = (code: string, i: number) => exprAt(HOME_EXPRS, code, i);

const PATH_WRAPPERS =
  /(?:\bstr|os\.path\.(?:expanduser|abspath|realpath|normpath)|(?:pathlib\.)?Path|File\.expand_path|path\.resolve|path\.normalize|Pathname\.new|realpath|new\s+File|glob)\s*\(/y;
const PATH_JOIN =
  /(?:os\.path\.join|path\.join|path\.resolve|File\.join|require\(\s*['"](?:node:)?path['"]\s*\)\.(?:join|resolve))\s*\(/y;

const DIRNAME = /^(?:os\.path\.dirname|path\.dirname|File\.dirname|dirname)\s*\(/;

/** Evaluates a path expression at i: a literal, a home expression, a join, a concatenation. undefined value: unknown. */
function pathExpr(code: string, i: number, depth = 0): { value: string | undefined; end: number } {
  i = skipWs(code, i);
  if (depth > 4) return { value: undefined, end: i };
  let value: string | undefined;
  let end = i;
  PATH_JOIN.lastIndex = i;
  const join = PATH_JOIN.exec(code);
  PATH_WRAPPERS.lastIndex = i;
  const wrap = join ? null : PATH_WRAPPERS.exec(code);
  const home = homeExpr(code, i);
  const cwd = home ? undefined : exprAt(CWD_EXPRS, code, i);
  if (home) {
    value = "~";
    end = home.end;
  } else if (cwd) {
    value = ".";
    end = cwd.end;
  } else if (join) {
    const parts: (string | undefined)[] = [];
    let j = i + join[0].length;
    for (;;) {
      const p = pathExpr(code, j, depth + 1);
      parts.push(p.value);
      j = skipWs(code, p.end);
      if (code[j] === ",") {
        j++;
        continue;
      }
      break;
    }
    if (code[j] === ")") j++;
    end = j;
    value = parts.some((p) => p === undefined)
      ? undefined
      : parts.reduce((acc, p) => (p!.startsWith("/") ? p! : acc ? `${acc.replace(/\/+$/, "")}/${p}` : p!), "");
  } else if (wrap) {
    const p = pathExpr(code, i + wrap[0].length, depth + 1);
    let j = skipWs(code, p.end);
    if (code[j] === ")") j++;
    value = p.value;
    end = j;
  } else if (DIRNAME.test(code.slice(i, i + 24))) {
    // The folder above: os.path.dirname(os.getcwd()) is the project's parent.
    const open = code.indexOf("(", i);
    const p = pathExpr(code, open + 1, depth + 1);
    let j = skipWs(code, p.end);
    if (code[j] === ")") j++;
    value = p.value === undefined ? undefined : `${p.value.replace(/\/+$/, "")}/..`;
    end = j;
  } else {
    const lit = readString(code, i);
    const named = lit ? undefined : variablePath(code, i, depth);
    if (lit) {
      value = lit.dynamic ? undefined : lit.value;
      end = lit.end;
    } else if (named) {
      value = named.value;
      end = named.end;
    } else return { value: undefined, end: skipExpr(code, i) };
  }
  // Trailing .expanduser() / .resolve() and concatenations with literals.
  for (;;) {
    const j = skipWs(code, end);
    const m = /\.(?:expanduser|resolve|absolute|to_s|toString)\(\s*\)/y;
    m.lastIndex = j;
    const mm = m.exec(code);
    if (mm) {
      end = j + mm[0].length;
      continue;
    }
    // pathlib's .joinpath('a', 'b').
    if (code.startsWith(".joinpath(", j)) {
      const parts = readList(code, j + 9);
      if (parts) {
        value = value === undefined ? undefined : [value.replace(/\/+$/, ""), ...parts.items].join("/");
        end = parts.end;
        continue;
      }
    }
    if (code[j] === "+" || code[j] === "." || (code[j] === "/" && code[j + 1] !== "/")) {
      const lit = readString(code, j + 1);
      // A folder joined with a name only known at run time (`dir + f`): some entry of that folder.
      const unknownName =
        !lit && code[j] === "+" && value?.endsWith("/")
          ? /^\s*[A-Za-z_$][\w$]*(?![\w$(.[])/.exec(code.slice(j + 1, j + 80))
          : null;
      const homeNext = !lit && code[j] === "+" ? homeExpr(code, skipWs(code, j + 1)) : undefined;
      if (homeNext) {
        // 'rm -rf ' + os.homedir(): the home directory, as the shell would name it.
        value = value === undefined ? undefined : `${value}~`;
        end = homeNext.end;
        continue;
      }
      if (unknownName) {
        value = `${value}*`;
        end = j + 1 + unknownName[0].length;
        continue;
      }
      if (lit) {
        value =
          value === undefined || lit.dynamic
            ? undefined
            : code[j] === "/"
              ? `${value.replace(/\/+$/, "")}/${lit.value}`
              : value + lit.value;
        end = lit.end;
        continue;
      }
    }
    break;
  }
  if (value?.startsWith("~") && value !== "~" && !value.startsWith("~/")) value = value.replace(/^~/, "~/");
  return { value, end };
}

/**
 * A variable standing for a path (`p = '/home/dev/.netrc'; open(p)`, `const f = os.homedir() + '/.npmrc'`,
 * `my $f = "…"`): the value of its last assignment before the use, when that is a path expression.
 */
function variablePath(code: string, i: number, depth: number): { value: string; end: number } | undefined {
  const id = /\$?[A-Za-z_][\w]*/y;
  id.lastIndex = i;
  const m = id.exec(code);
  if (!m || depth > 3 || /^(?:my|const|let|var|None|null|nil|undefined|True|False|true|false)$/.test(m[0]))
    return undefined;
  const after = skipWs(code, i + m[0].length);
  if (code[after] === "(" || code[after] === "[") return undefined;
  const name = m[0].replace(/\$/g, "\\$");
  const assign = new RegExp(`(?:^|[^\\w$.])${name}\\s*=(?![=~>])\\s*`, "g");
  let last: RegExpExecArray | undefined;
  for (let a: RegExpExecArray | null; (a = assign.exec(code)) && a.index < i; ) last = a;
  if (!last) return undefined;
  const p = pathExpr(code, last.index + last[0].length, depth + 1);
  return p.value === undefined ? undefined : { value: p.value, end: i + m[0].length };
}

/**
 * Perl's open with the mode apart or in front (`open(my $fh, "<", $path)`, `open(FH, "<path")`,
 * `open FH, $path`): the path it reads, undefined for a write or a pipe.
 */
function perlOpenPath(code: string, i: number, depth: number): { value: string | undefined; end: number } | undefined {
  const three = /\s*(?:my\s+)?[$\w]+\s*,\s*(['"])<(?::[\w()-]+)?\1\s*,\s*/y;
  three.lastIndex = i;
  const t = three.exec(code);
  if (t) return pathExpr(code, i + t[0].length, depth + 1);
  const two = /\s*(?:my\s+)?[$\w]+\s*,\s*(['"])<?\s*([^'"<>|+&$]+)\1/y;
  two.lastIndex = i;
  const w = two.exec(code);
  return w ? { value: w[2]!.trim(), end: i + w[0].length } : undefined;
}

// ---- scanning ----------------------------------------------------------------------------------

const SHELL_OUTS: Record<string, RegExp> = {
  python:
    /\b(?:os\.system|os\.popen|(?:exec[lv]p?e?|posix_spawnp?|spawn[lv]p?e?)|\w+\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput|system|popen)|commands\.getoutput|pty\.spawn|sh\.Command)\s*\(/g,
  node: /(?:\b(?:execSync|exec|spawnSync|spawn|execFileSync|execFile|execa|execaSync|execaCommand|execaCommandSync)|Bun\.spawnSync|Bun\.spawn|new\s+Deno\.Command|Deno\.Command)\s*\(|\$`|\bBun\.\$`/g,
  perl: /\b(?:system|exec|qx)\s*[({]?|`/g,
  ruby: /\b(?:system|exec|spawn|IO\.popen|Open3\.\w+)\s*[({]?|%x\s*[({]|`/g,
  php: /\b(?:system|exec|shell_exec|passthru|popen|proc_open)\s*\(|`/g,
  lua: /\b(?:os\.execute|io\.popen)\s*\(/g,
  applescript: /\bdo shell script\s*/g,
  r: /\b(?:system|system2)\s*\(/g,
  awk: /\bsystem\s*\(/g,
  julia: /`/g,
  groovy: /\bsystem\s*\(/g,
  scheme: /\(system\*?\s+/g,
  erlang: /\bos:cmd\s*\(/g,
  elixir: /(?:\bSystem\.(?:cmd|shell)|:os\.cmd)\s*\(/g,
  // The languages below are first rewritten (SPELLINGS) so that their shell-outs read as system(…).
  jvm: /\bsystem\s*\(/g,
  clojure: /\bsystem\s*\(/g,
  octave: /\bsystem\s*\(/g,
  go: /\bsystem\s*\(/g,
  rust: /\bsystem\s*\(/g,
  csharp: /\bsystem\s*\(/g,
};

/** A home-folder variable (`h, _ := os.UserHomeDir()`, `let h = …`) read as the home folder wherever it is used. */
function homeVariables(code: string): string {
  const names = [...code.matchAll(/\b([A-Za-z_]\w*)\s*=\s*os\.homedir\(\)/g)].map((m) => m[1]!).slice(0, 8);
  let out = code;
  for (const n of names) out = out.replace(new RegExp(`(?<![\\w.$])${n}\\b(?!\\s*=[^=])`, "g"), "os.homedir()");
  return out;
}
/** An argument list `a, b, c` (no nested calls but one level of parentheses) as a list literal. */
const ARGS = String.raw`((?:[^()]|\([^()]*\))*)`;

/**
 * Each less common language's library calls, rewritten as the spellings the scanners below read (a
 * recursive delete as rm -r, a home expression as the home folder, a command string's run as system()).
 */
type Spelling = [RegExp, string | ((...m: string[]) => string)] | ((code: string) => string);
const HOME_JVM: [RegExp, string] = [
  /System\.getProperty\s*\(\s*(['"])user\.home\1\s*\)|System\.getenv\s*\(\s*(['"])HOME\2\s*\)|\bsys\.env\s*\(\s*"HOME"\s*\)|\bsys\.props\s*\(\s*"user\.home"\s*\)/g,
  "os.homedir()",
];
const SPELLINGS: Record<string, Spelling[]> = {
  julia: [[/\brm\s*\(/g, "fs.rmSync("]],
  // `from subprocess import call; call('rm -rf ~', shell=True)`: the bare names as the module's calls.
  python: [
    (code) =>
      /\bfrom\s+(?:subprocess|os)\s+import\b/.test(code)
        ? code.replace(
            /(?<![\w.])(call|check_call|check_output|run|Popen|getoutput|getstatusoutput|system|popen)\s*\(/g,
            "subprocess.$1(",
          )
        : code,
  ],
  // require('child_process')['execSync'](…) once the name's pieces are joined: a call like any other.
  node: [[/\[\s*(['"])([A-Za-z_]\w*)\1\s*\]\s*(?=\()/g, ".$2"]],
  jvm: [
    HOME_JVM,
    [/\bval\s+/g, "let "],
    [/new\s+String\s*\[\s*\]\s*\{([^{}]*)\}/g, "[$1]"],
    [
      new RegExp(String.raw`(?:java\.io\.)?\bFile\s*\(${ARGS}\)\s*\.(?:deleteRecursively|deleteDir)\s*\(\s*\)`, "g"),
      "shutil.rmtree($1)",
    ],
    [
      new RegExp(String.raw`(?:java\.io\.)?\bFile\s*\(${ARGS}\)\s*\.(?:readText|readBytes|readLines)\s*\(\s*\)`, "g"),
      "open($1)",
    ],
    [/Runtime\.getRuntime\(\)\s*\.exec\s*\(/g, "system("],
    [new RegExp(String.raw`new\s+ProcessBuilder\s*\(${ARGS}\)`, "g"), "system([$1])"],
    [
      new RegExp(
        String.raw`(?:sys\.process\.)?\bProcess\s*\(\s*(?:Seq|List)\s*\(${ARGS}\)\s*\)\s*\.(?:!!?|lazyLines|run)`,
        "g",
      ),
      "system([$1])",
    ],
    [new RegExp(String.raw`\b(?:Seq|List)\s*\(${ARGS}\)\s*\.(?:!!?|lazyLines|run)`, "g"), "system([$1])"],
    [/("(?:[^"\\]|\\.)*")\s*\.(?:!!?|lazyLines)/g, "system($1)"],
    homeVariables,
  ],
  clojure: [
    [
      /\(System\/getProperty\s+"user\.home"\s*\)|\(System\/getenv\s+"HOME"\s*\)|\((?:babashka\.)?fs\/home\s*\)/g,
      "os.homedir()",
    ],
    [/\((?:babashka\.)?fs\/delete-tree\s+((?:[^()]|\([^()]*\))*?|os\.homedir\(\))\s*\)/g, "shutil.rmtree($1)"],
    [
      /\((?:clojure\.java\.shell\/|babashka\.process\/|p\/)?(?:sh|shell|process)\s+((?:\s*(?:"(?:[^"\\]|\\.)*"|os\.homedir\(\)))+)\s*\)/g,
      (_all: string, items: string) =>
        `system([${items.trim().replace(/"\s+(?=")|"\s+(?=os\.)|\)\s+(?=")/g, (m) => `${m.trimEnd()}, `)}])`,
    ],
  ],
  octave: [
    [/\bgetenv\s*\(\s*(['"])HOME\1\s*\)/g, "os.homedir()"],
    [
      new RegExp(String.raw`\brmdir\s*\(${ARGS}\)`, "g"),
      (_a: string, args: string) =>
        /['"]s['"]/.test(args) ? `shutil.rmtree(${args.split(",")[0]})` : `os.rmdir(${args})`,
    ],
    [/\bdelete\s*\(/g, "os.remove("],
  ],
  go: [
    [/\b([A-Za-z_]\w*)\s*(?:,\s*_\s*)?:=/g, "$1 ="],
    [/\bos\.UserHomeDir\s*\(\s*\)|\bos\.Getenv\s*\(\s*"HOME"\s*\)/g, "os.homedir()"],
    [/\bos\.RemoveAll\s*\(/g, "shutil.rmtree("],
    [/\bos\.(?:Open|ReadFile)\s*\(/g, "open("],
    [new RegExp(String.raw`\bexec\.Command(?:Context)?\s*\(${ARGS}\)`, "g"), "system([$1])"],
    homeVariables,
  ],
  rust: [
    [
      /\bstd::env::var\s*\(\s*"HOME"\s*\)\s*(?:\.unwrap\(\)|\?|\.expect\([^)]*\))|\b(?:dirs|home)::home_dir\s*\(\s*\)\s*(?:\.unwrap\(\))?/g,
      "os.homedir()",
    ],
    [/\blet\s+(?:mut\s+)?/g, "let "],
    [/\b(?:std::)?fs::remove_dir_all\s*\(/g, "shutil.rmtree("],
    [/\b(?:std::)?fs::(?:read_to_string|read)\s*\(/g, "open("],
    homeVariables,
  ],
  csharp: [
    [
      /(?:System\.)?Environment\.GetFolderPath\s*\(\s*(?:System\.)?Environment\.SpecialFolder\.(?:UserProfile|Personal)\s*\)|(?:System\.)?Environment\.GetEnvironmentVariable\s*\(\s*"HOME"\s*\)/g,
      "os.homedir()",
    ],
    [
      new RegExp(String.raw`(?:System\.IO\.)?Directory\.Delete\s*\(${ARGS}\)`, "g"),
      (_a: string, args: string) =>
        /,\s*true\s*$/.test(args) ? `shutil.rmtree(${args.replace(/,\s*true\s*$/, "")})` : `os.rmdir(${args})`,
    ],
    [/(?:System\.IO\.)?File\.ReadAllText\s*\(/g, "open("],
    [/(?:System\.Diagnostics\.)?Process\.Start\s*\(/g, "system("],
    homeVariables,
  ],
  r: [
    [/\bunlink\s*\(/g, "fs.rmSync("],
    [/\bpath\.expand\s*\(\s*(['"])~\1\s*\)/g, '"~"'],
  ],
  groovy: [
    [/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\[[^\]]*\])\s*\.execute\s*\(\s*\)/g, "system($1)"],
    [/new\s+File\s*\(((?:[^()]|\([^()]*\))*)\)\s*\.(?:deleteDir|deleteRecursively)\s*\(\s*\)/g, "shutil.rmtree($1)"],
    [/System\.getenv\s*\(\s*(['"])HOME\1\s*\)|System\.getProperty\s*\(\s*(['"])user\.home\2\s*\)/g, "os.homedir()"],
  ],
  elixir: [
    [/\bFile\.rm_rf!?\s*\(/g, "shutil.rmtree("],
    [/\bFile\.rm!?\s*\(/g, "os.remove("],
    [/\bFile\.read!\s*\(/g, "File.read("],
    [/\bSystem\.user_home!?\s*\(\s*\)|\bSystem\.get_env\s*\(\s*"HOME"\s*\)/g, "os.homedir()"],
  ],
  erlang: [[/\bfile:del_dir_r\s*\(/g, "shutil.rmtree("]],
  scheme: [[/\(delete-directory\/files\s+/g, "(shutil.rmtree "]],
  // awk: ENVIRON["HOME"] is the home folder; strings side by side are concatenated.
  awk: [
    [/ENVIRON\[\s*"HOME"\s*\]/g, "os.homedir()"],
    [/("(?:[^"\\\n]|\\.)*"|os\.homedir\(\))[ \t]+(?=["]|os\.homedir\(\)|ENVIRON\[)/g, "$1 + "],
  ],
};

const RECURSIVE_DELETES =
  /(?:\b(?:shutil\.rmtree|rmtree|remove_tree|FileUtils\.rm_rf|FileUtils\.rm_r|FileUtils\.remove_dir|FileUtils\.remove_entry(?:_secure)?|rimraf(?:\.sync|Sync)?|fs\.rmSync|fs\.rm|fsp\.rm|fs\.promises\.rm|promises\.rm|rmSync|fs\.rmdirSync|fs\.rmdir|Deno\.remove(?:Sync)?|fs\.remove(?:Sync)?|fse\.remove(?:Sync)?|fs\.emptyDir(?:Sync)?)|require\(\s*['"](?:node:)?fs(?:\/promises|-extra)?['"]\s*\)\.(?:rm|rmSync|rmdir|rmdirSync|remove|removeSync|emptyDir|emptyDirSync))\s*\(/g;
const FILE_DELETES =
  /\b(?:os\.remove|os\.unlink|os\.rmdir|fs\.unlinkSync|fs\.unlink|unlinkSync|File\.delete|FileUtils\.rm|FileUtils\.rm_f|unlink)\s*\(|\bunlink\s+(?=glob\s*\(|['"])/g;
const DEVICE_OPEN =
  /\bopen\s*\(\s*(['"])(\/dev\/(?:sd|nvme|hd|vd|xvd|mmcblk|disk|rdisk|mapper\/|md|dm-|loop)[^'"]{0,40})\1/g;
const NEEDS_RECURSIVE_OPTION = /(?:\brm|rmSync|rmdir|rmdirSync|Deno\.remove(?:Sync)?)\s*\($/;

/**
 * Walks over a tree or a listing whose entries the code then deletes one by one (`for … in os.walk(p):
 * os.remove(…)`, `Path(p).rglob('*')` … `.unlink()`, perl's `finddepth(sub { unlink … }, p)`,
 * `readdirSync(p).forEach(f => unlinkSync(…))`, `array_map('unlink', glob(p))`): the folder walked is the
 * one emptied, whatever the per-entry path expression is.
 */
const TREE_WALKS =
  /\b(?:os\.walk|os\.scandir|os\.listdir|glob\.i?glob|Dir\.glob|Dir\.children|Dir\.entries|Dir\.each_child|readdirSync|readdir|Deno\.readDirSync|Deno\.readDir|scandir|(?:finddepth|find)\s*\(\s*(?:sub\s*\{[^}]{0,400}\}|\\&\w+)\s*,)\s*\(?|\barray_map\s*\(\s*['"](?:unlink|rmdir)['"]\s*,\s*|\b(?:pathlib\.)?Path(?=\s*\(|\.home\(\))/g;
/** Deleting what a walk yields. */
const ENTRY_DELETES = /\b(?:unlink|remove|rmtree|rmdir|rm_rf|rm_r|rmSync|delete|rm)\b/;

/**
 * What inline code prints when all it does is print a literal (once decoded): `print(b64decode('…')
 * .decode())`, `console.log(…)`, `puts …` — so `python3 -c "print(…)" | sh` is read like `echo … | sh`.
 */
export function inlinePrinted(entry: InlineCode): string | undefined {
  if (entry.code.length > 20_000 || !/print|console\.log|puts|echo|write/.test(entry.code)) return undefined;
  const code = OBFUSCATION.test(entry.code) ? deobfuscate(entry.code, entry.language) : entry.code;
  const body = code.replace(/^\s*(?:(?:import|from|use|require)\b[^;\n]*[;\n]\s*)*/, "");
  const m = /^(?:print|console\.log|puts|echo|process\.stdout\.write|sys\.stdout\.write)\s*\(?/.exec(body);
  if (!m) return undefined;
  const lit = readConcat(body, m[0].length);
  if (!lit || lit.dynamic) return undefined;
  if (!/^\s*\)?\s*;?\s*$/.test(body.slice(lit.end))) return undefined;
  return /write/.test(m[0]) ? lit.value : `${lit.value}\n`;
}

/** Evaluating a string as code, in the languages inline.ts reads. */
const EVALS =
  /\b(?:exec|eval|compile|Function|instance_eval|class_eval|runInThisContext|runInNewContext|iex|IEX|Invoke-Expression)\s*\(?\s*(?=['"`])/;
/** Fetching over the network from inside code. */
const FETCHES =
  /urlopen|urlretrieve|requests\.(?:get|post)|httpx\.get|\bfetch\(|https?\.get\(|open-uri|URI\.(?:open|parse)|Net::HTTP|LWP|\bget\(|\b(?:get|getstore|getprint)\s+['"]https?:|file_get_contents|curl_exec|Invoke-WebRequest|\biwr\b|Invoke-RestMethod|\birm\b|DownloadString|WebClient|['"](?:curl|wget) |\bdownload\s*\(|\burlread\s*\(|\bwebread\s*\(|\bnew\s+URL\s*\(|\bsource\s*\(\s*['"]https?:/;
/** Running what was fetched: an eval, a shell given -c, shell=True, a shell-out of a computed string. */
const EVAL_SINKS =
  /\b(?:exec|eval|compile|Function|iex|IEX|Invoke-Expression|instance_eval|runInThisContext)\b|(?<![.\w])(?:include|evaluate|load|loadstring|dofile|source)\s*\(|shell\s*=\s*True|['"]-c['"]|[[(]\s*['"](?:ba|z|da|k)?sh['"]\s*[\]),]|\b(?:execSync|system|popen|os\.system)\(\s*(?!['"`[])/;
/** Library calls that read the file named by their first argument. */
const READS =
  /\b(?:open|io\.open|codecs\.open|readFileSync|readFile|createReadStream|Bun\.file|Deno\.readTextFileSync|Deno\.readTextFile|Deno\.readFileSync|Deno\.readFile|File\.read|File\.readlines|IO\.read|IO\.readlines|File\.open|file_get_contents|readfile|fopen|file|Get-Content|slurp)\s*\(\s*|(?:pathlib\.)?Path\s*\((?=[^)]*\)[\w.()\s]*\.(?:read_text|read_bytes|open)\()|\bPath\.home\(\)(?=[^;\n]*\.(?:read_text|read_bytes|open)\()|\bopen\s+(?:my\s+)?\$?\w+\s*,\s*(?:['"]<['"]\s*,\s*)?/;

/**
 * The URL the code fetches: a quoted one, else one written bare inside a longer string or a quoting
 * construct (`'curl -s https://…'`, perl's q{https://…}, PowerShell's `iwr https://…`).
 */
function urlIn(code: string): string | undefined {
  return /(['"`])(https?:\/\/[^'"`\s]+)\1/.exec(code)?.[2] ?? /\bhttps?:\/\/[^\s'"`(){}<>|;]+/.exec(code)?.[0];
}

/**
 * The absolute or home paths the code's string literals spell, computed parts as `*`: f-string and
 * template fields, interpolated variables, and literals joined around an expression with `+`.
 */
function literalPaths(code: string): string[] {
  const joined = code.replace(
    /(['"`])([^'"`\n]*)\1\s*\+\s*[\w.()[\]]+\s*\+\s*(['"`])([^'"`\n]*)\3/g,
    (_m, q: string, a: string, _q2: string, b: string) => `${q}${a}*${b}${q}`,
  );
  const out = new Set<string>();
  for (const m of joined.matchAll(/(['"`])((?:\/|~\/)[^'"`\s]{1,200})\1/g)) {
    const path = m[2]!.replace(/\$\{[^}]*\}|\{[^}]*\}|[$@]\w+|%[sdr]/g, "*");
    if (out.size < 20) out.add(path);
  }
  return [...out];
}

/** Finds what inline code runs or does, and records it as commands. */
export function analyzeInlineCode(state: WalkState, entry: InlineCode, env: Env, ctx: Ctx): void {
  // All of it: the command line it comes from is at most 1 MiB, every scan below is linear and counts its
  // steps, and what stands after a cut would be read by nobody. Commands built from encoded or split
  // strings are decoded first (deobfuscate.ts); the code's string variables are read first (an eval'd
  // string sees the variables of the code around it).
  let code = OBFUSCATION.test(entry.code) ? deobfuscate(entry.code, entry.language) : entry.code;
  for (const sp of SPELLINGS[entry.language] ?? [])
    code =
      typeof sp === "function"
        ? sp(code)
        : code.replace(sp[0], sp[1] as (substring: string, ...args: string[]) => string);
  const outer = scope;
  scope = bindingsOf(code, outer);
  try {
    scanInlineCode(state, entry, code, env, ctx);
  } finally {
    scope = outer;
  }
}

function scanInlineCode(state: WalkState, entry: InlineCode, code: string, env: Env, ctx: Ctx): void {
  const sc = entry.command;
  const label = `${sc.program} inline code`;
  const wrappers = [...sc.wrappers, label];
  const known: WordInfo = { dynamic: false, dynamicStart: false };
  const synth = (argv: string[], info: WordInfo[], snippet: string): SimpleCommand => ({
    ...sc,
    argv,
    program: programName(argv[0]!),
    args: argv.slice(1),
    assignments: {},
    redirects: [],
    wrappers,
    context: "inline-code",
    dynamic: info.some((x) => x.dynamic),
    text: snippet.length > 200 ? `${snippet.slice(0, 197)}…` : snippet,
    wordInfo: info,
    wordSpans: undefined,
    stdin: undefined,
  });
  /** An argv list the code runs: walked as a command (so `['sh', '-c', …]` is unwrapped). */
  const runArgv = (argv: string[], snippet: string) => {
    const cmd = synth(
      argv,
      argv.map(() => known),
      snippet,
    );
    if (!addCommand(state, cmd)) return;
    const e = copyEnv(env);
    state.recurse.runCommand(
      state,
      cmd,
      e,
      { ...ctx, top: false, depth: ctx.depth + 1, wrappers, context: "inline-code" },
      () => copyEnv(e),
    );
  };
  const runShell = (text: string) => {
    state.recurse.analyzeText(
      state,
      text,
      copyEnv(env),
      { ...ctx, top: false, depth: ctx.depth + 1, wrappers, context: "inline-code" },
      false,
    );
  };

  // Cheap substring checks first: the scanning regexes are only compiled and run when they can match.
  const shellOuts =
    /system|exec|spawn|popen|passthru|`|\$`|Popen|getoutput|\bcall|check_|\brun|Command|do shell script|qx|%x|System\.|os[:.]cmd/.test(
      code,
    )
      ? SHELL_OUTS[entry.language]
      : undefined;
  if (shellOuts) {
    shellOuts.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = shellOuts.exec(code)) && !state.stopped) {
      step();
      const at = m.index + m[0].length;
      if (m[0] === "`" || m[0].endsWith("`")) {
        // A backtick command (perl, ruby, php) or a shell template ($`…`, Bun.$`…`).
        const end = code.indexOf("`", at);
        if (end < 0) break;
        // A JavaScript template's ${…} naming the home folder or a known variable is read as its value.
        const lit = code.includes("${", at) ? readString(code, at - 1) : undefined;
        runShell(lit && !lit.dynamic ? lit.value : code.slice(at, end));
        shellOuts.lastIndex = Math.max(end, (lit?.end ?? 0) - 1) + 1;
        continue;
      }
      if (/qx\s*[({]?$|%x\s*[({]?$/.test(m[0])) {
        const open = code[at - 1];
        const close = open === "(" ? ")" : open === "{" ? "}" : undefined;
        if (close) {
          const end = code.indexOf(close, at);
          if (end > at) runShell(code.slice(at, end));
        }
        continue;
      }
      // os.execvp('bash', ['bash', '-c', …]), os.execl('/bin/sh', 'sh', '-c', …), posix_spawn and spawn*:
      // the program, then an argv whose first word is only its name.
      if (entry.language === "python" && /^(?:exec[lv]|posix_spawn|spawn[lv])/.test(m[0])) {
        // os.spawnlp(os.P_WAIT, 'sh', …): the mode comes first.
        const from = m[0].startsWith("spawn") ? code.indexOf(",", at) + 1 : at;
        const prog = from > 0 ? readConcat(code, from) : undefined;
        const items: string[] = [];
        let k = prog ? skipWs(code, prog.end) : at;
        while (prog && code[k] === ",") {
          const list = readList(code, k + 1);
          if (list) {
            items.push(...list.items);
            k = list.end;
            break;
          }
          const more = readConcat(code, k + 1);
          if (!more) break;
          items.push(more.value);
          k = skipWs(code, more.end);
        }
        if (prog && items.length) {
          runArgv([prog.value, ...items.slice(1)], code.slice(m.index, k));
          continue;
        }
      }
      // A list joined into one string (`exec([…].join(' '))`) is a command line, read below as a literal.
      const list = /^\s*\.join\b/.test(code.slice(readList(code, at)?.end ?? 0).slice(0, 12))
        ? undefined
        : readList(code, at);
      if (list?.items.length) {
        runArgv(list.items, code.slice(m.index, list.end));
        continue;
      }
      // new Deno.Command('sh', {args: ['-c', …]}) / spawn('sh', {…}): the program, then its args list.
      const prog = readConcat(code, at);
      if (prog && /^\s*,\s*\{\s*args\s*:/.test(code.slice(prog.end, prog.end + 40))) {
        const open = code.indexOf("[", prog.end);
        const rest = open > 0 ? readList(code, open) : undefined;
        if (rest) {
          runArgv([prog.value, ...rest.items], code.slice(m.index, rest.end));
          continue;
        }
      }
      const lit = readConcat(code, at);
      if (!lit) continue;
      // spawn('rm', ['-rf', '/']) / system('rm', '-rf', '/'): program then arguments.
      const j = skipWs(code, lit.end);
      if (code[j] === ",") {
        const rest = readList(code, j + 1);
        if (rest) {
          // Walked as a command: spawn('sh', ['-c', …]) runs the string as shell.
          runArgv([lit.value, ...rest.items], code.slice(m.index, rest.end));
          continue;
        }
        if ((entry.language === "perl" || entry.language === "ruby") && !lit.value.includes(" ")) {
          const argv = [lit.value];
          let k = j;
          while (code[k] === ",") {
            // system "rm", "-rf", $ENV{HOME}: an argument may be a path expression, not a literal.
            const more = readConcat(code, k + 1);
            const path = more ? undefined : pathExpr(code, skipWs(code, k + 1));
            const value = more?.value ?? path?.value;
            const end = more?.end ?? path?.end;
            if (value === undefined || end === undefined || end <= k + 1) break;
            argv.push(value);
            k = skipWs(code, end);
          }
          // Walked as a command, so `system "bash", "-c", "…"` runs its string as shell.
          runArgv(argv, code.slice(m.index, k));
          continue;
        }
      }
      if (!lit.dynamic || lit.value.trim()) runShell(lit.value);
    }
  }

  if (entry.language === "awk") scanAwkPipes(code, runShell);
  if (entry.language === "tcl") scanTcl(code, runShell);
  // Code evaluated from a literal (exec("…"), eval(b64decode(…)) once decoded): the same language again.
  if (EVALS.test(code) && ctx.depth < MAX_DEPTH) {
    const re = new RegExp(EVALS.source, "g");
    let m: RegExpExecArray | null;
    for (let n = 0; (m = re.exec(code)) && n < 20; n++) {
      const lit = readConcat(code, m.index + m[0].length);
      if (!lit || lit.dynamic || !lit.value.trim()) continue;
      if (entry.language === "powershell") runShell(lit.value);
      else
        analyzeInlineCode(state, { language: entry.language, code: lit.value, command: sc }, env, {
          ...ctx,
          depth: ctx.depth + 1,
        });
    }
  }
  // Code fetched from the network and evaluated or handed to a shell: the same as curl … | sh.
  const url = FETCHES.test(code) ? urlIn(code) : undefined;
  if (url && EVAL_SINKS.test(code)) {
    const fetch = synth(["curl", "-fsSL", url], [known, known, known], `fetch of ${url}`);
    const run = synth(["sh"], [known], code.length > 160 ? `${code.slice(0, 157)}…` : code);
    run.stdin = { kind: "pipe", from: [fetch] };
    addCommand(state, run);
  }
  // perl -n/-p, ruby -n/-p: the operands after the code are files it reads.
  if (
    (entry.language === "perl" || entry.language === "ruby") &&
    sc.args.some((a) => /^-[a-zA-Z]*[np][a-zA-Z]*$/.test(a))
  ) {
    const codeAt = sc.args.findIndex((a) => /^-[a-zA-Z]*e$/.test(a));
    const files = codeAt >= 0 ? sc.args.slice(codeAt + 2).filter((a) => !a.startsWith("-")) : [];
    for (const f of files.slice(0, 16))
      addCommand(state, synth(["cat", f], [known, known], `${sc.program} reading ${f}`));
  }
  // PowerShell: its code is commands; the common cmdlets as the shell spells them.
  if (entry.language === "powershell")
    runShell(
      code
        // A listing piped into Remove-Item deletes what it lists: the folder listed, recursively.
        .replace(
          /\b(?:Get-ChildItem|gci|dir|ls)\s+(?:-(?:Path|LiteralPath)\s+)?([^\s|;]+)[^|;\n]*\|\s*(?:Remove-Item|ri|del|erase|rm)\b[^|;\n]*/gi,
          (all: string, folder: string) => (/-WhatIf\b/i.test(all) ? all : `rm -r -f ${folder}; true`),
        )
        .replace(/\b(?:Get-Content|gc)\b/gi, "cat")
        .replace(/\b(?:Remove-Item|ri|del|erase|rd)\b/gi, "rm")
        .replace(/\s-Recurse\b/gi, " -r")
        .replace(/\s-Force\b/gi, " -f")
        .replace(/\$(?:HOME|env:HOME|env:USERPROFILE)\b/gi, "~"),
    );
  // Perl's open for reading: open(F, "<", $path), open(my $fh, "<$path"), open(F, $path).
  if (entry.language === "perl" && /\bopen\b/.test(code)) {
    PERL_OPEN.lastIndex = 0;
    let m: RegExpExecArray | null;
    for (let n = 0; (m = PERL_OPEN.exec(code)) && n < 50; n++) {
      step();
      const at = m.index + m[0].length;
      const first = readString(code, at);
      let path: string | undefined;
      if (first && code[skipWs(code, first.end)] === ",") {
        if (first.value.trim() !== "<") continue;
        path = pathExpr(code, skipWs(code, first.end) + 1).value;
      } else if (first && !first.dynamic) {
        const two = /^\s*(<)?\s*([^<>|+].*)$/.exec(first.value);
        path = two?.[2]?.trim();
      } else path = pathExpr(code, at).value;
      if (path)
        addCommand(state, synth(["cat", path], [known, known], code.slice(m.index, Math.min(at + 120, code.length))));
    }
  }
  // Files read through library calls (open(p).read(), readFileSync(p), File.read(p), …): a cat of them.
  if (READS.test(code)) {
    const re = new RegExp(READS.source, "g");
    let unknownRead = false;
    let m: RegExpExecArray | null;
    for (let n = 0; (m = re.exec(code)) && n < 50; n++) {
      let p = pathExpr(code, /^(?:pathlib\.)?Path/.test(m[0]) ? m.index : m.index + m[0].length);
      if (p.value === undefined && entry.language === "perl" && /^open\b/.test(m[0]))
        p = perlOpenPath(code, m.index + m[0].length, 0) ?? p;
      if (p.value === undefined) {
        unknownRead = true;
        continue;
      }
      // `readFileSync(dir + name)` with a name only known at run time: any file of that folder.
      const path = code[skipWs(code, p.end)] === "+" && p.value.endsWith("/") ? `${p.value}*` : p.value;
      // open(p, "w") writes (handled below); without a mode, or "r", it reads.
      const after = code.slice(skipWs(code, p.end), skipWs(code, p.end) + 12);
      if (/^,\s*['"][^'"]*[wax+]/.test(after)) continue;
      addCommand(state, synth(["cat", path], [known, known], code.slice(m.index, Math.min(p.end + 1, m.index + 200))));
    }
    // A file opened by a name computed at run time (`for p in glob.glob('/proc/*/environ'): open(p)`,
    // open(f'/proc/{pid}/environ'), '/proc/'+p+'/environ'): it is one of the paths the code's string
    // literals spell, their computed parts read as globs.
    if (unknownRead)
      for (const path of literalPaths(code)) addCommand(state, synth(["cat", path], [known, known], path));
  }
  // Trees walked and emptied entry by entry: `rm -r -f` of the folder walked. Their per-entry deletions
  // name computed paths (os.path.join(root, f)) that say nothing more once every walked folder is known.
  let walkedAll = false;
  if (/walk|glob|listdir|scandir|iterdir|readdir|find|Dir\.|array_map/.test(code) && ENTRY_DELETES.test(code)) {
    TREE_WALKS.lastIndex = 0;
    let m: RegExpExecArray | null;
    let n = 0;
    walkedAll = true;
    while ((m = TREE_WALKS.exec(code)) && n++ < 20 && !state.stopped) {
      step();
      const pathlib = m[0].endsWith("Path");
      const p = pathExpr(code, pathlib ? m.index : m.index + m[0].length);
      // A pathlib path counts when it is walked: Path(p).rglob('*'), .glob('**/*'), .iterdir().
      if (pathlib && !/^\s*\.(?:rglob|glob|iterdir|walk)\b/.test(code.slice(p.end, p.end + 12))) {
        n--;
        continue;
      }
      if (p.value === undefined) walkedAll = false;
      // Path(p).rglob('__pycache__'), .glob('*.pyc'): only the entries the pattern names are walked, so
      // the deletion is that glob under p (a match-all pattern such as '*' or '**/*' still empties p).
      const named = pathlib
        ? /^\s*\.(rglob|glob)\(\s*(['"])([^'"\n]{1,200})\2\s*\)/.exec(code.slice(p.end, p.end + 220))
        : null;
      const selective = named && !/^(?:\*\*\/)*\*{0,2}$/.test(named[3]!) && !/(?:^|\/)\.\.(?:\/|$)/.test(named[3]!);
      const walked =
        p.value !== undefined && selective
          ? `${p.value.replace(/\/+$/, "")}/${named[1] === "rglob" ? "**/" : ""}${named[3]}`
          : p.value;
      const argv = ["rm", "-r", "-f", walked ?? ""];
      const info: WordInfo = p.value === undefined ? { dynamic: true, dynamicStart: true } : known;
      addCommand(
        state,
        synth(argv, [known, known, known, info], code.slice(m.index, Math.min(p.end + 1, m.index + 200))),
      );
    }
    if (n === 0) walkedAll = false;
  }
  const scanDeletes = (re: RegExp, recursive: boolean) => {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(code)) && !state.stopped) {
      step();
      const at = m.index + m[0].length;
      const p = pathExpr(code, at);
      if (p.value === undefined && walkedAll) continue;
      let rec = recursive;
      if (recursive && NEEDS_RECURSIVE_OPTION.test(m[0])) rec = /recursive/.test(code.slice(p.end, p.end + 200));
      const info: WordInfo = p.value === undefined ? { dynamic: true, dynamicStart: true } : known;
      const argv = rec ? ["rm", "-r", "-f", p.value ?? ""] : ["rm", "-f", p.value ?? ""];
      addCommand(
        state,
        synth(
          argv,
          [...argv.slice(0, -1).map(() => known), info],
          code.slice(m.index, Math.max(p.end, at)) + (code[p.end] === ")" ? ")" : ""),
        ),
      );
    }
  };
  if (/rmtree|remove|rm_r|rimraf|rm\(|rmSync|rmdir|emptyDir|fs\.rm|fsp\.rm/.test(code))
    scanDeletes(RECURSIVE_DELETES, true);
  if (/remove|unlink|rmdir|delete|FileUtils\.rm/.test(code)) scanDeletes(FILE_DELETES, false);
  // Downloads to a file (urlretrieve(url, path); fetch(url) … writeFileSync(path)): a curl -o, remembered
  // so that running the file later in the command line is seen as running a download.
  const fetchedUrl =
    /urlretrieve|urlopen|requests\.get|fetch\(|https?\.get|open-uri|URI\.open|LWP|file_get_contents|Invoke-WebRequest|DownloadFile/.test(
      code,
    )
      ? urlIn(code)
      : undefined;
  if (fetchedUrl) {
    const targets = [...code.matchAll(/urlretrieve\s*\(\s*(['"])[^'"]*\1\s*,\s*/g)].map(
      (m) => pathExpr(code, m.index + m[0].length).value,
    );
    for (const w of inlineWrites(code, entry.language)) if (w.from === undefined) targets.push(w.path);
    for (const path of targets) {
      if (path === undefined) continue;
      const dl = synth(["curl", "-o", path, fetchedUrl], [known, known, known, known], `download of ${fetchedUrl}`);
      addCommand(state, dl);
      recordWrites(state, dl, undefined);
    }
  }
  if (/write|append|open|copy|move|rename|replace|touch|put_contents|cp\(|mv\(|link|\bln/i.test(code)) {
    const unknown: WordInfo = { dynamic: true, dynamicStart: true };
    for (const w of inlineWrites(code, entry.language)) {
      if (w.from !== undefined) {
        // A copy, move or link, as the shell command that does the same (cp, mv, ln [-s]).
        const argv = [w.verb!, ...(w.verb === "ln" && w.symbolic ? ["-s"] : []), w.from ?? "", w.path ?? ""];
        const info = argv.map((_, i) =>
          i === argv.length - 2
            ? w.fromKnown
              ? known
              : unknown
            : i === argv.length - 1 && w.path === undefined
              ? unknown
              : known,
        );
        addCommand(state, synth(argv, info, w.snippet));
        continue;
      }
      // As the shell would write it: `tee` overwrites, `tee -a` appends (the write rules know both).
      const argv = w.append ? ["tee", "-a", w.path ?? ""] : ["tee", w.path ?? ""];
      const info: WordInfo = w.path === undefined ? unknown : known;
      addCommand(state, synth(argv, [...argv.slice(0, -1).map(() => known), info], w.snippet));
    }
  }
  if (!code.includes("/dev/")) return;

  DEVICE_OPEN.lastIndex = 0;
  let d: RegExpExecArray | null;
  while ((d = DEVICE_OPEN.exec(code)) && !state.stopped) {
    step();
    const rest = code.slice(d.index + d[0].length, d.index + d[0].length + 40);
    if (/^\s*,\s*['"][^'"]*[wa+]/.test(rest) || /O_WRONLY|O_RDWR/.test(rest)) {
      addCommand(state, synth(["dd", `of=${d[2]}`], [known, known], `${d[0] + rest.split(")")[0]})`));
    }
  }
}

/**
 * awk's pipes run shell commands: `"cmd" | getline` runs cmd, `print … | "cmd"` runs cmd with what is
 * printed on its stdin; printing into a shell runs the printed text (a literal, or the lines a getline
 * command produced: `"curl …" | getline l; print l | "sh"` is curl … | sh).
 */
function scanAwkPipes(code: string, runShell: (text: string) => void): void {
  if (!code.includes("|")) return;
  const sources: string[] = [];
  for (const m of code.matchAll(/("(?:[^"\\\n]|\\.)*")\s*\|\s*getline\b/g)) {
    const cmd = readString(m[1]!, 0)?.value;
    if (cmd?.trim()) {
      sources.push(cmd);
      runShell(cmd);
    }
  }
  for (const m of code.matchAll(/\bprintf?\b((?:"(?:[^"\\\n]|\\.)*"|[^;|}\n"])*)\|\s*("(?:[^"\\\n]|\\.)*")/g)) {
    const sink = readString(m[2]!, 0)?.value?.trim();
    if (!sink) continue;
    const printed = readConcat(m[1]!, 0);
    const shellSink = /^(?:\/\S*\/)?(?:ba|z|da|k|c|tc)?sh(?:\s+-s)?$/.test(sink);
    if (shellSink && printed && !printed.dynamic) runShell(printed.value);
    else if (shellSink && sources.length) for (const src of sources) runShell(`${src} | ${sink}`);
    else runShell(sink);
  }
}

/**
 * Tcl's `exec prog args…` runs a program (its words as the shell would split them, {…} quoting like '…')
 * and `file delete ?-force? path…` deletes (recursively with -force); $env(NAME) is the environment's.
 */
function scanTcl(code: string, runShell: (text: string) => void): void {
  const text = code.replace(/[{}]/g, "'").replace(/\$(?:::)?env\((\w+)\)/g, "${$1}");
  for (const stmt of text.split(/[\n;]|\[|\]/)) {
    const exec = /^\s*exec\s+(?:-ignorestderr\s+|-keepnewline\s+|--\s+)*(.+)$/.exec(stmt);
    if (exec) runShell(exec[1]!);
    const del = /^\s*file\s+delete\s+((?:-force\s+)?)(?:--\s+)?(.+)$/.exec(stmt);
    if (del) runShell(`rm ${del[1] ? "-r -f" : "-f"} ${del[2]!}`);
  }
}

// ---- file writes -------------------------------------------------------------------------------

interface InlineWrite {
  /** The file written, when the code names it (undefined: computed at run time). */
  path: string | undefined;
  append: boolean;
  snippet: string;
  /** A copy, move or link: the shell program that does the same, and its source ("" when computed). */
  verb?: "cp" | "mv" | "ln";
  from?: string;
  fromKnown?: boolean;
  symbolic?: boolean;
}

/** Calls whose first argument is the file they write (or create). */
const FIRST_ARG_WRITES =
  /\b(?:writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|outputFileSync|outputFile|Bun\.write|Deno\.writeTextFile(?:Sync)?|Deno\.writeFile(?:Sync)?|File\.write|IO\.write|File\.binwrite|file_put_contents|FileUtils\.touch)\s*\(/g;
/** Calls whose second argument is the file they write: copies, moves and links (from the first). */
const SECOND_ARG_WRITES =
  /\b(?:shutil\.(?:copyfile|copy2|copy|move|copytree)|os\.(?:rename|replace|renames|symlink|link)|copyFileSync|copyFile|renameSync|rename|cpSync|symlinkSync|symlink|linkSync|link|FileUtils\.(?:cp|cp_r|mv|copy|move|install|ln_s|ln_sf|ln)|File\.(?:symlink|link|rename)|copy)\s*\(/g;

function secondArgVerb(call: string): { verb: "cp" | "mv" | "ln"; symbolic?: boolean } {
  if (/symlink|ln_s/.test(call)) return { verb: "ln", symbolic: true };
  if (/link|\bln\b/.test(call)) return { verb: "ln" };
  if (/move|rename|replace|\bmv\b/.test(call)) return { verb: "mv" };
  return { verb: "cp" };
}
/** Opens whose mode says whether they write: open(path, "w"), File.open(path, "a"), fopen, fs.openSync. */
const OPENS = /(?:\b(?:io|codecs)\.)?\b(?:open|File\.open|fopen|openSync)\s*\(/g;
/** pathlib: Path(…).write_text(…), .write_bytes, .touch, .open("w"). */
const PATHLIB = /\b(?:pathlib\.)?Path(?:\s*\(|\.home\(\s*\))/g;
/** Perl's open: open(my $fh, '>', $path), open(FH, ">>path"). */
const PERL_OPEN = /\bopen\s*\(?\s*(?:my\s+)?[$*]?\w+\s*,\s*/g;

const writesMode = (mode: string) => /[wax+]/.test(mode);

/** The files inline code writes, as far as its text says (best effort, linear, every match counted). */
function inlineWrites(code: string, language: string): InlineWrite[] {
  const out: InlineWrite[] = [];
  const snippet = (from: number, to: number) => code.slice(from, Math.min(to, from + 200));
  const scan = (re: RegExp, each: (m: RegExpExecArray, at: number) => void) => {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(code))) {
      step();
      each(m, m.index + m[0].length);
    }
  };
  scan(FIRST_ARG_WRITES, (m, at) => {
    const p = pathExpr(code, at);
    out.push({ path: p.value, append: /append/i.test(m[0]), snippet: snippet(m.index, p.end + 1) });
  });
  scan(SECOND_ARG_WRITES, (m, at) => {
    const src = pathExpr(code, at);
    const j = skipWs(code, src.end);
    if (code[j] !== ",") return;
    const dest = pathExpr(code, j + 1);
    out.push({
      path: dest.value,
      append: false,
      snippet: snippet(m.index, dest.end + 1),
      ...secondArgVerb(m[0]),
      from: src.value ?? "",
      fromKnown: src.value !== undefined,
    });
  });
  if (language === "perl") {
    scan(PERL_OPEN, (m, at) => {
      const first = readString(code, at);
      if (!first) return;
      const j = skipWs(code, first.end);
      if (code[j] === ",") {
        // Three arguments: the mode, then the file.
        if (!/^\+?[>]/.test(first.value.trim())) return;
        const p = pathExpr(code, j + 1);
        out.push({ path: p.value, append: first.value.includes(">>"), snippet: snippet(m.index, p.end + 1) });
        return;
      }
      // Two arguments: the mode leads the file name (">file", ">>file").
      const two = /^\s*(\+?>>?)\s*(.+)$/.exec(first.value);
      if (two)
        out.push({
          path: first.dynamic ? undefined : two[2]!.trim(),
          append: two[1]!.endsWith(">>"),
          snippet: snippet(m.index, first.end + 1),
        });
    });
    return out;
  }
  scan(OPENS, (m, at) => {
    const p = pathExpr(code, at);
    let j = skipWs(code, p.end);
    if (code[j] !== ",") return; // no mode: read only
    j++;
    const mode = readString(code, j);
    let modeText: string | undefined = mode?.value;
    if (!mode) {
      // mode="w" / flags: 'a' (keyword or options object), or os.open's O_* flags, within the call.
      const close = code.indexOf(")", j);
      const args = code.slice(j, close < 0 ? j + 200 : close);
      const kw = /\b(?:mode|flags?)\s*[=:]\s*(['"])([^'"]*)\1/.exec(args);
      modeText =
        kw?.[2] ?? (/\bO_(?:WRONLY|RDWR|CREAT|TRUNC)\b/.test(args) ? "w" : /\bO_APPEND\b/.test(args) ? "a" : undefined);
    }
    if (modeText === undefined || !writesMode(modeText)) return;
    out.push({ path: p.value, append: modeText.includes("a"), snippet: snippet(m.index, p.end + 1) });
  });
  if (language === "python") {
    scan(PATHLIB, (m) => {
      const p = pathExpr(code, m.index);
      const rest = /^\s*\.\s*(write_text|write_bytes|touch|open)\s*\(\s*(?:(['"])([^'"]*)\2)?/.exec(
        code.slice(p.end, p.end + 200),
      );
      if (!rest) return;
      if (rest[1] === "open" && !(rest[3] !== undefined && writesMode(rest[3]))) return;
      out.push({
        path: p.value,
        append: rest[1] === "open" && rest[3]!.includes("a"),
        snippet: snippet(m.index, p.end + rest[0].length),
      });
    });
  }
  return out;
}
