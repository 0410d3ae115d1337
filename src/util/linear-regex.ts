// Regular expressions from policy files, matched in linear time. A user's pattern must never hang the hook
// (`/.*x/` alone takes a second on 30 kB with the built-in engine), so patterns are compiled to a small
// Thompson-NFA program and run on a Pike VM: time O(text × pattern), no backtracking, whatever the pattern.
// The syntax is JavaScript's minus what cannot be matched in linear time (backreferences, lookaround),
// which are rejected when the policy is loaded. Pure JS, a few kB, no start-up cost: re2js would give the
// same guarantee but costs the hook ~12 ms of import and warm-up per call (measured). Matching counts its
// steps against the call's deadline (util/deadline.ts), across runs: many short texts add up too.
import { step } from "./deadline.js";

export class RegexSyntaxError extends Error {}

/** Program size limit (after {n,m} expansion): keeps a pattern's cost per character bounded. */
const MAX_PROGRAM = 20_000;

interface RegexMatch {
  index: number;
  end: number;
  /** Group 0 is the whole match; undefined for a group that did not take part. */
  groups: (string | undefined)[];
  named: Record<string, string | undefined>;
}

export interface LinearRegex {
  source: string;
  flags: string;
  test(text: string): boolean;
  exec(text: string, from?: number): RegexMatch | null;
  /** Like String.prototype.replace with a /g regex (or the first match only when all is false): $1, $<name>, $&, $$. */
  replace(text: string, replacement: string, all?: boolean): string;
}

// ---------------------------------------------------------------------------------------------- syntax

type Ranges = number[]; // flat [lo, hi, lo, hi, …], inclusive

type Node =
  | {
      t: "set";
      ranges: Ranges;
      neg: boolean /** `.`: any character but line terminators (all with the s flag). */;
      dot?: boolean;
    }
  | { t: "cat"; items: Node[] }
  | { t: "alt"; items: Node[] }
  | { t: "rep"; node: Node; min: number; max: number; greedy: boolean }
  | { t: "group"; node: Node; index: number }
  | { t: "assert"; kind: "bol" | "eol" | "wordb" | "nwordb" };

const DIGIT: Ranges = [48, 57];
const WORD: Ranges = [48, 57, 65, 90, 95, 95, 97, 122];
const SPACE: Ranges = [
  9, 13, 32, 32, 160, 160, 5760, 5760, 8192, 8202, 8232, 8233, 8239, 8239, 8287, 8287, 12288, 12288, 65279, 65279,
];

function invert(r: Ranges): Ranges {
  const sorted: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) sorted.push([r[i]!, r[i + 1]!]);
  sorted.sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push(next, lo - 1);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0xffff) out.push(next, 0xffff);
  return out;
}

class Parser {
  pos = 0;
  groups = 0;
  names: string[] = [];
  constructor(readonly src: string) {}

