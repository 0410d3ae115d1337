import { describe, expect, it } from "vitest";
import { parseApplyPatch } from "../../src/hosts/codex/patch.js";
import { codexCall, CWD } from "../support/calls.js";

describe("parseApplyPatch", () => {
  it("reads a large Add File section line for line: only each line's first '+' goes, empty lines are skipped", () => {
    const lines = Array.from({ length: 12_000 }, (_, i) => `line ${i} ++ a\u2028+b\r+c`);
    const body = lines.map((l, i) => (i === 5000 ? `+${l}\n` : `+${l}`)).join("\n");
    const p = parseApplyPatch(`*** Begin Patch\n*** Add File: big.txt\n${body}\n++plus\n+\n*** End Patch\n`);
    expect(p.problems).toEqual([]);
    const added = [...lines, "+plus", ""].join("\n");
    expect(p.files).toEqual([{ op: "add", path: "big.txt", content: `${added}\n`, added, removed: "" }]);
  });

  it("reads an Add File section with its whole content", () => {
    const p = parseApplyPatch("*** Begin Patch\n*** Add File: added.txt\n+hello\n+world\n*** End Patch\n");
    expect(p.problems).toEqual([]);
    expect(p.files).toEqual([
      { op: "add", path: "added.txt", content: "hello\nworld\n", added: "hello\nworld", removed: "" },
    ]);
  });

  it("reads Update with hunks, Move to, Delete, and End of File markers", () => {
    const patch = [
      "*** Begin Patch",
      "*** Update File: src/app.py",
      "*** Move to: src/main.py",
      "@@ def main():",
      " context line",
      "-    old()",
      "+    new()",
      "+    more()",
      "*** End of File",
      "*** Delete File: obsolete.txt",
      "*** End Patch",
    ].join("\n");
    const p = parseApplyPatch(patch);
    expect(p.problems).toEqual([]);
    expect(p.files).toEqual([
      { op: "update", path: "src/app.py", moveTo: "src/main.py", added: "    new()\n    more()", removed: "    old()" },
      { op: "delete", path: "obsolete.txt", added: "", removed: "" },
    ]);
  });

  it("tolerates CRLF line ends and leading blank lines", () => {
    const p = parseApplyPatch("\r\n*** Begin Patch\r\n*** Add File: a\r\n+x\r\n*** End Patch\r\n");
    expect(p.problems).toEqual([]);
    expect(p.files[0]).toMatchObject({ op: "add", path: "a", content: "x\n" });
  });

  it.each([
    ["no Begin Patch", "*** Add File: a\n+x\n*** End Patch", "does not start with '*** Begin Patch'"],
    ["no End Patch", "*** Begin Patch\n*** Add File: a\n+x\n", "does not end with '*** End Patch'"],
    ["a bare line in an Add section", "*** Begin Patch\n*** Add File: a\nx\n*** End Patch", "does not start with '+'"],
    ["text outside a section", "*** Begin Patch\nstray\n*** End Patch", "outside any file section"],
    ["an empty patch", "*** Begin Patch\n*** End Patch", "changes no file"],
    ["Move to after Add", "*** Begin Patch\n*** Add File: a\n*** Move to: b\n*** End Patch", "Move to"],
  ])("reports %s", (_name, text, message) => {
    expect(parseApplyPatch(text).problems.join(" ")).toContain(message);
  });
});

describe("Codex apply_patch as a host-neutral call", () => {
  it("turns every section into a FileChange with absolute paths", () => {
    const call = codexCall("apply_patch", {
      command:
        "*** Begin Patch\n*** Add File: new.txt\n+hi\n*** Update File: /etc/hosts\n@@\n+1.2.3.4 x\n*** Update File: a.ts\n*** Move to: lib/b.ts\n@@\n-a\n+b\n*** Delete File: old.txt\n*** End Patch\n",
    });
    expect(call.kind).toBe("patch");
    expect(call.problems).toEqual([]);
    expect(call.files).toEqual([
      { op: "add", path: `${CWD}/new.txt`, content: "hi\n", added: "hi" },
      { op: "update", path: "/etc/hosts", added: "1.2.3.4 x" },
      { op: "update", path: `${CWD}/a.ts`, moveTo: `${CWD}/lib/b.ts`, added: "b" },
      { op: "delete", path: `${CWD}/old.txt`, added: "" },
    ]);
  });

  it("marks a malformed patch as a problem, so the call follows the fail mode", () => {
    const call = codexCall("apply_patch", { command: "not a patch" });
    expect(call.problems.length).toBeGreaterThan(0);
  });

  it("sees Codex's Bash as a shell call with only a command", () => {
    const call = codexCall("Bash", { command: "ls -la" });
    expect(call.kind).toBe("shell");
    // typedInputUnseen: Codex's write_stdin into a running command is not hooked (rules/system/interactive-session).
    expect(call.shell).toEqual({ command: "ls -la", typedInputUnseen: true });
  });
});
