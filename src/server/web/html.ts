// HTML built from tagged templates: every interpolated value is escaped unless it is Html made by this
// module. Agents write the strings the dashboard shows (commands, file names, reasons, project paths), so
// escaping is the default and covers more than markup: control characters (C0, C1, DEL) and Unicode
// direction overrides, which can make a line read as something else, are shown as visible escapes
// (\x1b, \u202e) instead of being passed to the page.
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const MARKUP: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** C0 but tab and newline, DEL, C1, bidirectional controls, and the line/paragraph separators. */
const INVISIBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/g;

const visible = (ch: string): string => {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
};

/** Text safe inside an element or a quoted attribute. */
export function escapeText(value: string): string {
  return value.replace(INVISIBLE, visible).replace(/[&<>"']/g, (c) => MARKUP[c]!);
}

function render(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (v === null || v === undefined || v === false) return "";
  if (Array.isArray(v)) return v.map(render).join("");
  return escapeText(String(v));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Markup this code wrote itself (SVG paths, numbers it formatted): never agent text. */
export const trusted = (markup: string): Html => new Html(markup);

/** A query string from a filter, for links. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
