// In-place edits of a TOML file (Codex's config.toml) that keep every comment, blank line, key order and
// layout: staso only ever adds, changes or removes whole `[a."b"]` tables and single `key = value` lines in
// them. smol-toml parses the document (for validation with line numbers, and to check each edit); a small
// line scanner, aware of multi-line strings and arrays, finds the table headers and key lines to splice.
import { parse, TomlError } from "smol-toml";
import { canonicalJson } from "./json-edit.js";
import { SetupError } from "./errors.js";

export type TomlTable = Record<string, unknown>;

export function parseToml(file: string, text: string): TomlTable {
  try {
    return parse(text, { integersAsBigInt: "asNeeded" }) as TomlTable;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split("\n")[0]!.replace(/^Invalid TOML document: /, "");
      throw new SetupError(
        `${file}:${err.line}:${err.column}: the file is not valid TOML (${first}), so staso changed nothing. Fix or move the file, then run the command again.`,
      );
    }
    throw err;
  }
}

/** A key as TOML writes it: bare when it can be, else a basic string. */
export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

/** A TOML basic string. */
export function tomlString(s: string): string {
  // JSON escapes are valid TOML escapes; TOML also forbids a raw DEL.
  return JSON.stringify(s).replace(/\u007f/g, "\\u007F");
}

export interface TableBlock {
  /** The table's key path, decoded. */
  path: string[];
  arrayOfTables: boolean;
  /** Line index of the header. */
  header: number;
  /** Line index just past the block: the next header, or the line count. */
  end: number;
  /** Key/value lines of the block: first line index, key path (decoded), line index just past the value. */
  entries: Array<{ line: number; key: string[]; end: number }>;
}

// ---------------------------------------------------------------------------------------------------------
// scanning

function decodeBasic(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case "b":
        return "\b";
      case "t":
        return "\t";
      case "n":
        return "\n";
      case "f":
        return "\f";
      case "r":
        return "\r";
      case "e":
        return "\u001b";
      case '"':
        return '"';
      case "\\":
        return "\\";
      case "u":
      case "U":
      case "x":
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      default:
        return e;
    }
  });
}

/** Reads a dotted key starting at `i`; returns the decoded parts and the index after it, or null. */
function readKey(s: string, i: number): { parts: string[]; next: number } | null {
  const parts: string[] = [];
  for (;;) {
    while (s[i] === " " || s[i] === "\t") i++;
    if (s[i] === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
      if (j >= s.length) return null;
      parts.push(decodeBasic(s.slice(i + 1, j)));
      i = j + 1;
    } else if (s[i] === "'") {
      const j = s.indexOf("'", i + 1);
      if (j < 0) return null;
      parts.push(s.slice(i + 1, j));
      i = j + 1;
    } else {
      const m = /^[A-Za-z0-9_-]+/.exec(s.slice(i));
      if (!m) return null;
      parts.push(m[0]);
      i += m[0].length;
    }
    while (s[i] === " " || s[i] === "\t") i++;
    if (s[i] !== ".") return { parts, next: i };
    i++;
  }
}

interface ScanState {
  /** Inside a multi-line string closed by this delimiter. */
  ml: '"""' | "'''" | null;
  /** Open [ and { of a value. */
  depth: number;
}

