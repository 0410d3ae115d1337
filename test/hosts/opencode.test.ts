// opencode, by contract: the payloads staso's plugin hands the hook (opencode 1.18.33's tool.execute.*
// arguments, agents-more.md §3) through the built hook, and the plugin itself (hooks-templates/opencode.js,
// filled in as setup fills it) run in a fresh Node the way opencode loads it: it throws what staso denies,
// changes the arguments in place, keeps its own deadline, and blocks when staso cannot answer.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { renderSourceTemplate } from "../../src/config-files/templates.js";
import { hostById } from "../../src/hosts/index.js";
import { HOOK_IMPLS, LAUNCHER, nativeHookAvailable, runHook, tempHome } from "../support/hook-process.js";

const CWD = "/home/dev/proj";
const AWS = ["wJalrXUtnFEMI", "K7MDENGbPxRfiCY", "1234567890AB"].join(""); // not a real key
const toolBefore = (tool: string, args: Record<string, unknown>) => ({
  hook_event_name: "tool.execute.before",
  tool,
  sessionID: "ses_db26",
  callID: "toolu_mock_0_mxcfviwr",
  args,
  cwd: CWD,
});

describe("opencode payloads", () => {
  const oc = hostById("opencode");
  it("bash, write, edit and read as staso's kinds", () => {
    expect(
      oc.parse(toolBefore("bash", { command: "echo hello > marker.txt", description: "write marker" })),
    ).toMatchObject({
      host: "opencode",
      event: "pre",
      kind: "shell",
      shell: { command: "echo hello > marker.txt" },
      toolUseId: "toolu_mock_0_mxcfviwr",
      session: { id: "ses_db26", cwd: CWD },
    });
    expect(oc.parse(toolBefore("write", { filePath: "w.txt", content: "x\n" }))).toMatchObject({
      kind: "write",
      files: [{ op: "write", path: `${CWD}/w.txt`, content: "x\n" }],
    });
    expect(oc.parse(toolBefore("edit", { filePath: "e.txt", oldString: "b", newString: "c" }))).toMatchObject({
      kind: "edit",
      files: [{ op: "edit", path: `${CWD}/e.txt`, added: "c" }],
    });
    expect(
      oc.parse({ ...toolBefore("bash", { command: "ls" }), hook_event_name: "tool.execute.after", output: "a" }),
    ).toMatchObject({
      event: "post",
      outputText: "a",
    });
  });
});

for (const impl of HOOK_IMPLS) {
  const available = impl === "node" || nativeHookAvailable();
  const run = (payload: object) =>
    runHook(payload, { impl, args: ["--target", "opencode"], env: { STASO_HOME: tempHome() } });
  describe.skipIf(!available)(`${impl} hook: what staso's plugin reads`, () => {
    it("allow: nothing; deny: the reason; a secret: the arguments rewritten", async () => {
      expect((await run(toolBefore("bash", { command: "npm test" }))).stdout).toBe("");
      const deny = await run(toolBefore("bash", { command: "rm -rf ~" }));
      expect(deny.json).toEqual({
        action: "deny",
        reason: expect.stringMatching(/^staso: .*\[rule filesystem\/rm-root-or-home\]/s),
      });
      const mod = await run(
        toolBefore("write", { filePath: "config.py", content: `AWS_SECRET_ACCESS_KEY = "${AWS}"\n` }),
      );
      expect(mod.json.action).toBe("modify");
      expect(mod.json.args.filePath).toBe("config.py");
      expect(mod.json.args.content).toContain("REDACTED");
      const out = await run({
        ...toolBefore("bash", { command: "cat x" }),
        hook_event_name: "tool.execute.after",
        output: `AWS_SECRET_ACCESS_KEY=${AWS}\n`,
      });
      expect(out.json.action).toBe("modify");
      expect(out.json.output).toContain("REDACTED");
      expect(out.stdout).not.toContain(AWS);
    });
  });
}

