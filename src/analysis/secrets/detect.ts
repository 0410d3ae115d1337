// Finds secrets in text. One detector list serves the rules (block / redact), the tool-output checks
// and the audit masking, so what a rule catches never reaches a log in clear.
//
// Cost: one pass of a single case-insensitive regex finds which detector keywords occur (looking them up
// one by one cost ~19 ms on a 1 MiB Write, measured); only detectors whose keywords occur run their
// (linear) pattern. Results are cached by text, so the rule that checks a 1 MiB Write (or a command) and
// the audit record that masks it share one scan.
import { KNOWN_EXAMPLES, PLACEHOLDER, secretDetectors, type SecretDetector } from "./detectors.js";
import { step } from "../../util/deadline.js";

export { secretDetectors, type SecretDetector } from "./detectors.js";

export interface SecretMatch {
  detector: SecretDetector;
  value: string;
  /** Offset of the value in the text. */
  index: number;
}

/** True for values that are documented examples or placeholders, not secrets. */
function isPlaceholderSecret(value: string): boolean {
  return KNOWN_EXAMPLES.has(value) || PLACEHOLDER.test(value) || /^(.)\1*$/.test(value);
}

/**
 * Scans are cached by text: the rules and the audit record's masking look at the same strings (a
 * command, a file's content), and a hook process is cold, so every repeated scan costs. Long texts are
 * kept few (their keys are large), short ones many.
 */
const LONG_TEXT = 2048;
const LONG_CACHE_SIZE = 4;
const SHORT_CACHE_SIZE = 256;
const longCache = new Map<string, SecretMatch[]>();
const shortCache = new Map<string, SecretMatch[]>();

/** Every detector keyword, lower-cased, longest first, per detector list. */
const keywordLists = new WeakMap<SecretDetector[], string[]>();

const alternation = (words: string[]) =>
  new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");

/**
 * The keywords present in `text`, in one pass of one case-insensitive regex. The scan restarts one
 * character after each match, so every position is tried and the longest keyword starting there is
 * reported; a keyword is present when it was reported or is part of one that was ("key" in "apikey").
 * A reported keyword leaves the regex, so text dense with one keyword is not matched over and over
 * (1 MiB of keyword-dense code: 36 ms before, a few ms after).
 */
function keywordsIn(text: string, detectors: SecretDetector[]): (keyword: string) => boolean {
  let words = keywordLists.get(detectors);
  if (!words) {
    words = [...new Set(detectors.flatMap((d) => d.keywords ?? []).map((k) => k.toLowerCase()))].sort(
      (a, b) => b.length - a.length,
    );
    keywordLists.set(detectors, words);
  }
  if (text.length < 4096) {
    // Short texts (most tool calls): a look-up per keyword beats compiling the alternation (~1 ms).
    const lower = text.toLowerCase();
    return (k) => lower.includes(k);
  }
  const seen = new Set<string>();
  let remaining = words;
  let from = 0;
  while (remaining.length > 0) {
    const re = alternation(remaining);
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) break;
    const w = m[0].toLowerCase();
    seen.add(w);
    remaining = remaining.filter((k) => !w.includes(k));
    from = m.index + 1;
  }
  const found = [...seen];
  return (k) => seen.has(k) || found.some((f) => f.includes(k));
}

