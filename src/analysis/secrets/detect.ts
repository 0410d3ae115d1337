// Finds secrets in text. One detector list serves the rules (block / redact), the tool-output checks
// and the audit masking, so what a rule catches never reaches a log in clear.
//
// Cost: in a large text, one pass of a single case-insensitive regex finds where the detector keywords
// occur (looking them up one by one cost ~19 ms on a 1 MiB Write, measured). Only detectors whose
// keywords occur run their (linear) pattern, and only around those places: every match contains a
// keyword, so a 1 MiB file with a few dozen "key"s is not searched whole by the generic detectors (~20 ms
// of a cold hook process for 1 MiB of ordinary code, before). Results are cached by text, so the rule
// that checks a 1 MiB Write (or a command) and the audit record that masks it share one scan.
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
  return KNOWN_EXAMPLES.has(value) || PLACEHOLDER.test(value) || /^(.)\1*$/.test(value) || typedInOrder(value);
}

/**
 * Typed in order: a run of ten or more characters in sequence (`abcdefghij…`, `0123456789`), with at most 12
 * characters of the value outside runs of four or more (a prefix such as `ghp_`, `sk-proj-`): a value typed
 * for a test fixture or a doc (`ghp_abcdefghijklmnopqrstuvwxyz0123456789`). A generated secret holds such
 * a run with a chance far below one in a trillion, and a real secret with runs appended to it keeps more
 * than 12 characters of its own outside them, so it is still found.
 */
function typedInOrder(value: string): boolean {
  let longest = 0;
  let inRuns = 0;
  let run = 1;
  const close = () => {
    longest = Math.max(longest, run);
    if (run >= 4) inRuns += run;
  };
  for (let i = 1; i < value.length; i++) {
    if (value.charCodeAt(i) - value.charCodeAt(i - 1) === 1 && /[a-z0-9]/i.test(value[i]!)) run++;
    else {
      close();
      run = 1;
    }
  }
  if (value.length) close();
  return longest >= 10 && value.length - inRuns <= 12;
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

/** Every detector keyword, lower-cased, longest first, and their alternation, per detector list. */
const keywordLists = new WeakMap<SecretDetector[], { words: string[]; all: RegExp }>();

const alternation = (words: string[]) =>
  new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");

function keywordsOf(detectors: SecretDetector[]): { words: string[]; all: RegExp } {
  let list = keywordLists.get(detectors);
  if (!list) {
    const words = [...new Set(detectors.flatMap((d) => d.keywords ?? []).map((k) => k.toLowerCase()))].sort(
      (a, b) => b.length - a.length,
    );
    list = { words, all: alternation(words) };
    keywordLists.set(detectors, list);
  }
  return list;
}

/**
 * Past this many keyword occurrences a text is keyword-dense: its detectors search it whole. A 1 MiB
 * lockfile holds ~3,500 URLs ("://"); 1 MiB of nothing but keywords costs ~8 ms more to give up on.
 */
const MAX_HITS = 8192;

/**
 * Where the keywords occur in a large text: the one shared pass over it. For each keyword found, the
 * offsets where it starts. The alternation is tried at every position (each search restarts one
 * character after the last hit) and reports the longest keyword starting there, so a keyword starts at
 * an offset exactly when the keyword reported there begins with it. Undefined for a keyword-dense text.
 */
function keywordHits(text: string, all: RegExp): Map<string, number[]> | undefined {
  const hits = new Map<string, number[]>();
  let count = 0;
  all.lastIndex = 0;
  for (let m = all.exec(text); m; m = all.exec(text)) {
    if (++count > MAX_HITS) return undefined;
    const w = m[0].toLowerCase();
    const at = hits.get(w);
    if (at) at.push(m.index);
    else hits.set(w, [m.index]);
    all.lastIndex = m.index + 1;
  }
  return hits;
}

/**
 * The keywords present in `text`, for a keyword-dense text. The scan restarts one character after each
 * match, so every position is tried and the longest keyword starting there is reported; a keyword is
 * present when it was reported or is part of one that was ("key" in "apikey"). A reported keyword leaves
 * the regex, so text dense with one keyword is not matched over and over (1 MiB of keyword-dense code:
 * 36 ms before, a few ms after).
 */
function keywordsIn(text: string, words: string[]): (keyword: string) => boolean {
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

/** Texts shorter than this are searched whole by every detector whose keyword occurs (a look-up each). */
const LARGE_TEXT = 4096;

/**
 * Where a detector's matches can start in a large text: for each occurrence of one of its keywords,
 * the `lead` characters before it up to it (when what follows it can be part of a match: `near`), merged
 * into ranges [from, to]. Undefined when the detector
 * must search the whole text (no bound on its span, or ranges that would cover most of the text).
 */
function startRanges(detector: SecretDetector, hits: Map<string, number[]>, text: string): number[] | undefined {
  const keywords = detector.keywords!.map((k) => k.toLowerCase());
  let at: number[] = [];
  for (const [w, offsets] of hits) if (keywords.some((k) => w.startsWith(k))) at = at.concat(offsets);
  if (at.length === 0) return [];
  if (detector.span === undefined) return undefined;
  at.sort((a, b) => a - b);
  const lead = detector.lead ?? 0;
  const ranges: number[] = [];
  let covered = 0;
  const near = detector.near;
  for (const p of at) {
    if (near) {
      near.lastIndex = p;
      if (!near.test(text)) continue;
    }
    const from = Math.max(0, p - lead);
    const last = ranges.length - 2;
    if (last >= 0 && from <= ranges[last + 1]! + 1) ranges[last + 1] = p;
    else ranges.push(from, p);
  }
  for (let i = 0; i < ranges.length; i += 2) covered += ranges[i + 1]! - ranges[i]! + detector.span;
  return covered >= text.length ? undefined : ranges;
}

/**
 * The matches of a detector's pattern over `text` whose starts lie in `ranges`, exactly as a search of
 * the whole text finds them: each range is searched in a slice holding one character before it (for
 * \b and one-character lookbehinds) and `span` characters past its end, everything the pattern can look
 * at from a start in the range; a search resumes where the previous match ended, as matchAll does.
 */
function* matchesIn(text: string, detector: SecretDetector, ranges: number[] | undefined) {
  const re = detector.pattern;
  if (!ranges) {
    step(1 + (text.length >> 8));
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) yield { m, index: m.index ?? 0 };
    return;
  }
  let cursor = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    const to = ranges[i + 1]!;
    const from = Math.max(ranges[i]!, cursor);
    if (from > to) continue;
    const base = Math.max(0, from - 1);
    const slice = text.slice(base, Math.min(text.length, to + detector.span! + 1));
    step(1 + (slice.length >> 8));
    re.lastIndex = from - base;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      const index = base + m.index;
      if (index > to) break;
      cursor = index + m[0].length;
      yield { m, index };
      if (m[0].length === 0) re.lastIndex++;
    }
  }
}

