// The launcher when the hook bundle cannot load (a broken upgrade): no agent's protocol can be spoken, so
// it answers the one deny every agent takes: exit 2 with one sentence on stderr (fail mode open: allow).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "staso-launcher-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
cpSync(join(repo, "bin"), join(dir, "bin"), { recursive: true });
mkdirSync(join(dir, "dist"));
writeFileSync(join(dir, "dist", "hook.cjs"), "module.exports = { runHookProcess: (x) => { x.y.z(); ");

const run = (env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(dir, "bin", "staso.js"), "hook", "--target", "gemini-cli"], {
    input: JSON.stringify({
      hook_event_name: "BeforeTool",
      tool_name: "run_shell_command",
      tool_input: { command: "ls" },
    }),
    env: { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: join(dir, "cache"), ...env },
    encoding: "utf8",
  });

describe("a hook bundle that cannot load", () => {
  it("fail mode closed: exit 2, the reason in one sentence on stderr, nothing on stdout", () => {
    const r = run();
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^staso: the guard could not start \(.*\), so this call was blocked \(fail mode closed\)\. Ask the user to run `staso doctor`\.\n$/,
    );
  });

  it("fail mode open: exit 0 and nothing on stdout (the call runs), a sentence on stderr", () => {
    const r = run({ STASO_FAIL_MODE: "open" });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^staso: the hook could not start/);
  });
});
