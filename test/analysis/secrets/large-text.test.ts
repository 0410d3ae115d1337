// Large texts (a 1 MiB Write) are searched only around their keywords (detect.ts): these tests hold that
// search to exactly the findings of a whole-text search, wherever the secret sits and whatever surrounds
// it, and hold each detector's declared bounds (`lead`, `span`) to its pattern.
import { describe, expect, it } from "vitest";
import { findSecrets, secretDetectors } from "../../../src/analysis/secrets/index.js";
import type { SecretDetector } from "../../../src/analysis/secrets/detectors.js";
import { NEAR_MISSES, POSITIVES, v } from "./cases.js";
import { rand } from "./fixtures.js";

/** The same detectors with no bounds: each one whose keyword occurs searches the whole text. */
const whole: SecretDetector[] = secretDetectors.map(({ span: _span, ...d }) => d);
const shape = (ms: ReturnType<typeof findSecrets>) => ms.map((m) => `${m.detector.id}@${m.index}:${m.value}`);

function same(text: string): string[] {
  const found = shape(findSecrets(text));
  expect(found).toEqual(shape(findSecrets(text, whole)));
  return found;
}

const MiB = 1024 * 1024;
/** Ordinary code without a detector keyword. */
const plainLine = "export function add(a: number, b: number): number { return a + b; } // padding padding\n";
/** Ordinary code full of keywords: every detector's ranges are many and close together. */
const keywordLine =
  'const cacheKey = opts.key ?? "k"; const tokenUrl = `https://api.example.com/token`; // secret? no, passwd: none\n';
const fill = (line: string, n: number) => line.repeat(Math.ceil(n / line.length)).slice(0, n);

/** Every separator and quoting the generic detectors accept after a keyword (their `near` must pass them). */
const SEPARATORS: Array<readonly [string, string]> = [
  ["=>", `$config = ['api_key' => '${v.highEntropy}'];`],
  ["?=", `DEPLOY_TOKEN ?= ${v.hex32}`],
  [":=", `secretValue := "${v.highEntropy}"`],
  ["spaced colon", `"client_secret"   :   "${v.highEntropy}"`],
  ["escaped quotes", `{\\"accessToken\\": \\"${v.hex32}\\"}`],
  ["passwd", `passwd=${v.password}`],
  ["credentials", `credentials: ${v.highEntropy}`],
  ["suffix after the keyword", `KEY_MATERIAL_B64=${v.highEntropy}`],
  ["header with quotes", `{"Authorization":"Bearer ${v.highEntropy}"}`],
  ["header with =", `X-Auth-Token = ${v.highEntropy}`],
  ["proxy header", `Proxy-Authorization: Basic ${v.highEntropy}`],
  ["URL with a long user", `redis://${"u".repeat(120)}:${v.password}@cache.internal:6379`],
  // Keywords that start inside another one and run past its end ("dapi" then "api-key"; "sk_live_" inside
  // "ghsk_live_"): every place a keyword starts must still be found.
  ["overlapping keywords", `X-Dapi-Key: ${v.highEntropy}`],
  ["keyword inside a longer word", `ghsk_live_${v.hex32}x secret_token_key=${v.highEntropy}`],
];

describe("large texts: the same findings as a whole-text search", () => {
  const cases = [...POSITIVES.map(([name, text]) => [name, text] as const), ...NEAR_MISSES, ...SEPARATORS];
  // Positions that cut across the text's own boundaries: glued to the padding, at the very end, etc.
  const placements: Array<[string, (t: string, pad: string) => string]> = [
    ["at the start", (t, pad) => t + pad],
    ["at the very end", (t, pad) => pad + t],
    ["in the middle, glued to the padding", (t, pad) => pad.slice(0, 5000) + t + pad.slice(5000)],
    ["on its own line in the middle", (t, pad) => `${pad.slice(0, 9000)}\n${t}\n${pad.slice(9000)}`],
  ];
  for (const [padName, line] of [
    ["plain", plainLine],
    ["keyword-dense", keywordLine],
  ] as const) {
    for (const [where, place] of placements)
      it(`every case ${where} of ${padName} code`, () => {
        const pad = fill(line, 20_000);
        for (const [, text] of cases) same(place(text, pad));
      });
  }

  it.each(SEPARATORS)("the separator case %s is a finding", (_name, text) => {
    expect(findSecrets(text, whole)).not.toEqual([]);
  });

  it("every case one after another (matches that chain across ranges)", () => {
    const all = cases.map(([, t]) => t);
    same(all.join(""));
    same(all.join(" "));
    same(all.join("\n") + fill(plainLine, 8000));
  });

  it("a secret-named assignment whose name starts 40 characters before its keyword", () => {
    const text = `${fill(plainLine, 10_000)} ${"a".repeat(40)}key = "${v.highEntropy}"\n${fill(plainLine, 10_000)}`;
    expect(same(text).join()).toContain(v.highEntropy);
  });

  it("keyword-dense text past the hit limit is searched whole, with the same findings", () => {
    const text = `${"key token ".repeat(5000)}API_TOKEN=${v.hex32}\n${fill(keywordLine, 50_000)}`;
    expect(same(text).join()).toContain(v.hex32);
  });
});

