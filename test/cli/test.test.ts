import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cli } from "../policy/cli-support.js";
import { sandbox } from "../policy/support.js";

const PUBLISH = {
  id: "team/no-publish",
  reason: "CI publishes.",
  action: "block",
  when: { shell: { program: "npm", subcommand: "publish" } },
};
const TESTS = [
  {
    name: "publish is blocked",
    tool: "Bash",
    input: { command: "npm publish" },
    expect: "block",
    rule: "team/no-publish",
  },
  { name: "tests run", tool: "Bash", input: { command: "npm test" }, expect: "allow" },
  {
    name: "no-verify is dropped",
    tool: "Bash",
    input: { command: "git commit --no-verify -m x" },
    expect: "modify",
    expectInput: { command: "git commit -m x" },
  },
  {
    name: "rm -rf / stays blocked",
    tool: "Bash",
    input: { command: "rm -rf /" },
    expect: "block",
    rule: "filesystem/rm-root-or-home",
  },
];
const VERIFY = {
  id: "team/verify",
  reason: "Hooks run.",
  action: "modify",
  when: { shell: { program: "git", flags: ["--no-verify"] } },
  modify: { dropFlags: ["--no-verify"] },
};

describe("staso test", () => {
  it("a bad policy flag is one line, exit 2", () => {
    const sb = sandbox();
    const r = cli(["test", "--timeout", "0"], { env: { STASO_HOME: sb.home } });
    expect([r.code, r.stderr]).toEqual([
      2,
      'staso: --timeout must be a number of seconds above 0 and at most 600, not "0".\n',
    ]);
  });

  it("passes when every config test and built-in pack test passes", () => {
    const sb = sandbox();
    sb.projectConfig({ customRules: [PUBLISH, VERIFY], tests: TESTS });
    const r = cli(["test", "--cwd", sb.project], { env: { STASO_HOME: sb.home } });
    expect(r.stdout).toMatch(/^✓ .*staso\.config\.json: tests\[0\]: publish is blocked \(block\)$/m);
    // Every built-in rule's must-block and must-allow examples, one line per rule when they pass.
    expect(r.stdout).toMatch(/^✓ built-in filesystem\/rm-root-or-home: \d+ examples passed$/m);
    expect(r.stdout).toMatch(/^✓ built-in session\/retry-loop: \d+ examples passed$/m);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    expect(r.code).toBe(0);
  });

  it("fails (exit 1) when a custom rule regresses, saying what was expected", () => {
    const sb = sandbox();
    const file = sb.projectConfig({ customRules: [PUBLISH, VERIFY], tests: TESTS });
    expect(cli(["test", "--cwd", sb.project], { env: { STASO_HOME: sb.home } }).code).toBe(0);
    // Someone "simplifies" the rule: it now only matches `npm publish --tag …`.
    writeFileSync(
      file,
      JSON.stringify({
        customRules: [
          { ...PUBLISH, when: { shell: { program: "npm", subcommand: "publish", flags: ["--tag"] } } },
          VERIFY,
        ],
        tests: TESTS,
      }),
    );
    const r = cli(["test", "--cwd", sb.project, "--json"], { env: { STASO_HOME: sb.home } });
    expect(r.code).toBe(1);
    expect(r.json.failed).toBe(1);
    expect(r.json.results.find((x: any) => !x.ok)).toMatchObject({
      name: "publish is blocked",
      expect: "block",
      got: "allow",
      problem: "expected block, got allow",
    });
  });

  it("fails when the user's config turns off a rule the team's tests rely on, or a rewrite changes", () => {
    const sb = sandbox();
    sb.user({ rules: { "filesystem/rm-root-or-home": "off" } });
    sb.projectConfig({
      customRules: [
        PUBLISH,
        {
          ...VERIFY,
          modify: { dropFlags: ["--no-verify"], replace: [{ path: "command", regex: " -m ", with: " --message " }] },
        },
      ],
      tests: TESTS,
    });
    const r = cli(["test", "--cwd", sb.project, "--no-builtin"], { env: { STASO_HOME: sb.home } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ .*tests\[3\]: rm -rf \/ stays blocked\n {4}expected block, got allow$/m);
    expect(r.stdout).toMatch(
      /✗ .*tests\[2\]: no-verify is dropped\n {4}expected command = "git commit -m x", got "git commit --message x"$/m,
    );
    expect(r.stdout).toMatch(/^\d+ passed, 2 failed$/m);
  });

  it("fails when a plugin rule regresses", () => {
    const sb = sandbox();
    sb.trustProjectDir();
    const plugin = sb.write(
      "proj/guards.mjs",
      `export default [{ meta: { id: "acme/no-prod", description: "d", defaultAction: "block", kinds: ["shell"] }, check: (c) => (c.input.command.includes("--env prod") ? { reason: "not prod" } : null) }];`,
    );
    sb.projectConfig({
      plugins: ["./guards.mjs"],
      tests: [{ tool: "Bash", input: { command: "deploy --env prod" }, expect: "block", rule: "acme/no-prod" }],
    });
    expect(cli(["test", "--cwd", sb.project, "--no-builtin"], { env: { STASO_HOME: sb.home } }).code).toBe(0);
    writeFileSync(
      plugin,
      `export default [{ meta: { id: "acme/no-prod", description: "d", defaultAction: "block", kinds: ["shell"] }, check: () => null }];`,
    );
    const r = cli(["test", "--cwd", sb.project, "--no-builtin"], { env: { STASO_HOME: sb.home } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/expected block, got allow/);
  });

  it("with no tests it says how to add one and runs the built-in packs' tests", () => {
    const sb = sandbox();
    const r = cli(["test", "--cwd", sb.project, "--json"], { env: { STASO_HOME: sb.home } });
    expect(r.json.results.every((x: any) => x.source.startsWith("built-in "))).toBe(true);
    expect(r.json.passed).toBeGreaterThan(5);
    expect(r.json.results).toContainEqual(
      expect.objectContaining({
        source: "built-in git/force-push",
        name: "stops git push --force origin main (codex)",
        expect: "block",
        got: "block",
        ok: true,
      }),
    );
    expect(r.code).toBe(r.json.failed === 0 ? 0 : 1);
  });
});
