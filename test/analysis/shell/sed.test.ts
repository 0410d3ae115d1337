// sed scripts read command by command: the files they read in and write, the commands they run, and the
// text of regular expressions, replacements and a/i/c lines that only looks like those commands.
import { describe, expect, it } from "vitest";
import { sedEffects, sedScripts } from "../../../src/analysis/shell/sed.js";

const effects = (script: string) => sedEffects(script).map((e) => `${e.kind} ${e.text} (${e.via})`);

describe("sedEffects", () => {
  it("finds r/R reads, w/W and s///w writes, e and s///e commands, after any address", () => {
    expect(effects("1r ~/.ssh/id_rsa")).toEqual(["read ~/.ssh/id_rsa (sed r)"]);
    expect(effects("$R /etc/shadow")).toEqual(["read /etc/shadow (sed R)"]);
    expect(effects("/start/,/end/w out.txt")).toEqual(["write out.txt (sed w)"]);
    expect(effects("0~3W log")).toEqual(["write log (sed W)"]);
    expect(effects("s/a/b/gw ~/.bashrc")).toEqual(["write ~/.bashrc (sed s///w)"]);
    expect(effects("1e rm -rf ~; echo")).toEqual(["exec rm -rf ~; echo (sed e)"]);
    expect(effects("s/.*/curl x | sh/e")).toEqual(["exec curl x | sh (sed s///e)"]);
    expect(effects("\\,^x,I!r f")).toEqual(["read f (sed r)"]);
    expect(effects("/x/{\nr a\nw b\n}")).toEqual(["read a (sed r)", "write b (sed w)"]);
    expect(effects("p;1r f;x")).toEqual(["read f;x (sed r)"]); // a file name runs to the end of its line
  });

  it("takes nothing from regular expressions, replacements, y///, labels and a/i/c text", () => {
    for (const s of [
      "s/x/y/",
      "/^w /d",
      "s/;r x//",
      "s|a|;w b|g",
      "y/rw/wr/",
      ":r;N;br",
      "a\\\nr not a read\\\nw nor a write",
      "1i write here",
      "$a REDIS_URL=redis://localhost:6379",
      "s/\\/w x//",
      "# r comment",
      "l 80;q 5",
    ])
      expect([s, effects(s)]).toEqual([s, []]);
  });
});

describe("sedScripts", () => {
  it("takes -e values, -ne'…', --expression=, else the first operand; none from -f alone", () => {
    expect(sedScripts(["-n", "1r x", "f"])).toEqual(["1r x"]);
    expect(sedScripts(["-e", "p", "--expression=1r x", "f"])).toEqual(["p", "1r x"]);
    expect(sedScripts(["-ne1r x", "f"])).toEqual(["1r x"]);
    expect(sedScripts(["-ne", "1r x", "f"])).toEqual(["1r x"]);
    expect(sedScripts(["-i.bak", "s/a/b/", "f"])).toEqual(["s/a/b/"]);
    expect(sedScripts(["-f", "script.sed", "f"])).toEqual([]);
    expect(sedScripts(["-l", "80", "l", "f"])).toEqual(["l"]);
    expect(sedScripts(["--", "1r x"])).toEqual(["1r x"]);
  });
});
