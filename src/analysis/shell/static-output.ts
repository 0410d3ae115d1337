// What a few pure commands print, worked out without running them, so that `$(echo rm)`,
// `echo cm0gLXJmIC8K | base64 -d | sh` and `printf '\x72\x6d'` are seen for what they produce.
// Only commands whose output depends on nothing but their arguments and stdin are known here.
import { projectRoot } from "./paths.js";
import { runtimeRequire } from "../../builtin.js";

/** Outputs larger than this are not tracked. */
const MAX_OUTPUT = 256 * 1024;

const isOct = (c: string | undefined) => c !== undefined && c >= "0" && c <= "7";
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Backslash escapes as echo -e / printf %b / printf formats read them. `stopAtC`: \c ends output. */
function escapes(s: string, printfFormat: boolean): { text: string; stop: boolean } {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const d = s[++i]!;
    switch (d) {
      case "n":
        out += "\n";
        break;
      case "t":
        out += "\t";
        break;
      case "r":
        out += "\r";
        break;
      case "a":
        out += "\x07";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "v":
        out += "\v";
        break;
      case "e":
      case "E":
        out += "\x1b";
        break;
      case "\\":
        out += "\\";
        break;
      case "c":
        return { text: out, stop: true };
      case "x": {
        let h = "";
        while (h.length < 2 && isHex(s[i + 1])) h += s[++i];
        out += h ? String.fromCharCode(parseInt(h, 16)) : "\\x";
        break;
      }
      case "u":
      case "U": {
        let h = "";
        const max = d === "u" ? 4 : 8;
        while (h.length < max && isHex(s[i + 1])) h += s[++i];
        const cp = h ? parseInt(h, 16) : NaN;
        out += h && cp <= 0x10ffff ? String.fromCodePoint(cp) : `\\${d}${h}`;
        break;
      }
      case "0": {
        // echo -e / %b: \0nnn; printf format: \nnn (the 0 is one of the digits).
        let o = printfFormat ? "0" : "";
        while (o.length < 3 && isOct(s[i + 1])) o += s[++i];
        out += String.fromCharCode(parseInt(o || "0", 8) & 0xff);
        break;
      }
      default:
        if (isOct(d) && printfFormat) {
          let o = d;
          while (o.length < 3 && isOct(s[i + 1])) o += s[++i];
          out += String.fromCharCode(parseInt(o, 8) & 0xff);
        } else if (d === '"' || d === "'" || d === "?") out += printfFormat ? d : `\\${d}`;
        else out += `\\${d}`;
    }
  }
  return { text: out, stop: false };
}

function echo(args: string[]): string {
  let i = 0;
  let newline = true;
  let interpret = false;
  while (i < args.length && /^-[neE]+$/.test(args[i]!)) {
    for (const f of args[i]!.slice(1)) {
      if (f === "n") newline = false;
      else if (f === "e") interpret = true;
      else interpret = false;
    }
    i++;
  }
  const body = args.slice(i).join(" ");
  if (!interpret) return body + (newline ? "\n" : "");
  const r = escapes(body, false);
  return r.text + (newline && !r.stop ? "\n" : "");
}

