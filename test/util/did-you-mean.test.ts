import { describe, expect, it } from "vitest";
import { withArticle } from "../../src/rules/credentials/file-access.js";
import { closest } from "../../src/util/did-you-mean.js";

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
