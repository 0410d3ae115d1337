// mcp/side-effects: classification table and the policy modes, on both hosts.
import { describe, expect, it } from "vitest";
import { claudeCall, codexCall, ruleAction } from "../../support/calls.js";
import { rendered } from "../support.js";
import sideEffects from "../../../src/rules/mcp/side-effects.js";
import { classifySql, classifyToolName } from "../../../src/rules/mcp/classify.js";

describe("classification", () => {
  it.each([
    ["get_user", "read"],
    ["list_issues", "read"],
    ["search_code", "read"],
    ["browser_snapshot", "read"],
    ["query", "read"],
    ["create_issue", "write"],
    ["updatePullRequest", "write"],
    ["push_files", "write"],
    ["browser_click", "write"],
    ["send_message", "write"],
    ["delete_repository", "destructive"],
    ["drop_table", "destructive"],
    ["purgeCache", "destructive"],
    ["remove_member", "destructive"],
    ["force_push", "destructive"],
    ["frobnicate", "unknown"],
  ])("%s is %s", (name, cls) => expect(classifyToolName(name)).toBe(cls));

  it.each([
    ["SELECT * FROM users WHERE id = 1", "read"],
    ["WITH t AS (SELECT 1) SELECT * FROM t", "read"],
    ["EXPLAIN ANALYZE SELECT 1", "read"],
    ["INSERT INTO logs VALUES (1)", "write"],
    ["UPDATE users SET name = 'drop table' WHERE id = 2", "write"],
    ["DELETE FROM users", "destructive"],
    ["DROP TABLE users;", "destructive"],
    ["TRUNCATE audit", "destructive"],
    ["ALTER TABLE t DROP COLUMN c", "destructive"],
    ["SELECT 1; DROP TABLE users", "destructive"],
    ["-- DROP TABLE users\nSELECT 1", "read"],
  ])("SQL %s is %s", (sql, cls) => expect(classifySql(sql)).toBe(cls));
});

describe("mcp/side-effects", () => {
  it("default (read-write): reads and writes run, destructive calls escalate to a human", async () => {
    expect((await ruleAction(sideEffects, claudeCall("mcp__github__list_issues", { repo: "a/b" }))).action).toBe(
      "allow",
    );
    expect((await ruleAction(sideEffects, claudeCall("mcp__github__create_issue", { title: "x" }))).action).toBe(
      "allow",
    );
    const call = claudeCall("mcp__github__delete_repository", { repo: "a/b" });
    const d = await ruleAction(sideEffects, call);
    expect(d.action).toBe("escalate");
    expect(rendered(call, d).hookSpecificOutput.permissionDecision).toBe("ask");
    const cx = codexCall("mcp__github__delete_repository", { repo: "a/b" });
    const dx = await ruleAction(sideEffects, cx);
    expect(rendered(cx, dx).hookSpecificOutput.permissionDecision).toBe("deny");
    expect(rendered(cx, dx).hookSpecificOutput.permissionDecisionReason).toMatch(/human must approve/);
  });
  it("SQL in the arguments decides over a harmless name", async () => {
    const d = await ruleAction(sideEffects, claudeCall("mcp__postgres__query", { sql: "DROP TABLE users" }));
    expect(d.action).toBe("escalate");
    expect(d.reason).toMatch(/SQL that deletes or drops data/);
    expect(
      (await ruleAction(sideEffects, claudeCall("mcp__postgres__query", { sql: "SELECT count(*) FROM users" }))).action,
    ).toBe("allow");
  });
  it("a shell command in the arguments is classified too", async () => {
    // In read-write mode the shell rules judge it, as the same command in Bash (the engine's MCP views).
    expect(
      (await ruleAction(sideEffects, claudeCall("mcp__desktop__execute", { command: "rm -rf build" }))).action,
    ).toBe("allow");
    expect(
      (
        await ruleAction(sideEffects, claudeCall("mcp__desktop__execute", { command: "rm -rf build" }), {
          environment: "production",
        })
      ).action,
    ).toBe("block");
    expect(
      (await ruleAction(sideEffects, claudeCall("mcp__desktop__delete_tree", { command: "rm -rf build" }))).action,
    ).toBe("escalate");
    expect(
      (await ruleAction(sideEffects, claudeCall("mcp__desktop__execute", { command: "ls -la" }), { mode: "read-only" }))
        .action,
    ).toBe("block");
  });
  it("read-only mode blocks writes and unknown tools, allows reads", async () => {
    const p = { mode: "read-only" };
    expect((await ruleAction(sideEffects, claudeCall("mcp__github__create_issue", { title: "x" }), p)).action).toBe(
      "block",
    );
    expect((await ruleAction(sideEffects, claudeCall("mcp__x__frobnicate", {}), p)).action).toBe("block");
    expect((await ruleAction(sideEffects, claudeCall("mcp__github__get_issue", { n: 1 }), p)).action).toBe("allow");
    expect((await ruleAction(sideEffects, claudeCall("mcp__postgres__query", { sql: "SELECT 1" }), p)).action).toBe(
      "allow",
    );
  });
  it("production blocks destructive classes even in mode all", async () => {
    const p = { mode: "all", environment: "production" };
    expect((await ruleAction(sideEffects, claudeCall("mcp__db__drop_table", { t: "x" }), p)).action).toBe("block");
    expect((await ruleAction(sideEffects, claudeCall("mcp__db__insert_row", { t: "x" }), p)).action).toBe("allow");
    expect((await ruleAction(sideEffects, claudeCall("mcp__db__drop_table", { t: "x" }), { mode: "all" })).action).toBe(
      "allow",
    );
  });
  it("per-server allow and deny lists", async () => {
    expect(
      (await ruleAction(sideEffects, claudeCall("mcp__shady__get_data", {}), { deny_servers: ["shady"] })).action,
    ).toBe("block");
    expect(
      (await ruleAction(sideEffects, claudeCall("mcp__other__get_data", {}), { allow_servers: ["github"] })).action,
    ).toBe("block");
    expect(
      (await ruleAction(sideEffects, claudeCall("mcp__github__get_me", {}), { allow_servers: ["github"] })).action,
    ).toBe("allow");
  });
});