function scan(text: string, detectors: SecretDetector[]): SecretMatch[] {
  let present: ((keyword: string) => boolean) | undefined;
  let hits: Map<string, number[]> | undefined | null;
  const large = text.length >= LARGE_TEXT;
  const found: SecretMatch[] = [];
  for (const detector of detectors) {
    let ranges: number[] | undefined;
    if (detector.keywords) {
      const list = keywordsOf(detectors);
      if (large && hits === undefined) hits = keywordHits(text, list.all) ?? null;
      if (hits) {
        ranges = startRanges(detector, hits, text);
        if (ranges?.length === 0) continue;
      } else {
        // Short texts (most tool calls): a look-up per keyword beats the alternation's compiling (~1 ms).
        if (!present && large) present = keywordsIn(text, list.words);
        else if (!present) {
          const lower = text.toLowerCase();
          present = (k) => lower.includes(k);
        }
        if (!detector.keywords.some((k) => present!(k.toLowerCase()))) continue;
      }
    }
    const groups =
      detector.group === undefined ? [0] : Array.isArray(detector.group) ? detector.group : [detector.group];
    for (const { m, index } of matchesIn(text, detector, ranges)) {
      step();
      const g = groups.find((n) => m[n] !== undefined);
      if (g === undefined) continue;
      const value = m[g]!;
      if (!value || isPlaceholderSecret(value)) continue;
      if (detector.validate && !detector.validate(value, m)) continue;
      // Offset of the group inside the match: indexOf from the end of the text before it is exact for the
      // patterns here (the secret is the last occurrence of its own text within the match prefix + value).
      const rel = g === 0 ? 0 : m[0].lastIndexOf(value);
      found.push({ detector, value, index: index + Math.max(0, rel) });
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
