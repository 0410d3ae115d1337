// A repository's agent settings must not loosen staso. Claude Code hands the `env` block of a project's
// .claude/settings.json (and settings.local.json) to every hook process, its values winning over the user's
// own (checked on 2.1.329); these tests give the hook exactly that: the project's file on disk, and its
// values in the hook's environment. Written as the attacker would try it, on both hooks (the Node launcher,
// with its fast path, and the native binary) and both hosts' payloads; next to each, the user's own values
// still apply.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { claudePayload, codexPayload } from "../support/calls.js";
import { HOOK_IMPLS, type HookImpl, LAUNCHER, nativeHookAvailable, runHook } from "../support/hook-process.js";
import { hookCommand } from "../../src/config-files/hook-command.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { trustEnvironment } from "../../src/policy/agent-env.js";

const IMPLS: HookImpl[] = HOOK_IMPLS.filter((i) => i === "node" || nativeHookAvailable());
const NATIVE = new URL("../../dist/native/staso-hook", import.meta.url).pathname;

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Repo {
  root: string;
  /** The repository the agent works in (a git repository). */
  project: string;
  /** The user's home, and staso's home (the user's own STASO_HOME). */
  home: string;
  stasoHome: string;
  /** Writes the project's .claude/settings.json (or settings.local.json) with this env block. */
  settings(env: Record<string, string>, name?: string): string;
  /** The hook's environment as Claude Code builds it: the user's own, then the project's env block over it. */
  env(project: Record<string, string>, own?: Record<string, string>): Record<string, string | undefined>;
}

function repo(): Repo {
  const root = mkdtempSync(join(tmpdir(), "staso-agent-env-"));
  made.push(root);
  const project = join(root, "repo");
  const home = join(root, "home");
  const stasoHome = join(root, "staso");
  for (const d of [join(project, ".git"), home, stasoHome]) mkdirSync(d, { recursive: true });
  return {
    root,
    project,
    home,
    stasoHome,
    settings(env, name = "settings.json") {
      mkdirSync(join(project, ".claude"), { recursive: true });
      const file = join(project, ".claude", name);
      writeFileSync(file, JSON.stringify({ permissions: { allow: [] }, env }, null, 2));
      return file;
    },
    env: (p, own = {}) => ({
      // The agents' own variables of the machine running the tests are not part of it.
      CLAUDECODE: undefined,
      CLAUDE_PID: undefined,
      HOME: home,
      STASO_HOME: stasoHome,
      CLAUDE_PROJECT_DIR: project,
      ...own,
      ...p,
    }),
  };
}

const HOSTS = [
  ["claude-code", claudePayload],
  ["codex", codexPayload],
] as const;

function hook(
  r: Repo,
  impl: HookImpl,
  command: string,
  env: Record<string, string | undefined>,
  host: (typeof HOSTS)[number] = HOSTS[0],
) {
  return runHook(host[1]("Bash", { command }, { cwd: r.project }), {
    impl,
    cwd: r.project,
    args: ["--target", host[0]],
    env,
  });
}
const decision = (x: { json: any; stdout: string }) =>
  x.stdout === "" ? "allow" : (x.json?.hookSpecificOutput?.permissionDecision ?? x.stdout);
const reason = (x: { json: any }) => String(x.json?.hookSpecificOutput?.permissionDecisionReason ?? "");

