// A hand-written, error-tolerant parser for the POSIX shell / bash command language: lists, and-or
// chains, pipelines, subshells, groups, if/while/until/for/select/case, function definitions, [[ ]],
// (( )), redirections, heredocs, assignments, quoting (single, double, ANSI-C $'…'), escapes, line
// continuations, comments, parameter expansion, command, arithmetic and process substitution.
//
// It runs on every shell call of the hook, in a fresh process, so it is a single linear pass over the
// text with no regular expressions that could backtrack. It never throws on any input: what it cannot
// read is reported in `problems` (so the caller can apply the fail mode) and parsing goes on.

import { DeadlineExceeded, step } from "../../util/deadline.js";

export type Part =
  /** Literal text. `q`: quoted (no brace expansion, globbing or field splitting applies). */
  | { k: "lit"; v: string; q: boolean }
  /** $name, ${name}, ${name op arg}, ${#name}, ${!name}. */
  | {
      k: "param";
      name: string;
      q: boolean;
      op?: string;
      arg?: string;
      length?: boolean;
      indirect?: boolean;
      /** The subscript of an array element (`${a[1]}`, `${a[@]}`): name then ends in "[]". */
      sub?: string;
    }
  /** $( … ) or ` … ` (`backquote`: its body was parsed from the unescaped text, so its offsets are its own). */
  | { k: "cmd"; body: List; q: boolean; backquote?: true }
  /** $(( … )); `bodies`: command substitutions inside it (they run). */
  | { k: "arith"; q: boolean; bodies?: List[] }
  /** <( … ) or >( … ). */
  | { k: "proc"; dir: "<" | ">"; body: List };

export interface Word {
  parts: Part[];
  start: number;
  end: number;
}

interface Assign {
  name: string;
  /** null for an array assignment NAME=( … ). */
  value: Word | null;
  /** The words of an array assignment (their substitutions still run). */
  items?: Word[];
  append: boolean;
  start: number;
  end: number;
}

export interface Redir {
  op: string;
  fd?: number;
  target?: Word;
  /** Heredoc: its body (a Word when unquoted, so that expansions in it run) and whether the delimiter was quoted. */
  heredoc?: { delimiter: string; quoted: boolean; text: string; body?: Word };
}

export type Cmd =
  | { t: "simple"; assigns: Assign[]; words: Word[]; redirs: Redir[]; start: number; end: number }
  | { t: "subshell"; body: List; redirs: Redir[]; start: number; end: number }
  | { t: "group"; body: List; redirs: Redir[]; start: number; end: number }
  | { t: "if"; lists: List[]; redirs: Redir[]; start: number; end: number }
  | { t: "loop"; cond: List; body: List; redirs: Redir[]; start: number; end: number }
  | { t: "for"; name: string; items?: Word[]; body: List; redirs: Redir[]; start: number; end: number }
  | { t: "case"; word: Word; arms: { patterns: Word[]; body: List }[]; redirs: Redir[]; start: number; end: number }
  | { t: "func"; name: string; body: Cmd; start: number; end: number }
  | { t: "test"; words: Word[]; redirs: Redir[]; start: number; end: number }
  | { t: "arith"; redirs: Redir[]; start: number; end: number; bodies?: List[] };

export interface Pipeline {
  cmds: Cmd[];
  negated: boolean;
}

interface AndOr {
  pipelines: Pipeline[];
  ops: ("&&" | "||")[];
  background: boolean;
}

export type List = AndOr[];

export interface ParseResult {
  list: List;
  problems: string[];
}

/** Structures (subshells, substitutions, compound commands, …) nested deeper than this are not parsed. */
const MAX_NESTING = 200;
/**
 * A command line of more commands than this is not parsed further (the walker stops at as many): past it the
 * analysis is unsure, and a 1 MiB line of `x;x;x;…` costs a few milliseconds instead of a 500,000-node tree.
 */
export const MAX_COMMANDS = 10_000;

const RESERVED_START = new Set(["if", "while", "until", "for", "select", "case", "function", "{", "[[", "!"]);

const ANSI_C: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isHex = (c: string | undefined) =>
  c !== undefined && ((c >= "0" && c <= "9") || (c >= "a" && c <= "f") || (c >= "A" && c <= "F"));
const isNameStart = (c: string | undefined) =>
  c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_");
const isNameChar = (c: string | undefined) => isNameStart(c) || isDigit(c);