function printf(args: string[]): string | undefined {
  let i = 0;
  if (args[i] === "--") i++;
  const format = args[i];
  if (format === undefined) return undefined;
  const values = args.slice(i + 1);
  let out = "";
  let v = 0;
  // The format is reused until the values run out: every round takes at least one value (or ends the
  // loop below), and the output's size limit stops the rest.
  for (;;) {
    let k = 0;
    while (k < format.length) {
      const c = format[k]!;
      if (c === "\\") {
        let j = k + 1;
        if (format[j] === "x") j = Math.min(format.length, j + 3);
        else if (isOct(format[j])) j = Math.min(format.length, j + 3);
        else j++;
        const r = escapes(format.slice(k, j), true);
        out += r.text;
        if (r.stop) return out;
        k = j;
        continue;
      }
      if (c !== "%") {
        out += c;
        k++;
        continue;
      }
      if (format[k + 1] === "%") {
        out += "%";
        k += 2;
        continue;
      }
      let j = k + 1;
      while (j < format.length && "-+ #0123456789.".includes(format[j]!)) j++;
      const conv = format[j];
      const arg = values[v++] ?? "";
      if (conv === "s" || conv === "q") out += arg;
      else if (conv === "b") {
        const r = escapes(arg, false);
        out += r.text;
        if (r.stop) return out;
      } else if (conv === "c") out += arg.slice(0, 1);
      else if (conv === "d" || conv === "i" || conv === "u") out += String(parseInt(arg, 10) || 0);
      else if (conv === "x" || conv === "X" || conv === "o")
        out += (parseInt(arg, 10) || 0).toString(conv === "o" ? 8 : 16);
      else return undefined;
      k = j + 1;
      if (out.length > MAX_OUTPUT) return undefined;
    }
    if (v >= values.length || !/%[-+ #0-9.]*[sqbcdiuxXo]/.test(format)) break;
  }
  return out;
}

/**
 * Decoded bytes as the text the pipeline carries: UTF-8 when they are text, else one character per byte
 * (latin1), so that a decompressor further down (`base64 -d | gunzip`) gets the bytes back.
 */
function bytesText(buf: Buffer): string {
  const text = buf.toString("utf8");
  return Buffer.from(text, "utf8").equals(buf) ? text : buf.toString("latin1");
}

function decodeBase64(text: string): string | undefined {
  const clean = text.replace(/[\s]+/g, "");
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) return undefined;
  return bytesText(Buffer.from(clean, "base64"));
}

function decodeBase32(text: string): string | undefined {
  const clean = text.replace(/\s+/g, "").replace(/=+$/, "").toUpperCase();
  if (!/^[A-Z2-7]*$/.test(clean)) return undefined;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    value = (value << 5) | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return bytesText(Buffer.from(bytes));
}

/** gunzip / zcat / gzip -d of bytes the pipeline decoded (latin1 text, see bytesText). */
function gunzip(text: string): string | undefined {
  try {
    const zlib = runtimeRequire("node:zlib") as typeof import("node:zlib");
    return zlib.gunzipSync(Buffer.from(text, "latin1"), { maxOutputLength: MAX_OUTPUT }).toString("utf8");
  } catch {
    return undefined;
  }
}

function decodeHex(text: string): string | undefined {
  const clean = text.replace(/\s+/g, "");
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) return undefined;
  return Buffer.from(clean, "hex").toString("utf8");
}

