// Splits a command line into words and operators the way a POSIX shell's tokenizer would, removing
// quotes and keeping track of which parts came from expansions it could not resolve.

export type Token =
  | { type: "word"; text: string; raw: string; dynamic: boolean; start: number; end: number }
  | { type: "op"; text: string; start: number; end: number }
  | { type: "subst"; kind: "command" | "process-in" | "process-out"; body: string; start: number; end: number }
  | { type: "heredoc"; delimiter: string; body: string; start: number; end: number };

export interface LexResult {
  tokens: Token[];
  problems: string[];
  /** Command-substitution bodies met inside words, to be analysed as commands too. */
  substitutions: string[];
}

const OPERATORS = ["&&", "||", ";;", "|&", "&>>", "&>", ">>", "<<<", "<<-", "<<", ">|", "<>", ">&", "<&", ";", "&", "|", "(", ")", "<", ">", "\n"];

export type VarLookup = (name: string) => string | undefined;

/** Reads to the close of a $( … ) / <( … ) starting after the "(", honouring quotes and nesting. */
function readParenBody(src: string, i: number): { body: string; end: number } | null {
  let depth = 1;
  let j = i;
  while (j < src.length) {
    const c = src[j]!;
    if (c === "\\") { j += 2; continue; }
    if (c === "'") { const k = src.indexOf("'", j + 1); if (k < 0) return null; j = k + 1; continue; }
    if (c === '"') {
      j++;
      while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
      if (j >= src.length) return null;
      j++;
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")") { depth--; if (depth === 0) return { body: src.slice(i, j), end: j + 1 }; }
    j++;
  }
  return null;
}

const ANSI_C: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };

/** Decodes the body of $'…' (ANSI-C quoting). */
export function decodeAnsiC(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\" || i + 1 >= body.length) { out += c; continue; }
    const n = body[++i]!;
    if (n in ANSI_C) { out += ANSI_C[n]; continue; }
    let m: RegExpMatchArray | null;
    const rest = body.slice(i);
    if ((m = rest.match(/^x([0-9a-fA-F]{1,2})/))) { out += String.fromCharCode(parseInt(m[1]!, 16)); i += m[0].length - 1; continue; }
    if ((m = rest.match(/^u([0-9a-fA-F]{1,4})/)) || (m = rest.match(/^U([0-9a-fA-F]{1,8})/))) {
      const cp = parseInt(m[1]!, 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : "";
      i += m[0].length - 1;
      continue;
    }
    if ((m = rest.match(/^([0-7]{1,3})/))) { out += String.fromCharCode(parseInt(m[1]!, 8) & 0xff); i += m[0].length - 1; continue; }
    if ((m = rest.match(/^c(.)/))) { out += String.fromCharCode(m[1]!.charCodeAt(0) & 0x1f); i += 1; continue; }
    out += "\\" + n;
  }
  return out;
}