  fail(what: string): never {
    throw new RegexSyntaxError(`${what} at position ${this.pos}`);
  }

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.src.length)
      this.fail(this.src[this.pos] === ")" ? "unmatched )" : `unexpected ${this.src[this.pos]}`);
    return node;
  }

  alternation(): Node {
    const items = [this.sequence()];
    while (this.src[this.pos] === "|") {
      this.pos++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0]! : { t: "alt", items };
  }

  sequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== "|" && this.src[this.pos] !== ")") {
      const start = this.pos;
      const atom = this.atom();
      const q = this.quantifier();
      if (q) {
        if (atom.t === "assert") {
          this.pos = start;
          this.fail("nothing to repeat");
        }
        items.push({ t: "rep", node: atom, ...q });
      } else items.push(atom);
    }
    return items.length === 1 ? items[0]! : { t: "cat", items };
  }

  quantifier(): { min: number; max: number; greedy: boolean } | undefined {
    const c = this.src[this.pos];
    let min: number;
    let max: number;
    if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos, this.pos + 24));
      if (!m) return undefined; // a literal {, as in JavaScript
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      if (max < min) this.fail("numbers out of order in {} quantifier");
      if (min > 1000 || (max !== Infinity && max > 1000)) this.fail("a {} quantifier above 1000");
      this.pos += m[0].length - 1;
    } else return undefined;
    this.pos++;
    let greedy = true;
    if (this.src[this.pos] === "?") {
      greedy = false;
      this.pos++;
    }
    const after = this.src[this.pos];
    if (
      (after !== undefined && "*+?".includes(after)) ||
      (this.src[this.pos] === "{" && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos, this.pos + 24)))
    )
      this.fail("nothing to repeat");
    return { min, max, greedy };
  }

  atom(): Node {
    const c = this.src[this.pos]!;
    switch (c) {
      case "(":
        return this.group();
      case "[":
        return this.charClass();
      case ".":
        this.pos++;
        return { t: "set", ranges: [], neg: true, dot: true };
      case "^":
        this.pos++;
        return { t: "assert", kind: "bol" };
      case "$":
        this.pos++;
        return { t: "assert", kind: "eol" };
      case "\\":
        return this.escape(false) as Node;
      case "*":
      case "+":
      case "?":
        return this.fail("nothing to repeat");
      default:
        if (c === "{" && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos, this.pos + 24)))
          this.fail("nothing to repeat");
        this.pos++;
        return lit(c.charCodeAt(0));
    }
  }

  group(): Node {
    this.pos++; // (
    let index = -1;
    if (this.src[this.pos] === "?") {
      const rest = this.src.slice(this.pos, this.pos + 3);
      if (rest.startsWith("?:")) this.pos += 2;
      else if (rest.startsWith("?=") || rest.startsWith("?!") || rest === "?<=" || rest === "?<!")
        this.fail("lookaround is not supported (it cannot be matched in linear time)");
      else if (rest.startsWith("?<")) {
        const m = /^\?<([A-Za-z_$][\w$]*)>/.exec(this.src.slice(this.pos));
        if (!m) this.fail("invalid group name");
        if (this.names.includes(m[1]!)) this.fail(`duplicate group name ${m[1]}`);
        index = ++this.groups;
        this.names[index] = m[1]!;
        this.pos += m[0].length;
      } else this.fail("invalid group");
    } else index = ++this.groups;
    const node = this.alternation();
    if (this.src[this.pos] !== ")") this.fail("unterminated group");
    this.pos++;
    return index < 0 ? node : { t: "group", node, index };
  }

  /** An escape; in a class, \b is backspace and assertions are not allowed. Returns a set or an assertion. */
  escape(inClass: boolean): Node {
    this.pos++; // backslash
    const c = this.src[this.pos];
    if (c === undefined) this.fail("\\ at end of pattern");
    this.pos++;
    switch (c) {
      case "d":
        return { t: "set", ranges: DIGIT, neg: false };
      case "D":
        return { t: "set", ranges: DIGIT, neg: true };
      case "w":
        return { t: "set", ranges: WORD, neg: false };
      case "W":
        return { t: "set", ranges: WORD, neg: true };
      case "s":
        return { t: "set", ranges: SPACE, neg: false };
      case "S":
        return { t: "set", ranges: SPACE, neg: true };
      case "b":
        return inClass ? lit(8) : { t: "assert", kind: "wordb" };
      case "B":
        if (inClass) this.fail("\\B in a character class");
        return { t: "assert", kind: "nwordb" };
      case "n":
        return lit(10);
      case "r":
        return lit(13);
      case "t":
        return lit(9);
      case "v":
        return lit(11);
      case "f":
        return lit(12);
      case "0":
        if (/\d/.test(this.src[this.pos] ?? "")) this.fail("octal escapes are not supported");
        return lit(0);
      case "x": {
        const m = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.pos, this.pos + 2));
        if (!m) this.fail("invalid \\x escape");
        this.pos += 2;
        return lit(parseInt(m[0], 16));
      }
      case "u": {
        const m = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.pos, this.pos + 4));
        if (!m) this.fail("invalid \\u escape");
        this.pos += 4;
        return lit(parseInt(m[0], 16));
      }
      case "c": {
        const l = this.src[this.pos];
        if (!l || !/[A-Za-z]/.test(l)) this.fail("invalid \\c escape");
        this.pos++;
        return lit(l.charCodeAt(0) % 32);
      }
      case "k":
        return this.fail("backreferences are not supported (they cannot be matched in linear time)");
      case "p":
      case "P":
        return this.fail("unicode property escapes are not supported");
      default:
        if (/[1-9]/.test(c)) this.fail("backreferences are not supported (they cannot be matched in linear time)");
        if (/[A-Za-z]/.test(c)) this.fail(`unknown escape \\${c}`);
        return lit(c.charCodeAt(0));
    }
  }

  charClass(): Node {
    this.pos++; // [
    let neg = false;
    if (this.src[this.pos] === "^") {
      neg = true;
      this.pos++;
    }
    const ranges: Ranges = [];
    const atomOf = (): { single?: number; set?: Node & { t: "set" } } => {
      const c = this.src[this.pos];
      if (c === undefined) this.fail("unterminated character class");
      if (c === "\\") {
        const e = this.escape(true) as Node & { t: "set" };
        if (!e.neg && e.ranges.length === 2 && e.ranges[0] === e.ranges[1]) return { single: e.ranges[0]! };
        return { set: e };
      }
      this.pos++;
      return { single: c.charCodeAt(0) };
    };
    while (this.src[this.pos] !== "]") {
      const a = atomOf();
      if (a.set) {
        ranges.push(...(a.set.neg ? invert(a.set.ranges) : a.set.ranges));
        continue;
      }
      if (this.src[this.pos] === "-" && this.src[this.pos + 1] !== "]" && this.src[this.pos + 1] !== undefined) {
        this.pos++;
        const b = atomOf();
        if (b.set) {
          ranges.push(a.single!, a.single!, 45, 45, ...(b.set.neg ? invert(b.set.ranges) : b.set.ranges));
          continue;
        }
        if (b.single! < a.single!) this.fail("range out of order in character class");
        ranges.push(a.single!, b.single!);
      } else ranges.push(a.single!, a.single!);
    }
    this.pos++; // ]
    return { t: "set", ranges, neg };
  }
}

