import { describe, expect, it } from "vitest";
import { compileGlob, compileRegex, RegexSyntaxError } from "../../src/util/linear-regex.js";
import { DeadlineExceeded, withDeadline } from "../../src/util/deadline.js";

// Differential check against the built-in engine on patterns both accept.
const CASES: [string, string, string[]][] = [
  ["abc", "", ["abc", "xabcx", "ab", ""]],
  ["^abc$", "", ["abc", "abcd", "xabc"]],
  ["a|b|cd", "", ["a", "c", "cd", "xcdx", ""]],
  ["a*", "", ["", "aaa", "b"]],
  ["(a+)(b*)c", "", ["aabbc", "ac", "abx", "xxaaacyy"]],
  ["(?:ab)+?", "", ["ababab"]],
  ["a.c", "", ["abc", "a\nc", "ac"]],
  ["a.c", "s", ["a\nc"]],
  ["^b", "m", ["a\nb", "ab"]],
  ["a$", "m", ["a\nb", "ba"]],
  ["\\bfoo\\b", "", ["foo", "a foo b", "afoo", "foobar"]],
  ["\\Bo\\B", "", ["foo", "o", "food"]],
  ["[a-c]+x", "", ["abcx", "dx", "zzcccx"]],
  ["[^a-c]+", "", ["abc", "abcdef"]],
  ["[\\d\\s]+", "", ["a 12 b", "xyz"]],
  ["\\d{2,4}", "", ["1", "12345", "a123b"]],
  ["x{3}", "", ["xx", "xxxx"]],
  ["x{2,}", "", ["x", "xxxxx"]],
  ["HELLO", "i", ["hello", "HeLLo there", "help"]],
  ["[a-z]+", "i", ["ABC", "123"]],
  ["(?<year>\\d{4})-(?<mon>\\d\\d)", "", ["on 2024-05-01", "24-05"]],
  ["(a|ab)(c|bcd)(d*)", "", ["abcd"]],
  ["(a*)*b", "", ["aaab", "aaaa"]],
  ["(a|)+b", "", ["aab", "b"]],
  ["\\x41\\u0042", "", ["AB", "ab"]],
  ["a{", "", ["a{", "a"]],
  ["\\.env$", "", ["/p/.env", "/p/xenv"]],
  ["--no-verify|-n\\b", "", ["git commit --no-verify", "git commit -n -m x", "git commit -nm"]],
  ["", "", ["", "abc"]],
];