/** Decodes the body of $'…' (ANSI-C quoting), as bash does. Linear, never throws. */
function decodeAnsiC(body: string): string {
  let out = "";
  const n = body.length;
  for (let i = 0; i < n; i++) {
    const c = body[i]!;
    if (c !== "\\" || i + 1 >= n) {
      out += c;
      continue;
    }
    const d = body[++i]!;
    if (d in ANSI_C) {
      out += ANSI_C[d];
      continue;
    }
    if (d === "x" || d === "u" || d === "U") {
      const max = d === "x" ? 2 : d === "u" ? 4 : 8;
      let j = i + 1;
      let hex = "";
      while (j < n && hex.length < max && isHex(body[j])) hex += body[j++];
      if (!hex) {
        out += `\\${d}`;
        continue;
      }
      const cp = parseInt(hex, 16);
      out += d === "x" ? String.fromCharCode(cp) : cp <= 0x10ffff ? String.fromCodePoint(cp) : "";
      i = j - 1;
      continue;
    }
    if (d >= "0" && d <= "7") {
      let j = i;
      let oct = "";
      while (j < n && oct.length < 3 && body[j]! >= "0" && body[j]! <= "7") oct += body[j++];
      out += String.fromCharCode(parseInt(oct, 8) & 0xff);
      i = j - 1;
      continue;
    }
    if (d === "c" && i + 1 < n) {
      out += String.fromCharCode(body.charCodeAt(++i) & 0x1f);
      continue;
    }
    out += `\\${d}`;
  }
  return out;
}

interface Stop {
  /** Stop at an unmatched ")". */
  paren?: boolean;
  /** Stop at ";;", ";&", ";;&" (case arms). */
  caseArm?: boolean;
  /** Reserved words that end this list when met in command position. */
  words?: Set<string>;
}

interface PendingHeredoc {
  redir: Redir;
  delimiter: string;
  strip: boolean;
  quoted: boolean;
}

class Bail extends Error {}

class Parser {
  pos = 0;
  problems: string[] = [];
  private pending: PendingHeredoc[] = [];
  private nesting = 0;
  private readonly n: number;

  constructor(
    readonly src: string,
    baseNesting = 0,
    /** Commands parsed so far, shared with the parsers of nested text (backquotes, heredoc bodies). */
    private readonly count = { commands: 0 },
  ) {
    this.n = src.length;
    this.nesting = baseNesting;
  }

  problem(msg: string): void {
    if (this.problems.length < 20 && !this.problems.includes(msg)) this.problems.push(msg);
  }

  private enter(): void {
    if (++this.nesting > MAX_NESTING) {
      this.problem(`The command nests more than ${MAX_NESTING} levels deep.`);
      throw new Bail();
    }
  }
  private leave(): void {
    this.nesting--;
  }

  parseAll(): List {
    try {
      const list = this.parseList({});
      while (this.pos < this.n) {
        // Something the list could not start on (a stray ")", "fi", "}" …): note it and go on after it.
        this.problem(`Unexpected ${JSON.stringify(this.src[this.pos])} in the command.`);
        this.pos++;
        list.push(...this.parseList({}));
      }
      if (this.pending.length) this.readHeredocs();
      return list;
    } catch (err) {
      if (err instanceof DeadlineExceeded) throw err;
      if (!(err instanceof Bail)) this.problem(`The command could not be parsed (${(err as Error).message}).`);
      this.pos = this.n;
      return [];
    }
  }

  // ---- blanks, comments, newlines -------------------------------------------------------------

  /** Skips spaces, tabs, line continuations and comments (not newlines). */
  private blanks(): void {
    const s = this.src;
    while (this.pos < this.n) {
      const c = s[this.pos];
      if (c === " " || c === "\t" || c === "\r") this.pos++;
      else if (c === "\\" && s[this.pos + 1] === "\n") this.pos += 2;
      else if (c === "#") {
        while (this.pos < this.n && s[this.pos] !== "\n") this.pos++;
      } else break;
    }
  }

  /** Consumes one newline, then any heredoc bodies that start after it. */
  private newline(): void {
    this.pos++;
    if (this.pending.length) this.readHeredocs();
  }

  /** Skips blanks and newlines. */
  private linebreaks(): void {
    for (;;) {
      this.blanks();
      if (this.src[this.pos] === "\n") this.newline();
      else return;
    }
  }

  private readHeredocs(): void {
    const s = this.src;
    for (const h of this.pending.splice(0)) {
      const bodyStart = this.pos;
      let found = false;
      let bodyEnd = this.n;
      let text = "";
      while (this.pos < this.n) {
        step();
        let nl = s.indexOf("\n", this.pos);
        if (nl < 0) nl = this.n;
        let line = s.slice(this.pos, nl);
        if (h.strip) {
          let k = 0;
          while (line[k] === "\t") k++;
          line = line.slice(k);
        }
        if (line === h.delimiter || line === `${h.delimiter}\r`) {
          found = true;
          bodyEnd = this.pos;
          this.pos = Math.min(this.n, nl + 1);
          break;
        }
        text += `${line}\n`;
        this.pos = Math.min(this.n, nl + 1);
        if (nl >= this.n) break;
      }
      if (!found) {
        this.problem(`The heredoc ending in ${h.delimiter} is not closed.`);
        bodyEnd = this.n;
      }
      const heredoc: NonNullable<Redir["heredoc"]> = { delimiter: h.delimiter, quoted: h.quoted, text };
      if (!h.quoted && (text.includes("$") || text.includes("`"))) {
        // Expansions in an unquoted heredoc run: parse the body like the inside of double quotes.
        const sub = new Parser(text, this.nesting, this.count);
        try {
          heredoc.body = { parts: sub.readDoubleQuoted(false), start: bodyStart, end: bodyEnd };
        } catch (err) {
          if (!(err instanceof Bail)) throw err;
        }
        for (const p of sub.problems) this.problem(p);
        // Bodies of an unquoted heredoc with backslash-escapes: `text` keeps the raw form.
      }
      h.redir.heredoc = heredoc;
    }
  }