const lit = (code: number): Node => ({ t: "set", ranges: [code, code], neg: false });

// ---------------------------------------------------------------------------------------------- program

enum Op {
  Char,
  Split, // x then y (x preferred)
  Jmp,
  Save,
  Assert,
  Match,
}

interface Inst {
  op: Op;
  x: number;
  y: number;
  /** For Char: the set's membership test. For Assert: 0 bol, 1 eol, 2 wordb, 3 nwordb. */
  test?: (c: number) => boolean;
  /** For Char: the one code unit it accepts, when it is a plain literal (used to skip ahead with indexOf). */
  lit?: number;
}

function setTester(node: Node & { t: "set" }, ignoreCase: boolean, dotAll: boolean): (c: number) => boolean {
  if (node.dot) {
    if (dotAll) return () => true;
    return (c) => c !== 10 && c !== 13 && c !== 8232 && c !== 8233;
  }
  const r = node.ranges;
  const neg = node.neg;
  const inRanges = (c: number) => {
    for (let i = 0; i < r.length; i += 2) if (c >= r[i]! && c <= r[i + 1]!) return true;
    return false;
  };
  if (r.length === 2 && r[0] === r[1] && !neg) {
    const only = r[0]!;
    if (!ignoreCase) return (c) => c === only;
    const lo = foldLower(only);
    return (c) => c === only || foldLower(c) === lo;
  }
  if (!ignoreCase) return neg ? (c) => !inRanges(c) : inRanges;
  const hit = (c: number) => inRanges(c) || inRanges(foldLower(c)) || inRanges(foldUpper(c));
  return neg ? (c) => !hit(c) : hit;
}

function foldLower(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  const s = String.fromCharCode(c).toLowerCase();
  return s.length === 1 ? s.charCodeAt(0) : c;
}

function foldUpper(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  const s = String.fromCharCode(c).toUpperCase();
  return s.length === 1 ? s.charCodeAt(0) : c;
}

class Compiler {
  prog: Inst[] = [];
  constructor(
    readonly ignoreCase: boolean,
    readonly dotAll: boolean,
  ) {}

  emit(inst: Inst): number {
    if (this.prog.length >= MAX_PROGRAM)
      throw new RegexSyntaxError("the pattern is too large once its repetitions are expanded");
    this.prog.push(inst);
    return this.prog.length - 1;
  }

