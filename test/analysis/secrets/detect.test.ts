// Case table of the secret detectors: every provider format in the contexts an agent writes them
// (source, .env, JSON, YAML, shell), the near misses that must stay quiet, redaction, and linear cost.
import { describe, expect, it } from "vitest";
import { describeSecrets, findSecrets, redactSecrets } from "../../../src/analysis/secrets/index.js";
import { rand } from "./fixtures.js";
import { NEAR_MISSES, POSITIVES, v } from "./cases.js";

describe("secret detectors: positives", () => {
  it.each(POSITIVES)("%s", (_name, text, detector, value) => {
    const found = findSecrets(text);
    expect(found.map((m) => m.detector.id)).toContain(detector);
    expect(found.find((m) => m.detector.id === detector)!.value).toBe(value);
  });
});

describe("secret detectors: near misses stay quiet", () => {
  it.each(NEAR_MISSES)("%s", (_name, text) => {
    expect(findSecrets(text).map((m) => `${m.detector.id}:${m.value}`)).toEqual([]);
  });
});

describe("redaction", () => {
  it("replaces the secret and keeps the code valid", () => {
    const code = `export const client = new Client({ token: "${v.github}", retries: 3 });\n`;
    const out = redactSecrets(code);
    expect(out).toBe(`export const client = new Client({ token: "REDACTED_GITHUB_TOKEN", retries: 3 });\n`);
  });
  it("redacts every secret of a text, each with its own placeholder", () => {
    const text = `A=${v.awsAccessKeyId}\nB=${v.stripeLive}\n${v.privateKey}\n`;
    const out = redactSecrets(text);
    for (const s of [v.awsAccessKeyId, v.stripeLive, v.privateKey]) expect(out).not.toContain(s);
    expect(out).toContain("REDACTED_AWS_ACCESS_KEY_ID");
    expect(out).toContain("REDACTED_STRIPE_LIVE_KEY");
    expect(out).toContain("REDACTED_PRIVATE_KEY");
    expect(findSecrets(out)).toEqual([]);
  });
  it("a provider token assigned to a *_TOKEN name is reported once, as the provider's", () => {
    const found = findSecrets(`GITHUB_TOKEN=${v.github}`);
    expect(found.map((m) => m.detector.id)).toEqual(["github-token"]);
  });
  it("describes what was found without the values", () => {
    const d = describeSecrets(findSecrets(`X=${v.github} Y=${v.npm}`));
    expect(d).toBe("2 secrets (GitHub token, npm token)");
  });
});

describe("cost stays linear", () => {
  const MiB = 1024 * 1024;
  const inputs: Array<[string, string]> = [
    ["ordinary source", "const value = computeSomething(input, 42); // key token secret\n".repeat(MiB / 62)],
    ["one long identifier", "a".repeat(MiB)],
    ["long key-like identifiers", `secretKeyTokenPassword${"x".repeat(60)}=`.repeat(MiB / 83)],
    ["repeated assignments", "API_KEY=short\n".repeat(MiB / 14)],
    ["many BEGIN headers without END", "-----BEGIN PRIVATE KEY-----\n".repeat(MiB / 28)],
    ["URL-like runs", `postgres://${"u".repeat(MiB)}`],
    ["base64 blob", rand(MiB, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")],
    ["eyJ runs", "eyJ".repeat(MiB / 3)],
  ];
  it.each(inputs)("%s (1 MiB) scans in well under a second", (_name, text) => {
    const t = performance.now();
    findSecrets(text);
    const ms = performance.now() - t;
    expect(ms).toBeLessThan(1000);
  });
});
