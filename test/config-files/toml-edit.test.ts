import { describe, expect, it } from "vitest";
import { parseToml, scanTables, TomlEditor } from "../../src/config-files/toml-edit.js";
import { SetupError } from "../../src/config-files/errors.js";

const K = "/h/.codex/hooks.json:pre_tool_use:0:0";
const P = ["hooks", "state", K];

describe("TOML scanning", () => {
  it("finds headers, and not lines inside multi-line strings or arrays", () => {
    const text = [
      'a = """',
      "[not.a.table]",
      '"""',
      "b = [",
      "  [1, 2],",
      "  '[x]',",
      "]",
      "[real] # comment",
      "c.d = 1",
      `[hooks.state."${K}"]`,
      "trusted_hash = 'x'",
      "[[arr]]",
    ].join("\n");
    const { root, tables } = scanTables(text.split("\n"));
    expect(root.entries.map((e) => [e.key, e.line, e.end])).toEqual([
      [["a"], 0, 3],
      [["b"], 3, 7],
    ]);
    expect(tables.map((t) => [t.path, t.header, t.arrayOfTables])).toEqual([
      [["real"], 7, false],
      [["hooks", "state", K], 9, false],
      [["arr"], 11, true],
    ]);
    expect(tables[0]!.entries[0]!.key).toEqual(["c", "d"]);
  });
});

describe("TOML editing", () => {
  it("appends a table after a blank line, and removing it gives the bytes back", () => {
    const text = '# my config\nmodel = "x" # mine\n\n[tui]\nfoo = 1\n';
    const ed = new TomlEditor("/c.toml", text);
    ed.set(P, "trusted_hash", '"sha256:1"');
    expect(ed.text).toBe(`${text}\n[hooks.state."${K}"]\ntrusted_hash = "sha256:1"\n`);
    expect(parseToml("/c.toml", ed.text)).toMatchObject({ hooks: { state: { [K]: { trusted_hash: "sha256:1" } } } });
    ed.unset(P, "trusted_hash");
    expect(ed.text).toBe(text);
  });

  it("changes a value in place, keeping the key's spelling and the comment", () => {
    const text = `[hooks.state.'${K}']\n"trusted_hash"  =  "sha256:old"   # set by codex\nenabled = true\n`;
    const ed = new TomlEditor("/c.toml", text);
    ed.set(P, "trusted_hash", '"sha256:new"');
    expect(ed.text).toBe(`[hooks.state.'${K}']\n"trusted_hash"  =  "sha256:new"   # set by codex\nenabled = true\n`);
    ed.unset(P, "trusted_hash");
    expect(ed.text).toBe(`[hooks.state.'${K}']\nenabled = true\n`);
  });

  it("removes a table in the middle without touching its neighbours", () => {
    const text = `a = 1\n\n[hooks.state."${K}"]\ntrusted_hash = "x"\n\n# about b\n[b]\nc = 2\n`;
    const ed = new TomlEditor("/c.toml", text);
    ed.removeTable(P);
    expect(ed.text).toBe("a = 1\n\n# about b\n[b]\nc = 2\n");
  });

  it("renames headers all at once", () => {
    const k = (i: number) => ["hooks", "state", `/f:pre_tool_use:${i}:0`];
    const text = `[hooks.state."/f:pre_tool_use:1:0"]\ntrusted_hash = "a"\n\n[hooks.state."/f:pre_tool_use:2:0"] # keep\ntrusted_hash = "b"\n`;
    const ed = new TomlEditor("/c.toml", text);
    ed.renameTables([
      { from: k(1), to: k(0) },
      { from: k(2), to: k(1) },
    ]);
    expect(ed.text).toBe(
      `[hooks.state."/f:pre_tool_use:0:0"]\ntrusted_hash = "a"\n\n[hooks.state."/f:pre_tool_use:1:0"] # keep\ntrusted_hash = "b"\n`,
    );
  });

  it("adds a final newline to a file without one, and works on an empty file and CRLF", () => {
    const a = new TomlEditor("/c.toml", "a = 1");
    a.set(["t"], "k", "2");
    expect(a.text).toBe("a = 1\n\n[t]\nk = 2\n");
    const b = new TomlEditor("/c.toml", "");
    b.set(["t"], "k", "2");
    expect(b.text).toBe("[t]\nk = 2\n");
    b.unset(["t"], "k");
    expect(b.text).toBe("");
    const c = new TomlEditor("/c.toml", "a = 1\r\n");
    c.set(["t"], "k", "2");
    expect(c.text).toBe("a = 1\r\n\r\n[t]\r\nk = 2\r\n");
  });

  it("names the file and line of a syntax error", () => {
    expect(() => parseToml("/c.toml", "a = 1\n[b\nc = 2\n")).toThrow(SetupError);
    expect(() => parseToml("/c.toml", 'a = 1\nb = "x\n')).toThrow(/^\/c\.toml:2:\d+: the file is not valid TOML/);
  });

  it("verify refuses a result that does not read back as intended", () => {
    const ed = new TomlEditor("/c.toml", "a = 1\n");
    ed.set(["t"], "k", "2");
    expect(() => ed.verify({ a: 1, t: { k: 3 } }, "Fix it by hand.")).toThrow(
      /could not edit this file in place safely.*Fix it by hand/,
    );
    expect(() => ed.verify({ a: 1, t: { k: 2 } }, "")).not.toThrow();
  });
});

describe("TOML editing, line ends", () => {
  it("a CRLF file without a final newline gets a CRLF one", () => {
    const ed = new TomlEditor("/c.toml", "a = 1\r\nb = 2");
    ed.set(["t"], "k", "3");
    expect(ed.text).toBe("a = 1\r\nb = 2\r\n\r\n[t]\r\nk = 3\r\n");
  });
});