  node(n: Node): void {
    switch (n.t) {
      case "set":
        this.emit({
          op: Op.Char,
          x: 0,
          y: 0,
          test: setTester(n, this.ignoreCase, this.dotAll),
          ...(!this.ignoreCase && !n.neg && !n.dot && n.ranges.length === 2 && n.ranges[0] === n.ranges[1]
            ? { lit: n.ranges[0] }
            : {}),
        });
        return;
      case "cat":
        for (const item of n.items) this.node(item);
        return;
      case "alt": {
        const jumps: number[] = [];
        for (let i = 0; i < n.items.length; i++) {
          if (i < n.items.length - 1) {
            const split = this.emit({ op: Op.Split, x: 0, y: 0 });
            this.prog[split]!.x = split + 1;
            this.node(n.items[i]!);
            jumps.push(this.emit({ op: Op.Jmp, x: 0, y: 0 }));
            this.prog[split]!.y = this.prog.length;
          } else this.node(n.items[i]!);
        }
        for (const j of jumps) this.prog[j]!.x = this.prog.length;
        return;
      }
      case "group":
        this.emit({ op: Op.Save, x: n.index * 2, y: 0 });
        this.node(n.node);
        this.emit({ op: Op.Save, x: n.index * 2 + 1, y: 0 });
        return;
      case "assert":
        this.emit({ op: Op.Assert, x: ["bol", "eol", "wordb", "nwordb"].indexOf(n.kind), y: 0 });
        return;
      case "rep": {
        for (let i = 0; i < n.min; i++) this.node(n.node);
        if (n.max === Infinity) {
          const split = this.emit({ op: Op.Split, x: 0, y: 0 });
          this.node(n.node);
          this.emit({ op: Op.Jmp, x: split, y: 0 });
          this.branch(split, split + 1, this.prog.length, n.greedy);
        } else {
          const splits: number[] = [];
          for (let i = n.min; i < n.max; i++) {
            splits.push(this.emit({ op: Op.Split, x: 0, y: 0 }));
            this.node(n.node);
          }
          for (const s of splits) this.branch(s, s + 1, this.prog.length, n.greedy);
        }
        return;
      }
    }
  }

  branch(split: number, body: number, out: number, greedy: boolean) {
    this.prog[split]!.x = greedy ? body : out;
    this.prog[split]!.y = greedy ? out : body;
  }
}

// ---------------------------------------------------------------------------------------------- VM

const isWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95 || (c >= 97 && c <= 122);
const isLineTerminator = (c: number) => c === 10 || c === 13 || c === 8232 || c === 8233;

class Program implements LinearRegex {
  private readonly prog: Inst[];
  private readonly nsave: number;
  private readonly anchored: boolean;
  /** Where a match can begin: skips text no thread could start on (undefined: cannot tell, try everywhere). */
  private readonly skip?: (text: string, from: number) => number;

  constructor(
    readonly source: string,
    readonly flags: string,
    ast: Node,
    private readonly ngroups: number,
    private readonly names: string[],
  ) {
    const c = new Compiler(flags.includes("i"), flags.includes("s"));
    c.emit({ op: Op.Save, x: 0, y: 0 });
    c.node(ast);
    c.emit({ op: Op.Save, x: 1, y: 0 });
    c.emit({ op: Op.Match, x: 0, y: 0 });
    this.prog = c.prog;
    this.nsave = (ngroups + 1) * 2;
    const first = ast.t === "cat" ? ast.items[0] : ast;
    this.anchored = !flags.includes("m") && first?.t === "assert" && first.kind === "bol";
    this.skip = this.startSkipper();
  }

