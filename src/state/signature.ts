// Call signatures for the session memory: what makes two calls "the same call" (retries) and "nearly
// the same call" (a burst of variations: page=1, page=2, …). One walk over the input feeds two
// FNV-1a hashes: the exact one, and one where every run of digits counts as a single "#".
// No node:crypto: loading it costs the hook more than the hashing (see audit/record.ts).

export interface Signatures {
  /** Same tool, same input (keys in any order). 16 hex digits. */
  exact: string;
  /** Same tool, same input once numbers are ignored. 16 hex digits. */
  near: string;
}

/**
 * Strings longer than SAMPLE_OVER are sampled: their length, the first and last SAMPLE_EDGE characters and
 * SAMPLE_POINTS characters evenly spread between. A hook process is cold (its code interpreted, not yet
 * compiled), so hashing every character of a 1 MiB Write would cost it ~10 ms; node:crypto ~6 ms with
 * its loading. The price: two long strings of the same length that differ only between the sampled
 * characters read as the same call (retry-loop then needs max_repeats such rewrites in a row).
 */
const SAMPLE_OVER = 8 * 1024;
const SAMPLE_EDGE = 1024;
const SAMPLE_POINTS = 2048;
/** Arrays longer than this are sampled the same way (their length, both ends, evenly spread items). */
const ARRAY_OVER = 512;

class Hasher {
  // Two 32-bit FNV-1a-style lanes per hash (different offsets and multipliers) make 64 bits.
  a1 = 0x811c9dc5;
  a2 = 0x01000193 ^ 0x5bd1e995;
  n1 = 0x811c9dc5;
  n2 = 0x01000193 ^ 0x5bd1e995;
  private inDigits = false;

  char(c: number): void {
    this.a1 = Math.imul(this.a1 ^ c, 0x01000193);
    this.a2 = Math.imul(this.a2 ^ c, 0x5bd1e995);
    const digit = c >= 48 && c <= 57;
    if (digit) {
      if (this.inDigits) return;
      this.inDigits = true;
      c = 35; // "#"
    } else this.inDigits = false;
    this.n1 = Math.imul(this.n1 ^ c, 0x01000193);
    this.n2 = Math.imul(this.n2 ^ c, 0x5bd1e995);
  }

  /** A structural marker: never a digit, never part of a digit run. */
  mark(c: number): void {
    this.inDigits = false;
    this.char(c);
    this.inDigits = false;
  }

  text(s: string): void {
    const n = s.length;
    if (n <= SAMPLE_OVER) {
      for (let i = 0; i < n; i++) this.char(s.charCodeAt(i));
      return;
    }
    for (let i = 0; i < SAMPLE_EDGE; i++) this.char(s.charCodeAt(i));
    const span = n - 2 * SAMPLE_EDGE;
    for (let j = 0; j < SAMPLE_POINTS; j++)
      this.char(s.charCodeAt(SAMPLE_EDGE + Math.floor((j * span) / SAMPLE_POINTS)));
    for (let i = n - SAMPLE_EDGE; i < n; i++) this.char(s.charCodeAt(i));
    this.mark(1);
    this.text(String(n));
  }

  value(v: unknown, depth: number): void {
    if (depth > 64) {
      this.mark(2);
      return;
    }
    if (v === null || v === undefined) {
      this.mark(3);
      return;
    }
    switch (typeof v) {
      case "string":
        this.mark(4);
        this.text(v);
        return;
      case "number":
      case "bigint":
        this.mark(5);
        this.text(String(v));
        return;
      case "boolean":
        this.mark(v ? 6 : 7);
        return;
      case "object": {
        if (Array.isArray(v)) {
          this.mark(8);
          const n = v.length;
          const item = (i: number) => {
            this.value(v[i], depth + 1);
            this.mark(9);
          };
          if (n <= ARRAY_OVER) for (let i = 0; i < n; i++) item(i);
          else {
            for (let i = 0; i < 128; i++) item(i);
            for (let j = 0; j < 256; j++) item(128 + Math.floor((j * (n - 256)) / 256));
            for (let i = n - 128; i < n; i++) item(i);
            this.mark(1);
            this.text(String(n));
          }
          this.mark(10);
          return;
        }
        this.mark(11);
        const o = v as Record<string, unknown>;
        for (const k of Object.keys(o).sort()) {
          if (o[k] === undefined) continue;
          this.text(k);
          this.mark(12);
          this.value(o[k], depth + 1);
          this.mark(13);
        }
        this.mark(14);
        return;
      }
      default:
        this.mark(15);
    }
  }
}

const hex = (a: number, b: number) => (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");

export function callSignatures(tool: string, input: unknown): Signatures {
  const h = new Hasher();
  h.text(tool);
  h.mark(0);
  h.value(input, 0);
  return { exact: hex(h.a1, h.a2), near: hex(h.n1, h.n2) };
}

/** FNV-1a of a short text, 8 hex digits: file names for session ids that are not safe as names. */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}
