import { describe, expect, it } from "vitest";
import { withArticle } from "../../src/rules/credentials/file-access.js";
import { closest } from "../../src/util/did-you-mean.js";
import { visible } from "../../src/util/terminal.js";

describe("did you mean", () => {
  it("suggests the same name in another case, a near typo, a swap or an abbreviation", () => {
    const tools = ["Bash", "Write", "Edit", "Read", "WebFetch", "apply_patch"];
    expect(closest("bash", tools)).toBe("Bash");
    expect(closest("Wirte", tools)).toBe("Write");
    expect(closest("webfetch", tools)).toBe("WebFetch");
    expect(closest("apply_pach", tools)).toBe("apply_patch");
    expect(closest("cmd", ["command", "description", "timeout"])).toBe("command");
    expect(closest("lsit", ["list", "show", "approve", "deny"])).toBe("list");
  });
  it("stays quiet when nothing is close", () => {
    expect(closest("frob", ["list", "show", "approve", "deny"])).toBeUndefined();
    expect(closest("x", ["command"])).toBeUndefined();
  });
});

describe("wording", () => {
  it("puts the article a reader expects before a credential's kind", () => {
    expect(withArticle("SSH private key")).toBe("an SSH private key");
    expect(withArticle("AWS credentials")).toBe("AWS credentials");
    expect(withArticle("Vault token")).toBe("a Vault token");
    expect(withArticle("environment file with secrets")).toBe("an environment file with secrets");
    expect(withArticle("GnuPG private keys")).toBe("GnuPG private keys");
  });
});

describe("text from an agent shown to a human", () => {
  it("shows control, bidi and zero-width characters as visible escapes", () => {
    expect(visible("rm -rf ~\u001b[2K\rls")).toBe("rm -rf ~\\u{1b}[2K\\rls");
    expect(visible("a\u202eb\u200bc\u009bd\u007f")).toBe("a\\u{202e}b\\u{200b}c\\u{9b}d\\u{7f}");
    expect(visible("one\ntwo")).toBe("one\\ntwo");
    expect(visible("one\ntwo\tx", { multiline: true })).toBe("one\ntwo\tx");
    expect(visible("tag\u{e0041}")).toBe("tag\\u{e0041}");
    expect(visible("plain text, ünïcödé, 日本")).toBe("plain text, ünïcödé, 日本");
  });
});