  /** The characters a match can start with, from the start state's epsilon closure (none of it may be an assertion or Match). */
  private startSkipper(): ((text: string, from: number) => number) | undefined {
    const seen = new Set<number>();
    const todo = [0];
    const chars: Inst[] = [];
    while (todo.length > 0) {
      const pc = todo.pop()!;
      if (seen.has(pc)) continue;
      seen.add(pc);
      const inst = this.prog[pc]!;
      if (inst.op === Op.Jmp) todo.push(inst.x);
      else if (inst.op === Op.Split) todo.push(inst.x, inst.y);
      else if (inst.op === Op.Save) todo.push(pc + 1);
      else if (inst.op === Op.Char) chars.push(inst);
      else return undefined;
    }
    if (chars.length === 0) return undefined;
    const lits = new Set(chars.map((c) => c.lit));
    if (lits.size === 1 && chars[0]!.lit !== undefined) {
      const ch = String.fromCharCode(chars[0]!.lit);
      return (text, from) => {
        const p = text.indexOf(ch, from);
        return p < 0 ? text.length : p;
      };
    }
    const tests = chars.map((c) => c.test!);
    return (text, from) => {
      let p = from;
      for (; p < text.length; p++) {
        const c = text.charCodeAt(p);
        if (tests.some((t) => t(c))) break;
      }
      return p;
    };
  }

  private assertHolds(kind: number, text: string, i: number): boolean {
    const multiline = this.flags.includes("m");
    switch (kind) {
      case 0:
        return i === 0 || (multiline && isLineTerminator(text.charCodeAt(i - 1)));
      case 1:
        return i === text.length || (multiline && isLineTerminator(text.charCodeAt(i)));
      default: {
        const before = i > 0 && isWord(text.charCodeAt(i - 1));
        const after = i < text.length && isWord(text.charCodeAt(i));
        return (before !== after) === (kind === 2);
      }
    }
  }

  /**
   * The Pike VM: every thread advances one character at a time, in priority order, so the first thread to
   * reach Match is the leftmost-first (JavaScript) match. With wantGroups false it only answers "any match".
   */
  /**
   * The VM's thread lists, kept between runs: a pattern tested against many short strings (a custom rule
   * over 50,000 arguments) would otherwise pay the program's size in allocations on every test.
   */
  private lists?: {
    a: Int32Array;
    b: Int32Array;
    capsA: (Int32Array | null)[];
    capsB: (Int32Array | null)[];
    mark: Int32Array;
    gen: number;
  };

  private run(text: string, from: number, wantGroups: boolean): Int32Array | null {
    const prog = this.prog;
    const n = prog.length;
    const nsave = wantGroups ? this.nsave : 2;
    // Each run costs at least a step, so many short runs count too.
    step();
    const lists = (this.lists ??= {
      a: new Int32Array(n),
      b: new Int32Array(n),
      capsA: new Array(n).fill(null),
      capsB: new Array(n).fill(null),
      mark: new Int32Array(n).fill(-1),
      gen: 0,
    });
    if (lists.gen > 0x3fffffff) {
      lists.mark.fill(-1);
      lists.gen = 0;
    }
    let clist = lists.a;
    let nlist = lists.b;
    let ccaps = lists.capsA;
    let ncaps = lists.capsB;
    let ccount = 0;
    let ncount = 0;
    const mark = lists.mark; // generation per pc: added to the list being built at this step
    let gen = lists.gen;
    let matched: Int32Array | null = null;
    const stack: number[] = [];
    const stackCaps: Int32Array[] = [];
    let visited = 0;

    // Adds pc (and everything reachable through epsilon moves) to the list for position i.
    const add = (
      list: Int32Array,
      caps: (Int32Array | null)[],
      count: number,
      pc0: number,
      caps0: Int32Array,
      i: number,
    ): number => {
      stack.push(pc0);
      stackCaps.push(caps0);
      while (stack.length > 0) {
        const pc = stack.pop()!;
        let cap = stackCaps.pop()!;
        if (mark[pc] === gen) continue;
        mark[pc] = gen;
        visited++;
        const inst = prog[pc]!;
        switch (inst.op) {
          case Op.Jmp:
            stack.push(inst.x);
            stackCaps.push(cap);
            break;
          case Op.Split:
            // y pushed first so x is explored first (priority).
            stack.push(inst.y);
            stackCaps.push(cap);
            stack.push(inst.x);
            stackCaps.push(cap);
            break;
          case Op.Save:
            if (inst.x < nsave) {
              cap = cap.slice();
              cap[inst.x] = i;
            }
            stack.push(pc + 1);
            stackCaps.push(cap);
            break;
          case Op.Assert:
            if (this.assertHolds(inst.x, text, i)) {
              stack.push(pc + 1);
              stackCaps.push(cap);
            }
            break;
          default:
            list[count] = pc;
            caps[count] = cap;
            count++;
        }
      }
      return count;
    };

    const empty = new Int32Array(nsave).fill(-1);
    lists.gen = ++gen;
    ccount = add(clist, ccaps, 0, 0, empty, from);
    for (let i = from; ; i++) {
      // The work at one position: the threads alive there and the states their moves visited.
      step(ccount + visited + 1);
      visited = 0;
      lists.gen = ++gen;
      ncount = 0;
      const c = i < text.length ? text.charCodeAt(i) : -1;
      for (let k = 0; k < ccount; k++) {
        const inst = prog[clist[k]!]!;
        if (inst.op === Op.Match) {
          matched = ccaps[k]!;
          if (!wantGroups) return matched;
          break; // lower-priority threads are cut
        }
        if (c >= 0 && inst.test!(c)) ncount = add(nlist, ncaps, ncount, clist[k]! + 1, ccaps[k]!, i + 1);
      }
      if (i >= text.length) break;
      // A new attempt starting at the next position, with the lowest priority, until a match is found.
      if (matched === null && !this.anchored) {
        let p = i + 1;
        if (ncount === 0 && this.skip) {
          // No attempt is alive: jump to the next character a match could start with (none: no match).
          p = this.skip(text, p);
          if (p >= text.length) break;
          i = p - 1;
        }
        ncount = add(nlist, ncaps, ncount, 0, empty, p);
      }
      [clist, nlist] = [nlist, clist];
      [ccaps, ncaps] = [ncaps, ccaps];
      ccount = ncount;
      if (ccount === 0 && (matched !== null || this.anchored)) break;
    }
    return matched;
  }

