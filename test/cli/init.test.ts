// staso init: starter configs with comments that load as written (through the same loader the hook uses),
// for the user and for a project, never written over an existing config.
import { describe, expect, it } from "vitest";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli } from "../policy/cli-support.js";
import { sandbox, load, callIn, decide } from "../policy/support.js";
import { claudePayload } from "../support/calls.js";
import { HOOK_IMPLS, nativeHookAvailable, runHook } from "../support/hook-process.js";
import { PROJECT_STARTER, USER_STARTER } from "../../src/cli/init.js";

describe("staso init", () => {
  it("writes the user's starter config (0600, with comments) that the policy loads as staso's defaults", async () => {
    const sb = sandbox();
    const r = cli(["init"], { env: sb.env, cwd: sb.project });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const file = join(sb.home, "config.json");
    expect(r.stdout).toContain(`created ${file}`);
    expect(readFileSync(file, "utf8")).toBe(USER_STARTER);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { policy } = await load(sb, { fresh: true });
    expect(policy.sources).toEqual([file]);
    expect(policy).toMatchObject({ failMode: "closed", level: "standard", timeoutSeconds: 10, environment: "dev" });
    // the defaults, spelled out: a force-push to main is stopped as without any config
    const d = await decide(await load(sb), callIn(sb.project, "Bash", { command: "git push --force origin main" }));
    expect(d.action).toBe("block");
    // and the hooks (Node and native) read it, comments and all
    for (const impl of HOOK_IMPLS.filter((i) => i === "node" || nativeHookAvailable())) {
      const h = await runHook(claudePayload("Bash", { command: "git push --force origin main" }, { cwd: sb.project }), {
        impl,
        args: ["--target", "claude-code"],
        env: { ...sb.env, STASO_GUARD_ENABLED: undefined },
      });
      expect([impl, h.stderr, h.json?.hookSpecificOutput?.permissionDecisionReason]).toEqual([
        impl,
        "",
        expect.stringMatching(/git\/force-push/),
      ]);
    }
    // and doctor, rules and setup read it
    expect(cli(["rules", "--json"], { env: sb.env, cwd: sb.project }).json.sources).toEqual([file]);
    const setup = cli(["setup", "--target", "claude-code", "--fail-mode", "open", "--dry-run"], {
      env: sb.env,
      cwd: sb.project,
    });
    expect(setup.stderr).toBe("");
    expect(setup.stdout).toMatch(/staso config/);
  });

  it("writes a project's starter config whose own tests pass under staso test", () => {
    const sb = sandbox();
    const r = cli(["init", "--project", "--json"], { env: sb.env, cwd: sb.project });
    expect(r.code).toBe(0);
    const file = join(sb.project, "staso.config.json");
    expect(r.json).toEqual({ created: true, file });
    expect(readFileSync(file, "utf8")).toBe(PROJECT_STARTER);
    const t = cli(["test", "--cwd", sb.project, "--no-builtin", "--json"], { env: sb.env });
    expect(t.stderr).toBe("");
    expect(t.code).toBe(0);
    expect(JSON.stringify(t.json)).toMatch(/a force-push to main is stopped/);
  });

  it("never writes over a config that is there, and says where it is (exit 1)", () => {
    const sb = sandbox();
    const user = sb.user({ level: "strict" });
    const r = cli(["init"], { env: sb.env, cwd: sb.project });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`already have a staso config: ${user}`);
    expect(readFileSync(user, "utf8")).toBe(JSON.stringify({ level: "strict" }, null, 2));

    // a project config under any of its names, package.json#staso included
    const pkg = sb.write("proj/package.json", { name: "x", staso: { level: "strict" } });
    const p = cli(["init", "--project"], { env: sb.env, cwd: sb.project });
    expect(p.code).toBe(1);
    expect(p.stderr).toContain(`this project already has a staso config: ${pkg}`);
    const rc = sb.write("proj/.stasorc.yaml", "level: strict\n");
    writeFileSync(pkg, "{}");
    expect(cli(["init", "--project-dir", sb.project], { env: sb.env }).stderr).toContain(rc);
  });

  it("in a subfolder of a configured project, says the new file takes the parent's place there", () => {
    const sb = sandbox();
    const parent = sb.projectConfig({ level: "strict" });
    const sub = join(sb.project, "packages", "app");
    sb.write("proj/packages/app/README.md", "app");
    const r = cli(["init", "--project"], { env: sb.env, cwd: sub });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${parent} applied here until now`);
  });

  it("every example the starters hold commented out is valid too, once uncommented", async () => {
    const example = /^(\s*)\/\/ (\s*(?:"[\w/.~-]+": |\{|\}|"~\/))/;
    for (const [starter, place] of [
      [USER_STARTER, "user"],
      [PROJECT_STARTER, "project"],
    ] as const) {
      const lines = starter.split("\n");
      const open = lines.findIndex((l) => l.startsWith("{"));
      const uncommented = lines.map((l, i) => (i > open ? l.replace(example, "$1$2") : l)).join("\n");
      expect(uncommented).not.toBe(starter);
      const sb = sandbox();
      if (place === "user") sb.write("home/config.json", uncommented);
      else sb.projectConfig(uncommented);
      const { policy } = await load(sb, { fresh: true });
      expect(policy.sources).toHaveLength(1);
      expect(policy.layers[0]!.config).toMatchObject(
        place === "user"
          ? {
              rules: { "git/force-push": expect.anything() },
              allow: [expect.anything()],
              trustedProjects: ["~/code/my-own-project"],
            }
          : { level: "strict", customRules: [expect.objectContaining({ id: "team/no-publish" })] },
      );
    }
  });

  it("a config with comments that is broken names the file, line and column", () => {
    const sb = sandbox();
    sb.write("home/config.json", '// mine\n{\n  "level": "strict"\n  "failMode": "open"\n}\n');
    const r = cli(["rules"], { env: sb.env, cwd: sb.project });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/config\.json is not valid JSON \(line 4, column 3: comma expected\)/);
  });
});
