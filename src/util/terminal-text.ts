// What staso prints to a terminal shows what is there. A tool call, a config or an error message may hold
// characters that act on the terminal instead of being shown (escape sequences that move the cursor,
// erase a line, retitle the window or make a link; C1 controls; DEL), that reorder or hide text (bidi
// overrides and isolates, zero-width characters, Unicode tags), or that start a new line where a
// one-line field is expected. Any of them could make the line a human approves show another call. Each
// is replaced by a visible mark: control pictures for C0 (␛ for ESC, ⏎ for a newline in a one-line
// field), ⟨U+XXXX⟩ for the rest. One function for every string staso prints; JSON output keeps its
// data exact with \u escapes instead.

/** Controls, format characters (bidi, zero-width, tags, soft hyphen), line/paragraph separators, invisible fillers. */
const UNSAFE_CLASS = "[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\u115F\\u1160\\u3164\\uFFA0]";
// Built on first use: a Unicode property class costs ~0.5 ms to build, which the hook's everyday call
// (which prints nothing) should not pay at start-up.
let unsafe: RegExp | undefined;
/** The same, or one colour/style sequence (SGR), for output whose own colours are kept. */
let unsafeOrSgr: RegExp | undefined;
let jsonUnsafe: RegExp | undefined;

/**
 * SGR parameters staso's own styling uses (and any usual colour library): reset, bold, dim, italic,
 * underline and their resets, foreground colours but black, bright foregrounds. Not conceal (8),
 * strike-through, reverse, black or background colours, which could hide text.
 */
const KEPT_SGR = new Set([
  "",
  "0",
  "1",
  "2",
  "3",
  "4",
  "22",
  "23",
  "24",
  "31",
  "32",
  "33",
  "34",
  "35",
  "36",
  "37",
  "39",
]);
for (let c = 90; c <= 97; c++) KEPT_SGR.add(String(c));

const mark = (ch: string, multiline: boolean): string => {
  const cp = ch.codePointAt(0)!;
  if (ch === "\n") return multiline ? ch : "⏎";
  if (ch === "\t" && multiline) return ch;
  if (cp < 0x20) return String.fromCharCode(0x2400 + cp); // ␀ … ␟ (␛ for ESC)
  if (cp === 0x7f) return "␡";
  return `⟨U+${cp.toString(16).toUpperCase().padStart(4, "0")}⟩`;
};

export interface TerminalTextOptions {
  /** Keep newlines and tabs (a block of text); otherwise the text is one field on one line. */
  multiline?: boolean;
  /** Keep staso's own colour sequences (whole output already styled); every other escape is shown. */
  colours?: boolean;
}

/** The text with every character that would act on the terminal, reorder or hide text shown as a visible mark. */
export function forTerminal(text: string, opts: TerminalTextOptions = {}): string {
  const multiline = opts.multiline === true;
  if (!opts.colours) return text.replace((unsafe ??= new RegExp(UNSAFE_CLASS, "gu")), (ch) => mark(ch, multiline));
  unsafeOrSgr ??= new RegExp(`\\x1b\\[([0-9;]*)m|${UNSAFE_CLASS}`, "gu");
  return text.replace(unsafeOrSgr, (m: string, params: string | undefined) => {
    if (params !== undefined) {
      const ok = params.split(";").every((p) => KEPT_SGR.has(p));
      return ok ? m : `␛${m.slice(1)}`;
    }
    return mark(m, multiline);
  });
}

/** The same characters, in JSON text, as \u escapes: the printed JSON parses to exactly the same data. */
export function jsonForTerminal(value: unknown, space?: number): string {
  jsonUnsafe ??= /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/gu;
  return JSON.stringify(value, null, space).replace(jsonUnsafe, (ch) => {
    let out = "";
    for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`;
    return out;
  });
}
