// Inline code that builds its command instead of writing it: base64, hex and zlib payloads, chr() and
// String.fromCharCode sequences, split and reversed strings, getattr(__import__('o'+'s'), 'sys'+'tem').
// Each such expression with literal arguments is replaced by the string literal it evaluates to, so the
// scanners of inline.ts read `os.system("rm -rf ~")` where the code said
// `os.system(bytes.fromhex('726d…').decode())`. Linear regexes, bounded rounds; what cannot be decoded is
// left as it was.
import { runtimeRequire } from "../../builtin.js";

/** A double-quoted literal of `s` that inline.ts's readString reads back exactly (\xHH for bytes). */
function literal(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\" || ch === '"') out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || (c >= 0x7f && c < 0x100)) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (ch === "$" || ch === "#" || ch === "`") out += `\\${ch}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A quoted literal without escapes or interpolation: its text. */
const Q = String.raw`(['"])([^'"\\]*)\1`;

const b64 = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "base64");
const printable = (b: Buffer) => {
  const s = b.toString("latin1");
  // Decoded text worth reading as code: mostly printable.
  let bad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c > 0x7e) bad++;
  }
  return bad <= s.length / 10 ? s : undefined;
};

function inflate(data: Buffer): string | undefined {
  try {
    const zlib = runtimeRequire("node:zlib") as typeof import("node:zlib");
    for (const f of [zlib.inflateSync, zlib.inflateRawSync, zlib.gunzipSync]) {
      try {
        return printable(f(data, { maxOutputLength: 1 << 20 }));
      } catch {
        // not this format
      }
    }
  } catch {
    // no zlib: left encoded
  }
  return undefined;
}

type Rule = [RegExp, (m: RegExpExecArray) => string | undefined];