/** Advances over value text from `i`, updating string/bracket state; stops at a comment or line end. */
function scanValue(line: string, i: number, st: ScanState): void {
  while (i < line.length) {
    if (st.ml) {
      const close = line.indexOf(st.ml, i);
      if (close < 0) return;
      if (st.ml === '"""') {
        // an escaped quote does not close
        let k = close - 1;
        let bs = 0;
        while (k >= i && line[k] === "\\") {
          bs++;
          k--;
        }
        if (bs % 2 === 1) {
          i = close + 1;
          continue;
        }
      }
      i = close + 3;
      while (line[i] === st.ml[0]) i++; // up to two quotes may stand right before the closing delimiter
      st.ml = null;
      continue;
    }
    const c = line[i]!;
    if (c === "#") return;
    if (line.startsWith('"""', i) || line.startsWith("'''", i)) {
      st.ml = line.slice(i, i + 3) as '"""' | "'''";
      i += 3;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === "\\" ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (c === "'") {
      const j = line.indexOf("'", i + 1);
      i = j < 0 ? line.length : j + 1;
      continue;
    }
    if (c === "[" || c === "{") st.depth++;
    else if (c === "]" || c === "}") st.depth = Math.max(0, st.depth - 1);
    i++;
  }
}

/** Every table header and key/value line of a TOML text (split on \n; a \r stays at line ends). */
export function scanTables(lines: string[]): { root: TableBlock; tables: TableBlock[] } {
  const root: TableBlock = { path: [], arrayOfTables: false, header: -1, end: lines.length, entries: [] };
  const tables: TableBlock[] = [];
  let current = root;
  const st: ScanState = { ml: null, depth: 0 };
  let open: { line: number; key: string[] } | null = null;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.replace(/\r$/, "");
    if (st.ml || st.depth > 0) {
      scanValue(line, 0, st);
      if (!st.ml && st.depth === 0 && open) {
        current.entries.push({ ...open, end: n + 1 });
        open = null;
      }
      continue;
    }
    const lead = /^[ \t]*/.exec(line)![0].length;
    const c = line[lead];
    if (c === undefined || c === "#") continue;
    if (c === "[") {
      const isArray = line[lead + 1] === "[";
      const key = readKey(line, lead + (isArray ? 2 : 1));
      if (!key) continue;
      current.end = n;
      current = { path: key.parts, arrayOfTables: isArray, header: n, end: lines.length, entries: [] };
      tables.push(current);
      continue;
    }
    const key = readKey(line, lead);
    if (!key || line[key.next] !== "=") continue;
    scanValue(line, key.next + 1, st);
    if (st.ml || st.depth > 0) open = { line: n, key: key.parts };
    else current.entries.push({ line: n, key: key.parts, end: n + 1 });
  }
  return { root, tables };
}

const samePath = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

// ---------------------------------------------------------------------------------------------------------
// editing

/**
 * Edits on one TOML text, line-based. Each operation re-scans, so it always sees the current text.
 * `text` is the result; `verify` checks it against the value the edits were meant to produce.
 */
export class TomlEditor {
  private lines: string[];
  readonly eol: string;

  constructor(
    private readonly file: string,
    text: string,
  ) {
    this.eol = text.includes("\r\n") ? "\r\n" : "\n";
    this.lines = text.split("\n");
  }

  get text(): string {
    return this.lines.join("\n");
  }

  private scan() {
    return scanTables(this.lines);
  }

  table(path: string[]): TableBlock | undefined {
    return this.scan().tables.find((t) => !t.arrayOfTables && samePath(t.path, path));
  }

  private line(s: string): string {
    return this.eol === "\r\n" ? `${s}\r` : s;
  }

  /** Sets `key = <valueToml>` in the table at `path`: the line is replaced in place, or added after the table's last entry, or a new table is appended at the end of the file. */
  set(path: string[], key: string, valueToml: string): void {
    const t = this.table(path);
    const kv = this.line(`${tomlKey(key)} = ${valueToml}`);
    if (t) {
      const e = t.entries.find((x) => samePath(x.key, [key]));
      if (e) {
        const old = this.lines[e.line]!.replace(/\r$/, "");
        const m = /^([ \t]*(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)[ \t]*=[ \t]*)/.exec(old);
        if (e.end === e.line + 1 && m) {
          // keep the line's own key spelling, spacing and trailing comment
          const rest = old.slice(m[1]!.length);
          const comment = trailingComment(rest);
          this.lines.splice(e.line, 1, this.line(m[1] + valueToml + comment));
        } else {
          this.lines.splice(e.line, e.end - e.line, kv);
        }
        return;
      }
      const after = t.entries.length > 0 ? t.entries[t.entries.length - 1]!.end : t.header + 1;
      this.lines.splice(after, 0, kv);
      return;
    }
    this.appendTable(path, [kv]);
  }