  // ---- lists ----------------------------------------------------------------------------------

  /** At command position: the next word if it is a plain unquoted literal (for reserved words). */
  private peekBareWord(): string | undefined {
    const s = this.src;
    let j = this.pos;
    while (j < this.n) {
      const c = s[j]!;
      if (
        c === " " ||
        c === "\t" ||
        c === "\n" ||
        c === ";" ||
        c === "&" ||
        c === "|" ||
        c === "(" ||
        c === ")" ||
        c === "<" ||
        c === ">" ||
        c === "\r"
      )
        break;
      if (c === "'" || c === '"' || c === "\\" || c === "$" || c === "`") return undefined;
      j++;
    }
    if (j === this.pos) {
      // "((" / "(" / ")" are handled by the caller; nothing bare here.
      return undefined;
    }
    return s.slice(this.pos, j);
  }

  private atStop(stop: Stop): boolean {
    const s = this.src;
    const c = s[this.pos];
    if (c === undefined) return true;
    if (c === ")" && stop.paren) return true;
    if (stop.caseArm && c === ";" && (s[this.pos + 1] === ";" || s[this.pos + 1] === "&")) return true;
    if (stop.words) {
      const w = this.peekBareWord();
      if (w !== undefined && stop.words.has(w)) return true;
    }
    return false;
  }

  parseList(stop: Stop): List {
    this.enter();
    const list: List = [];
    const s = this.src;
    for (;;) {
      this.linebreaks();
      if (this.pos >= this.n || this.atStop(stop)) break;
      const c = s[this.pos];
      if (c === ";" || c === "&" || c === "|") {
        if (!(c === ";" && stop.caseArm)) this.problem(`Unexpected ${JSON.stringify(c)} in the command.`);
        this.pos++;
        continue;
      }
      if (c === ")") {
        this.problem('Unexpected ")" in the command.');
        this.pos++;
        continue;
      }
      const before = this.pos;
      const ao = this.parseAndOr(stop);
      if (ao) list.push(ao);
      this.blanks();
      const d = s[this.pos];
      if (d === ";" && s[this.pos + 1] !== ";" && s[this.pos + 1] !== "&") {
        this.pos++;
      } else if (d === "&" && s[this.pos + 1] !== "&" && s[this.pos + 1] !== ">") {
        if (ao) ao.background = true;
        this.pos++;
      } else if (d === "\n") {
        this.newline();
      } else if (this.pos === before) {
        // Nothing could be read here and it is not a stop: skip it so the parse always advances.
        if (!this.atStop(stop)) {
          this.problem(`Unexpected ${JSON.stringify(d)} in the command.`);
          this.pos++;
        } else break;
      }
    }
    this.leave();
    return list;
  }

  private parseAndOr(stop: Stop): AndOr | undefined {
    const first = this.parsePipeline(stop);
    if (!first) return undefined;
    const ao: AndOr = { pipelines: [first], ops: [], background: false };
    const s = this.src;
    for (;;) {
      this.blanks();
      const op = s.startsWith("&&", this.pos) ? "&&" : s.startsWith("||", this.pos) ? "||" : undefined;
      if (!op) break;
      this.pos += 2;
      this.linebreaks();
      const next = this.parsePipeline(stop);
      if (!next) {
        this.problem(`Nothing follows ${op} in the command.`);
        break;
      }
      ao.ops.push(op);
      ao.pipelines.push(next);
    }
    return ao;
  }

  private parsePipeline(stop: Stop): Pipeline | undefined {
    const s = this.src;
    this.blanks();
    let negated = false;
    for (;;) {
      const w = this.peekBareWord();
      if (w === "!") {
        negated = !negated;
        this.pos++;
        this.blanks();
      } else if (w === "time") {
        // The `time` keyword times the whole pipeline; options -p.
        this.pos += 4;
        this.blanks();
        if (this.peekBareWord() === "-p") {
          this.pos += 2;
          this.blanks();
        }
      } else break;
    }
    const cmds: Cmd[] = [];
    for (;;) {
      if (this.atStop(stop) && cmds.length === 0 && !negated) return undefined;
      const cmd = this.parseCommand(stop);
      if (!cmd) break;
      cmds.push(cmd);
      this.blanks();
      if (s[this.pos] === "|" && s[this.pos + 1] !== "|") {
        this.pos += s[this.pos + 1] === "&" ? 2 : 1;
        this.linebreaks();
        continue;
      }
      break;
    }
    if (cmds.length === 0) return undefined;
    return { cmds, negated };
  }

  // ---- commands -------------------------------------------------------------------------------

  private expectWord(word: string, what: string): boolean {
    this.linebreaks();
    if (this.peekBareWord() === word) {
      this.pos += word.length;
      return true;
    }
    this.problem(`${what} is missing its "${word}".`);
    return false;
  }

