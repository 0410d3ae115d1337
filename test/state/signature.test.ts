// Call signatures (the same call, nearly the same call) and failure classes.
import { describe, expect, it } from "vitest";
import { callSignatures } from "../../src/state/signature.js";
import { classifyError } from "../../src/state/errors.js";

describe("call signatures", () => {
  const sig = callSignatures;
  it("the same tool and input, keys in any order, is the same call; anything else is not", () => {
    expect(sig("Bash", { command: "ls", description: "x" }).exact).toBe(
      sig("Bash", { description: "x", command: "ls" }).exact,
    );
    expect(sig("Bash", { command: "ls" }).exact).not.toBe(sig("Bash", { command: "ls " }).exact);
    expect(sig("Bash", { command: "ls" }).exact).not.toBe(sig("PowerShell", { command: "ls" }).exact);
    expect(sig("t", { a: 1 }).exact).not.toBe(sig("t", { a: "1" }).exact);
    expect(sig("t", { a: [1, 2] }).exact).not.toBe(sig("t", { a: [12] }).exact);
    expect(sig("t", { a: null }).exact).toBe(sig("t", { a: null, b: undefined }).exact);
    expect(sig("t", { a: true }).exact).toMatch(/^[0-9a-f]{16}$/);
  });

  it("near: numbers ignored (page=1, page=2; file1, file22), nothing else", () => {
    const a = sig("Bash", { command: "curl https://x/items?page=1" });
    const b = sig("Bash", { command: "curl https://x/items?page=22" });
    expect(a.exact).not.toBe(b.exact);
    expect(a.near).toBe(b.near);
    expect(sig("Read", { file_path: "f1.ts", offset: 100 }).near).toBe(
      sig("Read", { file_path: "f2.ts", offset: 2000 }).near,
    );
    expect(sig("Bash", { command: "curl https://x/items?page=1" }).near).not.toBe(
      sig("Bash", { command: "curl https://x/users?page=1" }).near,
    );
  });

  it("long strings and arrays are sampled: still different when the length, either end or a sampled part changes", () => {
    const big = "abcdefghij".repeat(100_000);
    const base = sig("Write", { content: big }).exact;
    expect(sig("Write", { content: `${big}x` }).exact).not.toBe(base);
    expect(sig("Write", { content: `x${big.slice(1)}` }).exact).not.toBe(base);
    expect(sig("Write", { content: `${big.slice(0, -1)}x` }).exact).not.toBe(base);
    expect(sig("Write", { content: big }).exact).toBe(base);
    const arr = Array.from({ length: 5000 }, (_, i) => i);
    expect(sig("t", { arr }).exact).not.toBe(sig("t", { arr: [...arr, 1] }).exact);
    expect(sig("t", { arr }).exact).toBe(sig("t", { arr: [...arr] }).exact);
  });

  it("a 1 MiB Write: a change in its tail, or of its length, is a different call", () => {
    const content = "export const x = 1; // padding padding padding\n".repeat(22_000);
    const write = (c: string) => sig("Write", { file_path: "/p/big.ts", content: c }).exact;
    const base = write(content);
    expect(write(`${content}x`)).not.toBe(base);
    expect(write(content.slice(0, -1))).not.toBe(base);
    expect(write(`${content.slice(0, -2)}X\n`)).not.toBe(base); // same length, the last line changed
    expect(write(content.slice(0, 10) + content.slice(10))).toBe(base); // an equal string, built anew
  });
});

describe("failure classes", () => {
  it.each([
    ["Exit code 1\ncat: /root/x: Permission denied", "permission"],
    ["EACCES: permission denied, open '/x'", "permission"],
    ["Request failed with status code 401", "auth"],
    ["HTTP 403 Forbidden", "auth"],
    [
      "<tool_use_error>InputValidationError: Edit failed due to the following issue: The required parameter `old_string` is missing</tool_use_error>",
      "validation",
    ],
    ["<tool_use_error>File has not been read yet. Read it first before writing to it.</tool_use_error>", "validation"],
    ["Exit code 2\nerror: unknown option '--foo'", "validation"],
    ["Exit code 127\nbash: foo: command not found", "not-found"],
    ["<tool_use_error>String to replace not found in file.</tool_use_error>", "not-found"],
    ["ENOENT: no such file or directory, open 'x'", "not-found"],
    ["Command timed out after 2m 0.0s", "timeout"],
    ["connect ECONNREFUSED 127.0.0.1:9", "network"],
    ["getaddrinfo ENOTFOUND api.example.com", "network"],
    ["Request failed with status code 503", "network"],
    ["Exit code 1\n\n 3 tests failed", "exit-status"],
    ["something odd", "other"],
  ])("%s → %s", (error, cls) => {
    expect(classifyError(error)).toBe(cls);
  });

  it("an interrupt is its own class; only the head of a long error is read", () => {
    expect(classifyError("Exit code 130", true)).toBe("interrupted");
    expect(classifyError(`Exit code 1\n${"x".repeat(1000)}\nPermission denied`)).toBe("exit-status");
  });
});