  private appendTable(path: string[], body: string[]): void {
    // the file ends with "\n" → the split leaves a last empty string; keep exactly one blank line before the new table
    let lines = this.lines;
    if (lines.length === 1 && lines[0] === "") lines = [];
    else if (lines[lines.length - 1] !== "") {
      // no final newline: add it
      lines[lines.length - 1] = this.line(lines[lines.length - 1]!.replace(/\r$/, ""));
      lines.push("");
    }
    const nonEmpty = lines.some((l) => l.trim() !== "");
    const header = this.line(`[${path.map(tomlKey).join(".")}]`);
    const add = [...(nonEmpty ? [this.line("")] : []), header, ...body];
    // lines ends with "" (the text after the final newline): insert before it
    if (lines.length === 0) lines.push("");
    lines.splice(lines.length - 1, 0, ...add);
    this.lines = lines;
  }

  /** Removes `key` from the table at `path`; the table goes too when nothing else is left in it. */
  unset(path: string[], key: string): void {
    const t = this.table(path);
    if (!t) return;
    const e = t.entries.find((x) => samePath(x.key, [key]));
    if (!e) return;
    if (t.entries.length > 1) {
      this.lines.splice(e.line, e.end - e.line);
      return;
    }
    this.removeTable(path);
  }

  /** Removes the table at `path`: its header, its entries, the comments between them and the blank line before it. */
  removeTable(path: string[]): void {
    const t = this.table(path);
    if (!t) return;
    // keep trailing comments and blank lines: they belong to whatever follows
    let stop = t.header + 1;
    for (const e of t.entries) stop = Math.max(stop, e.end);
    let start = t.header;
    if (start > 0 && this.lines[start - 1]!.trim() === "") start--;
    else if (stop < this.lines.length && this.lines[stop]!.trim() === "" && stop + 1 < this.lines.length) stop++;
    this.lines.splice(start, stop - start);
    if (this.lines.length === 0) this.lines = [""];
  }

  /** Renames tables: every header whose path is a key of `renames` gets the new path, all at once. */
  renameTables(renames: Array<{ from: string[]; to: string[] }>): void {
    if (renames.length === 0) return;
    for (const t of this.scan().tables) {
      if (t.arrayOfTables) continue;
      const r = renames.find((x) => samePath(x.from, t.path));
      if (!r) continue;
      const old = this.lines[t.header]!.replace(/\r$/, "");
      const lead = /^[ \t]*/.exec(old)![0];
      const key = readKey(old, lead.length + 1)!;
      const after = old.slice(key.next); // "]" and any comment
      this.lines[t.header] = this.line(`${lead}[${r.to.map(tomlKey).join(".")}${after}`);
    }
  }

  /** Throws unless the edited text parses to `expected` (compared without empty tables). */
  verify(expected: TomlTable, manualFix: string): void {
    let got: TomlTable;
    try {
      got = parseToml(this.file, this.text);
    } catch {
      throw new SetupError(
        `${this.file}: staso could not edit this file in place safely, so it changed nothing. ${manualFix}`,
      );
    }
    if (canonicalJson(prune(got)) !== canonicalJson(prune(expected))) {
      throw new SetupError(
        `${this.file}: staso could not edit this file in place safely, so it changed nothing. ${manualFix}`,
      );
    }
  }
}

/** The spacing and `# comment` after a one-line value, or "". */
function trailingComment(rest: string): string {
  let i = 0;
  while (i < rest.length) {
    const c = rest[i]!;
    if (c === "#") {
      let j = i;
      while (j > 0 && (rest[j - 1] === " " || rest[j - 1] === "\t")) j--;
      return rest.slice(j);
    }
    if (rest.startsWith('"""', i) || rest.startsWith("'''", i)) {
      const delim = rest.slice(i, i + 3);
      const close = rest.indexOf(delim, i + 3);
      i = close < 0 ? rest.length : close + 3;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < rest.length && rest[j] !== '"') j += rest[j] === "\\" ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (c === "'") {
      const j = rest.indexOf("'", i + 1);
      i = j < 0 ? rest.length : j + 1;
      continue;
    }
    i++;
  }
  return "";
}

/** A value with empty tables taken out (an implicit table vanishes with its last member). */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(prune);
  if (v instanceof Date || v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const p = prune(x);
    if (p !== null && typeof p === "object" && !Array.isArray(p) && !(p instanceof Date) && Object.keys(p).length === 0)
      continue;
    out[k] = p;
  }
  return out;
}