  private parseCommand(stop: Stop): Cmd | undefined {
    const s = this.src;
    this.blanks();
    const start = this.pos;
    const c = s[this.pos];
    if (c === undefined) return undefined;
    step();
    if (++this.count.commands > MAX_COMMANDS) {
      this.problem(`The command has more than ${MAX_COMMANDS} commands.`);
      throw new Bail();
    }
    if (c === "(") {
      if (s[this.pos + 1] === "(") {
        this.pos += 2;
        const bodies = this.skipArith(2);
        return {
          t: "arith",
          redirs: this.trailingRedirs(),
          start,
          end: this.pos,
          ...(bodies.length ? { bodies } : {}),
        };
      }
      this.pos++;
      this.enter();
      const body = this.parseList({ paren: true });
      this.leave();
      if (s[this.pos] === ")") this.pos++;
      else this.problem("A subshell ( … ) is not closed.");
      const end = this.pos;
      return { t: "subshell", body, redirs: this.trailingRedirs(), start, end };
    }
    const w = this.peekBareWord();
    if (w !== undefined && RESERVED_START.has(w)) {
      this.enter();
      try {
        return this.parseCompound(w, start);
      } finally {
        this.leave();
      }
    }
    if (
      w !== undefined &&
      (w === "then" ||
        w === "else" ||
        w === "elif" ||
        w === "fi" ||
        w === "do" ||
        w === "done" ||
        w === "esac" ||
        w === "}" ||
        w === "]]")
    ) {
      if (!stop.words?.has(w)) {
        this.problem(`Unexpected "${w}" in the command.`);
        this.pos += w.length;
      }
      return undefined;
    }
    return this.parseSimple();
  }

  private parseCompound(w: string, start: number): Cmd {
    const s = this.src;
    this.pos += w.length;
    switch (w) {
      case "{": {
        const body = this.parseList({ words: new Set(["}"]) });
        this.expectWord("}", "A { … } group");
        const end = this.pos;
        return { t: "group", body, redirs: this.trailingRedirs(), start, end };
      }
      case "if": {
        const lists: List[] = [this.parseList({ words: new Set(["then"]) })];
        this.expectWord("then", "An if");
        for (;;) {
          lists.push(this.parseList({ words: new Set(["elif", "else", "fi"]) }));
          this.linebreaks();
          const k = this.peekBareWord();
          if (k === "elif") {
            this.pos += 4;
            lists.push(this.parseList({ words: new Set(["then"]) }));
            this.expectWord("then", "An elif");
            continue;
          }
          if (k === "else") {
            this.pos += 4;
            lists.push(this.parseList({ words: new Set(["fi"]) }));
          }
          this.expectWord("fi", "An if");
          break;
        }
        const end = this.pos;
        return { t: "if", lists, redirs: this.trailingRedirs(), start, end };
      }
      case "while":
      case "until": {
        const cond = this.parseList({ words: new Set(["do"]) });
        this.expectWord("do", `A ${w} loop`);
        const body = this.parseList({ words: new Set(["done"]) });
        this.expectWord("done", `A ${w} loop`);
        const end = this.pos;
        return { t: "loop", cond, body, redirs: this.trailingRedirs(), start, end };
      }
      case "for":
      case "select": {
        this.blanks();
        let name = "";
        let items: Word[] | undefined;
        if (s.startsWith("((", this.pos)) {
          this.pos += 2;
          this.skipArith(2);
        } else {
          const nw = this.readWord();
          name = nw ? (wordLiteral(nw) ?? "") : "";
          this.linebreaks();
          if (this.peekBareWord() === "in") {
            this.pos += 2;
            items = [];
            for (;;) {
              this.blanks();
              const ch = s[this.pos];
              if (ch === undefined || ch === ";" || ch === "\n") break;
              const item = this.readWord();
              if (!item) break;
              items.push(item);
            }
          }
        }
        this.blanks();
        if (s[this.pos] === ";") this.pos++;
        this.linebreaks();
        let body: List;
        if (this.peekBareWord() === "{") {
          this.pos++;
          body = this.parseList({ words: new Set(["}"]) });
          this.expectWord("}", `A ${w} loop`);
        } else {
          this.expectWord("do", `A ${w} loop`);
          body = this.parseList({ words: new Set(["done"]) });
          this.expectWord("done", `A ${w} loop`);
        }
        const end = this.pos;
        return { t: "for", name, items, body, redirs: this.trailingRedirs(), start, end };
      }
      case "case": {
        this.blanks();
        const word = this.readWord() ?? { parts: [], start: this.pos, end: this.pos };
        this.linebreaks();
        this.expectWord("in", "A case");
        const arms: { patterns: Word[]; body: List }[] = [];
        for (;;) {
          this.linebreaks();
          if (this.pos >= this.n) {
            this.problem('A case is missing its "esac".');
            break;
          }
          if (this.peekBareWord() === "esac") {
            this.pos += 4;
            break;
          }
          if (s[this.pos] === "(") this.pos++;
          const patterns: Word[] = [];
          for (;;) {
            this.blanks();
            const p = this.readWord();
            if (p) patterns.push(p);
            this.blanks();
            if (s[this.pos] === "|") {
              this.pos++;
              continue;
            }
            break;
          }
          if (s[this.pos] === ")") this.pos++;
          else {
            this.problem('A case pattern is not closed with ")".');
            if (!patterns.length) this.pos++;
          }
          const body = this.parseList({ caseArm: true, words: new Set(["esac"]) });
          arms.push({ patterns, body });
          if (s[this.pos] === ";") {
            this.pos += s.startsWith(";;&", this.pos) ? 3 : 2;
          }
        }
        const end = this.pos;
        return { t: "case", word, arms, redirs: this.trailingRedirs(), start, end };
      }
      case "function": {
        this.blanks();
        const nw = this.readWord();
        const name = nw ? (wordLiteral(nw) ?? "") : "";
        this.blanks();
        if (s[this.pos] === "(" && s[this.pos + 1] === ")") this.pos += 2;
        else if (s[this.pos] === "(") {
          this.pos++;
          this.blanks();
          if (s[this.pos] === ")") this.pos++;
        }
        this.linebreaks();
        const body = this.parseCommand({}) ?? { t: "group", body: [], redirs: [], start: this.pos, end: this.pos };
        return { t: "func", name, body, start, end: this.pos };
      }
      case "[[": {
        const words: Word[] = [];
        for (;;) {
          this.blanks();
          if (this.pos >= this.n) {
            this.problem('A [[ test is missing its "]]".');
            break;
          }
          if (s[this.pos] === "\n") {
            this.newline();
            continue;
          }
          if (s.startsWith("]]", this.pos)) {
            this.pos += 2;
            break;
          }
          const ch = s[this.pos]!;
          if (ch === "&" || ch === "|" || ch === "(" || ch === ")" || ch === "<" || ch === ">" || ch === ";") {
            this.pos++;
            continue;
          }
          const tw = this.readWord();
          if (tw) words.push(tw);
          else this.pos++;
        }
        const end = this.pos;
        return { t: "test", words, redirs: this.trailingRedirs(), start, end };
      }
      default: {
        // "!" is handled by parsePipeline; reaching here means a stray one.
        return { t: "simple", assigns: [], words: [], redirs: [], start, end: this.pos };
      }
    }
  }

