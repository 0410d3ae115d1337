// What stands past a limit is never judged by the part before it: the analyser either reads all of the
// input (inline code of any length, argument lists of any length, every xargs item) or says it is unsure
// (more commands than it analyses), so the fail mode decides. Written as an attacker pads a command to
// push the dangerous part past where a cut used to be.
import { describe, expect, it } from "vitest";
import { analyzeShell } from "../../../src/analysis/shell/analyze.js";
import { MAX_COMMANDS } from "../../../src/analysis/shell/parse.js";

const opts = { cwd: "/home/dev/proj", home: "/home/dev" };
const analyse = (cmd: string) => analyzeShell(cmd, opts);
/** Inline code's deletions keep "~" as written (the rules expand it); the shell expands it itself. */
const HOME = ["/home/dev", "~"];
const hasRm = (cmd: string, target: string) =>
  analyse(cmd).commands.some(
    (c) => c.program === "rm" && c.args.some((a) => (target === "/home/dev" ? HOME.includes(a) : a === target)),
  );
const q = (code: string) => `'${code.replace(/'/g, `'\\''`)}'`;

describe("inline code is read to its end", () => {
  it("a shell-out after 250,000 characters of padding in python -c", () => {
    const code = `${"x = 1\n".repeat(42_000)}import os; os.system('rm -rf ~')`;
    expect(code.length).toBeGreaterThan(250_000);
    const a = analyse(`python3 -c ${q(code)}`);
    expect(a.commands.some((c) => c.program === "rm" && c.args.includes("/home/dev"))).toBe(true);
  });

  it("a deletion after 250,000 characters of padding in a heredoc fed to node", () => {
    const code = `${"// padding padding padding\n".repeat(10_000)}require('fs').rmSync(require('os').homedir(), { recursive: true })`;
    expect(hasRm(`node - <<'EOF'\n${code}\nEOF`, "/home/dev")).toBe(true);
  });

  it("a command string built from more pieces than the reader used to join", () => {
    const pieces = "true; true; true; rm -rf ~".split("").map((ch) => `'${ch}'`);
    expect(pieces.length).toBeGreaterThan(20);
    expect(hasRm(`python3 -c ${q(`import os; os.system(${pieces.join(" + ")})`)}`, "/home/dev")).toBe(true);
  });

  it("an argument list longer than the reader used to read", () => {
    const list = [..."rm -rf".split(" "), ...Array.from({ length: 300 }, (_, i) => `f${i}`), "/"];
    const code = `import subprocess; subprocess.run([${list.map((x) => `'${x}'`).join(", ")}])`;
    expect(hasRm(`python3 -c ${q(code)}`, "/")).toBe(true);
  });

  it("the 101st shell-out and the 101st deletion", () => {
    const shellOuts = `${"os.system('true')\n".repeat(100)}os.system('rm -rf ~')`;
    expect(hasRm(`python3 -c ${q(`import os\n${shellOuts}`)}`, "/home/dev")).toBe(true);
    const deletes = `${"shutil.rmtree('build')\n".repeat(100)}shutil.rmtree(os.path.expanduser('~'))`;
    expect(hasRm(`python3 -c ${q(`import os, shutil\n${deletes}`)}`, "/home/dev")).toBe(true);
  });

  it("a path joined from more parts than the reader used to join", () => {
    const parts = [...Array.from({ length: 12 }, () => "'a'"), "'/etc'"];
    const code = `import os, shutil; shutil.rmtree(os.path.join(${parts.join(", ")}))`;
    expect(hasRm(`python3 -c ${q(code)}`, "/etc")).toBe(true);
  });
});

describe("every item xargs and parallel run", () => {
  const items = (n: number, last: string) => [...Array.from({ length: n }, () => "true"), last];

  it("xargs -I: the 17th item runs too", () => {
    const cmd = `printf '%s\\n' ${items(16, "'rm -rf ~'").join(" ")} | xargs -d '\\n' -I{} sh -c {}`;
    expect(hasRm(cmd, "/home/dev")).toBe(true);
  });

  it("xargs without -I: the 65th argument is appended too", () => {
    const cmd = `echo ${Array.from({ length: 64 }, (_, i) => `d${i}`).join(" ")} / | xargs rm -rf`;
    expect(hasRm(cmd, "/")).toBe(true);
  });

  it("parallel: the 17th argument runs too", () => {
    expect(hasRm(`parallel sh -c ::: ${items(16, "'rm -rf ~'").join(" ")}`, "/home/dev")).toBe(true);
  });
});

describe("static output is all of it, or unknown", () => {
  it("printf repeats its format for the 1001st value too", () => {
    const values = [...Array.from({ length: 1000 }, () => "true"), "'rm -rf ~'"];
    expect(hasRm(`printf '%s\n' ${values.join(" ")} | sh`, "/home/dev")).toBe(true);
  });
});

describe("more commands than the analyser reads: unsure, and fast", () => {
  it.each([
    ["a 1 MiB line of `x;`", "x;".repeat(500_000)],
    ["a pipeline past the limit", Array.from({ length: MAX_COMMANDS + 10 }, (_, i) => `cat f${i}`).join(" | ")],
    ["backquotes past the limit", `echo \`${"x;".repeat(MAX_COMMANDS + 10)}\``],
  ])("%s", (_, cmd) => {
    const a = analyse(`${cmd}; rm -rf ~`);
    expect(a.confident).toBe(false);
    expect(a.problems.join(" ")).toMatch(new RegExp(`more than ${MAX_COMMANDS} commands`));
  });

  it("xargs items past the commands' limit", () => {
    const n = MAX_COMMANDS + 5;
    const a = analyse(`seq ${n} | xargs -I{} echo {}`);
    // seq's output is not known statically: one command with an unknown item, confidently.
    expect(a.confident).toBe(true);
    const many = analyse(`printf '%s\\n' ${"a ".repeat(n)}| xargs -d '\\n' -I{} rm {}`);
    expect(many.confident).toBe(false);
    expect(many.problems.join(" ")).toMatch(/more than \d+ commands/);
  });

  it("a long everyday command is analysed, not unsure", () => {
    const files = Array.from({ length: 3000 }, (_, i) => `src/module${i}/index.ts`);
    const a = analyse(`git add ${files.join(" ")} && git commit -m 'big refactor' && npm test -- --run | tail -n 50`);
    expect(a.confident).toBe(true);
    expect(a.commands.map((c) => c.program)).toEqual(["git", "git", "npm", "tail"]);
    const steps = Array.from({ length: 500 }, (_, i) => `mkdir -p out/${i} && cp src/${i}.txt out/${i}/`).join("; ");
    expect(analyse(steps).confident).toBe(true);
  });
});