describe("linear-time regex", () => {
  for (const [src, flags, inputs] of CASES) {
    it(`/${src}/${flags} agrees with RegExp`, () => {
      const mine = compileRegex(src, flags);
      const native = new RegExp(src, flags);
      for (const s of inputs) {
        expect(mine.test(s), `test ${JSON.stringify(s)}`).toBe(native.test(s));
        const m = mine.exec(s);
        const n = native.exec(s);
        expect(m === null, `exec null ${JSON.stringify(s)}`).toBe(n === null);
        if (m && n) {
          expect(m.index).toBe(n.index);
          expect(m.groups).toEqual([...n]);
        }
        expect(mine.replace(s, "<$&|$1>")).toBe(s.replace(new RegExp(src, `${flags}g`), "<$&|$1>"));
      }
    });
  }

  it("replaces with named groups and $$", () => {
    expect(compileRegex("(?<k>\\w+)=(\\d+)").replace("a=1 b=22", "$<k>:$2$$")).toBe("a:1$ b:22$");
    expect(compileRegex("x*").replace("abc", "-")).toBe("abc".replace(/x*/g, "-"));
    expect(compileRegex("b").replace("abcb", "X", false)).toBe("aXcb");
  });

  it("rejects what cannot be matched in linear time, and bad syntax, with a reason", () => {
    const err = (src: string, flags = "") => {
      try {
        compileRegex(src, flags);
      } catch (e) {
        expect(e).toBeInstanceOf(RegexSyntaxError);
        return (e as Error).message;
      }
      throw new Error(`accepted ${src}`);
    };
    expect(err("(a)\\1")).toBe(
      "backreferences are not supported (they cannot be matched in linear time) at position 5",
    );
    expect(err("a(?=b)")).toMatch(/^lookaround is not supported/);
    expect(err("(?<!a)b")).toMatch(/^lookaround is not supported/);
    expect(err("(ab")).toBe("unterminated group at position 3");
    expect(err("ab)")).toBe("unmatched ) at position 2");
    expect(err("*a")).toBe("nothing to repeat at position 0");
    expect(err("a**")).toBe("nothing to repeat at position 2");
    expect(err("[b-a]")).toMatch(/^range out of order/);
    expect(err("[ab")).toMatch(/^unterminated character class/);
    expect(err("a{5,2}")).toMatch(/^numbers out of order/);
    expect(err("(a{1000}){1000}")).toBe("the pattern is too large once its repetitions are expanded");
    expect(err("a", "x")).toBe('flags must be a combination of i, m and s, not "x"');
  });

  it("matches catastrophic patterns on long input in linear time", () => {
    const evil = `${"a".repeat(100_000)}!`;
    for (const src of ["(a+)+$", "(a|a)*$", "(a|aa)+$", ".*x", "(.*a){20}$", "^(\\w+\\s?)*$"]) {
      const re = compileRegex(src);
      const t = performance.now();
      re.test(evil);
      expect(performance.now() - t, src).toBeLessThan(3000);
    }
  });

  it("throws at the deadline instead of running on", () => {
    const re = compileRegex("(a|b|c|d|e)*z");
    expect(() => withDeadline(performance.now() - 1, () => re.test("abcde".repeat(400_000)))).toThrow(DeadlineExceeded);
  });

  it("counts the steps of many short texts against the deadline, not only long ones", () => {
    const re = compileRegex("(?:[ab]{0,300}c){1,3}z");
    const short = "aaaaaaaaaaaa";
    expect(() =>
      withDeadline(performance.now() - 1, () => {
        for (let i = 0; i < 50_000; i++) re.test(short);
      }),
    ).toThrow(DeadlineExceeded);
  });

  it("a pattern tested over many short texts keeps its answers (the thread lists are reused between runs)", () => {
    const re = compileRegex("^(?:ab|a)c$");
    const texts = ["abc", "ac", "abd", "c", "aac", "abc", "ac"];
    for (let round = 0; round < 3; round++)
      expect(texts.map((t) => re.test(t))).toEqual([true, true, false, false, false, true, true]);
    const g = compileRegex("(a)(b)?c");
    expect(g.exec("xxac")?.groups).toEqual(["ac", "a", undefined]);
    expect(g.exec("abc")?.groups).toEqual(["abc", "a", "b"]);
    expect(g.replace("ac abc", "[$1$2]")).toBe("[a] [ab]");
  });

  it("globs", () => {
    const g = (glob: string, s: string) => compileGlob(glob).test(s);
    expect(g("mcp__*", "mcp__github__create_issue")).toBe(true);
    expect(g("mcp__github__*", "mcp__slack__post")).toBe(false);
    expect(g("Bash", "Bash")).toBe(true);
    expect(g("Bash", "Bashx")).toBe(false);
    expect(g("*.pem", "key.pem")).toBe(true);
    expect(g("*.pem", "/a/key.pem")).toBe(false);
    expect(g("**/*.pem", "/a/b/key.pem")).toBe(true);
    expect(g("**/.env", ".env")).toBe(true);
    expect(g("/a/**", "/a/b/c")).toBe(true);
    expect(g("{Write,Edit}", "Edit")).toBe(true);
    expect(g("file?.[ch]", "file1.c")).toBe(true);
    expect(g("file?.[!ch]", "file1.c")).toBe(false);
    expect(g("a.b+c(d)", "a.b+c(d)")).toBe(true);
  });
});
