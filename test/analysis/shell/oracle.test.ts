// Differential tests against independent implementations of the shell language:
//  - bash itself decides word splitting, quote removal, ANSI-C quoting, escapes, brace expansion,
//    parameter expansion and command substitution: thousands of generated commands run through one
//    bash process (the program is a function that prints its arguments; nothing else can run), and
//    the analyser must produce the same argv;
//  - sh-syntax (mvdan/sh compiled to WebAssembly, a devDependency used only here) decides what parses:
//    the analyser must agree on which commands are complete and on how many top-level statements
//    there are.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { analyzeShell } from "../../../src/analysis/shell/analyze.js";
import { parseShell } from "../../../src/analysis/shell/parse.js";

const HOME = "/home/dev";
const opts = { cwd: "/home/dev/proj", home: HOME };

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

const hasBash = spawnSync("bash", ["-c", "exit 0"]).status === 0;

/** One random word, built from the quoting and expansion forms the analyser claims to understand. */
function genWord(r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const lit = () => pick(["a", "b", "rm", "-rf", "x.y", "/", "dir/", "A_1", "-", "--opt=v", "%", "@", ":", ",", "+"]);
  const parts = 1 + Math.floor(r() * 3);
  let w = "";
  for (let i = 0; i < parts; i++) {
    switch (Math.floor(r() * 13)) {
      case 0:
        w += `'${pick(["a b", "$X", "\\n", "", 'c"d', "*"])}'`;
        break;
      case 1:
        w += `"${pick(["a b", "$X", "${Y}", "\\$X", '\\"', "", "e'f", "$(printf %s s)", "${X:-d}"])}"`;
        break;
      case 2:
        w += `$'${pick(["\\x41", "\\t", "a\\'b", "\\101", "\\u00e9", "\\\\", "x y"])}'`;
        break;
      case 3:
        w += `\\${pick(["a", " ", "$", "'", '"', "\\"])}`;
        break;
      // (Braced: bash brace-expands before it reads names, so `$X{a,b}` means `$Xa $Xb`, a case the
      // analyser does not model.)
      case 4:
        w += pick(["${X}", "${Y}", '"$X"', '"$Y"']);
        break;
      case 5:
        w += pick(["{a,b}", "{1..3}", "x{,y}", "{a,{b,c}}"]);
        break;
      case 6:
        w += pick(["${X#?}", "${X%?}", "${X/a/z}", "${#X}", "${Y:-def}", "${X:1:2}", "${X^^}"]);
        break;
      case 7:
        w += pick(["$(printf %s cmd)", "`echo sub`", "$(echo 'a  b')", "\"$(echo 'a  b')\""]);
        break;
      case 8:
        if (w === "") w += pick(["~", "~/x"]);
        else w += lit();
        break;
      default:
        w += lit();
    }
  }
  return w;
}

function genCommand(r: () => number): string {
  const x = ["a", "a b", "abc", "", " lead", "/"][Math.floor(r() * 6)]!;
  const y = ["q", "p  q", ""][Math.floor(r() * 3)]!;
  const words = Array.from({ length: 1 + Math.floor(r() * 4) }, () => genWord(r));
  return `X='${x}'; Y='${y}'; p ${words.join(" ")}`;
}

describe.skipIf(!hasBash)("differential: bash word expansion", () => {
  it("agrees with bash on the argv of 3000 generated commands", () => {
    const r = rng(2024);
    const cmds = Array.from({ length: 3000 }, () => genCommand(r));
    const script = ["set -f", 'p() { printf \'%s\\0\' "$#" "$@"; }', ...cmds.map((c) => `${c}; printf '\\1\\n'`)].join(
      "\n",
    );
    const res = spawnSync("bash", ["--norc", "--noprofile"], {
      input: script,
      cwd: process.cwd(),
      env: { HOME, PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C.UTF-8" },
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    expect(res.status, res.stderr).toBe(0);
    const outputs = res.stdout.split("\u0001\n");
    const mismatches: string[] = [];
    cmds.forEach((cmd, i) => {
      const expected = (outputs[i] ?? "").split("\0").slice(1, -1); // the first item is $#
      const a = analyzeShell(cmd, { cwd: process.cwd(), home: HOME });
      const p = a.commands.find((c) => c.program === "p" && c.context === "top");
      const got = p ? p.args : [];
      if (JSON.stringify(got) !== JSON.stringify(expected))
        mismatches.push(`${cmd}\n  bash: ${JSON.stringify(expected)}\n  staso: ${JSON.stringify(got)}`);
    });
    expect(mismatches.slice(0, 10).join("\n"), `${mismatches.length} of ${cmds.length} differ`).toBe("");
  });
});

/** Structured commands: lists, pipelines, subshells, groups, compound commands, heredocs. */
function genScript(r: () => number, depth = 0): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const simple = () =>
    pick([
      "ls",
      "echo 'a;b'",
      "cat <<< x",
      'grep -q "x|y" f',
      "X=1 env",
      "a=$(b | c)",
      "echo ${X:-y}",
      "true # c",
      "echo \\;",
      "f > out 2>&1",
    ]);
  if (depth > 2) return simple();
  switch (Math.floor(r() * 10)) {
    case 0:
      return `${genScript(r, depth + 1)} && ${genScript(r, depth + 1)}`;
    case 1:
      return `${genScript(r, depth + 1)} | ${genScript(r, depth + 1)}`;
    case 2:
      return `(${genScript(r, depth + 1)})`;
    case 3:
      return `{ ${genScript(r, depth + 1)}; }`;
    case 4:
      return `if ${simple()}; then ${genScript(r, depth + 1)}; fi`;
    case 5:
      return `for i in a b; do ${genScript(r, depth + 1)}; done`;
    case 6:
      return `case x in a) ${simple()};; *) ${simple()};; esac`;
    case 7:
      return `cat <<EOF\nline $(echo x)\nEOF\n${simple()}`;
    case 8:
      return `${genScript(r, depth + 1)}; ${genScript(r, depth + 1)}`;
    default:
      return simple();
  }
}

describe("differential: sh-syntax (mvdan/sh)", () => {
  it("agrees on what is complete and on the top-level statements", async () => {
    const { parse } = await import("sh-syntax");
    const r = rng(99);
    const disagreements: string[] = [];
    for (let n = 0; n < 80; n++) {
      let cmd = genScript(r);
      // A third of the samples are truncated mid-way: often unterminated.
      if (r() < 0.33) cmd = cmd.slice(0, Math.max(1, Math.floor(r() * cmd.length)));
      let oracle: { ok: true; stmts: number } | { ok: false; incomplete: boolean };
      try {
        const f = await parse(cmd);
        oracle = { ok: true, stmts: f.Stmts.length };
      } catch (err) {
        oracle = { ok: false, incomplete: Boolean((err as { Incomplete?: boolean }).Incomplete) };
      }
      const mine = parseShell(cmd);
      const confident = analyzeShell(cmd, opts).confident;
      if (oracle.ok) {
        if (!confident)
          disagreements.push(
            `sh-syntax parses, staso is not confident: ${JSON.stringify(cmd)} (${mine.problems.join(" ")})`,
          );
        else if (mine.list.length !== oracle.stmts)
          disagreements.push(`statements ${mine.list.length} vs ${oracle.stmts}: ${JSON.stringify(cmd)}`);
      } else if (oracle.incomplete && confident) {
        disagreements.push(`sh-syntax: incomplete, staso confident: ${JSON.stringify(cmd)}`);
      }
    }
    expect(disagreements.slice(0, 10).join("\n"), `${disagreements.length} disagreements`).toBe("");
  }, 60_000);
});
