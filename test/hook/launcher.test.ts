// The launcher when the hook bundle cannot load (a broken upgrade): no agent's protocol can be spoken, so
// it answers the one deny every agent takes: exit 2 with one sentence on stderr (fail mode open: allow).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
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

// The V8 code cache beside the bundle: made by a call that ran the rules over a shell command, which
// compiles the code nearly every call runs. A first call of another kind leaves a partial one, which the
// first shell call replaces; after that no call writes it again.
describe("the hook's code cache", () => {
  const pkg = mkdtempSync(join(tmpdir(), "staso-launcher-cache-"));
  const home = mkdtempSync(join(tmpdir(), "staso-launcher-home-"));
  afterAll(() => {
    rmSync(pkg, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });
  cpSync(join(repo, "bin"), join(pkg, "bin"), { recursive: true });
  mkdirSync(join(pkg, "dist"));
  cpSync(join(repo, "dist", "hook.cjs"), join(pkg, "dist", "hook.cjs"));
  const call = (tool: string, input: Record<string, unknown>) =>
    spawnSync(process.execPath, [join(pkg, "bin", "staso.js"), "hook", "--target", "claude-code"], {
      input: JSON.stringify({
        session_id: "cache-test",
        cwd: home,
        hook_event_name: "PreToolUse",
        tool_name: tool,
        tool_input: input,
      }),
      env: { PATH: process.env.PATH, HOME: home, STASO_HOME: join(home, "staso") },
      encoding: "utf8",
    });
  const caches = () =>
    readdirSync(join(pkg, "dist"))
      .filter((f) => f.endsWith(".v8cache"))
      .map((f) => ({
        name: f,
        size: statSync(join(pkg, "dist", f)).size,
        mtime: statSync(join(pkg, "dist", f)).mtimeMs,
      }));

  it("a Read first leaves a partial cache, the first Bash call the complete one, which then stands", () => {
    expect(call("Read", { file_path: join(home, "notes.md") })).toMatchObject({ status: 0, stdout: "", stderr: "" });
    const [partial, ...none] = caches();
    expect(none).toEqual([]);
    expect(partial!.name).toMatch(/^hook\..*\.partial\.v8cache$/);

    expect(call("Read", { file_path: join(home, "other.md") }).status).toBe(0);
    expect(caches()).toEqual([partial]);

    expect(call("Bash", { command: "git status && npm test 2>&1 | tail -n 5" })).toMatchObject({
      status: 0,
      stdout: "",
    });
    const [complete, ...rest] = caches();
    expect(rest).toEqual([]);
    expect(complete!.name).toBe(partial!.name.replace(".partial.v8cache", ".v8cache"));
    expect(complete!.size).toBeGreaterThan(partial!.size);

    expect(call("Read", { file_path: join(home, "notes.md") }).status).toBe(0);
    expect(call("Bash", { command: "ls -la" }).status).toBe(0);
    expect(caches()).toEqual([complete]);
  });
});
