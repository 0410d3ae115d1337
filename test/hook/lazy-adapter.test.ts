// The hook loads only its own agent's adapter, lazily (src/hosts/cards.ts). An adapter whose code fails
// to load must still get the agent an answer: the fail mode's, in the deny every agent takes. Built here
// as the real hook bundle is, with the Claude Code adapter's module replaced by one that throws.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claudePayload } from "../support/calls.js";
// @ts-expect-error: a build script without types
import { workerDefines } from "../../scripts/worker-sources.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
let dir = "";
let bundle = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "staso-lazy-adapter-"));
  bundle = join(dir, "hook.cjs");
  await build({
    entryPoints: [join(root, "src/hook/entry.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    outfile: bundle,
    logLevel: "error",
    define: { __STASO_VERSION__: '"0.0.0"', __STASO_HOOK__: "true", ...workerDefines() },
    plugins: [
      {
        name: "broken-claude-adapter",
        setup(b) {
          b.onLoad({ filter: /[\\/]hosts[\\/]claude-code[\\/]index\.ts$/ }, () => ({
            contents: 'throw new Error("the adapter module is broken");\nexport const claudeCode = undefined;\n',
            loader: "ts",
          }));
        },
      },
    ],
  });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBundle(args: string[], env: Record<string, string>) {
  const home = mkdtempSync(join(dir, "home-"));
  return spawnSync(
    process.execPath,
    ["-e", `require(${JSON.stringify(bundle)}).runHookProcess(${JSON.stringify(args)})`],
    {
      input: JSON.stringify(claudePayload("Bash", { command: "npm test" })),
      encoding: "utf8",
      env: { ...process.env, ...env, STASO_HOME: home },
    },
  );
}

describe("an adapter that fails to load", () => {
  it("fail mode closed: the deny every agent takes, and one sentence on stderr", () => {
    const r = runBundle(["--target", "claude-code"], { STASO_FAIL_MODE: "closed" });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).hookSpecificOutput).toMatchObject({
      hookEventName: "PreToolUse",
      permissionDecision: "deny",
    });
    expect(r.stderr).toBe("staso: the claude-code adapter could not load (the adapter module is broken).\n");
  });

  it("fail mode open: the call runs (no answer), with the same sentence", () => {
    const r = runBundle(["--target", "claude"], { STASO_FAIL_MODE: "open" });
    expect(r).toMatchObject({ status: 0, stdout: "" });
    expect(r.stderr).toBe("staso: the claude-code adapter could not load (the adapter module is broken).\n");
  });

  it("without --target, a payload detected as Claude Code's gets the same answer", () => {
    const r = runBundle([], { STASO_FAIL_MODE: "closed" });
    expect(JSON.parse(r.stdout).hookSpecificOutput).toMatchObject({ permissionDecision: "deny" });
  });

  it("another agent's calls never load it", () => {
    const r = runBundle(["--target", "codex"], { STASO_FAIL_MODE: "closed" });
    expect(r).toMatchObject({ status: 0, stdout: "", stderr: "" });
  });
});