function scan(text: string, detectors: SecretDetector[]): SecretMatch[] {
  let present: ((keyword: string) => boolean) | undefined;
  const found: SecretMatch[] = [];
  for (const detector of detectors) {
    if (detector.keywords) {
      present ??= keywordsIn(text, detectors);
      if (!detector.keywords.some((k) => present!(k.toLowerCase()))) continue;
    }
    // A detector's pattern runs over the whole text (natively, linear): its cost counted up front.
    step(1 + (text.length >> 8));
    detector.pattern.lastIndex = 0;
    const groups =
      detector.group === undefined ? [0] : Array.isArray(detector.group) ? detector.group : [detector.group];
    for (const m of text.matchAll(detector.pattern)) {
      step();
      const g = groups.find((n) => m[n] !== undefined);
      if (g === undefined) continue;
      const value = m[g]!;
      if (!value || isPlaceholderSecret(value)) continue;
      if (detector.validate && !detector.validate(value, m)) continue;
      // Offset of the group inside the match: indexOf from the end of the text before it is exact for the
      // patterns here (the secret is the last occurrence of its own text within the match prefix + value).
      const rel = g === 0 ? 0 : m[0].lastIndexOf(value);
      found.push({ detector, value, index: (m.index ?? 0) + Math.max(0, rel) });
    }
  }
  if (found.length < 2) return found;
  // Overlaps: the earlier detector in the list wins (providers before the generic detector).
  const order = new Map(detectors.map((d, i) => [d, i]));
  found.sort((a, b) => order.get(a.detector)! - order.get(b.detector)! || a.index - b.index);
  const kept: SecretMatch[] = [];
  for (const m of found) {
    const end = m.index + m.value.length;
    if (kept.some((k) => m.index < k.index + k.value.length && k.index < end)) continue;
    kept.push(m);
  }
  return kept.sort((a, b) => a.index - b.index);
}

/** Every secret in the text, in text order, overlaps resolved. */
export function findSecrets(text: string, detectors: SecretDetector[] = secretDetectors): SecretMatch[] {
  if (!text || text.length < 8) return [];
  if (detectors !== secretDetectors) return scan(text, detectors);
  const [cache, size] = text.length < LONG_TEXT ? [shortCache, SHORT_CACHE_SIZE] : [longCache, LONG_CACHE_SIZE];
  const hit = cache.get(text);
  if (hit) return hit;
  const result = scan(text, detectors);
  if (cache.size >= size) cache.delete(cache.keys().next().value!);
  cache.set(text, result);
  return result;
}

/** The text with the given matches (from findSecrets on this text) replaced by their placeholders. */
function applyRedactions(text: string, matches: SecretMatch[]): string {
  if (matches.length === 0) return text;
  let out = "";
  let at = 0;
  for (const m of matches) {
    if (m.index < at) continue;
    out += text.slice(at, m.index) + m.detector.placeholder;
    at = m.index + m.value.length;
  }
  return out + text.slice(at);
}

/** The text with every secret found replaced by its detector's placeholder. */
export function redactSecrets(text: string, detectors: SecretDetector[] = secretDetectors): string {
  return applyRedactions(text, findSecrets(text, detectors));
}

/**
 * A deep copy of a JSON value with `fn` applied to every string in it (keys untouched; `key` is the field a
 * string stands in, an array's items inheriting their array's). Walked with its own stack, not recursion:
 * an agent's input nested 100,000 levels deep is read like any other, its steps counted against the deadline.
 */
export function mapStrings(value: unknown, fn: (s: string, key?: string) => string, key?: string): unknown {
  const root: Record<string, unknown> = {};
  const stack: [unknown, string | undefined, Record<string | number, unknown>, string | number][] = [
    [value, key, root, "v"],
  ];
  while (stack.length > 0) {
    step();
    const [v, k, into, at] = stack.pop()!;
    if (typeof v === "string") into[at] = fn(v, k);
    else if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      into[at] = out;
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], k, out as unknown as Record<number, unknown>, i]);
    } else if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      into[at] = out;
      const entries = Object.entries(v);
      for (const [ek] of entries) out[ek] = undefined;
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], entries[i]![0], out, entries[i]![0]]);
    } else into[at] = v;
  }
  return root.v;
}

/** Every secret in every string of a JSON value. */
export function findSecretsIn(value: unknown, detectors: SecretDetector[] = secretDetectors): SecretMatch[] {
  const out: SecretMatch[] = [];
  mapStrings(value, (s) => {
    out.push(...findSecrets(s, detectors));
    return s;
  });
  return out;
}

/** "2 secrets (GitHub token, private key)": what was found, never the values. */
export function describeSecrets(matches: SecretMatch[]): string {
  const kinds = [...new Set(matches.map((m) => m.detector.description))];
  return `${matches.length === 1 ? "a secret" : `${matches.length} secrets`} (${kinds.join(", ")})`;
}
