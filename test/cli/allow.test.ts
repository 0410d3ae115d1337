// staso allow <rule> --here [--for 1h]: an exception to one rule, for one project, for a while, written to
// the user's config (a project's own config cannot loosen staso); shown by staso rules and check, ended
// by itself and removed from the file by the next staso allow; only a human at a terminal may make one.
import { describe, expect, it } from "vitest";
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { cli } from "../policy/cli-support.js";
import { sandbox as policySandbox, type Sandbox } from "../policy/support.js";
import { atTerminal as typeAt, TEST_PASSPHRASE } from "../support/terminal.js";
import { withPassphrase } from "../escalation/support.js";
import { claudePayload } from "../support/calls.js";
import { HOOK_IMPLS, LAUNCHER, nativeHookAvailable, runHook } from "../support/hook-process.js";
import { USER_STARTER } from "../../src/cli/init.js";

const FORCE_PUSH = { command: "git push --force origin main" };
const human = (sb: Sandbox) => ({
  ...sb.env,
  NO_COLOR: "1",
  CLAUDECODE: undefined,
  CLAUDE_CODE_ENTRYPOINT: undefined,
  CODEX_THREAD_ID: undefined,
  CODEX_TOOL_CALL_ID: undefined,
  CODEX_SESSION_ID: undefined,
});

/** `staso …` with a terminal of its own, as a person runs it, typing the approval passphrase when asked. */
async function atTerminal(
  sb: Sandbox,
  args: string[],
  o: { cwd?: string; env?: Record<string, string | undefined>; typed?: string } = {},
) {
  const r = await typeAt([process.execPath, LAUNCHER, ...args], [o.typed ?? TEST_PASSPHRASE], {
    env: { ...human(sb), ...o.env },
    cwd: o.cwd ?? sb.project,
  });
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { ...r, json };
}

/** A policy sandbox whose STASO_HOME has the approval passphrase set. */
const sandbox = (): Sandbox => {
  const sb = policySandbox();
  withPassphrase(sb.home);
  return sb;
};

const check = (sb: Sandbox, cwd: string) =>
  cli(["check", "--cwd", cwd, "--tool", "Bash", "--input", JSON.stringify(FORCE_PUSH)], { env: human(sb) });

const impls = HOOK_IMPLS.filter((i) => i === "node" || nativeHookAvailable());
async function hookDenies(sb: Sandbox, cwd: string): Promise<boolean[]> {
  const out: boolean[] = [];
  for (const impl of impls) {
    const r = await runHook(claudePayload("Bash", FORCE_PUSH, { cwd }), {
      impl,
      cwd,
      args: ["--target", "claude-code"],
      env: { ...human(sb), STASO_GUARD_ENABLED: undefined },
    });
    out.push(r.json?.hookSpecificOutput?.permissionDecision === "deny");
  }
  return out;
}

const config = (sb: Sandbox) => readFileSync(join(sb.home, "config.json"), "utf8");

