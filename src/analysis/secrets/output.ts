// Helpers for text that flows back to the model (tool outputs): redaction of secrets and removal of
// characters a person cannot see but a model reads (zero-width, bidi overrides, Unicode tag characters).
import { mapStrings, redactSecrets } from "./detect.js";

/**
 * Invisible characters used to hide instructions: zero-width (not the joiner U+200D, which emoji need),
 * bidi embeddings/overrides/isolates, word joiners and invisible operators, the BOM off the start of a
 * text, and the Unicode tag block U+E0000–U+E007F ("ASCII smuggling").
 */
const HIDDEN_CHARS =
  /[\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u180E]|(?!^)\uFEFF|[\u{E0000}-\u{E007F}]/gu;

export function countHiddenChars(text: string): { total: number; tags: number; bidi: number } {
  let total = 0;
  let tags = 0;
  let bidi = 0;
  for (const m of text.matchAll(HIDDEN_CHARS)) {
    total++;
    const cp = m[0].codePointAt(0)!;
    if (cp >= 0xe0000) tags++;
    else if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) bidi++;
  }
  return { total, tags, bidi };
}

/** The text a run of Unicode tag characters spells (they mirror ASCII), for reasons and audit. */
export function decodeTagChars(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0xe0000 && cp < 0xe007f) out += String.fromCharCode(cp - 0xe0000);
  }
  return out;
}

/** A copy of a tool output (any JSON shape) with secrets redacted and hidden characters removed. */
export function sanitizeToolOutput<T>(output: T): T {
  return mapStrings(output, (s) => redactSecrets(s).replace(HIDDEN_CHARS, "")) as T;
}

/** The text a model reads from a tool output: a string as is, the string leaves of a structure joined by newlines. */
export function outputTextOf(output: unknown, fallback?: string): string {
  if (typeof output === "string") return output;
  if (output === null || output === undefined) return fallback ?? "";
  const parts: string[] = [];
  mapStrings(output, (s) => {
    parts.push(s);
    return s;
  });
  return parts.join("\n");
}
