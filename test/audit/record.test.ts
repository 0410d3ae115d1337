import { describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildRecord, inputLossOf, spanName, type AuditRecord } from "../../src/audit/record.js";
import { MAX_STRING } from "../../src/audit/mask.js";
import { MAX_RECORD_BYTES, serializeRecord } from "../../src/audit/store.js";
import type { Decision } from "../../src/engine/types.js";
import { AWS_KEY_ID, AWS_SECRET_LINE, PRIVATE_KEY, SECRETS, allow, block, call } from "./fixtures.js";

const noSecrets = (text: string) => {
  for (const s of SECRETS) expect(text).not.toContain(s);
};

describe("audit record", () => {
  it("names spans as the seeds do, with their statuses", () => {
    expect(spanName("block", "Write")).toBe("guard:blocked:Write");
    expect(spanName("modify", "Bash")).toBe("guard:modified:Bash");
    expect(spanName("audit", "Edit")).toBe("guard:would-block:Edit");
    const blocked = buildRecord(call({ tool: "Write" }), block(), 3);
    expect([blocked.span, blocked.status, blocked.action]).toEqual(["guard:blocked:Write", "error", "block"]);
    const modified = buildRecord(
      call(),
      {
        action: "modify",
        reason: "flag removed",
        ruleId: "x/y",
        modifiedInput: { command: "ls" },
        verdicts: [{ ruleId: "x/y", action: "modify", mode: "enforce", reason: "flag removed", ms: 1 }],
      },
      3,
    );
    expect([modified.span, modified.status]).toEqual(["guard:modified:Bash", "ok"]);
    const audit = buildRecord(
      call({ tool: "Edit" }),
      {
        action: "allow",
        reason: "",
        verdicts: [{ ruleId: "r/a", action: "block", mode: "audit", reason: "would block", ms: 1 }],
      },
      3,
    );
    expect([audit.span, audit.status, audit.action]).toEqual(["guard:would-block:Edit", "ok", "audit"]);
  });

  it("carries time, host, session, agent, cwd, project, tool, event, rules with verdicts and modes, latency, an id", () => {
    const when = new Date("2025-06-01T10:00:00.123Z");
    const r = buildRecord(
      call({ session: { id: "s-1", agentId: "agent-7", cwd: "/nowhere/at/all" }, event: "post" }),
      block(),
      12.3456,
      when,
    );
    expect(r).toMatchObject({
      v: 2,
      time: "2025-06-01T10:00:00.123Z",
      host: "claude-code",
      event: "post",
      session: "s-1",
      agentId: "agent-7",
      cwd: "/nowhere/at/all",
      project: "/nowhere/at/all",
      tool: "Bash",
      toolUseId: "toolu_1",
      latencyMs: 12.35,
      ruleId: "filesystem/rm-root-or-home",
    });
    expect(r.rules).toEqual([
      {
        ruleId: "filesystem/rm-root-or-home",
        action: "block",
        mode: "enforce",
        reason: "Blocked: deletes the root",
        ms: 0.12,
      },
    ]);
    expect(r.id).toMatch(/^[0-9a-f]{16}$/);
    expect(buildRecord(call(), allow(), 1).id).not.toBe(r.id);
  });

  it("finds the project: the nearest folder with a .git above cwd", () => {
    const root = mkdtempSync(join(tmpdir(), "staso-proj-"));
    mkdirSync(join(root, ".git"));
    mkdirSync(join(root, "src", "deep"), { recursive: true });
    expect(buildRecord(call({ session: { cwd: join(root, "src", "deep") } }), allow(), 1).project).toBe(root);
  });

  it("masks secrets in every field: input, modified input, reason, rule reasons, failure, cwd, session", () => {
    const decision: Decision = {
      action: "modify",
      reason: `rewrote the call that had ${AWS_KEY_ID}`,
      ruleId: "secrets/x",
      modifiedInput: { command: `echo ${AWS_SECRET_LINE}`, nested: [{ key: PRIVATE_KEY }] },
      verdicts: [
        { ruleId: "secrets/x", action: "modify", mode: "enforce", reason: `found ${AWS_SECRET_LINE}`, ms: 1 },
        { ruleId: "secrets/y", action: "block", mode: "audit", reason: `and ${PRIVATE_KEY}`, ms: 1 },
      ],
      failure: `rule failed on ${AWS_KEY_ID}`,
    };
    const r = buildRecord(
      call({
        input: { command: `export ${AWS_SECRET_LINE}; aws s3 ls # ${AWS_KEY_ID}`, file: PRIVATE_KEY },
        session: { id: `sess ${AWS_KEY_ID}`, cwd: `/tmp/${AWS_KEY_ID}` },
        toolUseId: `t-${AWS_KEY_ID}`,
      }),
      decision,
      1,
    );
    const line = serializeRecord(r);
    noSecrets(line);
    expect(JSON.stringify(r.input)).toContain("aws s3 ls");
    expect(JSON.stringify(r.modifiedInput)).toContain("echo");
    expect(r.reason).toContain("rewrote the call");
    expect(r.rules[0]!.reason).toContain("found");
    expect(r.failure).toContain("rule failed on");
    for (const field of [
      r.input,
      r.modifiedInput,
      r.reason,
      r.rules[0]!.reason,
      r.rules[1]!.reason,
      r.failure,
      r.cwd,
      r.session,
      r.toolUseId,
    ])
      expect(JSON.stringify(field)).toMatch(/REDACTED/);
  });

  it("caps sizes: long strings keep their head, a huge record stays one line under the cap", () => {
    const long = "x".repeat(MAX_STRING * 3);
    const r = buildRecord(call({ tool: "Write", input: { file_path: "a.txt", content: long } }), allow(), 1);
    const content = (r.input as { content: string }).content;
    expect(content.length).toBeLessThan(MAX_STRING + 64);
    expect(content).toMatch(/more characters\]$/);

    const many: Record<string, string> = {};
    for (let i = 0; i < 200; i++) many[`k${i}`] = "y".repeat(MAX_STRING);
    const huge: AuditRecord = buildRecord(call({ input: many }), { ...block(), modifiedInput: many }, 1);
    const line = serializeRecord(huge);
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_RECORD_BYTES);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    const back = JSON.parse(line) as AuditRecord;
    expect(back.id).toBe(huge.id);
    expect(back.span).toBe("guard:blocked:Bash");
  });

  it("keeps what a replay needs (v2): the staso version, and for a tool's result its size, duration and error", () => {
    const pre = buildRecord(call(), allow(), 1);
    expect(pre).toMatchObject({ v: 2, host: "claude-code", event: "pre", tool: "Bash", cwd: "/home/dev/proj" });
    expect(pre.staso).toEqual(expect.any(String));
    expect(pre.inputLoss).toBeUndefined();
    expect(pre.outputBytes).toBeUndefined();

    const post = buildRecord(
      { ...call({ event: "post" }), outputText: "héllo\n", raw: { duration_ms: 41.6 } },
      allow(),
      1,
    );
    expect(post).toMatchObject({ event: "post", outputBytes: 7, durationMs: 42 });
    expect(post).not.toHaveProperty("error");
    expect(buildRecord({ ...call({ event: "post" }) }, allow(), 1).outputBytes).toBe(0);

    const failed = buildRecord(
      {
        ...call({ event: "post-failure" }),
        error: `EACCES: permission denied, ${AWS_KEY_ID}`,
        raw: { is_interrupt: true },
      },
      allow(),
      1,
    );
    expect(failed).toMatchObject({ event: "post-failure", interrupted: true });
    expect(failed.error).toContain("EACCES: permission denied");
    expect(failed.error).not.toContain(AWS_KEY_ID);
    expect(failed).not.toHaveProperty("outputBytes");

    const mcp = buildRecord(
      { ...call({ tool: "mcp__github__create_issue" }), mcp: { server: "github", tool: "create_issue" } },
      allow(),
      1,
    );
    expect(mcp.mcpServer).toBe("github");
    expect(buildRecord({ ...call(), unreadable: true }, allow(), 1).unreadable).toBe(true);
  });

  it("says what masking changed in the stored input: a secret, a cut string, both, or nothing", () => {
    const loss = (input: Record<string, unknown>) => buildRecord(call({ input }), allow(), 1).inputLoss;
    expect(loss({ command: "ls -la", n: 3, deep: [{ a: "b" }, null, true] })).toBeUndefined();
    expect(loss({ command: `export ${AWS_SECRET_LINE}` })).toEqual(["secret"]);
    expect(loss({ deep: [{ key: PRIVATE_KEY }] })).toEqual(["secret"]);
    expect(loss({ content: "z".repeat(MAX_STRING + 1) })).toEqual(["capped"]);
    expect(loss({ content: `${AWS_KEY_ID} ${"z".repeat(MAX_STRING)}` })).toEqual(["secret", "capped"]);
    expect(loss({ a: "z".repeat(MAX_STRING * 2), b: `x ${AWS_KEY_ID}` })).toEqual(["secret", "capped"]);

    // Whatever masked a value (a field masked whole, a value replaced by another shape) reads as a secret.
    expect(inputLossOf({ password: "hunter2" }, { password: "[masked]" })).toEqual(["secret"]);
    expect(inputLossOf({ auth: { user: "u", pass: "p" } }, { auth: "[masked]" })).toEqual(["secret"]);
    expect(inputLossOf({ a: 1, b: 2 }, { a: 1 })).toEqual(["secret"]);
    expect(inputLossOf({ list: [1, 2] }, { list: [1] })).toEqual(["secret"]);
  });

  it("marks an input shortened or dropped to keep the record one write as capped", () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 40; i++) many[`k${i}`] = "y".repeat(MAX_STRING);
    const shortened = JSON.parse(serializeRecord(buildRecord(call({ input: many }), allow(), 1))) as AuditRecord;
    expect(shortened.inputLoss).toEqual(["capped"]);
    expect((shortened.input as Record<string, string>).k0).toMatch(/more characters\]$/);

    const lots: Record<string, string> = {};
    for (let i = 0; i < 400; i++) lots[`k${i}`] = `${AWS_KEY_ID} ${"y".repeat(600)}`;
    const dropped = JSON.parse(serializeRecord(buildRecord(call({ input: lots }), allow(), 1))) as AuditRecord;
    expect(dropped.input).toBe("[omitted: record too large]");
    expect(dropped.inputLoss).toEqual(["secret", "capped"]);
  });
});