describe("staso allow", () => {
  it("lets one rule's calls through in this project only, until it ends, written to the user's config", async () => {
    const sb = sandbox();
    const other = join(sb.root, "other");
    mkdirSync(join(other, ".git"), { recursive: true });
    // the user's config has comments (staso init): they stay
    writeFileSync(join(sb.home, "config.json"), USER_STARTER);
    const sub = join(sb.project, "src");
    mkdirSync(sub);
    const r = await atTerminal(sb, ["allow", "git/force-push", "--here", "--for", "30m", "--reason", "my branch"], {
      cwd: sub,
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`git/force-push will let calls through in ${sb.project} for 30 min`);
    expect(r.stdout).toContain("a project's own config can only make staso stricter");
    const text = config(sb);
    expect(text.startsWith(USER_STARTER.split('  "allow": [')[0]!)).toBe(true);
    expect(text).toContain("// How strict the built-in rules are");

    expect(check(sb, sb.project)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ALLOW/) });
    expect(check(sb, sub).code).toBe(0);
    expect(check(sb, other)).toMatchObject({ code: 1, stdout: expect.stringMatching(/^BLOCK/) });
    // a folder whose name only starts like the project's is another project
    const lookalike = `${sb.project}2`;
    mkdirSync(join(lookalike, ".git"), { recursive: true });
    expect(check(sb, lookalike).code).toBe(1);
    expect(await hookDenies(sb, sb.project)).toEqual(impls.map(() => false));
    expect(await hookDenies(sb, other)).toEqual(impls.map(() => true));

    const rules = cli(["rules", "--cwd", sb.project], { env: human(sb) });
    expect(rules.stdout).toMatch(
      new RegExp(
        `allow\\[0\\]: staso allow: in ${sb.project}, by \\S+ at [\\d-]+ [\\d:]+ UTC: my branch — expires [\\d-]+ [\\d:]+ UTC`,
      ),
    );
    const list = await atTerminal(sb, ["allow", "--list", "--json"]);
    expect(list.json).toEqual([
      expect.objectContaining({ rules: ["git/force-push"], projects: [sb.project], expired: false }),
    ]);

    // again: the same exception is replaced, not added twice; --remove ends it
    await atTerminal(sb, ["allow", "git/force-push", "--here", "--for", "2h"]);
    expect(config(sb).match(/staso allow: /g)).toHaveLength(1);
    const removed = await atTerminal(sb, ["allow", "git/force-push", "--here", "--remove"]);
    expect(removed.stdout).toContain("is removed from");
    expect(config(sb)).not.toContain("staso allow: ");
    expect(check(sb, sb.project).code).toBe(1);
  }, 120_000);

  it("an ended exception stops by itself and the next staso allow removes it; hand-written entries stay", async () => {
    const sb = sandbox();
    const hand = {
      rules: ["network/private-address"],
      reason: "my own, ended",
      expires: "2020-01-01",
    };
    sb.user({ allow: [hand] });
    await atTerminal(sb, ["allow", "git/force-push", "--here", "--for", "1h"]);
    writeFileSync(
      join(sb.home, "config.json"),
      config(sb).replace(/"expires": "[^"]+T[^"]+"/, `"expires": "${new Date(Date.now() - 1000).toISOString()}"`),
    );
    expect(check(sb, sb.project).code).toBe(1);
    expect(await hookDenies(sb, sb.project)).toEqual(impls.map(() => true));
    expect(cli(["rules", "--cwd", sb.project], { env: human(sb) }).stdout).toMatch(/staso allow: .*EXPIRED/);

    const next = await atTerminal(sb, ["allow", "git/reset-hard", "--here", "--json"]);
    expect(next.json).toMatchObject({ rule: "git/reset-hard", expiredRemoved: 1 });
    const after = JSON.parse(config(sb));
    expect(after.allow).toEqual([hand, expect.objectContaining({ rules: ["git/reset-hard"] })]);
  }, 60_000);

  it("a project reached through a link: the exception holds for both spellings of its folder", async () => {
    const sb = sandbox();
    const link = join(sb.root, "link");
    symlinkSync(sb.project, link);
    await atTerminal(sb, ["allow", "git/force-push", "--project", link]);
    expect(check(sb, sb.project).code).toBe(0);
    expect(check(sb, link).code).toBe(0);
  });

  it("a config.json that is a link (kept in a dotfiles repository) stays a link; its target gets the entry", async () => {
    const sb = sandbox();
    const real = sb.write("dotfiles/staso.json", '{\n  // mine\n  "level": "standard"\n}\n');
    symlinkSync(real, join(sb.home, "config.json"));
    expect((await atTerminal(sb, ["allow", "git/force-push", "--here"])).code).toBe(0);
    expect(lstatSync(join(sb.home, "config.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toMatch(/\/\/ mine[\s\S]*staso allow: in /);
    expect(check(sb, sb.project).code).toBe(0);
  });

  it("--here in a folder without .git under a home kept in git is that folder, not the whole home", async () => {
    const sb = sandbox();
    // the sandbox's HOME is its root: give it a .git (dotfiles), and work in a folder below it with none
    mkdirSync(join(sb.root, ".git"), { recursive: true });
    const loose = join(sb.root, "scratch", "tool");
    mkdirSync(loose, { recursive: true });
    const r = await atTerminal(sb, ["allow", "git/force-push", "--here", "--json"], { cwd: loose });
    expect(r.json).toMatchObject({ project: loose });
    expect(check(sb, loose).code).toBe(0);
    expect(check(sb, sb.project).code).toBe(1);
  });

  it("a folder name with glob characters matches only itself", async () => {
    const sb = sandbox();
    const odd = join(sb.root, "a*b[c]");
    const near = join(sb.root, "aXXbc");
    for (const d of [odd, near]) mkdirSync(join(d, ".git"), { recursive: true });
    expect((await atTerminal(sb, ["allow", "git/force-push", "--project", odd])).code).toBe(0);
    expect(check(sb, odd).code).toBe(0);
    expect(check(sb, near).code).toBe(1);
  });

  it("is refused without a terminal and inside an agent's session; the config is not touched", async () => {
    const sb = sandbox();
    sb.user({ level: "standard" });
    const before = config(sb);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...human(sb) })) if (v !== undefined) env[k] = v;
    const r = spawnSync("setsid", ["-w", process.execPath, LAUNCHER, "allow", "git/force-push", "--here"], {
      env,
      cwd: sb.project,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/making an exception to a rule needs your terminal, to ask for the approval passphrase/);
    const t = await atTerminal(sb, ["allow", "git/force-push", "--here"], { env: { CODEX_THREAD_ID: "x" } });
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/CODEX_THREAD_ID is set/);
    const wrong = await atTerminal(sb, ["allow", "git/force-push", "--here"], { typed: "not the passphrase" });
    expect(wrong).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/not the approval passphrase; no exception was made/),
    });
    expect(config(sb)).toBe(before);
  });

  it("says what is wrong with the command (exit 2), and never lifts the rules that guard the guard", async () => {
    const sb = sandbox();
    const run = (...args: string[]) => atTerminal(sb, ["allow", ...args]);
    expect(await run("git/force-push")).toMatchObject({ code: 2, stderr: expect.stringMatching(/add --here/) });
    expect(await run("git/force-psuh", "--here")).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/names no rule in force .*did you mean git\/force-push/),
    });
    expect(await run("git/force-push", "--here", "--for", "8d")).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/longer than .*\(7 days\)/),
    });
    for (const guard of ["paths/protected-write", "paths/escalation-self-approval", "paths", "*", "paths/*"])
      expect([guard, (await run(guard, "--here")).code]).toEqual([guard, 2]);
    expect((await run("paths", "--here")).stderr).toMatch(
      /does not lift paths\/(protected-write|escalation-self-approval) or paths\/.*Name the rule you mean/,
    );
    // a pack is every rule of it
    expect((await run("git", "--here", "--json")).json).toMatchObject({
      rule: "git/*",
      rules: expect.arrayContaining(["git/force-push"]),
    });
  });

  it("when.cwd is checked like every other condition", async () => {
    const sb = sandbox();
    sb.user({ allow: [{ rules: ["git/force-push"], when: { cwd: { glob: 42 } }, reason: "x" }] });
    const r = cli(["rules"], { env: human(sb), cwd: sb.project });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/allow\[0\]\.when\.cwd\.glob must be/);
  });

  it("the same exception in a project's own config is ignored, and staso says so", async () => {
    const sb = sandbox();
    sb.projectConfig({ allow: [{ rules: ["git/force-push"], reason: "we force-push here" }] });
    const r = check(sb, sb.project);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/a project cannot allow what the user's or the built-in rules stop/);
  });
});
