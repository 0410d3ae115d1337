// `staso setup` installs the hook the agents run into staso's own folder, and `staso doctor` says when the
// hook an agent runs is not this staso's: older, another build, or a package's own files. The built
// launcher of a copy of this checkout in fresh processes, homes in a temp dir, no terminal.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { shellJoin } from "../../src/config-files/hook-command.js";
import { installCopy, read, workspaces, type Ws } from "./support.js";

const install = installCopy();
afterAll(() => install.cleanup());
const { ws } = workspaces();

function staso(w: Ws, args: string[], launcher = install.launcher) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...w.env, SHELL: "/bin/sh" })) if (v !== undefined) env[k] = v;
  const r = spawnSync(process.execPath, [launcher, ...args], {
    cwd: w.project,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const versions = (w: Ws) => readdirSync(join(w.staso, "hook")).filter((n) => !n.startsWith("."));
const settingsFile = (w: Ws) => join(w.home, ".claude", "settings.json");

/** Runs the hook command written into Claude Code's settings, through sh as the agent does. */
function callHook(w: Ws, command: string) {
  const hook = JSON.parse(read(settingsFile(w))!).hooks.PreToolUse[0].hooks[0].command as string;
  const r = spawnSync("/bin/sh", ["-c", hook], {
    input: JSON.stringify({
      session_id: "s",
      cwd: w.project,
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command },
      transcript_path: "",
      permission_mode: "default",
      tool_use_id: "t",
    }),
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: w.home, STASO_HOME: w.staso },
  });
  return {
    code: r.status,
    decision: r.stdout.trim() ? JSON.parse(r.stdout).hookSpecificOutput?.permissionDecision : "allow",
  };
}

describe("the installed hook", () => {
  it("is what setup points the agent at, and keeps answering when the package's dist/ is gone (a rebuild)", () => {
    const w = ws();
    const copy = installCopy();
    try {
      const r = staso(w, ["setup", "--target", "claude-code", "--scope", "user", "--yes"], copy.launcher);
      expect(r.code, r.stderr).toBe(0);
      const [id] = versions(w);
      expect(read(settingsFile(w))).toContain(join(w.staso, "hook", id!, "bin", "staso.js"));
      rmSync(join(copy.launcher, "..", "..", "dist"), { recursive: true, force: true });
      expect(callHook(w, "rm -rf ~")).toEqual({ code: 0, decision: "deny" });
      expect(callHook(w, "git status")).toEqual({ code: 0, decision: "allow" });
    } finally {
      copy.cleanup();
    }
  });

  it("runs the package's other commands through its launcher (the background export does)", () => {
    const w = ws();
    expect(staso(w, ["setup", "--target", "claude-code", "--yes"]).code).toBe(0);
    const launcher = join(w.staso, "hook", versions(w)[0]!, "bin", "staso.js");
    const version = JSON.parse(readFileSync(join(install.launcher, "..", "..", "package.json"), "utf8")).version;
    expect(staso(w, ["--version"], launcher).stdout.trim()).toBe(version);
  });

  it("setup again installs nothing new and keeps the agent's command", () => {
    const w = ws();
    expect(staso(w, ["setup", "--target", "claude-code", "--yes"]).code).toBe(0);
    const before = read(settingsFile(w));
    const again = staso(w, ["setup", "--target", "claude-code", "--yes"]);
    expect(again.stdout).toContain("already set up");
    expect(again.stdout).not.toContain("installed the hook");
    expect(read(settingsFile(w))).toBe(before);
    expect(versions(w)).toHaveLength(1);
  });

  it("four setups at once into one data dir: all succeed, one whole version, nothing half-written", async () => {
    const w = ws();
    const runs = [0, 1, 2, 3].map((i) => {
      const home = join(w.root, `home${i}`);
      mkdirSync(home);
      return new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [install.launcher, "setup", "--target", "claude-code", "--scope", "user", "--yes"],
          { cwd: w.project, env: { PATH: process.env.PATH, HOME: home, STASO_HOME: w.staso }, stdio: "pipe" },
        );
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("close", (code) => resolve({ code, out }));
      });
    });
    const results = await Promise.all(runs);
    for (const r of results) expect(r.code, r.out).toBe(0);
    expect(readdirSync(join(w.staso, "hook"))).toHaveLength(1);
    const command = JSON.parse(read(join(w.root, "home0", ".claude", "settings.json"))!).hooks.PreToolUse[0].hooks[0]
      .command as string;
    for (const i of [1, 2, 3])
      expect(
        JSON.parse(read(join(w.root, `home${i}`, ".claude", "settings.json"))!).hooks.PreToolUse[0].hooks[0].command,
      ).toBe(command);
  }, 120_000);

  it("--dry-run installs nothing", () => {
    const w = ws();
    const r = staso(w, ["setup", "--target", "claude-code", "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(join(w.staso, "hook"));
    expect(() => versions(w)).toThrow(/ENOENT/);
  });
});

describe("staso doctor on the installed hook", () => {
  it("says when the hook an agent runs is an older staso than this one, and setup again fixes it", () => {
    const w = ws();
    expect(staso(w, ["setup", "--target", "claude-code", "--yes"]).code).toBe(0);
    const ok = staso(w, ["doctor", "--target", "claude-code"]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/✓ the hook is staso \S+, installed in .*\/hook\/\S+/);
    // What an upgrade leaves behind: the agent still names the version installed before it.
    const [id] = versions(w);
    const oldId = "0.0.1-000000000000";
    cpSync(join(w.staso, "hook", id!), join(w.staso, "hook", oldId), { recursive: true });
    const manifest = join(w.staso, "hook", oldId, "install.json");
    writeFileSync(manifest, JSON.stringify({ ...JSON.parse(read(manifest)!), version: "0.0.1", id: oldId }));
    writeFileSync(settingsFile(w), read(settingsFile(w))!.replaceAll(`/hook/${id}/`, `/hook/${oldId}/`));
    const stale = staso(w, ["doctor", "--target", "claude-code"]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/✗ the hook in .*settings\.json is staso 0\.0\.1, older than this staso \S+/);
    expect(stale.stdout).toContain("fix: staso setup --target claude-code --scope user");
    const fixed = staso(w, ["setup", "--target", "claude-code", "--scope", "user", "--yes"]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(read(settingsFile(w))).toContain(`/hook/${id}/`);
    // the old version stays: a session started before the upgrade may still call it
    expect(versions(w).sort()).toEqual([oldId, id!].sort());
    expect(staso(w, ["doctor", "--target", "claude-code"]).code).toBe(0);
  });

  it("flags a hook that runs from a package folder (set up before the hook was installed)", () => {
    const w = ws();
    expect(staso(w, ["setup", "--target", "claude-code", "--yes"]).code).toBe(0);
    const [id] = versions(w);
    const installed = shellJoin([process.execPath, join(w.staso, "hook", id!, "bin", "staso.js")]);
    const packaged = shellJoin([process.execPath, install.launcher]);
    writeFileSync(settingsFile(w), read(settingsFile(w))!.replaceAll(installed, packaged));
    const r = staso(w, ["doctor", "--target", "claude-code"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /✗ the hook in .*settings\.json runs staso from its package folder, which a rebuild or an upgrade replaces while calls are running/,
    );
    expect(r.stdout).toContain("fix: staso setup --target claude-code --scope user (installs the hook");
  });
});