  test(text: string): boolean {
    return this.run(text, 0, false) !== null;
  }

  exec(text: string, from = 0): RegexMatch | null {
    const caps = this.run(text, from, true);
    if (!caps) return null;
    const groups: (string | undefined)[] = [];
    for (let g = 0; g <= this.ngroups; g++) {
      const s = caps[g * 2]!;
      const e = caps[g * 2 + 1]!;
      groups.push(s >= 0 && e >= 0 ? text.slice(s, e) : undefined);
    }
    const named: Record<string, string | undefined> = {};
    this.names.forEach((name, g) => name && (named[name] = groups[g]));
    return { index: caps[0]!, end: caps[1]!, groups, named };
  }

  replace(text: string, replacement: string, all = true): string {
    let out = "";
    let pos = 0;
    let from = 0;
    while (from <= text.length) {
      const m = this.exec(text, from);
      if (!m) break;
      out += text.slice(pos, m.index) + expandReplacement(replacement, m);
      pos = m.end;
      from = m.end === m.index ? m.end + 1 : m.end;
      if (!all) break;
    }
    return out + text.slice(pos);
  }
}

function expandReplacement(rep: string, m: RegexMatch): string {
  return rep.replace(/\$(\$|&|<([A-Za-z_$][\w$]*)>|(\d{1,2}))/g, (all, what: string, name?: string, num?: string) => {
    if (what === "$") return "$";
    if (what === "&") return m.groups[0] ?? "";
    if (name !== undefined) return name in m.named ? (m.named[name] ?? "") : all;
    const g = Number(num);
    if (g >= 1 && g < m.groups.length) return m.groups[g] ?? "";
    return all;
  });
}

const FLAGS = /^[imsg]*$/;

/** Compiles a pattern; throws RegexSyntaxError naming what is wrong. Flags: i, m, s (g is accepted and ignored). */
export function compileRegex(source: string, flags = ""): LinearRegex {
  if (!FLAGS.test(flags) || new Set(flags).size !== flags.length)
    throw new RegexSyntaxError(`flags must be a combination of i, m and s, not "${flags}"`);
  const parser = new Parser(source);
  const ast = parser.parse();
  return new Program(source, flags.replace("g", ""), ast, parser.groups, parser.names);
}