  /**
   * Skips an arithmetic body after "((" / "$((" up to its closing "))". Command substitutions inside it
   * run, so they are parsed and returned.
   */
  private skipArith(open: number): List[] {
    const s = this.src;
    let depth = open;
    const bodies: List[] = [];
    while (this.pos < this.n) {
      const c = s[this.pos]!;
      if ((c === "$" && s[this.pos + 1] === "(" && s[this.pos + 2] !== "(") || c === "`") {
        const p = c === "`" ? this.readBackquote(false) : this.skipThenNested(2);
        if (p.k === "cmd") bodies.push(p.body);
        continue;
      }
      if (c === "(") depth++;
      else if (c === ")") {
        depth--;
        if (depth === 0) {
          this.pos++;
          return bodies;
        }
      } else if (c === "\\") this.pos++;
      else if (c === "'") {
        const k = s.indexOf(c, this.pos + 1);
        this.pos = k < 0 ? this.n - 1 : k;
      }
      this.pos++;
    }
    this.problem("An arithmetic expression (( … )) is not closed.");
    return bodies;
  }

  private trailingRedirs(): Redir[] {
    const redirs: Redir[] = [];
    for (;;) {
      this.blanks();
      const r = this.tryRedirect();
      if (!r) return redirs;
      redirs.push(r);
    }
  }

  /** Reads a redirection at pos if there is one ([n]op target, {var}op target). */
  private tryRedirect(): Redir | undefined {
    const s = this.src;
    let j = this.pos;
    let fd: number | undefined;
    while (isDigit(s[j])) j++;
    if (j > this.pos) {
      if (s[j] !== "<" && s[j] !== ">") return undefined;
      fd = Number(s.slice(this.pos, j));
    } else if (s[j] === "{") {
      let k = j + 1;
      while (isNameChar(s[k])) k++;
      if (k > j + 1 && s[k] === "}" && (s[k + 1] === "<" || s[k + 1] === ">")) j = k + 1;
    } else if (s[j] === "&" && s[j + 1] === ">") {
      const op = s[j + 2] === ">" ? "&>>" : "&>";
      this.pos = j + op.length;
      return { op, target: this.redirTarget(op) };
    }
    const c = s[j];
    if (c !== "<" && c !== ">") return undefined;
    // Process substitution is a word, not a redirection.
    if (s[j + 1] === "(") return undefined;
    let op: string;
    if (c === "<") {
      if (s.startsWith("<<<", j)) op = "<<<";
      else if (s.startsWith("<<-", j)) op = "<<-";
      else if (s.startsWith("<<", j)) op = "<<";
      else if (s.startsWith("<&", j)) op = "<&";
      else if (s.startsWith("<>", j)) op = "<>";
      else op = "<";
    } else {
      if (s.startsWith(">>", j)) op = ">>";
      else if (s.startsWith(">&", j)) op = ">&";
      else if (s.startsWith(">|", j)) op = ">|";
      else op = ">";
    }
    this.pos = j + op.length;
    const redir: Redir = { op, ...(fd !== undefined ? { fd } : {}) };
    if (op === "<<" || op === "<<-") {
      this.blanks();
      const dw = this.readWord();
      if (!dw) {
        this.problem("A heredoc has no delimiter.");
        return redir;
      }
      redir.target = dw;
      const quoted = dw.parts.some((p) => p.k !== "lit" || p.q);
      const delimiter = dw.parts.map((p) => (p.k === "lit" ? p.v : "")).join("");
      this.pending.push({ redir, delimiter, strip: op === "<<-", quoted });
      return redir;
    }
    redir.target = this.redirTarget(op);
    return redir;
  }

