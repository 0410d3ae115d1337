// The hook bundles leave the rules' examples out (scripts/strip-examples.mjs): the cut must take the
// examples and nothing else, fail the build rather than cut in the wrong place, and the rules the hook
// runs must be the rules the sources define.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import type { AnyRule } from "../../src/engine/rule.js";
import { builtinRules } from "../../src/rules/index.js";
// @ts-expect-error: a build script without types
import { stripExamples, stripExamplesPlugin } from "../../scripts/strip-examples.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "staso-strip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RULE = `import { defineRule } from "../../engine/rule.js";
const NOT_EXAMPLES = { examples: "kept: not a rule's meta" };
export default defineRule({
  meta: {
    id: "x/y",
    description: "a (rule)",
    examples: () => ({
      block: [{ shell: "echo ')' \\"(\\" # (" }, /* ) */ { shell: 'a\\\\' }, { shell: \`\${"}"}\` }],
      // ) a comment with a bracket
      allow: [{ shell: \`ls \${[1, 2].join(")")}\` }],
    }),
    defaultAction: "block",
  },
  check() {
    return NOT_EXAMPLES.examples.includes("(") ? null : null;
  },
});
`;

describe("cutting a rule's examples", () => {
  it("takes the examples property whole, brackets inside strings, templates and comments included", () => {
    const out = stripExamples(RULE, "rule.ts");
    expect(out).not.toContain("block:");
    expect(out).not.toContain("allow:");
    expect(out).toMatch(/description: "a \(rule\)",\s*defaultAction: "block",/);
    expect(out).toContain(`const NOT_EXAMPLES = { examples: "kept: not a rule's meta" };`);
    expect(out).toContain("check() {");
    expect(stripExamples(out, "rule.ts")).toBe(out);
  });

  it("leaves a file without examples as it is", () => {
    const src = 'export const x = { a: "examples: () => (" };\n';
    expect(stripExamples(src, "x.ts")).toBe(src);
  });

  it("fails the build instead of cutting in the wrong place", () => {
    const unbalanced = RULE.replace('allow: [{ shell: `ls ${[1, 2].join(")")}` }],', "allow: [(,");
    expect(() => stripExamples(unbalanced, "rule.ts")).toThrow(/rule\.ts|unbalanced/);
    const broken = RULE.replace("defaultAction", "defaultAction: :");
    expect(() => stripExamples(broken, "rule.ts")).toThrow(/does not parse/);
  });
});

describe("the rules the hook runs", () => {
  it("are every built-in rule with the same metadata and the same check, without examples", async () => {
    const out = join(dir, "rules.cjs");
    await build({
      entryPoints: [join(root, "src/rules/index.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      outfile: out,
      logLevel: "error",
      plugins: [stripExamplesPlugin],
    });
    const plain = join(dir, "plain.cjs");
    await build({
      entryPoints: [join(root, "src/rules/index.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      outfile: plain,
      logLevel: "error",
    });
    const stripped: AnyRule[] = createRequire(import.meta.url)(out).builtinRules;
    const checks = new Map<string, string>(
      (createRequire(import.meta.url)(plain).builtinRules as AnyRule[]).map((r) => [r.meta.id, String(r.check)]),
    );
    const shape = (r: AnyRule, withExamples: boolean) =>
      JSON.stringify({ ...r.meta, examples: withExamples ? r.meta.examples : undefined }, (_k, v) =>
        v instanceof RegExp ? String(v) : typeof v === "function" ? "fn" : v,
      );
    expect(stripped.map((r) => r.meta.id)).toEqual(builtinRules.map((r) => r.meta.id));
    for (const [i, rule] of builtinRules.entries()) {
      const hooked = stripped[i] as AnyRule;
      expect(hooked.meta.examples, rule.meta.id).toBeUndefined();
      expect(rule.meta.examples, rule.meta.id).toBeDefined();
      expect(shape(hooked, true), rule.meta.id).toBe(shape(rule, false));
      expect(String(hooked.check), rule.meta.id).toBe(checks.get(rule.meta.id));
    }
  }, 60_000);

  it("the built hook bundles hold no example, the library does", () => {
    const example = "git update-ref -d refs/heads/main";
    const hook = join(root, "dist/hook.cjs");
    if (!existsSync(hook)) return; // `npm test` builds first; a lone run of this file may not have
    expect(readFileSync(hook, "latin1")).not.toContain(example);
    expect(readFileSync(join(root, "dist/lib.mjs"), "latin1")).toContain(example);
    const native = join(root, "dist/native/staso-hook");
    if (existsSync(native)) expect(readFileSync(native, "latin1")).not.toContain(example);
  });
});