/** Turns a glob into a pattern of this module: * and ? stop at "/", ** crosses it, [abc], {a,b}. */
function globToRegexSource(glob: string): string {
  let out = "^";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "\\") {
      const next = glob[++i];
      if (next !== undefined) out += escapeRegex(next);
    } else if (c === "*") {
      if (glob[i + 1] === "*") {
        i++;
        if (glob[i + 1] === "/") {
          i++;
          out += "(?:.*/)?";
        } else out += ".*";
      } else out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close < 0) out += "\\[";
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, "\\\\").replace(/(?<!^)\^/g, "\\^")}]`;
        i = close;
      }
    } else if (c === "{") {
      depth++;
      out += "(?:";
    } else if (c === "}" && depth > 0) {
      depth--;
      out += ")";
    } else if (c === "," && depth > 0) out += "|";
    else out += escapeRegex(c);
  }
  if (depth > 0) throw new RegexSyntaxError("unterminated { in glob");
  return `${out}$`;
}

const escapeRegex = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");

/** A glob compiled for whole-string matching. */
export function compileGlob(glob: string): LinearRegex {
  return compileRegex(globToRegexSource(glob), "");
}

// ---------------------------------------------------------------------------------------------- prefilter

interface Lits {
  /** The node matches exactly this text (undefined: not a fixed text). */
  exact?: string;
  /** Texts every match contains. */
  required: string[];
}

function literalsOf(node: Node): Lits {
  switch (node.t) {
    case "set": {
      const r = node.ranges;
      if (!node.neg && !node.dot && r.length === 2 && r[0] === r[1])
        return { exact: String.fromCharCode(r[0]!), required: [] };
      return { required: [] };
    }
    case "assert":
      return { exact: "", required: [] };
    case "group":
      return literalsOf(node.node);
    case "rep": {
      const inner = literalsOf(node.node);
      if (node.min === 0) return { required: [] };
      if (node.min === 1 && node.max === 1) return inner;
      return { required: [...inner.required, ...(inner.exact ? [inner.exact] : [])] };
    }
    case "alt":
      return { required: [] };
    case "cat": {
      const required: string[] = [];
      let run = "";
      let allExact = true;
      for (const item of node.items) {
        const l = literalsOf(item);
        required.push(...l.required);
        if (l.exact !== undefined) run += l.exact;
        else {
          allExact = false;
          if (run) required.push(run);
          run = "";
        }
      }
      if (allExact) return { exact: run, required };
      if (run) required.push(run);
      return { required };
    }
  }
}

/**
 * The longest text every match of the pattern contains (at least 2 characters), lower-cased for the i
 * flag: a cheap `includes` test that skips compiling and running the pattern on most inputs. Undefined
 * when there is none. Computed when the policy is compiled, stored with it.
 */
export function requiredLiteral(source: string, flags = ""): string | undefined {
  const parser = new Parser(source);
  const l = literalsOf(parser.parse());
  const all = [...l.required, ...(l.exact ? [l.exact] : [])].sort((a, b) => b.length - a.length);
  const best = all[0];
  if (!best || best.length < 2) return undefined;
  return flags.includes("i") ? best.toLowerCase() : best;
}

/**
 * A quick answer for a glob, without compiling it: exact for "literal", "prefix*", "*suffix" and "*text*"
 * globs (* never crosses "/"), else false when the fixed prefix or suffix is missing; undefined when the
 * glob must run.
 */
export function globShortcut(glob: string): (name: string) => boolean | undefined {
  const special = /[*?[\]{}\\]/;
  if (!special.test(glob)) return (name) => name === glob;
  const m = /^(\*?)([^*?[\]{}\\]*)(\*?)$/.exec(glob);
  if (m && (m[1] || m[3])) {
    const text = m[2]!;
    if (m[1] && m[3]) return (name) => !name.includes("/") && name.includes(text);
    if (m[3]) return (name) => name.startsWith(text) && !name.includes("/", text.length);
    return (name) => name.endsWith(text) && !name.slice(0, name.length - text.length).includes("/");
  }
  const first = glob.search(special);
  const prefix = glob.slice(0, first);
  let last = glob.length;
  while (last > first && !special.test(glob[last - 1]!)) last--;
  const suffix = glob.slice(last);
  return (name) => (!name.startsWith(prefix) || !name.endsWith(suffix) ? false : undefined);
}
