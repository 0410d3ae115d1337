// A rule is one file named after its id (src/rules/git/force-push.ts holds git/force-push and nothing
// else); shared helpers live in files named for what they hold.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { actionsOf, type RuleAction } from "../../src/engine/rule.js";
import { builtinRules } from "../../src/rules/index.js";

const RULES = join(import.meta.dirname, "../../src/rules");
const ids = (text: string) =>
  [...text.matchAll(/\bid: "([\w.-]+\/[\w.-]+)"|\bID = "([\w.-]+\/[\w.-]+)"/g)].map((m) => m[1] ?? m[2]);

describe("one rule per file", () => {
  it("every built-in rule is in src/rules/<id>.ts, alone", () => {
    const wrong = builtinRules
      .map((r) => r.meta.id)
      .filter((id) => {
        try {
          return JSON.stringify(ids(readFileSync(join(RULES, `${id}.ts`), "utf8"))) !== JSON.stringify([id]);
        } catch {
          return true;
        }
      });
    expect(wrong).toEqual([]);
  });

  it("no other file under src/rules defines a rule", () => {
    const known = new Set(builtinRules.map((r) => `${r.meta.id}.ts`));
    const stray = readdirSync(RULES, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !known.has(f))
      .filter((f) => /\bdefineRule\(/.test(readFileSync(join(RULES, f), "utf8")));
    expect(stray).toEqual([]);
  });
});

describe("declared actions", () => {
  it("every action a rule's file returns is among the actions its metadata declares", () => {
    const undeclared = builtinRules.flatMap((r) => {
      const text = readFileSync(join(RULES, `${r.meta.id}.ts`), "utf8");
      const returned = [...text.matchAll(/\baction: "(block|modify|escalate)"/g)].map((m) => m[1]!);
      return returned.filter((a) => !actionsOf(r.meta).includes(a as RuleAction)).map((a) => `${r.meta.id}: ${a}`);
    });
    expect([...new Set(undeclared)]).toEqual([]);
  });
});
