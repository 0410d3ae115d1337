import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyChanges, type FileChange } from "../../src/setup/apply.js";
import { unifiedDiff } from "../../src/setup/diff.js";
import { workspaces } from "./support.js";

const { ws } = workspaces();

describe("applying changes", () => {
  it.skipIf(process.platform !== "linux")("puts back what it already wrote when a later write fails", () => {
    const w = ws();
    const a = join(w.root, "a.json");
    writeFileSync(a, "old\n");
    const procFile = "/proc/self/comm";
    const procBefore = readFileSync(procFile, "utf8");
    const changes: FileChange[] = [
      { path: a, label: "a", before: "old\n", after: "new\n", mode: 0o644 },
      { path: join(w.root, "b.json"), label: "b", before: null, after: "b\n", mode: 0o644 },
      { path: procFile, label: "unwritable", before: procBefore, after: "x\n", mode: 0o644 },
    ];
    expect(() => applyChanges(changes, { backupRoot: join(w.staso, "backups") })).toThrow(
      /could not be written.*the changes already made were undone/,
    );
    expect(readFileSync(a, "utf8")).toBe("old\n");
    expect(() => readFileSync(join(w.root, "b.json"))).toThrow();
  });

  it("refuses when a file changed since the plan was made", () => {
    const w = ws();
    const a = join(w.root, "a.json");
    writeFileSync(a, "changed by someone else\n");
    expect(() =>
      applyChanges([{ path: a, label: "a", before: "old\n", after: "new\n", mode: 0o644 }], {
        backupRoot: join(w.staso, "b"),
      }),
    ).toThrow(/changed while staso was planning; nothing was written/);
    expect(readFileSync(a, "utf8")).toBe("changed by someone else\n");
  });
});

describe("the summary diff", () => {
  it("shows only the changed lines with context", () => {
    const before = ["{", '  "a": 1,', '  "b": 2,', '  "c": 3,', '  "d": 4,', '  "e": 5', "}", ""].join("\n");
    const after = before.replace('"e": 5', '"e": 5,\n  "f": 6');
    expect(unifiedDiff(before, after)).toBe(
      [
        "@@ -3,5 +3,6 @@",
        '   "b": 2,',
        '   "c": 3,',
        '   "d": 4,',
        '-  "e": 5',
        '+  "e": 5,',
        '+  "f": 6',
        " }",
        "",
      ].join("\n"),
    );
    expect(unifiedDiff("", "x\n")).toBe("@@ -0,0 +1,1 @@\n+x\n");
    expect(unifiedDiff("same\n", "same\n")).toBe("");
  });
});
