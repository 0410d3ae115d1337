// A large user + project config (test/support/large-config.ts: 200 custom rules of four kinds, allow-list
// entries, tests, settings for 30 built-in rules) loads whole and decides right, in process and in the
// real hook. What it costs the hook is measured by the bench (npm run bench: bench/scenarios.mjs).
import { describe, expect, it } from "vitest";
import { claudePayload } from "../support/calls.js";
import { runHook } from "../support/hook-process.js";
import { largeConfigFiles } from "../support/large-config.js";
import { callIn, decide, load, sandbox, setting } from "./support.js";

const EVERYDAY = "git status && npm test -- --run 2>&1 | tail -n 20";

function withLargeConfig() {
  const sb = sandbox();
  const files = largeConfigFiles();
  sb.user(files.user);
  sb.projectConfig(files.project);
  return { sb, files };
}

describe("a large user + project config", () => {
  it("every rule of both files is in force, and each kind of rule decides right", async () => {
    const { sb, files } = withLargeConfig();
    const loaded = await load(sb);
    for (const id of ["team/rule-0", "team/rule-99", "team/rule-100", "team/rule-199"])
      expect(setting(loaded, id).mode, id).toBe("enforce");
    const action = async (tool: string, input: Record<string, unknown>) =>
      (await decide(loaded, callIn(sb.project, tool, input))).action;
    expect(await action("Bash", { command: EVERYDAY })).toBe("allow");
    // The config's own tests: a deploy to prod, for a rule of each file.
    for (const t of [...files.user.tests, ...files.project.tests])
      expect(await action(t.tool, t.input), t.input.command).toBe(t.expect);
    expect(await action("Bash", { command: "tool102 delete --force" })).toBe("block"); // shell match
    expect(await action("Bash", { command: "tool102 list --force" })).toBe("allow");
    expect(await action("mcp__svc1__pay", { args: { amount: 5000 } })).toBe("block"); // tool glob + number
    expect(await action("mcp__svc1__pay", { args: { amount: 5 } })).toBe("allow");
    expect(await action("Write", { file_path: `${sb.project}/config/secrets-3/db.txt`, content: "x" })).toBe("block"); // path glob
    expect(await action("Bash", { command: "deploy-140 --env=prod" })).toBe("escalate"); // every fifth rule escalates
    // The allow-list: entry k lets rule k's calls through when the command says safe-k.
    expect(await action("Bash", { command: "deploy-4 --env=prod # safe-4" })).toBe("allow");
    expect(await action("Bash", { command: "deploy-4 --env=prod # safe-5" })).toBe("block");
  });

  it("the real hook lets an everyday call through silently and blocks what a custom rule forbids", async () => {
    const { sb } = withLargeConfig();
    const env = { STASO_HOME: sb.home };
    const everyday = await runHook(claudePayload("Bash", { command: EVERYDAY }, { cwd: sb.project }), { env });
    expect(everyday).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const deploy = await runHook(claudePayload("Bash", { command: "deploy-104 --env=staging" }, { cwd: sb.project }), {
      env,
    });
    expect(deploy.code).toBe(0);
    expect(deploy.json.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(deploy.json.hookSpecificOutput.permissionDecisionReason).toMatch(/\[rule team\/rule-104\]/);
  });
});