  private redirTarget(op: string): Word | undefined {
    this.blanks();
    const w = this.readWord();
    if (!w) this.problem(`The redirection ${op} has no target.`);
    return w;
  }

  private parseSimple(): Cmd | undefined {
    const s = this.src;
    const start = this.pos;
    const assigns: Assign[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      this.blanks();
      if (this.pos >= this.n) break;
      const c = s[this.pos]!;
      if (c === "\n" || c === ";" || c === "|" || c === ")" || (c === "&" && s[this.pos + 1] !== ">")) break;
      const r = this.tryRedirect();
      if (r) {
        redirs.push(r);
        continue;
      }
      if (c === "(" && words.length === 1 && assigns.length === 0) {
        // NAME ( ) compound-command: a function definition.
        let k = this.pos + 1;
        while (s[k] === " " || s[k] === "\t") k++;
        if (s[k] === ")") {
          const name = wordLiteral(words[0]!) ?? "";
          this.pos = k + 1;
          this.linebreaks();
          const body = this.parseCommand({}) ?? { t: "group", body: [], redirs: [], start: this.pos, end: this.pos };
          return { t: "func", name, body, start, end: this.pos };
        }
      }
      if (c === "(") {
        this.problem('Unexpected "(" in the command.');
        this.pos++;
        continue;
      }
      if (words.length === 0) {
        const a = this.tryAssignment();
        if (a) {
          assigns.push(a);
          continue;
        }
      }
      const before = this.pos;
      const w = this.readWord();
      if (!w) {
        if (this.pos === before) {
          this.problem(`Unexpected ${JSON.stringify(s[this.pos])} in the command.`);
          this.pos++;
        }
        continue;
      }
      words.push(w);
    }
    if (assigns.length === 0 && words.length === 0 && redirs.length === 0) return undefined;
    return { t: "simple", assigns, words, redirs, start, end: this.pos };
  }