describe("staso's opencode plugin, run as opencode loads it", () => {
  const dir = mkdtempSync(join(tmpdir(), "staso-oc-plugin-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const hook = `'${process.execPath}' '${LAUNCHER}' hook --target opencode`;

  /** Writes the plugin with this command and deadline, loads it in a fresh Node, runs `calls`, reports. */
  function plugin(
    command: string,
    calls: Array<{ event: "before" | "after"; tool: string; args: Record<string, unknown>; output?: string }>,
    o: { deadlineMs?: number; failClosed?: boolean } = {},
  ) {
    const file = join(dir, `staso-${++n}.js`);
    writeFileSync(
      file,
      renderSourceTemplate("opencode", "js", {
        command,
        deadlineMs: o.deadlineMs ?? 20_000,
        failClosed: o.failClosed ?? true,
      }),
    );
    const script = `
      const { StasoGuard } = await import(${JSON.stringify(pathToFileURL(file).href)});
      const hooks = await StasoGuard({ directory: ${JSON.stringify(dir)} });
      const out = [];
      for (const c of ${JSON.stringify(calls)}) {
        const started = Date.now();
        const output = c.event === "before" ? { args: c.args } : { title: "", metadata: { output: c.output }, output: c.output };
        const argsObject = output.args;
        try {
          await hooks["tool.execute." + c.event]({ tool: c.tool, sessionID: "s", callID: "c", args: c.args }, output);
          out.push({ ok: true, args: output.args, same: output.args === argsObject, output: output.output, ms: Date.now() - started });
        } catch (e) { out.push({ ok: false, error: e.message, ms: Date.now() - started }); }
      }
      console.log(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      env: { PATH: process.env.PATH, HOME: dir, STASO_HOME: tempHome() },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as Array<Record<string, any>>;
  }

  it("lets an everyday call run, throws staso's reason for a dangerous one", () => {
    const [ok, denied] = plugin(hook, [
      { event: "before", tool: "bash", args: { command: "ls -la" } },
      { event: "before", tool: "bash", args: { command: "rm -rf ~" } },
    ]);
    expect(ok).toMatchObject({ ok: true, args: { command: "ls -la" } });
    expect(denied).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^staso: .*\[rule filesystem\/rm-root-or-home\]/s),
    });
  });

  it("rewrites a secret in the very object opencode runs (a new object would be ignored)", () => {
    const [w] = plugin(hook, [
      { event: "before", tool: "write", args: { filePath: "config.py", content: `KEY = "${AWS}"\n` } },
    ]);
    expect(w).toMatchObject({ ok: true, same: true, args: { filePath: "config.py" } });
    expect(w!.args.content).toContain("REDACTED");
  });

  it("after the tool: a secret in the output is replaced in what the model reads", () => {
    const [a] = plugin(hook, [
      { event: "after", tool: "bash", args: { command: "cat notes" }, output: `AWS_SECRET_ACCESS_KEY=${AWS}\n` },
    ]);
    expect(a!.output).toContain("REDACTED");
    expect(a!.output).not.toContain(AWS);
  });

  it("fails closed: a hook that hangs is cut at the plugin's own deadline, one that crashes or answers garbage blocks", () => {
    const [hung, crashed, garbage] = plugin("sleep 30", [{ event: "before", tool: "bash", args: { command: "ls" } }], {
      deadlineMs: 500,
    }).concat(
      plugin("exit 1", [{ event: "before", tool: "bash", args: { command: "ls" } }]),
      plugin("echo not json", [{ event: "before", tool: "bash", args: { command: "ls" } }]),
    );
    expect(hung).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^staso: the guard could not check this call \(it did not answer within 1 s\)/),
    });
    expect(hung!.ms).toBeLessThan(15_000);
    expect(crashed).toMatchObject({ ok: false, error: expect.stringMatching(/the hook exited with code 1/) });
    expect(garbage).toMatchObject({ ok: false, error: expect.stringMatching(/not staso's: not json/) });
  });

  it("exit 2 with a reason (staso's launcher when its bundle cannot load) is a deny with that reason", () => {
    const [r] = plugin("echo 'staso: the guard could not start (x)' >&2; exit 2", [
      { event: "before", tool: "bash", args: { command: "ls" } },
    ]);
    expect(r).toMatchObject({ ok: false, error: "staso: the guard could not start (x)" });
  });

  it("fail mode open: a hook that cannot answer lets the call run", () => {
    const [r] = plugin("exit 1", [{ event: "before", tool: "bash", args: { command: "ls" } }], { failClosed: false });
    expect(r).toMatchObject({ ok: true });
  });
});