export function lex(src: string, lookup: VarLookup): LexResult {
  const tokens: Token[] = [];
  const problems: string[] = [];
  const substitutions: string[] = [];
  let i = 0;
  const n = src.length;

  // Expands $NAME / ${NAME} at src[j] (src[j] === "$"). Returns the text and where it ends.
  const expandVar = (j: number): { text: string; end: number; dynamic: boolean } => {
    const rest = src.slice(j + 1);
    let m = rest.match(/^\{([A-Za-z_][A-Za-z0-9_]*)\}/) ?? rest.match(/^([A-Za-z_][A-Za-z0-9_]*)/);
    if (m) {
      const v = lookup(m[1]!);
      return { text: v ?? "", end: j + 1 + m[0].length, dynamic: v === undefined };
    }
    m = rest.match(/^(\{[^}]*\}|[0-9@*#?$!-])/);
    if (m) return { text: "", end: j + 1 + m[0].length, dynamic: true };
    return { text: "$", end: j + 1, dynamic: false };
  };

  // Heredoc delimiters seen on the current line; their bodies start after its newline.
  const pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];
  const readHeredocs = (from: number): number => {
    let j = from;
    for (const h of pendingHeredocs.splice(0)) {
      const lines: string[] = [];
      let found = false;
      while (j < n) {
        const nl = src.indexOf("\n", j);
        const line = src.slice(j, nl < 0 ? n : nl);
        j = nl < 0 ? n : nl + 1;
        const cmp = h.stripTabs ? line.replace(/^\t+/, "") : line;
        if (cmp === h.delimiter) { found = true; break; }
        lines.push(cmp);
      }
      if (!found) problems.push(`The heredoc ending in ${h.delimiter} is not closed.`);
      tokens.push({ type: "heredoc", delimiter: h.delimiter, body: lines.join("\n") + (lines.length ? "\n" : ""), start: from, end: j });
    }
    return j;
  };

  while (i < n) {
    const c = src[i]!;
    if (c === " " || c === "\t") { i++; continue; }
    if (c === "\\" && src[i + 1] === "\n") { i += 2; continue; }
    if (c === "#") { while (i < n && src[i] !== "\n") i++; continue; }
    if ((c === "<" || c === ">") && src[i + 1] === "(") {
      const body = readParenBody(src, i + 2);
      if (!body) { problems.push("A process substitution is not closed."); break; }
      tokens.push({ type: "subst", kind: c === "<" ? "process-in" : "process-out", body: body.body, start: i, end: body.end });
      i = body.end;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ type: "op", text: op, start: i, end: i + op.length });
      i += op.length;
      if (op === "\n" && pendingHeredocs.length > 0) i = readHeredocs(i);
      continue;
    }

    // A word: runs until an unquoted blank or operator.
    const start = i;
    let text = "";
    let dynamic = false;
    let closed = true;
    while (i < n) {
      const d = src[i]!;
      if (d === " " || d === "\t" || d === "\n" || d === ";" || d === "&" || d === "|" || d === "(" || d === ")" || d === "<" || d === ">") break;
      if (d === "\\") {
        if (src[i + 1] === "\n") { i += 2; continue; }
        text += src[i + 1] ?? "";
        i += 2;
        continue;
      }
      if (d === "'") {
        const k = src.indexOf("'", i + 1);
        if (k < 0) { closed = false; text += src.slice(i + 1); i = n; break; }
        text += src.slice(i + 1, k);
        i = k + 1;
        continue;
      }
      if (d === "$" && src[i + 1] === "'") {
        let k = i + 2;
        while (k < n && src[k] !== "'") k += src[k] === "\\" ? 2 : 1;
        if (k >= n) { closed = false; i = n; break; }
        text += decodeAnsiC(src.slice(i + 2, k));
        i = k + 1;
        continue;
      }
      if (d === "$" && src[i + 1] === "(" && src[i + 2] !== "(") {
        const body = readParenBody(src, i + 2);
        if (!body) { closed = false; i = n; break; }
        substitutions.push(body.body);
        dynamic = true;
        i = body.end;
        continue;
      }
      if (d === "$" && src.startsWith("$((", i)) {
        const k = src.indexOf("))", i + 3);
        if (k < 0) { closed = false; i = n; break; }
        dynamic = true;
        i = k + 2;
        continue;
      }
      if (d === "`") {
        const k = src.indexOf("`", i + 1);
        if (k < 0) { closed = false; i = n; break; }
        substitutions.push(src.slice(i + 1, k));
        dynamic = true;
        i = k + 1;
        continue;
      }
      if (d === "$") {
        const v = expandVar(i);
        text += v.text;
        dynamic ||= v.dynamic;
        i = v.end;
        continue;
      }
      if (d === '"') {
        i++;
        while (i < n && src[i] !== '"') {
          const e = src[i]!;
          if (e === "\\" && i + 1 < n && '$`"\\\n'.includes(src[i + 1]!)) { if (src[i + 1] !== "\n") text += src[i + 1]; i += 2; continue; }
          if (e === "$" && src[i + 1] === "(" && src[i + 2] !== "(") {
            const body = readParenBody(src, i + 2);
            if (!body) { closed = false; i = n; break; }
            substitutions.push(body.body);
            dynamic = true;
            i = body.end;
            continue;
          }
          if (e === "`") {
            const k = src.indexOf("`", i + 1);
            if (k < 0) { closed = false; i = n; break; }
            substitutions.push(src.slice(i + 1, k));
            dynamic = true;
            i = k + 1;
            continue;
          }
          if (e === "$") { const v = expandVar(i); text += v.text; dynamic ||= v.dynamic; i = v.end; continue; }
          text += e;
          i++;
        }
        if (i >= n) { closed = false; break; }
        i++;
        continue;
      }
      text += d;
      i++;
    }
    if (!closed) problems.push("A quote or substitution is not closed.");
    tokens.push({ type: "word", text, raw: src.slice(start, i), dynamic, start, end: i });
    const prev = tokens[tokens.length - 2];
    if (prev?.type === "op" && (prev.text === "<<" || prev.text === "<<-")) pendingHeredocs.push({ delimiter: text, stripTabs: prev.text === "<<-" });
  }
  if (pendingHeredocs.length > 0) i = readHeredocs(n);
  return { tokens, problems, substitutions };
}