  /** NAME=value / NAME+=value / NAME=( … ) at pos, or undefined. */
  private tryAssignment(): Assign | undefined {
    const s = this.src;
    const start = this.pos;
    if (!isNameStart(s[start])) return undefined;
    let j = start + 1;
    while (isNameChar(s[j])) j++;
    if (s[j] === "[") {
      const k = s.indexOf("]", j);
      if (k < 0 || k - j > 200) return undefined;
      j = k + 1;
    }
    let append = false;
    if (s[j] === "+" && s[j + 1] === "=") {
      append = true;
      j++;
    }
    if (s[j] !== "=") return undefined;
    const name = s.slice(start, j - (append ? 1 : 0)).replace(/\[.*$/, "");
    this.pos = j + 1;
    if (s[this.pos] === "(") {
      this.pos++;
      const items: Word[] = [];
      for (;;) {
        this.blanks();
        const c = s[this.pos];
        if (c === undefined) {
          this.problem("An array assignment ( … ) is not closed.");
          break;
        }
        if (c === "\n") {
          this.newline();
          continue;
        }
        if (c === ")") {
          this.pos++;
          break;
        }
        const w = this.readWord();
        if (w) items.push(w);
        else this.pos++;
      }
      return { name, value: null, items, append, start, end: this.pos };
    }
    const c = s[this.pos];
    let value: Word;
    if (c === undefined || c === " " || c === "\t" || c === "\n" || c === ";" || c === "&" || c === "|" || c === ")") {
      value = { parts: [], start: this.pos, end: this.pos };
    } else {
      value = this.readWord(true) ?? { parts: [], start: this.pos, end: this.pos };
    }
    return { name, value, append, start, end: this.pos };
  }

  // ---- words ----------------------------------------------------------------------------------

  /** Reads one word at pos (quote-aware) or returns undefined when pos is at an operator/blank/end. */
  readWord(assignment = false): Word | undefined {
    const s = this.src;
    const start = this.pos;
    step();
    const parts: Part[] = [];
    let lit = "";
    const flush = () => {
      if (lit) {
        parts.push({ k: "lit", v: lit, q: false });
        lit = "";
      }
    };
    while (this.pos < this.n) {
      const c = s[this.pos]!;
      if (c === " " || c === "\t" || c === "\n" || c === ";" || c === "&" || c === "|" || c === "\r") break;
      if (c === "<" || c === ">") {
        if (s[this.pos + 1] === "(" && this.pos === start) {
          flush();
          const dir = c as "<" | ">";
          this.pos += 2;
          const body = this.parseNested();
          parts.push({ k: "proc", dir, body });
          continue;
        }
        break;
      }
      if (c === "(" || c === ")") {
        // extglob: @( … ), !( … ), +( … ), *( … ), ?( … ) inside a word.
        const prev = s[this.pos - 1];
        if (
          c === "(" &&
          this.pos > start &&
          (prev === "@" || prev === "!" || prev === "+" || prev === "*" || prev === "?")
        ) {
          let depth = 0;
          while (this.pos < this.n) {
            const d = s[this.pos]!;
            lit += d;
            this.pos++;
            if (d === "(") depth++;
            else if (d === ")" && --depth === 0) break;
          }
          continue;
        }
        break;
      }
      if (c === "\\") {
        if (s[this.pos + 1] === "\n") {
          this.pos += 2;
          continue;
        }
        flush();
        if (this.pos + 1 < this.n) parts.push({ k: "lit", v: s[this.pos + 1]!, q: true });
        this.pos += 2;
        continue;
      }
      if (c === "'") {
        flush();
        const k = s.indexOf("'", this.pos + 1);
        if (k < 0) {
          this.problem("A single quote is not closed.");
          parts.push({ k: "lit", v: s.slice(this.pos + 1), q: true });
          this.pos = this.n;
          break;
        }
        parts.push({ k: "lit", v: s.slice(this.pos + 1, k), q: true });
        this.pos = k + 1;
        continue;
      }
      if (c === '"') {
        flush();
        this.pos++;
        parts.push(...this.readDoubleQuoted(true));
        continue;
      }
      if (c === "`") {
        flush();
        parts.push(this.readBackquote(false));
        continue;
      }
      if (c === "$") {
        const d = s[this.pos + 1];
        if (d === "'") {
          flush();
          let k = this.pos + 2;
          while (k < this.n && s[k] !== "'") k += s[k] === "\\" ? 2 : 1;
          if (k >= this.n) {
            this.problem("An ANSI-C quote $'…' is not closed.");
            parts.push({ k: "lit", v: decodeAnsiC(s.slice(this.pos + 2)), q: true });
            this.pos = this.n;
            break;
          }
          parts.push({ k: "lit", v: decodeAnsiC(s.slice(this.pos + 2, k)), q: true });
          this.pos = k + 1;
          continue;
        }
        if (d === '"') {
          flush();
          this.pos += 2;
          parts.push(...this.readDoubleQuoted(true));
          continue;
        }
        const p = this.readDollar(false);
        if (p) {
          flush();
          parts.push(p);
          continue;
        }
        lit += "$";
        this.pos++;
        continue;
      }
      if (c === "{" && this.pos === start && s[this.pos + 1] === "}") {
        // `{}` (find -exec placeholder) is a plain word.
        lit += "{}";
        this.pos += 2;
        continue;
      }
      lit += c;
      this.pos++;
      // In assignment values, `~` after ":" or "=" expands too; keep as literal, expansion handles it.
      void assignment;
    }
    flush();
    if (this.pos === start) return undefined;
    return { parts, start, end: this.pos };
  }

  /** Parses a nested list after "$(" / "<(" up to its ")". */
  /** Skips `n` characters (the opening of a `$(`), then parses the command substitution's body. */
  private skipThenNested(n: number): { k: "cmd"; body: List; q: false } {
    this.pos += n;
    return { k: "cmd", body: this.parseNested(), q: false };
  }

  private parseNested(): List {
    this.enter();
    const body = this.parseList({ paren: true });
    this.leave();
    if (this.src[this.pos] === ")") this.pos++;
    else this.problem("A substitution $( … ) is not closed.");
    return body;
  }

  /** Reads $…, ${…}, $( … ), $(( … )) at pos (pos at "$"); undefined if "$" is literal here. */
  private readDollar(q: boolean): Part | undefined {
    const s = this.src;
    const d = s[this.pos + 1];
    if (d === "(") {
      if (s[this.pos + 2] === "(") {
        this.pos += 3;
        const bodies = this.skipArith(2);
        return { k: "arith", q, ...(bodies.length ? { bodies } : {}) };
      }
      this.pos += 2;
      return { k: "cmd", body: this.parseNested(), q };
    }
    if (d === "{") return this.readBraceParam(q);
    if (isNameStart(d)) {
      let j = this.pos + 2;
      while (isNameChar(s[j])) j++;
      const name = s.slice(this.pos + 1, j);
      this.pos = j;
      return { k: "param", name, q };
    }
    if (d !== undefined && (isDigit(d) || "@*#?$!-".includes(d))) {
      this.pos += 2;
      return { k: "param", name: d, q };
    }
    return undefined;
  }

  private readBraceParam(q: boolean): Part {
    const s = this.src;
    const start = this.pos + 2;
    // Find the matching "}", honouring quotes and nested ${ } / $( ).
    let j = start;
    let depth = 1;
    while (j < this.n) {
      const c = s[j]!;
      if (c === "\\") {
        j += 2;
        continue;
      }
      if (c === "'" && !q) {
        const k = s.indexOf("'", j + 1);
        if (k < 0) break;
        j = k + 1;
        continue;
      }
      if (c === '"') {
        j++;
        while (j < this.n && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
        j++;
        continue;
      }
      if (c === "$" && s[j + 1] === "(") {
        // Skip a nested command substitution by parsing it.
        const save = this.pos;
        this.pos = j + 2;
        this.parseNested();
        j = this.pos;
        this.pos = save;
        continue;
      }
      if (c === "{") depth++;
      else if (c === "}" && --depth === 0) break;
      j++;
    }
    if (j >= this.n) {
      this.problem("A parameter expansion ${…} is not closed.");
      this.pos = this.n;
      return { k: "param", name: "", q };
    }
    const body = s.slice(start, j);
    this.pos = j + 1;
    let k = 0;
    let length = false;
    let indirect = false;
    if (body[0] === "#" && body.length > 1) {
      length = true;
      k = 1;
    } else if (body[0] === "!" && body.length > 1) {
      indirect = true;
      k = 1;
    }
    let name: string;
    const n0 = k;
    if (isNameStart(body[k])) {
      while (isNameChar(body[k])) k++;
    } else if (isDigit(body[k])) {
      while (isDigit(body[k])) k++;
    } else if (body[k] !== undefined && "@*#?$!-".includes(body[k]!)) k++;
    name = body.slice(n0, k);
    let sub: string | undefined;
    if (body[k] === "[") {
      const e = body.indexOf("]", k);
      sub = body.slice(k + 1, e < 0 ? body.length : e);
      k = e < 0 ? body.length : e + 1;
      name += "[]";
    }
    const rest = body.slice(k);
    if (!rest)
      return {
        k: "param",
        name,
        q,
        ...(length ? { length } : {}),
        ...(indirect ? { indirect } : {}),
        ...(sub !== undefined ? { sub } : {}),
      };
    // The operator: longest match first.
    const ops = [
      ":-",
      ":=",
      ":?",
      ":+",
      "##",
      "%%",
      "//",
      "/#",
      "/%",
      "^^",
      ",,",
      "-",
      "=",
      "?",
      "+",
      "#",
      "%",
      "/",
      "^",
      ",",
      ":",
      "@",
    ];
    const op = ops.find((o) => rest.startsWith(o)) ?? rest[0]!;
    return { k: "param", name, q, op, arg: rest.slice(op.length), ...(indirect ? { indirect } : {}) };
  }

  private readBackquote(q: boolean): Part {
    const s = this.src;
    let j = this.pos + 1;
    let inner = "";
    while (j < this.n && s[j] !== "`") {
      if (s[j] === "\\" && j + 1 < this.n) {
        const e = s[j + 1]!;
        if (e === "`" || e === "\\" || e === "$" || (q && e === '"')) {
          inner += e;
          j += 2;
          continue;
        }
      }
      inner += s[j];
      j++;
    }
    if (j >= this.n) {
      this.problem("A backquote ` is not closed.");
      this.pos = this.n;
    } else this.pos = j + 1;
    const sub = new Parser(inner, this.nesting + 1, this.count);
    const body = sub.parseAll();
    for (const p of sub.problems) this.problem(p);
    return { k: "cmd", body, q, backquote: true };
  }

  /**
   * Reads the inside of double quotes from pos (after the opening quote) to the closing one, or the
   * body of an unquoted heredoc (`inQuotes` false: runs to the end, `"` is literal).
   */
  readDoubleQuoted(inQuotes: boolean): Part[] {
    const s = this.src;
    const parts: Part[] = [];
    let lit = "";
    const flush = () => {
      if (lit) {
        parts.push({ k: "lit", v: lit, q: true });
        lit = "";
      }
    };
    let closed = !inQuotes;
    while (this.pos < this.n) {
      const c = s[this.pos]!;
      if (c === '"' && inQuotes) {
        this.pos++;
        closed = true;
        break;
      }
      if (c === "\\") {
        const e = s[this.pos + 1];
        if (e === "\n") {
          this.pos += 2;
          continue;
        }
        if (e !== undefined && (e === "$" || e === "`" || e === "\\" || (inQuotes && e === '"'))) {
          lit += e;
          this.pos += 2;
          continue;
        }
        lit += c;
        this.pos++;
        continue;
      }
      if (c === "`") {
        flush();
        parts.push(this.readBackquote(true));
        continue;
      }
      if (c === "$") {
        const p = this.readDollar(true);
        if (p) {
          flush();
          parts.push(p);
          continue;
        }
      }
      lit += c;
      this.pos++;
    }
    if (!closed) this.problem("A double quote is not closed.");
    flush();
    if (parts.length === 0) parts.push({ k: "lit", v: "", q: true });
    return parts;
  }
}

/** The text of a word made only of literal parts, or undefined. */
function wordLiteral(w: Word): string | undefined {
  let out = "";
  for (const p of w.parts) {
    if (p.k !== "lit") return undefined;
    out += p.v;
  }
  return out;
}

/** Parses a command line. Never throws; what could not be read is in `problems`. */
export function parseShell(src: string, nesting = 0): ParseResult {
  const p = new Parser(src, nesting);
  const list = p.parseAll();
  return { list, problems: p.problems };
}
