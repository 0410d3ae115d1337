// `staso setup`, `staso uninstall` and `staso doctor` as a user runs them: the built launcher in a fresh
// process, HOME / CODEX_HOME / STASO_HOME in a temp dir, no terminal.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { shellJoin } from "../../src/config-files/hook-command.js";
import { installCopy, read, workspaces, type Ws } from "./support.js";

const install = installCopy();
const LAUNCHER = install.launcher;
afterAll(() => install.cleanup());

const { ws, track } = workspaces();

function staso(w: Ws, args: string[], extraEnv: Record<string, string | undefined> = {}, launcher = LAUNCHER) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...w.env, SHELL: "/bin/sh", ...extraEnv })) if (v !== undefined) env[k] = v;
  const r = spawnSync(process.execPath, [launcher, ...args], {
    cwd: w.project,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const thisInstallation = (target: string) =>
  `NODE_OPTIONS= ${shellJoin([process.execPath, LAUNCHER, "hook", "--target", target])}`;

/** The one hook setup installed in the workspace's STASO_HOME, and its command for `target`. */
function installedHook(w: Ws, target = "claude-code") {
  const ids = readdirSync(join(w.staso, "hook")).filter((n) => !n.startsWith("."));
  expect(ids).toHaveLength(1);
  const dir = join(w.staso, "hook", ids[0]!);
  return {
    id: ids[0]!,
    dir,
    command: `NODE_OPTIONS= ${shellJoin([process.execPath, join(dir, "bin", "staso.js"), "hook", "--target", target])}`,
  };
}

describe("staso setup (no terminal)", () => {
  it("--target claude-code --scope user --yes writes the absolute hook command of this installation", () => {
    const w = ws();
    const r = staso(w, ["setup", "--target", "claude-code", "--scope", "user", "--yes"]);
    expect(r.code, r.stderr).toBe(0);
    const settings = JSON.parse(read(join(w.home, ".claude", "settings.json"))!);
    const { command, id } = installedHook(w);
    expect(id).toMatch(/^\d+\.\d+\.\d+\S*-[0-9a-f]{12}$/);
    expect(r.stdout).toContain(`✓ installed the hook in ${join(w.staso, "hook", id)}`);
    expect(settings.hooks.PreToolUse).toEqual([
      { matcher: "*", hooks: [{ type: "command", command, timeout: 30, onFailure: "block" }] },
    ]);
    expect(settings.hooks.PostToolUse).toEqual([{ matcher: "*", hooks: [{ type: "command", command, timeout: 30 }] }]);
    // a failed call too, so the session rules (session/retry-loop) learn it failed
    expect(settings.hooks.PostToolUseFailure).toEqual([
      { matcher: "*", hooks: [{ type: "command", command, timeout: 30 }] },
    ]);
    expect(Object.keys(settings.hooks)).toEqual(["PreToolUse", "PostToolUse", "PostToolUseFailure"]);
    expect(r.stdout).toContain(
      "runs before (PreToolUse) and after (PostToolUse, PostToolUseFailure) every tool call, MCP tools included",
    );
    expect(r.stdout).toContain("✓ created");
    const again = staso(w, ["setup", "--target", "claude-code", "--scope", "user", "--yes"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already set up");
  });

  it("without --yes and without a terminal it stops and names the flag", () => {
    const w = ws();
    const r = staso(w, ["setup", "--target", "codex"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Pass --yes to set up without questions/);
    expect(existsSync(join(w.codexHome, "hooks.json"))).toBe(false);
  });

  it("--dry-run shows the diff and writes nothing", () => {
    const w = ws();
    const r = staso(w, ["setup", "--target", "codex", "--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\+\[hooks\.state\.".*hooks\.json:pre_tool_use:0:0"\]/);
    expect(r.stdout).toContain("--dry-run: nothing was written.");
    expect(r.stdout).toContain("runs before (PreToolUse) and after (PostToolUse) every tool call"); // Codex has no failure event
    expect(r.stdout).not.toContain("PostToolUseFailure");
    expect(existsSync(w.codexHome)).toBe(false);
  });

  it("checks the API key's form, and keeps it out of the agent's files", () => {
    const w = ws();
    const bad = staso(w, ["setup", "--target", "codex", "--api-key", "sk-123", "--yes"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/starts with ak_/);
    const ok = staso(w, ["setup", "--target", "codex", "--api-key", "ak_live_0123456789", "--yes"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).not.toContain("ak_live_0123456789");
    expect(JSON.parse(read(join(w.staso, "credentials.json"))!)).toEqual({ apiKey: "ak_live_0123456789" });
    expect(read(join(w.codexHome, "hooks.json"))).not.toContain("ak_");
  });

  it("a malformed file stops it with the file and line, exit 1, nothing written", () => {
    const w = ws();
    mkdirSync(join(w.home, ".claude"), { recursive: true });
    writeFileSync(join(w.home, ".claude", "settings.json"), '{\n  "a": 1,,\n}\n');
    const r = staso(w, ["setup", "--target", "claude-code", "--target", "codex", "--yes"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(w.home, ".claude", "settings.json")}:2:10: the file is not valid JSON`);
    expect(existsSync(join(w.codexHome, "hooks.json"))).toBe(false);
  });

  it("an unknown target or scope is a usage error", () => {
    const w = ws();
    expect(staso(w, ["setup", "--target", "not-an-agent", "--yes"]).stderr).toMatch(/not an agent staso knows/);
    expect(staso(w, ["setup", "--target", "codex", "--scope", "global", "--yes"]).code).toBe(2);
  });
});

describe("staso doctor and staso uninstall", () => {
  it("doctor passes after setup, finds a broken trust entry with its fix, and uninstall takes everything out", () => {
    const w = ws();
    expect(staso(w, ["setup", "--target", "claude-code,codex", "--yes"]).code).toBe(0);
    const ok = staso(w, ["doctor", "--json"]);
    const report = JSON.parse(ok.stdout);
    expect(ok.code, ok.stdout).toBe(0);
    expect(report.ok).toBe(true);
    const checks = report.agents.flatMap(
      (a: { checks: Array<{ id: string; ok: boolean; message: string }> }) => a.checks,
    );
    const runs = checks.filter((c: { id: string }) => c.id === "hook-runs");
    expect(runs).toHaveLength(2);
    // which hook answers, and how fast the agent gets its answer
    for (const r of runs)
      expect(r.message).toMatch(
        /^the (native \(Bun-built\)|Node) hook runs through \S+ and answers: allows an everyday call in \d+ ms, blocks `rm -rf ~`$/,
      );
    expect(checks.filter((c: { id: string; ok: boolean }) => c.id === "trust" && c.ok)).toHaveLength(2);
    // the doctor's synthetic calls stay out of the user's audit trail
    const auditDir = join(w.staso, "audit");
    const audit = existsSync(auditDir)
      ? readdirSync(auditDir)
          .map((f) => readFileSync(join(auditDir, f), "utf8"))
          .join("")
      : "";
    expect(audit).not.toContain("staso-doctor");

    const toml = join(w.codexHome, "config.toml");
    writeFileSync(toml, read(toml)!.replace(/trusted_hash = "sha256:[0-9a-f]{6}/, 'trusted_hash = "sha256:000000'));
    const bad = staso(w, ["doctor"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/✗ the PreToolUse hook in .*hooks\.json changed since Codex trusted it/);
    expect(bad.stdout).toMatch(/fix: staso setup --target codex --scope user/);
    expect(bad.stdout).toMatch(/1 problem found/);

    expect(staso(w, ["uninstall"]).code).toBe(2); // asks, and there is no terminal
    const u = staso(w, ["uninstall", "--yes"]);
    expect(u.code, u.stderr).toBe(0);
    expect(existsSync(join(w.home, ".claude", "settings.json"))).toBe(false);
    expect(existsSync(join(w.codexHome, "hooks.json"))).toBe(false);
    // staso's trust entries are gone; the corrupted one was staso's too (its position), so the file is empty and removed
    expect(existsSync(toml)).toBe(false);
    const after = staso(w, ["doctor"]);
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/staso is not set up for any agent|hook is not in/);
  });

  it("doctor finds a Claude Code set up before PostToolUseFailure was subscribed, and `staso setup` again fixes it", () => {
    const w = ws();
    expect(staso(w, ["setup", "--target", "claude-code", "--yes"]).code).toBe(0);
    const file = join(w.home, ".claude", "settings.json");
    const settings = JSON.parse(read(file)!);
    delete settings.hooks.PostToolUseFailure;
    writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
    const r = staso(w, ["doctor", "--target", "claude-code"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /✗ staso has no PostToolUseFailure hook in Claude Code's settings, so the session rules never learn which calls failed/,
    );
    expect(r.stdout).toContain("fix: staso setup --target claude-code --scope user");
    expect(r.stdout).toMatch(/1 problem found/);
    expect(staso(w, ["setup", "--target", "claude-code", "--scope", "user", "--yes"]).code).toBe(0);
    const fixed = staso(w, ["doctor", "--target", "claude-code"]);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.stdout).toMatch(/✓ PostToolUseFailure hook for every tool in .*settings\.json/);
  });

  it("doctor on an installation that lost its hook templates names the file and the fix, without a stack trace", () => {
    const w = ws();
    expect(staso(w, ["setup", "--target", "claude-code", "--yes"]).code).toBe(0);
    const broken = installCopy();
    track(broken.cleanup);
    rmSync(join(broken.launcher, "..", "..", "hooks-templates", "claude-code.json"));
    const r = staso(w, ["doctor", "--target", "claude-code"], {}, broken.launcher);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ the hook template .*claude-code\.json cannot be read \(.*\); reinstall staso/);
    expect(r.stdout).toContain("fix: reinstall staso");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("doctor reports a hook command that no longer runs (an old installation) with the fix", () => {
    const w = ws();
    mkdirSync(join(w.home, ".claude"), { recursive: true });
    const dead = "/nonexistent/node /nonexistent/staso/bin/staso.js hook --target claude-code";
    const group = { matcher: "*", hooks: [{ type: "command", command: dead, timeout: 30, onFailure: "block" }] };
    writeFileSync(
      join(w.home, ".claude", "settings.json"),
      JSON.stringify({ hooks: { PreToolUse: [group], PostToolUse: [group], PostToolUseFailure: [group] } }),
    );
    const r = staso(w, ["doctor", "--target", "claude-code"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /✗ the hook command in .*settings\.json does not answer an everyday call correctly: it exited with code 127/,
    );
    expect(r.stdout).toContain("fix: run `staso setup --target claude-code --scope user`");
  });

  it("doctor flags a matcher that lets tools through, a short timeout and a missing onFailure", () => {
    const w = ws();
    mkdirSync(join(w.home, ".claude"), { recursive: true });
    const cmd = thisInstallation("claude-code");
    writeFileSync(
      join(w.home, ".claude", "settings.json"),
      JSON.stringify({
        hooks: {
          PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: cmd, timeout: 5 }] }],
          PostToolUse: [{ hooks: [{ type: "command", command: cmd }] }],
          PostToolUseFailure: [{ hooks: [{ type: "command", command: cmd }] }],
        },
      }),
    );
    const r = staso(w, ["doctor", "--target", "claude-code"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/only matches "Bash", so other tools \(MCP included\) go unchecked/);
    expect(r.stdout).toMatch(/waits only 5 s for the hook/);
    expect(r.stdout).toMatch(/has no "onFailure": "block"/);
  });
});