const RULES: Rule[] = [
  // zlib over base64 (checked before plain base64).
  [
    new RegExp(
      String.raw`(?:zlib\.decompress|gzinflate|gzuncompress|gzdecode|zlib\.inflateSync|zlib\.gunzipSync|Zlib::Inflate\.inflate)\(\s*(?:[\w.]*b64decode|base64_decode|Base64\.decode64|decode_base64)\(\s*${Q}\s*\)\s*\)`,
      "g",
    ),
    (m) => inflate(b64(m[2]!)),
  ],
  [
    new RegExp(
      String.raw`zlib\.(?:inflateSync|gunzipSync)\(\s*Buffer\.from\(\s*${Q}\s*,\s*['"]base64['"]\s*\)\s*\)`,
      "g",
    ),
    (m) => inflate(b64(m[2]!)),
  ],
  // base64 (PowerShell's [Convert]:: first: the generic rule would leave the class name behind).
  [new RegExp(String.raw`\[(?:System\.)?Convert\]::FromBase64String\(\s*${Q}\s*\)`, "g"), (m) => printable(b64(m[2]!))],
  [
    new RegExp(
      String.raw`(?:__import__\(\s*['"]base64['"]\s*\)\.|[\w]+\.)?(?:b64decode|decodebytes|decodestring|standard_b64decode|urlsafe_b64decode|decode_base64|decode64|strict_decode64|urlsafe_decode64|base64_decode|atob|FromBase64String)\(\s*${Q}\s*\)`,
      "g",
    ),
    (m) => printable(b64(m[2]!)),
  ],
  // Python's other alphabets: base32, base16, base85 and Ascii85.
  [
    new RegExp(
      String.raw`(?:base64\.|[\w]+\.)?(b32decode|b32hexdecode|b16decode|b85decode|a85decode)\(\s*${Q.replace("\\1", "\\2")}[^)]{0,40}\)`,
      "g",
    ),
    (m) => {
      const decoded = BASES[m[1] as keyof typeof BASES](m[3]!);
      return decoded && printable(decoded);
    },
  ],
  [
    new RegExp(String.raw`Buffer\.from\(\s*${Q}\s*,\s*['"](base64|hex)['"]\s*\)`, "g"),
    (m) => printable(Buffer.from(m[2]!, m[3] === "hex" ? "hex" : "base64")),
  ],
  [new RegExp(String.raw`${Q}\.unpack1?\(\s*['"]m0?['"]\s*\)(?:\.first|\[0\])?`, "g"), (m) => printable(b64(m[2]!))],
  // hex.
  [
    new RegExp(
      String.raw`(?:bytes\.fromhex|bytearray\.fromhex|binascii\.unhexlify|binascii\.a2b_hex|hex2bin|unhexlify)\(\s*${Q}\s*\)`,
      "g",
    ),
    (m) => hex(m[2]!),
  ],
  [new RegExp(String.raw`(?:codecs\.)?decode\(\s*${Q}\s*,\s*['"]hex['"]\s*\)`, "g"), (m) => hex(m[2]!)],
  [new RegExp(String.raw`\[\s*${Q}\s*\]\.pack\(\s*['"]H\*['"]\s*\)`, "g"), (m) => hex(m[2]!)],
  [new RegExp(String.raw`pack\(\s*['"]H\*['"]\s*,\s*${Q}\s*\)`, "g"), (m) => hex(m[2]!)],
  // Characters by code.
  [/String\.fromCharCode\(\s*([\d\s,]{1,4000})\)/g, (m) => codes(m[1]!.split(","))],
  [/\b(?:chr|char)\(\s*(\d{1,7})\s*\)/g, (m) => codes([m[1]!])],
  // ''.join(map(chr, [114, 109])), bytes([114, 109]).decode(), [114, 109].pack('c*'): character codes.
  [
    /(['"])\1\.join\(\s*map\(\s*chr\s*,\s*[[(]([\d\s,]{1,4000})[\])]\s*\)\s*\)/g,
    (m) => codes(m[2]!.split(",").filter((x) => x.trim())),
  ],
  [
    /\b(?:bytes|bytearray)\(\s*\[([\d\s,]{1,4000})\]\s*\)(?:\.decode\(\s*(?:['"][\w-]*['"])?\s*\))?/g,
    (m) => codes(m[1]!.split(",").filter((x) => x.trim())),
  ],
  [/\[([\d\s,]{1,4000})\]\.pack\(\s*['"][cCU]\*['"]\s*\)/g, (m) => codes(m[1]!.split(",").filter((x) => x.trim()))],
  // codecs.decode('…', 'rot13') / str.translate-free ROT13 (Python's rot_13 codec, Ruby's tr('A-Za-z', 'N-ZA-Mn-za-m')).
  [
    new RegExp(String.raw`(?:codecs\.)?(?:decode|encode)\(\s*${Q}\s*,\s*['"]rot_?13['"]\s*\)`, "g"),
    (m) => rot13(m[2]!),
  ],
  [new RegExp(String.raw`${Q}\.tr\(\s*['"]A-Za-z['"]\s*,\s*['"]N-ZA-Mn-za-m['"]\s*\)`, "g"), (m) => rot13(m[2]!)],
  // A list of literals joined with nothing between them (''.join(['r','m']), ['r','m'].join('')).
  [/(['"])\1\.join\(\s*\[((?:\s*(['"])[^'"\\]*\3\s*(?:,|(?=\]))){1,200})\s*\]\s*\)/g, (m) => joinItems(m[2]!)],
  [/\[((?:\s*(['"])[^'"\\]*\2\s*(?:,|(?=\]))){1,200})\s*\]\.join\(\s*(['"])\3\s*\)/g, (m) => joinItems(m[1]!)],
  // Reversed strings.
  [new RegExp(String.raw`['"]{2}\.join\(\s*reversed\(\s*${Q}\s*\)\s*\)`, "g"), (m) => [...m[2]!].reverse().join("")],
  [new RegExp(String.raw`${Q}\[::-1\]`, "g"), (m) => [...m[2]!].reverse().join("")],
  [new RegExp(String.raw`${Q}\.reverse\b(?:\(\))?`, "g"), (m) => [...m[2]!].reverse().join("")],
  [
    new RegExp(String.raw`${Q}\.split\(['"]{2}\)\.reverse\(\)\.join\(['"]{2}\)`, "g"),
    (m) => [...m[2]!].reverse().join(""),
  ],
  // PowerShell's bytes to text.
  [
    /\[(?:System\.)?Text\.Encoding\]::(?:UTF8|ASCII|Unicode|Default)\.GetString\(\s*(['"])((?:\\.|[^'"\\])*)\1\s*\)/g,
    // Bytes decoded by an earlier rule come back as a literal with escapes (\$, \"): read them back.
    (m) => unq(m[2]!),
  ],
];

/** The literals of a list written `'a', "b", 'c'`, joined. */
function joinItems(list: string): string {
  return [...list.matchAll(/(['"])([^'"\\]*)\1/g)].map((m) => m[2]!).join("");
}

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B32HEX = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
const B85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";

/** Base32 (RFC 4648, either alphabet) to bytes; undefined when a character is not of it. */
function base32(text: string, alphabet: string): Buffer | undefined {
  const clean = text.replace(/[=\s]+/g, "").toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) return undefined;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** Groups of five base-85 digits to four bytes each (a short last group padded with the top digit). */
function base85(text: string, digit: (ch: string) => number, zeros: boolean): Buffer | undefined {
  const out: number[] = [];
  let group: number[] = [];
  const flush = (n: number) => {
    while (group.length < 5) group.push(84);
    let v = 0;
    for (const d of group) v = v * 85 + d;
    if (v > 0xffffffff) return false;
    const bytes = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    out.push(...bytes.slice(0, n));
    group = [];
    return true;
  };
  for (const ch of text.replace(/\s+/g, "")) {
    if (zeros && ch === "z" && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    const d = digit(ch);
    if (d < 0) return undefined;
    group.push(d);
    if (group.length === 5 && !flush(4)) return undefined;
  }
  if (group.length === 1) return undefined;
  if (group.length > 1 && !flush(group.length - 1)) return undefined;
  return Buffer.from(out);
}

const BASES = {
  b32decode: (t: string) => base32(t, B32),
  b32hexdecode: (t: string) => base32(t, B32HEX),
  b16decode: (t: string) => (/^[0-9a-fA-F]*$/.test(t) && t.length % 2 === 0 ? Buffer.from(t, "hex") : undefined),
  b85decode: (t: string) => base85(t, (ch) => B85.indexOf(ch), false),
  a85decode: (t: string) =>
    base85(t.replace(/^<~|~>$/g, ""), (ch) => (ch >= "!" && ch <= "u" ? ch.charCodeAt(0) - 33 : -1), true),
};

/** Perl's q{…}, qq(…), q!…! quoting of a plain text, as the quotes the rules above read. */
const PERL_Q =
  /\bqq?\s*(?:\{([^{}'"\\]*)\}|\(([^()'"\\]*)\)|\[([^[\]'"\\]*)\]|<([^<>'"\\]*)>|([!|/#~^,])([^'"\\]*?)\5)/g;

function rot13(s: string): string {
  return s.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

function hex(h: string): string | undefined {
  const clean = h.replace(/\s+/g, "");
  if (clean.length % 2 || !/^[0-9a-fA-F]*$/.test(clean)) return undefined;
  return printable(Buffer.from(clean, "hex"));
}

function codes(list: string[]): string | undefined {
  const out: number[] = [];
  for (const x of list) {
    const n = Number(x.trim());
    if (!Number.isInteger(n) || n < 0 || n > 0x10ffff) return undefined;
    out.push(n);
  }
  return String.fromCodePoint(...out);
}

/** Literals joined by +, . or .. (and awk's juxtaposition) into one. */
const CONCAT = new RegExp(String.raw`${Q}\s*(?:\+|\.\.|\.)\s*${Q.replace("\\1", "\\3")}`, "g");
const CONCAT_AWK = new RegExp(String.raw`${Q}\s+${Q.replace("\\1", "\\3")}`, "g");
/** .decode() / .toString() / .encode() of a literal: the same text. */
const NOOP_CALLS = new RegExp(
  String.raw`${Q}\.(?:decode|toString|encode|to_s|strip)\(\s*(?:['"][\w-]*['"])?\s*\)`,
  "g",
);
/** getattr(__import__('os'), 'system') → os.system, once the names are literals. */
const GETATTR = new RegExp(
  String.raw`getattr\(\s*(?:__import__|importlib\.import_module)\(\s*${Q}\s*\)\s*,\s*${Q.replace("\\1", "\\3")}\s*\)`,
  "g",
);
const IMPORT_ATTR = new RegExp(String.raw`(?:__import__|importlib\.import_module)\(\s*${Q}\s*\)\.`, "g");

/** `from m import f as g` / `import m as n` (Python), `const { f: g } = require('m')` (JavaScript). */
const FROM_IMPORT_AS = /\bfrom[ \t]+([\w.]+)[ \t]+import[ \t]+(\w+)[ \t]+as[ \t]+(\w+)/g;
const IMPORT_AS = /\bimport[ \t]+([\w.]+)[ \t]+as[ \t]+(\w+)/g;
const REQUIRE_RENAME = /\{[ \t]*(\w+)[ \t]*:[ \t]*(\w+)[ \t]*\}[ \t]*=[ \t]*require\(/g;

/**
 * Names bound to another name by an import alias, written back as the name they stand for (`r(` after
 * `from shutil import rmtree as r` reads `shutil.rmtree(`), so the scanners see the call itself.
 */
function unalias(code: string, language: string): string {
  if (!/\bas\b|require\(/.test(code)) return code;
  const names: [string, string][] = [];
  if (language === "python") {
    for (const m of code.matchAll(FROM_IMPORT_AS)) names.push([m[3]!, `${m[1]}.${m[2]}`]);
    for (const m of code.matchAll(IMPORT_AS)) names.push([m[2]!, m[1]!]);
  } else if (language === "node") for (const m of code.matchAll(REQUIRE_RENAME)) names.push([m[2]!, m[1]!]);
  let out = code;
  for (const [alias, real] of names.slice(0, 20)) {
    if (alias === real) continue;
    // Uses of the alias only: not an attribute (x.r), not the binding itself (as r, : r).
    out = out.replace(new RegExp(`(?<![\\w.]|as[ \\t]|:[ \\t]*)${alias}(?=[ \\t]*[(.])`, "g"), real);
  }
  return out;
}

/** The code with every decodable expression replaced by its literal (bounded rounds). */
export function deobfuscate(code: string, language: string): string {
  if (code.length > 100_000) return code;
  let out = unalias(code, language);
  if (language === "perl" && /\bqq?\s*[^\w\s]/.test(out))
    out = out.replace(PERL_Q, (_m, a, b, c, d, _delim, e) => `'${a ?? b ?? c ?? d ?? e ?? ""}'`);
  for (let round = 0; round < 6; round++) {
    let next = out;
    for (const [re, decode] of RULES) {
      re.lastIndex = 0;
      next = next.replace(re, (...args) => {
        const m = args.slice(0, -2) as unknown as RegExpExecArray;
        const v = decode(m);
        return v === undefined ? (m[0] as string) : literal(v);
      });
    }
    for (let k = 0; k < 50; k++) {
      const joined = next
        .replace(CONCAT, (_a, _q1, a: string, _q2, b: string) => literal(unq(a) + unq(b)))
        .replace(NOOP_CALLS, (_a, _q, a: string) => literal(unq(a)));
      const awk =
        language === "awk"
          ? joined.replace(CONCAT_AWK, (_a, _q1, a: string, _q2, b: string) => literal(unq(a) + unq(b)))
          : joined;
      if (awk === next) break;
      next = awk;
    }
    next = next
      .replace(GETATTR, (_a, _q1, mod: string, _q2, attr: string) => `${mod}.${attr}`)
      .replace(IMPORT_ATTR, (_a, _q, mod: string) => `${mod}.`);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** The text of a literal body as written (the rules above only match bodies without escapes, but the
 * literals they produce may hold \xHH and \n). */
function unq(body: string): string {
  return body.replace(/\\x([0-9a-fA-F]{2})|\\(.)/g, (_m, h: string | undefined, c: string | undefined) =>
    h !== undefined ? String.fromCharCode(Number.parseInt(h, 16)) : c === "n" ? "\n" : c === "t" ? "\t" : c!,
  );
}
