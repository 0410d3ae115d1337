import { describe, expect, it } from "vitest";
import { cli } from "../policy/cli-support.js";
import { sandbox } from "../policy/support.js";

describe("staso check", () => {
  const setup = () => {
    const sb = sandbox();
    sb.projectConfig({
      customRules: [
        {
          id: "team/no-publish",
          reason: "CI publishes.",
          action: "block",
          when: { shell: { program: "npm", subcommand: "publish" } },
        },
        {
          id: "team/verify",
          reason: "Hooks must run.",
          action: "modify",
          when: { shell: { program: "git", flags: ["--no-verify"] } },
          modify: { dropFlags: ["--no-verify"] },
        },
      ],
      allow: [
        {
          rules: ["team/no-publish"],
          when: { input: { command: { contains: "--dry-run" } } },
          reason: "a dry run publishes nothing",
        },
      ],
    });
    return sb;
  };

  it("prints the decision and the rules that decided it (--verbose: every rule that looked); exit 1 on block", () => {
    const sb = setup();
    const args = ["check", "--cwd", sb.project, "--tool", "Bash", "--input", '{"command":"npm publish"}'];
    const r = cli(args, { env: { STASO_HOME: sb.home } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^BLOCK {2}Bash \(shell, claude-code, pre\) in /);
    expect(r.stdout).toMatch(/CI publishes\. \[rule team\/no-publish\]/);
    expect(r.stdout).toMatch(/^! team\/no-publish\s+enforce\s+block\s+fired/m);
    expect(r.stdout).not.toMatch(/quiet/);
    expect(r.stdout).toMatch(/\d+ rules looked and said nothing \(--verbose lists them\)/);
    expect(r.stdout.split("\n").length).toBeLessThan(12);
    // No colour codes in a pipe.
    expect(r.stdout).not.toMatch(/\u001b\[/);
    const verbose = cli([...args, "--verbose"], { env: { STASO_HOME: sb.home } });
    expect(verbose.code).toBe(1);
    expect(verbose.stdout).toMatch(/^· filesystem\/rm-root-or-home\s+enforce\s+block\s+quiet/m);
    // A rule that cannot apply to the call (git/force-push looks at git only) is not run, so not listed.
    expect(verbose.stdout).not.toMatch(/git\/force-push/);
    const allowed = cli(["check", "--cwd", sb.project, "--tool", "Bash", "--input", '{"command":"npm test"}'], {
      env: { STASO_HOME: sb.home },
    });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/^ALLOW {2}Bash/);
    // FORCE_COLOR colours it, as on a terminal.
    const coloured = cli(args, { env: { STASO_HOME: sb.home, FORCE_COLOR: "1", NO_COLOR: undefined } });
    expect(coloured.stdout).toMatch(/\u001b\[31mBLOCK/);
  });

  it("typos in the tool or its input are usage errors with a did-you-mean, never an allowed unknown call", () => {
    const sb = setup();
    const run = (tool: string, input: string, host = "claude-code") =>
      cli(["check", "--cwd", sb.project, "--host", host, "--tool", tool, "--input", input], {
        env: { STASO_HOME: sb.home },
      });
    const lower = run("bash", '{"command":"rm -rf ~"}');
    expect(lower.code).toBe(2);
    expect(lower.stderr).toMatch(/has no tool "bash" \(did you mean Bash\?\)/);
    const cmd = run("Bash", '{"cmd":"rm -rf ~"}');
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/not "cmd" \(did you mean command\?\)/);
    const missing = run("Write", '{"file_path":"a.txt"}');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Write on claude-code needs content/);
    const codexPatch = run("apply_pach", '{"command":"*** Begin Patch"}', "codex");
    expect(codexPatch.code).toBe(2);
    expect(codexPatch.stderr).toMatch(/did you mean apply_patch\?/);
    // MCP tools take any input.
    expect(run("mcp__github__create_issue", '{"title":"x"}').code).toBe(0);
    expect(run("Bash", '{"command":"ls","description":"list"}').code).toBe(0);
  });

  it("--json: decision, trace (fired, allowed, skipped), the rewritten input; codex payloads too", () => {
    const sb = setup();
    const j = cli(
      [
        "check",
        "--json",
        "--cwd",
        sb.project,
        "--host",
        "codex",
        "--tool",
        "Bash",
        "--input",
        '{"command":"git commit --no-verify -m x"}',
      ],
      { env: { STASO_HOME: sb.home } },
    ).json;
    expect(j.host).toBe("codex");
    expect(j.decision).toMatchObject({
      action: "modify",
      ruleId: "team/verify",
      modifiedInput: { command: "git commit -m x" },
    });
    expect(j.trace.find((t: any) => t.id === "team/verify")).toMatchObject({ status: "fired", source: "project" });
    expect(j.trace.find((t: any) => t.id === "secrets/written-content")).toMatchObject({ status: "skipped" });
    const allowed = cli(
      ["check", "--json", "--cwd", sb.project, "--tool", "Bash", "--input", '{"command":"npm publish --dry-run"}'],
      { env: { STASO_HOME: sb.home } },
    ).json;
    expect(allowed.decision.action).toBe("allow");
    expect(allowed.trace.find((t: any) => t.id === "team/no-publish")).toMatchObject({
      status: "allowed",
      detail: expect.stringMatching(/allow\[0\]: a dry run publishes nothing$/),
    });
  });

  it("flags act like the environment; the project still tightens", () => {
    const sb = sandbox();
    sb.projectConfig({ level: "paranoid" });
    const j = cli(
      [
        "check",
        "--json",
        "--cwd",
        sb.project,
        "--level",
        "standard",
        "--tool",
        "Bash",
        "--input",
        '{"command":"git push --force origin feature/x"}',
      ],
      { env: { STASO_HOME: sb.home } },
    ).json;
    expect(j.policy.level).toBe("paranoid");
    expect(j.decision.action).toBe("block");
  });

  it("usage errors are one line, exit 2", () => {
    const sb = sandbox();
    const env = { STASO_HOME: sb.home };
    expect(cli(["check", "--input", "{}"], { env }).stderr).toBe(
      "staso: --tool is required: the tool's name as the agent sends it (Bash, Write, apply_patch, mcp__server__tool, …).\n",
    );
    const bad = cli(["check", "--tool", "Bash", "--input", "{nope"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^staso: --input is not valid JSON \(/);
    expect(cli(["check", "--tool", "Bash", "--input", "[1]"], { env }).stderr).toBe(
      "staso: --input must be a JSON object (the tool input), not an array.\n",
    );
    expect(cli(["check", "--tool", "Bash", "--input", "{}", "--host", "not-an-agent"], { env }).stderr).toMatch(
      /^staso: --host must be one of claude-code, codex[a-z, -]*, not "not-an-agent"\.\n$/,
    );
    const mode = cli(["check", "--tool", "Bash", "--input", "{}", "--fail-mode", "maybe"], { env });
    expect([mode.code, mode.stderr]).toEqual([2, 'staso: --fail-mode must be closed or open, not "maybe".\n']);
  });

  it("check and test say what a project config asked for and did not get, instead of ignoring it silently", () => {
    const sb = sandbox();
    sb.projectConfig({
      rules: {
        "git/force-push": { params: { protectedBranches: ["main", "release"] } },
        "remote-exec/curl-pipe-shell": "audit",
      },
      tests: [{ tool: "Bash", input: { command: "ls" }, expect: "allow" }],
    });
    const checked = cli(["check", "--cwd", sb.project, "--tool", "Bash", "--input", '{"command":"ls"}'], {
      env: { STASO_HOME: sb.home },
    });
    expect(checked.stdout).toMatch(/^Not applied:$/m);
    expect(checked.stdout).toMatch(/rules\["git\/force-push"\]\.params ignored/);
    expect(checked.stdout).toMatch(/rules\["remote-exec\/curl-pipe-shell"\]\.mode "audit" ignored/);
    const tested = cli(["test", "--no-builtin", "--cwd", sb.project], { env: { STASO_HOME: sb.home } });
    expect(tested.code).toBe(0);
    expect(tested.stdout).toMatch(/^Not applied:$/m);
    expect(tested.stdout).toMatch(/rules\["git\/force-push"\]\.params ignored/);
    const json = cli(["test", "--no-builtin", "--json", "--cwd", sb.project], { env: { STASO_HOME: sb.home } }).json;
    expect(json.notApplied).toHaveLength(2);
  });
});
