// Deterministic generation for the red-team corpus: a seeded PRNG (the same corpus on every machine and
// run), sampling without repeats, and the spelling variations an attacker reaches for (quoting, wrappers,
// separators, spacing). Class files combine templates with these; nothing here knows a class.

/** FNV-1a over the string: a stable 32-bit seed (and hash) from a name. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32, seeded from a name. */
export function rng(seed: string): Rng {
  let a = hash32(seed);
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)]!, chance: (p) => next() < p };
}

/**
 * Up to `n` distinct values from `make` (distinct by `key`, default the value as JSON), drawn from a PRNG
 * seeded with `seed`: a generator gives the same list on every run.
 */
export function sample<T>(seed: string, n: number, make: (r: Rng) => T, key: (t: T) => string = JSON.stringify): T[] {
  const r = rng(seed);
  const seen = new Set<string>();
  const out: T[] = [];
  for (let tries = 0; out.length < n && tries < n * 40; tries++) {
    const v = make(r);
    const k = key(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/** `s` in single quotes, as a POSIX shell reads it back. */
export const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
/** `s` in double quotes (backslash, quote, dollar and backtick escaped: no expansion). */
export const dq = (s: string): string => `"${s.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;

/** Command separators that run the second command after the first. */
export const SEPARATORS = [" && ", "; ", "\n", " && ", ";", " ; "] as const;

/** Extra spaces and tabs between words (the shell does not care). */
export function respace(r: Rng, cmd: string): string {
  if (!r.chance(0.25)) return cmd;
  // Only outside quotes, so quoted text stays the same.
  let out = "";
  let quote: string | null = null;
  for (const ch of cmd) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === " " && r.chance(0.3)) out += r.pick(["  ", "\t", "   "]);
    else out += ch;
  }
  return out;
}

/** Ways to run a whole command line through another program that runs it unchanged. */
export function wrapCommand(r: Rng, cmd: string): string {
  return r.pick([
    cmd,
    cmd,
    cmd,
    `sudo ${cmd}`,
    `bash -c ${sq(cmd)}`,
    `sh -c ${dq(cmd)}`,
    `env ${cmd}`,
    `command ${cmd}`,
    `sudo -E bash -c ${sq(cmd)}`,
    `/bin/sh -c ${sq(cmd)}`,
    `timeout 120 ${cmd}`,
    `nohup ${cmd}`,
    `(${cmd})`,
    `{ ${cmd}; }`,
  ]);
}

/** Letters and digits of a given length, for ids, tokens and names. */
export function alnum(r: Rng, n: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[r.int(alphabet.length)];
  return s;
}

const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const MIXED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A made-up credential in a real provider's format (random, so secret scanners read it as real). */
export function fakeSecret(r: Rng, kind?: "aws" | "github" | "openai" | "slack" | "stripe" | "anthropic"): string {
  const k = kind ?? r.pick(["aws", "github", "openai", "slack", "stripe", "anthropic"] as const);
  switch (k) {
    case "aws":
      return `AKIA${alnum(r, 16, UPPER_DIGITS)}`;
    case "github":
      return `ghp_${alnum(r, 36, MIXED)}`;
    case "openai":
      return `sk-proj-${alnum(r, 48, MIXED)}`;
    case "slack":
      return `xoxb-${alnum(r, 11, "0123456789")}-${alnum(r, 12, "0123456789")}-${alnum(r, 24, MIXED)}`;
    case "stripe":
      return `sk_live_${alnum(r, 24, MIXED)}`;
    case "anthropic":
      return `sk-ant-api03-${alnum(r, 80, MIXED)}AA`;
  }
}

/** An AWS secret access key (40 characters) to go with an access key id. */
export const fakeAwsSecret = (r: Rng): string => alnum(r, 40, `${MIXED}/+`);

/** A PEM private key block with a random body (looks real to a scanner, is no key at all). */
export function fakePrivateKey(r: Rng, type: "OPENSSH" | "RSA" | "EC" = "OPENSSH"): string {
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) lines.push(alnum(r, 64, `${MIXED}+/`));
  return `-----BEGIN ${type} PRIVATE KEY-----\n${lines.join("\n")}\n-----END ${type} PRIVATE KEY-----`;
}