/** Expands a tr(1) set: ranges a-z, escapes \n \t \\ \NNN. */
function trSet(set: string): string | undefined {
  let out = "";
  for (let i = 0; i < set.length; i++) {
    let c = set[i]!;
    if (c === "[" && set[i + 1] === ":") return undefined; // character classes: not tracked
    if (c === "\\" && i + 1 < set.length) {
      const d = set[++i]!;
      c = d === "n" ? "\n" : d === "t" ? "\t" : d === "r" ? "\r" : d;
    }
    if (set[i + 1] === "-" && i + 2 < set.length) {
      const end = set[i + 2]!;
      const a = c.charCodeAt(0);
      const b = end.charCodeAt(0);
      if (b < a || b - a > 1000) return undefined;
      for (let x = a; x <= b; x++) out += String.fromCharCode(x);
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

function tr(args: string[], input: string): string | undefined {
  if (args[0] === "-d" && args.length === 2) {
    const set = trSet(args[1]!);
    if (set === undefined) return undefined;
    let out = "";
    for (const ch of input) if (!set.includes(ch)) out += ch;
    return out;
  }
  if (args.length !== 2 || args[0]!.startsWith("-")) return undefined;
  const from = trSet(args[0]!);
  const to = trSet(args[1]!);
  if (from === undefined || to === undefined || to.length === 0) return undefined;
  const map = new Map<string, string>();
  for (let i = 0; i < from.length; i++) map.set(from[i]!, to[Math.min(i, to.length - 1)]!);
  let out = "";
  for (const ch of input) out += map.get(ch) ?? ch;
  return out;
}

const basenameOf = (p: string) => {
  const t = p.replace(/\/+$/, "");
  if (!t) return p ? "/" : "";
  return t.slice(t.lastIndexOf("/") + 1);
};
const dirnameOf = (p: string) => {
  const t = p.replace(/\/+$/, "");
  if (!t) return p ? "/" : ".";
  const i = t.lastIndexOf("/");
  if (i < 0) return ".";
  return t.slice(0, i).replace(/\/+$/, "") || "/";
};

/**
 * What `program args` prints given `stdin` (undefined: unknown), or undefined when it cannot be known.
 * `cwd` answers `pwd`.
 */
export function staticOutput(
  program: string,
  args: string[],
  stdin: string | undefined,
  cwd: string | undefined,
): string | undefined {
  if (stdin !== undefined && stdin.length > MAX_OUTPUT) return undefined;
  const out = compute(program, args, stdin, cwd);
  return out !== undefined && out.length <= MAX_OUTPUT ? out : undefined;
}

function compute(
  program: string,
  args: string[],
  stdin: string | undefined,
  cwd: string | undefined,
): string | undefined {
  switch (program) {
    case "echo":
      return echo(args);
    case "printf":
      if (args[0] === "-v") return "";
      return printf(args);
    case "true":
    case ":":
      return "";
    case "pwd":
      return cwd !== undefined ? `${cwd}\n` : undefined;
    case "git": {
      // Where the repository is: rm -rf "$(git rev-parse --show-toplevel)/.git" names the project's .git.
      const what = args.length === 2 && args[0] === "rev-parse" ? args[1] : undefined;
      if (cwd === undefined || what === undefined) return undefined;
      const top = projectRoot(cwd);
      if (what === "--show-toplevel") return `${top}\n`;
      if (what === "--git-dir" || what === "--absolute-git-dir") return `${top}/.git\n`;
      return undefined;
    }
    case "cat":
      if (args.every((a) => a === "-" || a === "-u")) return stdin;
      return undefined;
    case "base64":
    case "base32":
    case "basenc": {
      if (!args.some((a) => a === "-d" || a === "--decode" || a === "-D" || /^-[a-zA-Z]*d[a-zA-Z]*$/.test(a)))
        return undefined;
      if (stdin === undefined) return undefined;
      const kind = program === "basenc" ? args.find((a) => /^--base(?:64|64url|32|16)$/.test(a)) : `--${program}`;
      if (kind === "--base32") return decodeBase32(stdin);
      if (kind === "--base16") return decodeHex(stdin);
      return kind ? decodeBase64(stdin) : undefined;
    }
    case "gunzip":
    case "zcat":
    case "gzip":
      if (program === "gzip" && !args.some((a) => a === "-d" || a === "--decompress" || /^-[a-zA-Z]*d/.test(a)))
        return undefined;
      if (stdin === undefined || args.some((a) => !a.startsWith("-") && a !== "-")) return undefined;
      return gunzip(stdin);
    case "openssl":
      if (
        (args[0] === "base64" || (args[0] === "enc" && args.includes("-base64"))) &&
        args.includes("-d") &&
        stdin !== undefined
      )
        return decodeBase64(stdin);
      return undefined;
    case "xxd":
      if (
        args.some((a) => /^-[a-z]*r/.test(a)) &&
        args.some((a) => /^-[a-z]*p/.test(a) || a === "-ps" || a === "-plain") &&
        stdin !== undefined
      )
        return decodeHex(stdin);
      return undefined;
    case "rev":
      if (args.length || stdin === undefined) return undefined;
      return stdin
        .split("\n")
        .map((l) => [...l].reverse().join(""))
        .join("\n");
    case "tac":
      if (args.length || stdin === undefined) return undefined;
      return `${stdin.replace(/\n$/, "").split("\n").reverse().join("\n")}\n`;
    case "tr":
      return stdin === undefined ? undefined : tr(args, stdin);
    case "sed":
      return stdin === undefined ? undefined : sedSubstitute(args, stdin);
    case "basename":
      return args[0] !== undefined && !args[0].startsWith("-") ? `${basenameOf(args[0])}\n` : undefined;
    case "dirname":
      return args[0] !== undefined && !args[0].startsWith("-") ? `${dirnameOf(args[0])}\n` : undefined;
    case "mktemp":
      return mktemp(args, cwd);
    case "which":
    case "command":
    case "type":
      return programPath(program, args);
    default:
      return undefined;
  }
}

/**
 * sed with one plain substitution (`sed 's/../\\x&/g'`, `sed -e 's|~|/home/x|'`): what it prints. Basic
 * regular expressions only as far as they read the same in JavaScript (., *, [], ^, $, \( \), \{n\});
 * anything else (other commands, -E/-r, addresses, several expressions) is left unknown.
 */
function sedSubstitute(args: string[], stdin: string): string | undefined {
  const exprs = args.filter((a) => a !== "-e");
  if (exprs.length !== 1 || exprs[0]!.startsWith("-")) return undefined;
  const e = exprs[0]!;
  if (e[0] !== "s" || e.length < 4) return undefined;
  const d = e[1]!;
  if (/[\\\n\w]/.test(d)) return undefined;
  const parts: string[] = [];
  let cur = "";
  for (let i = 2; i < e.length; i++) {
    const c = e[i]!;
    if (c === "\\" && e[i + 1] === d) {
      cur += d;
      i++;
    } else if (c === "\\" && i + 1 < e.length) {
      cur += c + e[++i];
    } else if (c === d) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  if (parts.length !== 2 || !/^[gi]*$/.test(cur)) return undefined;
  const [re, repl] = parts as [string, string];
  // BRE → JavaScript: \( \) \{ \} are groups and counts; a bare ( ) { } + ? | is literal.
  let js = "";
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    if (c === "\\") {
      const n = re[++i];
      if (n === undefined) return undefined;
      if ("(){}".includes(n)) js += n;
      else if (/[.*[\]^$\\/]/.test(n) || n === d) js += `\\${n}`;
      else if (n === "n") js += "\\n";
      else return undefined;
    } else if ("(){}+?|".includes(c)) js += `\\${c}`;
    else js += c;
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(js, (cur.includes("g") ? "g" : "") + (cur.includes("i") ? "i" : ""));
  } catch {
    return undefined;
  }
  const replace = (m: string, groups: string[]) =>
    repl.replace(/\\(.)|&/g, (x, esc: string | undefined) =>
      x === "&" ? m : /\d/.test(esc!) ? (groups[Number(esc) - 1] ?? "") : esc === "n" ? "\n" : esc!,
    );
  return stdin
    .split("\n")
    .map((line) => line.replace(pattern, (m: string, ...rest: unknown[]) => replace(m, rest.slice(0, -2) as string[])))
    .join("\n");
}

/**
 * Where mktemp creates its file or folder. The name is random, so the X's stand in for it: what rules
 * care about is the folder (`rm -rf "$(mktemp -d)"` deletes in /tmp; `mktemp -p ~/.claude` does not).
 */
function mktemp(args: string[], cwd: string | undefined): string | undefined {
  let dir: string | undefined;
  let inTmp = false;
  let template: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-p" || a === "--tmpdir") {
      if (a === "--tmpdir" && (args[i + 1] === undefined || args[i + 1]!.startsWith("-"))) inTmp = true;
      else dir = args[++i];
    } else if (a.startsWith("--tmpdir=")) dir = a.slice(9);
    else if (a.startsWith("-p") && a.length > 2) dir = a.slice(2);
    else if (a === "-t") inTmp = true;
    else if (a === "--suffix") i++;
    else if (/^-[dqu]+$/.test(a) || a.startsWith("--")) continue;
    else if (a.startsWith("-")) return undefined;
    else template = a;
  }
  const name = template ?? "tmp.XXXXXXXXXX";
  if (dir === undefined && (inTmp || template === undefined || !name.includes("/")))
    dir = inTmp || !template ? "/tmp" : cwd;
  if (dir === undefined) return name.startsWith("/") ? `${name}\n` : cwd !== undefined ? `${cwd}/${name}\n` : undefined;
  return `${dir.replace(/\/+$/, "")}/${name}\n`;
}

/**
 * Where `which rm`, `command -v rm` and `type -P rm` say a program is: the name is what matters to
 * rules (`$(which rm) -rf ~` runs rm), so a bare name is placed in /usr/bin.
 */
function programPath(program: string, args: string[]): string | undefined {
  let names = args;
  if (program !== "which") {
    const flag = program === "command" ? /^-[vV]+$/ : /^-[pP]+$/;
    if (!args[0] || !flag.test(args[0])) return undefined;
    names = args.slice(1);
  }
  if (names.length !== 1 || names[0]!.startsWith("-") || !names[0]) return undefined;
  const name = names[0]!;
  return `${name.includes("/") ? name : `/usr/bin/${name}`}\n`;
}
