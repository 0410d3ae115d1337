// Files generated from the code, committed so users and editors can read them: each test fails when the
// committed file is stale. `npm run docs` writes them afresh.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_CONFIG_KEYS, AUDIT_EXPORT_CONFIG_KEYS } from "../../src/audit/settings.js";
import { policyJsonSchema } from "../../src/policy/json-schema.js";
import { TOP_KEYS } from "../../src/policy/schema.js";
import { builtinRules } from "../../src/rules/index.js";

const ROOT = join(import.meta.dirname, "../..");
const UPDATE = process.env.STASO_UPDATE_DOCS === "1";

const STALE = (rel: string) => `${rel} is stale: run \`npm run docs\` and commit it`;

/** Compares (or, with STASO_UPDATE_DOCS=1, writes) a generated JSON file, as data (Biome formats it). */
function generatedJson(rel: string, value: unknown) {
  const file = join(ROOT, rel);
  if (UPDATE) writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  const committed: unknown = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
  expect(JSON.stringify(committed) === JSON.stringify(value), STALE(rel)).toBe(true);
}

const schema = policyJsonSchema(builtinRules.map((r) => r.meta)) as any;

describe("docs/staso.schema.json", () => {
  it("is current", () => generatedJson("docs/staso.schema.json", schema));

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
