// The library as published: package.json's exports, an ESM bundle of its own that loads no command-line
// code, declarations that type-check a real consumer (docs/library.md's agent loop on the Anthropic SDK).
import { describe, expect, it } from "vitest";
import { buildSync } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { tempHome } from "../support/hook-process.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

describe("the library package", () => {
  it("package.json's main, types and exports name the built files", () => {
    for (const f of [pkg.main, pkg.types, pkg.exports["."].import, pkg.exports["."].types])
      expect(existsSync(join(root, f)), f).toBe(true);
  });

  it("dist/lib.mjs is self-contained: it imports only node: built-ins, no chunk of the CLI, no command code", () => {
    const code = readFileSync(join(root, "dist/lib.mjs"), "utf8");
    // esbuild reads the bundle's own imports (static and dynamic) for us.
    const { metafile } = buildSync({
      entryPoints: [join(root, "dist/lib.mjs")],
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      logLevel: "silent",
      absWorkingDir: root,
    });
    const imports = Object.entries(metafile.inputs).find(([f]) => f.endsWith("dist/lib.mjs"))![1].imports;
    expect(imports.length).toBeGreaterThan(0);
    for (const i of imports) expect(i.path, `import of ${i.path}`).toMatch(/^node:/);
    expect(Object.keys(metafile.inputs)).toEqual(["dist/lib.mjs"]);
    // commander's own error codes (its name alone also names an MCP server in a rule's examples).
    for (const marker of ["commander.unknownOption", "@inquirer", "staso setup --target", "Print the audit trail"])
      expect(code, marker).not.toContain(marker);
  });

  it('`import { guard } from "staso"` works from plain Node (the package resolving itself through its exports)', () => {
    const script = `
      import { guard, guardOutput, defineRule } from "staso";
      const r = await guard("Bash", { command: "rm -rf /" }, { context: { sessionId: "pkg" }, onWarning() {} });
      console.log(JSON.stringify({ action: r.action, rule: r.ruleName, fns: [typeof guardOutput, typeof defineRule] }));
    `;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, STASO_HOME: tempHome() },
    });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({
      action: "block",
      rule: "filesystem/rm-root-or-home",
      fns: ["function", "function"],
    });
  });

  it("the declarations type-check docs/library.md's example: an agent loop on the Anthropic SDK handling all four actions", () => {
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", join(root, "examples", "tsconfig.json")], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
    const dts = readFileSync(join(root, "dist/types/lib.d.ts"), "utf8");
    for (const name of ["guard", "guardOutput"]) expect(dts).toContain(`export declare function ${name}(`);
    for (const name of ["GuardResult", "GuardOptions", "GuardContext", "OutputGuardResult", "ToolResult"])
      expect(dts).toContain(`export interface ${name}`);
    expect(dts).toContain('export type * from "./lib-types.js"'); // Rule, ToolCall, PolicyConfig, … for plugin authors
  }, 60_000);

  it("docs/library.md shows the example as it is in examples/", () => {
    const readme = readFileSync(join(root, "docs", "library.md"), "utf8");
    const example = readFileSync(join(root, "examples", "anthropic-agent.ts"), "utf8");
    const start = example.indexOf("async function guardedToolResult");
    const snippet = example.slice(start, example.indexOf("\n}\n", start) + 2);
    expect(readme).toContain(snippet);
  });
});
