// Files generated from the code, committed so users and editors can read them: each test fails when the
// committed file is stale. `npm run docs` writes them afresh.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_CONFIG_KEYS, AUDIT_EXPORT_CONFIG_KEYS } from "../../src/audit/settings.js";
import { policyJsonSchema } from "../../src/policy/json-schema.js";
import { TOP_KEYS } from "../../src/policy/schema.js";
import { builtinRules } from "../../src/rules/index.js";
import { rulesReference } from "./rules-reference.js";

const ROOT = join(import.meta.dirname, "../..");
const UPDATE = process.env.STASO_UPDATE_DOCS === "1";

/** The text as Biome formats it (the lint formats docs/ too, so the committed file is in that form). */
function formatted(rel: string, text: string): string {
  return execFileSync(join(ROOT, "node_modules/.bin/biome"), ["format", `--stdin-file-path=${rel}`], {
    input: text,
    encoding: "utf8",
    cwd: ROOT,
  });
}

/** Compares (or, with STASO_UPDATE_DOCS=1, writes) one generated file. */
function generated(rel: string, text: string) {
  const file = join(ROOT, rel);
  const want = formatted(rel, text);
  if (UPDATE) writeFileSync(file, want);
  const committed = existsSync(file) ? readFileSync(file, "utf8") : "";
  expect(committed === want, `${rel} is stale: run \`npm run docs\` and commit it`).toBe(true);
}

const schema = policyJsonSchema(builtinRules.map((r) => r.meta)) as any;

describe("docs/staso.schema.json", () => {
  it("is current", () => generated("docs/staso.schema.json", `${JSON.stringify(schema, null, 2)}\n`));

  it("has every key the validator accepts, every rule and every parameter", () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...TOP_KEYS].sort());
    expect(Object.keys(schema.properties.audit.properties).sort()).toEqual([...AUDIT_CONFIG_KEYS].sort());
    expect(Object.keys(schema.properties.audit.properties.export.properties).sort()).toEqual(
      [...AUDIT_EXPORT_CONFIG_KEYS].sort(),
    );
    const rules = schema.properties.rules.properties;
    for (const r of builtinRules) {
      expect(rules[r.meta.id], r.meta.id).toBeDefined();
      const params = rules[r.meta.id].anyOf[1].properties.params;
      expect(Object.keys(params.properties), r.meta.id).toEqual(Object.keys(r.meta.params ?? {}));
      expect(params.additionalProperties).toBe(false);
    }
    const force = rules["git/force-push"].anyOf[1].properties.params.properties.protectedBranches;
    expect(force).toMatchObject({ type: "array", items: { type: "string" } });
  });
});

describe("docs/rules.md", () => {
  it("is current", () => generated("docs/rules.md", rulesReference(builtinRules)));

  it("names every rule, its parameters and examples", () => {
    const text = rulesReference(builtinRules);
    for (const r of builtinRules) expect(text).toContain(`### ${r.meta.id}\n`);
    expect(text).toMatch(
      /### git\/force-push\n\n.*\n\n- \*\*Action:\*\* block \/ modify \/ escalate \(default escalate\)/,
    );
    expect(text).toContain("| `protectedBranches` | array of strings |");
    expect(text).toContain("- `git push --force origin feature/login` — modify");
  });
});
