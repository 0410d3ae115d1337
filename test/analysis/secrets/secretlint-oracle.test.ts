// secretlint's recommended preset (a maintained rule source) as an oracle over the case tables: staso
// must find every secret secretlint finds in the positives. secretlint is a dev dependency only: it
// takes 12–20 ms to load, too slow for a hook that runs before every tool call (see the report).
import { describe, expect, it } from "vitest";
import { rules } from "@secretlint/secretlint-rule-preset-recommend";
import { findSecrets } from "../../../src/analysis/secrets/index.js";
import { NEAR_MISSES, POSITIVES } from "./cases.js";

async function secretlint(content: string): Promise<Array<{ rule: string; text: string }>> {
  const found: Array<{ rule: string; text: string }> = [];
  for (const rule of rules as any[]) {
    const context = {
      report: (d: { range: [number, number] }) =>
        found.push({ rule: rule.meta.id, text: content.slice(d.range[0], d.range[1]) }),
      createTranslator: () => (id: string, data: unknown) => ({ message: id, data }),
      sharedOptions: {},
      ignore() {},
    };
    const handlers = rule.create(context, {});
    await handlers?.file?.({
      content,
      filePath: "/proj/config.txt",
      sourceCode: { content },
      ext: ".txt",
      contentType: "text",
    });
  }
  return found;
}

describe("secretlint's recommended preset as an oracle", () => {
  it("staso finds every secret secretlint finds in the positive cases", async () => {
    let both = 0;
    let onlyStaso = 0;
    const missed: string[] = [];
    for (const [name, text] of POSITIVES) {
      const theirs = await secretlint(text);
      const ours = findSecrets(text);
      if (theirs.length > 0 && ours.length === 0) missed.push(`${name}: ${theirs.map((t) => t.rule).join(", ")}`);
      else if (theirs.length > 0) both++;
      else if (ours.length > 0) onlyStaso++;
    }
    console.log(
      `positives: ${POSITIVES.length}; found by both: ${both}; by staso only: ${onlyStaso}; missed by staso: ${missed.length}`,
    );
    expect(missed).toEqual([]);
  });

  it("reports where secretlint flags a near miss that staso lets through", async () => {
    const flagged: string[] = [];
    for (const [name, text] of NEAR_MISSES) {
      const theirs = await secretlint(text);
      if (theirs.length)
        flagged.push(`${name} (${theirs.map((t) => t.rule.replace("@secretlint/secretlint-rule-", "")).join(", ")})`);
    }
    console.log(
      `near misses: ${NEAR_MISSES.length}; flagged by secretlint: ${flagged.length}${flagged.length ? `: ${flagged.join("; ")}` : ""}`,
    );
    expect(flagged.length).toBeLessThan(NEAR_MISSES.length);
  });
});