describe("1 MiB writes", () => {
  const plain = fill(plainLine, MiB);
  const code = fill(keywordLine, MiB);

  it("a secret at the very end of 1 MiB is found", () => {
    for (const pad of [plain, code]) {
      const found = same(`${pad}\nGITHUB_TOKEN=${v.github}\n`);
      expect(found.some((f) => f.startsWith("github-token@") && f.endsWith(v.github))).toBe(true);
    }
  });

  it("a private key in the middle of 1 MiB is found", () => {
    for (const pad of [plain, code]) {
      const text = `${pad.slice(0, MiB / 2)}\nconst pem = \`${v.privateKey}\`;\n${pad.slice(MiB / 2)}`;
      expect(same(text).some((f) => f.startsWith("private-key@"))).toBe(true);
    }
  });

  it("ordinary 1 MiB files have no findings", () => {
    expect(same(plain)).toEqual([]);
    expect(same(code)).toEqual([]);
    expect(same(rand(MiB, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/\n "))).toEqual([]);
  });
});

/**
 * The most characters a regex source can look at from a match's start (consumed text plus lookaheads and
 * the one character \b reads ahead), or Infinity; also fails on a lookbehind longer than one character,
 * which the one character of context before each searched range would not cover.
 */
function maxSpan(source: string): number {
  let i = 0;
  const groups: number[] = [];
  // Returns [consumed, examined] for an alternation up to ")" or the end.
  function alternation(): [number, number] {
    let best: [number, number] = [0, 0];
    for (;;) {
      const seq = sequence();
      best = [Math.max(best[0], seq[0]), Math.max(best[1], seq[1])];
      if (source[i] !== "|") return best;
      i++;
    }
  }
  function sequence(): [number, number] {
    let consumed = 0;
    let examined = 0;
    while (i < source.length && source[i] !== "|" && source[i] !== ")") {
      let [c, e] = atom();
      const q = quantifier();
      if (q !== 1) [c, e] = q === Infinity ? [c > 0 ? Infinity : 0, Infinity] : [c * q, c * (q - 1) + e];
      examined = Math.max(examined, consumed + e);
      consumed += c;
    }
    return [consumed, examined];
  }
  function quantifier(): number {
    const ch = source[i];
    let max = 1;
    if (ch === "*" || ch === "+") {
      i++;
      max = Infinity;
    } else if (ch === "?") {
      i++;
    } else if (ch === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i))!;
      i += m[0].length;
      max = m[2] === undefined ? Number(m[1]) : m[3] === "" ? Infinity : Number(m[3]);
    }
    if (source[i] === "?") i++; // lazy
    return max;
  }
  function atom(): [number, number] {
    const ch = source[i]!;
    if (ch === "(") {
      i++;
      let kind = "capture";
      if (source.startsWith("?:", i)) [kind, i] = ["group", i + 2];
      else if (source.startsWith("?=", i) || source.startsWith("?!", i)) [kind, i] = ["ahead", i + 2];
      else if (source.startsWith("?<=", i) || source.startsWith("?<!", i)) [kind, i] = ["behind", i + 3];
      const slot = kind === "capture" ? groups.push(0) - 1 : -1;
      const [c, e] = alternation();
      i++; // ")"
      if (slot >= 0) groups[slot] = c;
      if (kind === "ahead") return [0, e];
      if (kind === "behind") {
        if (c > 1) throw new Error(`lookbehind of ${c} characters in ${source}`);
        return [0, 0];
      }
      return [c, e];
    }
    if (ch === "[") {
      i++;
      while (source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
      i++;
      return [1, 1];
    }
    if (ch === "\\") {
      const next = source[i + 1]!;
      i += 2;
      if (next === "b" || next === "B") return [0, 1];
      if (/[1-9]/.test(next)) return [groups[Number(next) - 1]!, groups[Number(next) - 1]!];
      return [1, 1];
    }
    if (ch === "^" || ch === "$") throw new Error(`anchor in ${source}: slices would change its meaning`);
    i++;
    return [1, 1];
  }
  return alternation()[1];
}

describe("detector bounds", () => {
  it.each(secretDetectors.map((d) => [d.id, d] as const))("%s: span covers everything its pattern reads", (_id, d) => {
    const span = maxSpan(d.pattern.source);
    if (d.span === undefined) expect(span).toBe(Infinity);
    else expect(d.span).toBeGreaterThanOrEqual(span);
  });
});