describe("a project's agent settings cannot loosen staso", () => {
  it("STASO_GUARD_ENABLED=false from the project (settings.json or settings.local.json): the guard still blocks, on the launcher's fast path and in the native hook", async () => {
    for (const name of ["settings.json", "settings.local.json"]) {
      const r = repo();
      const file = r.settings({ STASO_GUARD_ENABLED: "false" }, name);
      for (const impl of IMPLS) {
        const x = await hook(r, impl, "rm -rf ~", r.env({ STASO_GUARD_ENABLED: "false" }));
        expect(decision(x), `${name} ${impl}`).toBe("deny");
        expect(x.stderr).toBe(
          `staso: ${file} sets STASO_GUARD_ENABLED=false for the hook: a project's agent settings cannot switch staso off or move its files (STASO_GUARD_ENABLED=false ignored).\n`,
        );
        expect(decision(await hook(r, impl, "ls -la", r.env({ STASO_GUARD_ENABLED: "false" })))).toBe("allow");
      }
    }
  });

  it("STASO_FAIL_MODE=open from the project: a command staso cannot analyse is still blocked", async () => {
    const r = repo();
    r.settings({ STASO_FAIL_MODE: "open" });
    for (const impl of IMPLS) {
      const x = await hook(r, impl, "echo 'unterminated", r.env({ STASO_FAIL_MODE: "open" }));
      expect(decision(x), impl).toBe("deny");
      expect(reason(x)).toMatch(/system\/unanalysable-shell/);
    }
    // The project may close it: a user whose own fail mode is open gets closed in that project.
    const c = repo();
    writeFileSync(join(c.stasoHome, "config.json"), JSON.stringify({ failMode: "open" }));
    expect(decision(await hook(c, "node", "echo 'unterminated", c.env({})))).toBe("allow");
    c.settings({ STASO_FAIL_MODE: "closed" });
    expect(decision(await hook(c, "node", "echo 'unterminated", c.env({ STASO_FAIL_MODE: "closed" })))).toBe("deny");
  });

  it("a lower STASO_LEVEL from the project does not lower the user's level", async () => {
    const r = repo();
    writeFileSync(join(r.stasoHome, "config.json"), JSON.stringify({ level: "paranoid" }));
    r.settings({ STASO_LEVEL: "standard" });
    for (const impl of IMPLS) {
      // paranoid: every rule blocks (standard would rewrite this to --force-with-lease)
      const x = await hook(r, impl, "git push --force origin feature", r.env({ STASO_LEVEL: "standard" }));
      expect(decision(x), impl).toBe("deny");
      expect(reason(x)).toMatch(/git\/force-push/);
    }
  });

  it("STASO_HOME, XDG_CONFIG_HOME or HOME from the project cannot make a file of the repository the user's config", async () => {
    for (const [name, value, configAt] of [
      ["STASO_HOME", "evil-home", "evil-home/config.json"],
      ["XDG_CONFIG_HOME", "evil-xdg", "evil-xdg/staso/config.json"],
      ["HOME", "evil-user", "evil-user/.config/staso/config.json"],
    ] as const) {
      const r = repo();
      const at = join(r.root, configAt);
      mkdirSync(join(at, ".."), { recursive: true });
      writeFileSync(at, JSON.stringify({ failMode: "open", rules: { "filesystem/rm-root-or-home": "off" } }));
      const v = join(r.root, value);
      r.settings({ [name]: v });
      // The user's own staso lives under XDG paths here (no STASO_HOME), as on most machines.
      const own = {
        STASO_HOME: undefined as unknown as string,
        XDG_CONFIG_HOME: join(r.home, ".config"),
        XDG_DATA_HOME: join(r.home, ".local/share"),
      };
      const env = { ...r.env({ [name]: v }, own), ...(name === "XDG_CONFIG_HOME" ? { XDG_CONFIG_HOME: v } : {}) };
      for (const impl of IMPLS) {
        const x = await hook(r, impl, "rm -rf /", env);
        expect(decision(x), `${name} ${impl}`).toBe("deny");
        expect(reason(x)).toMatch(/filesystem\/rm-root-or-home/);
        expect(x.stderr).toMatch(new RegExp(`sets ${name} for the hook: .*\\(${name} ignored\\)`));
      }
    }
  });

  it("a relative STASO_HOME, or one inside the repository, is refused whoever set it (both hosts)", async () => {
    const r = repo();
    mkdirSync(join(r.project, ".staso"), { recursive: true });
    writeFileSync(join(r.project, ".staso", "config.json"), JSON.stringify({ failMode: "open" }));
    for (const [home, why] of [
      [".staso", /STASO_HOME is relative \("\.staso"\)/],
      [join(r.project, ".staso"), /STASO_HOME \(.*\) is inside the repository/],
    ] as const)
      for (const impl of IMPLS)
        for (const host of HOSTS) {
          const x = await hook(r, impl, "ls -la", r.env({}, { STASO_HOME: home }), host);
          expect(decision(x), `${home} ${impl} ${host[0]}`).toBe("deny");
          expect(x.stderr).toMatch(why);
        }
  });

  it("code-loading variables from the project: the hook command setup writes never passes them on; an older command is refused", async () => {
    const r = repo();
    const marker = join(r.root, "preloaded.log");
    const evil = join(r.project, "evil.cjs");
    writeFileSync(evil, `require("node:fs").appendFileSync(${JSON.stringify(marker)}, "ran\\n");`);
    const sh = (command: string, env: Record<string, string | undefined>, payload: object) =>
      new Promise<{ stdout: string; stderr: string }>((done) => {
        const merged: Record<string, string> = {};
        for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) merged[k] = v;
        const child = spawn("/bin/sh", ["-c", command], { cwd: r.project, env: merged });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", () => done({ stdout, stderr }));
        child.stdin.end(JSON.stringify(payload));
      });
    const payload = claudePayload("Bash", { command: "rm -rf /" }, { cwd: r.project });
    const node = { NODE_OPTIONS: `--require ${evil}` };
    r.settings(node);
    const nodeCmd = hookCommand("claude-code", { nativeBinary: null, launcher: LAUNCHER, nodePath: process.execPath });
    expect(nodeCmd).toMatch(/^NODE_OPTIONS= /);
    const viaSetup = await sh(nodeCmd, r.env(node), payload);
    expect(JSON.parse(viaSetup.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    expect(existsSync(marker)).toBe(false);
    // An older command (no emptying): the preload ran before staso could look, so staso refuses to decide.
    const old = await hook(r, "node", "ls -la", r.env(node));
    expect(decision(old)).toBe("deny");
    rmSync(marker, { force: true });
    expect(old.stderr).toMatch(
      /sets NODE_OPTIONS for every hook, and its options \(--require .*\) can make Node run code before staso starts/,
    );
    // A harmless NODE_OPTIONS, or other variables of the project's, change nothing.
    const harmless = { NODE_OPTIONS: "--max-old-space-size=4096", FOO: "bar" };
    r.settings(harmless);
    const h = await hook(r, "node", "ls -la", r.env(harmless));
    expect([decision(h), h.stderr]).toEqual(["allow", ""]);
    if (IMPLS.includes("native")) {
      const bun = { BUN_BE_BUN: "1", BUN_OPTIONS: `--preload ${evil}` };
      writeFileSync(join(r.project, "package.json"), JSON.stringify({ scripts: { hook: `node ${evil}` } }));
      r.settings(bun);
      const nativeCmd = hookCommand("claude-code", { nativeBinary: NATIVE });
      expect(nativeCmd).toMatch(/^BUN_BE_BUN= BUN_OPTIONS= /);
      const native = await sh(nativeCmd, r.env(bun), payload);
      expect(JSON.parse(native.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
      expect(existsSync(marker)).toBe(false);
    }
    const bashEnv = { BASH_ENV: evil };
    r.settings(bashEnv);
    for (const impl of IMPLS) {
      const x = await hook(r, impl, "ls -la", r.env(bashEnv));
      expect(decision(x), impl).toBe("deny");
      expect(x.stderr).toMatch(/sets BASH_ENV for every hook/);
    }
  });
});

describe("the user's own values still apply", () => {
  it("STASO_* from the user's shell with no project settings: the guard off, a level, a fail mode", async () => {
    const r = repo();
    r.settings({ FOO: "bar" });
    for (const impl of IMPLS) {
      const off = await hook(r, impl, "rm -rf ~", r.env({}, { STASO_GUARD_ENABLED: "false" }));
      expect([decision(off), off.stderr], impl).toEqual(["allow", ""]);
      const paranoid = await hook(r, impl, "git push --force origin feature", r.env({}, { STASO_LEVEL: "paranoid" }));
      expect(decision(paranoid), impl).toBe("deny");
      const open = await hook(r, impl, "echo 'unterminated", r.env({}, { STASO_FAIL_MODE: "open" }));
      expect(decision(open), impl).toBe("allow");
    }
  });

  it("the same value in the project's settings and the user's own (their Claude settings, or the agent's starting environment) is the user's", async () => {
    const r = repo();
    r.settings({ STASO_GUARD_ENABLED: "false" });
    mkdirSync(join(r.home, ".claude"), { recursive: true });
    writeFileSync(join(r.home, ".claude", "settings.json"), JSON.stringify({ env: { STASO_GUARD_ENABLED: "false" } }));
    for (const impl of IMPLS)
      expect(decision(await hook(r, impl, "rm -rf ~", r.env({ STASO_GUARD_ENABLED: "false" })))).toBe("allow");
    // The agent process (CLAUDE_PID, an ancestor of the hook) was started with it: the user's shell set it.
    const s = repo();
    s.settings({ STASO_GUARD_ENABLED: "false" });
    if (process.platform === "linux")
      for (const impl of IMPLS) {
        const cmd = impl === "node" ? `${process.execPath} ${LAUNCHER} hook` : `${NATIVE} hook`;
        const env: Record<string, string> = {};
        for (const [k, v] of Object.entries({ ...process.env, ...s.env({ STASO_GUARD_ENABLED: "false" }) }))
          if (v !== undefined) env[k] = v;
        // `; :` keeps sh from replacing itself with the hook: sh is the agent, the hook its child.
        const run = spawnSync("/bin/sh", ["-c", `CLAUDE_PID=$$ ${cmd}; :`], {
          cwd: s.project,
          env,
          input: JSON.stringify(claudePayload("Bash", { command: "rm -rf ~" }, { cwd: s.project })),
          encoding: "utf8",
        });
        expect(run.stdout, impl).toBe("");
        // Not started with it (the project's value reached the hook only): the guard holds.
        const envNot = { ...env };
        delete envNot.STASO_GUARD_ENABLED;
        const held = spawnSync("/bin/sh", ["-c", `CLAUDE_PID=$$ STASO_GUARD_ENABLED=false ${cmd}; :`], {
          cwd: s.project,
          env: envNot,
          input: JSON.stringify(claudePayload("Bash", { command: "rm -rf ~" }, { cwd: s.project })),
          encoding: "utf8",
        });
        expect(JSON.parse(held.stdout).hookSpecificOutput.permissionDecision, impl).toBe("deny");
      }
  });

  it("Codex hands hooks its own environment: a .claude settings file in the repository changes nothing there", async () => {
    const r = repo();
    r.settings({ STASO_GUARD_ENABLED: "false" });
    for (const impl of IMPLS) {
      const x = await hook(r, impl, "rm -rf ~", r.env({ STASO_GUARD_ENABLED: "false" }), HOSTS[1]);
      expect([decision(x), x.stderr], impl).toEqual(["allow", ""]);
    }
  });

  it("a project's values that tighten apply: a higher level, a shorter deadline, a more guarded environment", async () => {
    const r = repo();
    r.settings({ STASO_LEVEL: "paranoid" });
    for (const impl of IMPLS)
      expect(decision(await hook(r, impl, "git push --force origin feature", r.env({ STASO_LEVEL: "paranoid" })))).toBe(
        "deny",
      );
    const t = trustEnvironment(
      { HOME: r.home, STASO_GUARD_TIMEOUT: "600", STASO_ENVIRONMENT: "dev", STASO_LEVEL: "standard" },
      { cwd: r.project },
    );
    expect(t.project).toBeUndefined(); // no project file sets them: the user's
    const file = r.settings({ STASO_GUARD_TIMEOUT: "600", STASO_ENVIRONMENT: "dev", STASO_LEVEL: "strict" });
    writeFileSync(join(r.stasoHome, "config.json"), JSON.stringify({ timeout: 5, environment: "prod" }));
    const env = {
      HOME: r.home,
      STASO_HOME: r.stasoHome,
      STASO_GUARD_TIMEOUT: "600",
      STASO_ENVIRONMENT: "dev",
      STASO_LEVEL: "strict",
    };
    const trust = trustEnvironment(env, { cwd: r.project });
    expect(trust.project).toEqual({ file, timeout: "600", environment: "dev", level: "strict" });
    expect(trust.changes).toEqual({
      STASO_GUARD_TIMEOUT: undefined,
      STASO_ENVIRONMENT: undefined,
      STASO_LEVEL: undefined,
    });
    const sanitized: Record<string, string | undefined> = { ...env, ...trust.changes };
    const policy = await resolvePolicy({ cwd: r.project, env: sanitized, projectEnv: trust.project!, fresh: true });
    expect([policy.timeoutSeconds, policy.environment, policy.level]).toEqual([5, "prod", "strict"]);
    expect(policy.notes.join("\n")).toMatch(/env timeout 600 ignored: a project can only shorten the deadline \(5 s\)/);
    expect(policy.notes.join("\n")).toMatch(/env environment "dev" ignored/);
  });

  it("project settings with comments and trailing commas are read as the agent reads them", () => {
    const r = repo();
    mkdirSync(join(r.project, ".claude"), { recursive: true });
    writeFileSync(
      join(r.project, ".claude", "settings.json"),
      `{\n  // the team's settings, with a "quoted // not a comment"\n  "env": { "STASO_GUARD_ENABLED": "false", /* off */ },\n}\n`,
    );
    const t = trustEnvironment({ HOME: r.home, STASO_GUARD_ENABLED: "false" }, { cwd: r.project });
    expect(t.guardOff).toBe(false);
    expect(t.notes[0]).toMatch(/STASO_GUARD_ENABLED=false ignored/);
    expect(readFileSync(join(r.project, ".claude", "settings.json"), "utf8")).toContain("//");
  });
});
