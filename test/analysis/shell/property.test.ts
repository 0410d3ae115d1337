// The analyser never throws and always ends fast, whatever it is given: random bytes, random shell
// fragments, deep nesting, 100 KB commands, pathological quoting. Unanalysable input is reported (not
// confident), never silently accepted.
import { describe, expect, it } from "vitest";
import { analyzeShell } from "../../../src/analysis/shell/analyze.js";

const opts = { cwd: "/home/dev/proj", home: "/home/dev" };

/** A small deterministic PRNG so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  " ",
  " ",
  " ",
  "\n",
  ";",
  "&&",
  "||",
  "|",
  "&",
  "(",
  ")",
  "{",
  "}",
  "$(",
  "`",
  "'",
  '"',
  "$'",
  "\\",
  "<<",
  "<<-",
  "<<<",
  ">",
  ">>",
  "2>&1",
  "<(",
  ">(",
  "$",
  "${",
  "}",
  "$((",
  "))",
  "#",
  "EOF",
  "rm",
  "-rf",
  "/",
  "~",
  "*",
  "sudo",
  "bash",
  "-c",
  "eval",
  "xargs",
  "find",
  "-exec",
  "{}",
  "\\;",
  "if",
  "then",
  "fi",
  "for",
  "in",
  "do",
  "done",
  "case",
  "esac",
  ";;",
  "while",
  "function",
  "f()",
  "X=",
  "$X",
  "${X:-/}",
  "${X#*/}",
  "{a,b}",
  "{1..3}",
  "cd",
  "..",
  "python3",
  "-e",
  "os.system('rm -rf /')",
  "\t",
  "\\\n",
  "!",
  "[[",
  "]]",
  "((",
  "=",
  "@(",
  "+(",
  "$@",
  "$1",
  "\u0000",
  "é",
  "😀",
];

// The CPU time this process spent (user + system), not the wall clock: on a loaded machine the wall clock
// counts other processes' turns too, and these bounds are about the work, not the machine's load.
const timeIt = (f: () => void) => {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
};

describe("analyzeShell robustness", () => {
  it("never throws on 3000 random fragment soups, each analysed in well under 50 ms", () => {
    const r = rng(42);
    let worst = 0;
    for (let n = 0; n < 3000; n++) {
      const len = 1 + Math.floor(r() * 40);
      let cmd = "";
      for (let k = 0; k < len; k++) cmd += FRAGMENTS[Math.floor(r() * FRAGMENTS.length)];
      let a: ReturnType<typeof analyzeShell> | undefined;
      const ms = timeIt(() => (a = analyzeShell(cmd, opts)));
      worst = Math.max(worst, ms);
      expect(Array.isArray(a!.commands)).toBe(true);
      expect(a!.confident).toBe(a!.problems.length === 0);
    }
    expect(worst).toBeLessThan(250);
  });

  it("never throws on random bytes", () => {
    const r = rng(7);
    for (let n = 0; n < 1000; n++) {
      const len = Math.floor(r() * 200);
      let cmd = "";
      for (let k = 0; k < len; k++) cmd += String.fromCharCode(Math.floor(r() * 128));
      expect(() => analyzeShell(cmd, opts)).not.toThrow();
    }
  });

  it.each([
    ["deep $( nesting", `${"$(".repeat(5000)}rm -rf /${")".repeat(5000)}`],
    ["deep ( nesting", `${"(".repeat(5000)}ls${")".repeat(5000)}`],
    ["deep { nesting", `${"{ ".repeat(3000)}ls; ${"}; ".repeat(3000)}`],
    ["deep backquotes", "`echo ".repeat(50) + "`".repeat(50)],
    ["deep bash -c", `${"bash -c ".repeat(2000)}ls`],
    ["deep ${", "${X:-".repeat(3000) + "}".repeat(3000)],
    ["deep if", `${"if true; then ".repeat(2000)}ls; ${"fi; ".repeat(2000)}`],
    ["unclosed everything", "$( ( { `\" ' ${ <<EOF"],
    ["deep eval chain", `${"eval ".repeat(3000)}ls`],
    ["brace bomb", `echo ${"{a,b,c,d}".repeat(30)}`],
    ["sequence bomb", "echo {1..100000000}"],
    ["function recursion", "f() { f; f; }; f"],
    ["mutual recursion", "a() { b; }; b() { a; }; a"],
    ["alias loop", "alias a=b; alias b=a; a"],
    ["loop over many", `for x in ${"a ".repeat(5000)}; do rm -rf $x; done`],
    ["xargs of xargs", `echo / | ${"xargs ".repeat(500)}rm -rf`],
  ])("ends fast on %s", (_name, cmd) => {
    let a: ReturnType<typeof analyzeShell> | undefined;
    const ms = timeIt(() => (a = analyzeShell(cmd, opts)));
    // Generous: CI machines are slow and busy; the point is "bounded", not "fast on a good day".
    expect(ms).toBeLessThan(2000);
    expect(a).toBeDefined();
  });

  it("reports too-deep nesting instead of accepting it", () => {
    const a = analyzeShell(`${"$(".repeat(500)}rm -rf /${")".repeat(500)}`, opts);
    expect(a.confident).toBe(false);
    expect(a.problems.join(" ")).toMatch(/levels deep/);
  });

  it("analyses a 100 KB command quickly and with confidence", () => {
    const body = Array.from({ length: 2500 }, (_, i) => `echo "line ${i} with 'quotes' and \\$vars" >> out.txt`).join(
      " && ",
    );
    const safe = `${body.slice(0, body.lastIndexOf(" && ", 100 * 1024 - 20))} && rm -rf ~`;
    let a: ReturnType<typeof analyzeShell> | undefined;
    const ms = timeIt(() => (a = analyzeShell(safe, opts)));
    expect(ms).toBeLessThan(1500);
    expect(a!.confident).toBe(true);
    expect(a!.commands.some((c) => c.program === "rm" && c.args.includes("/home/dev"))).toBe(true);
  });

  it("analyses a 100 KB heredoc (a file written by the agent) quickly", () => {
    const content = "export const x = `rm -rf / ${y}`; // $(whoami)\n".repeat(2200);
    const cmd = `cat > src/big.ts <<'EOF'\n${content}EOF`;
    let a: ReturnType<typeof analyzeShell> | undefined;
    const ms = timeIt(() => (a = analyzeShell(cmd, opts)));
    expect(ms).toBeLessThan(200);
    expect(a!.confident).toBe(true);
    expect(a!.commands.map((c) => c.program)).toEqual(["cat"]);
  });

  it("analyses 100 KB of pathological single quotes and backslashes linearly", () => {
    for (const unit of ["'a'", "\\a", "$'\\x41'", '"$x"', "${x}", "a{b,c}", "$(true)"]) {
      const cmd = `echo ${unit.repeat(Math.floor((100 * 1024) / unit.length))}`;
      const ms = timeIt(() => analyzeShell(cmd, opts));
      expect(ms, unit).toBeLessThan(3000);
    }
  });

  it("refuses commands over the length limit, without reading them", () => {
    const a = analyzeShell("x".repeat(1024 * 1024 + 1), opts);
    expect(a.confident).toBe(false);
    expect(a.commands).toEqual([]);
  });
});
