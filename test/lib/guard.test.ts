// The library's guard() and guardOutput(), in process: the same engine, policy, session memory, escalation
// step and audit trail as the hook.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { guard, guardOutput, type GuardOptions } from "../../src/lib.js";
import { tempHome } from "../support/hook-process.js";
import { localEscalationStore } from "../../src/escalation/step.js";
import {
  createApprovalKey,
  signResolution,
  unlockApprovalKey,
  writeApprovalKey,
} from "../../src/escalation/approval-key.js";
import type { Escalation, Resolution } from "../../src/escalation/types.js";
import { cli } from "../escalation/support.js";
import { TEST_PASSPHRASE } from "../support/terminal.js";

const KEY = await createApprovalKey(TEST_PASSPHRASE, { N: 2 ** 10, r: 8, p: 1 });
const SIGNING = (await unlockApprovalKey(TEST_PASSPHRASE, KEY))!;
const HUMAN = { prove: (r: Resolution, e: Escalation) => signResolution(SIGNING, e, r) };

let home: string;
const saved = { ...process.env };
let warnings: string[] = [];
let n = 0;
/** A fresh session per test unless it says otherwise. */
const opts = (extra: GuardOptions["context"] = {}, more: Omit<GuardOptions, "context"> = {}): GuardOptions => ({
  context: { sessionId: `lib-test-${n}`, cwd: "/home/dev/proj", ...extra },
  onWarning: (m) => warnings.push(m),
  ...more,
});

beforeEach(() => {
  home = tempHome("staso-lib-");
  process.env.STASO_HOME = home;
  delete process.env.STASO_FAIL_MODE;
  delete process.env.STASO_ENVIRONMENT;
  warnings = [];
  n++;
});
afterEach(() => {
  process.env = { ...saved };
});

const records = (): any[] =>
  readdirSync(join(home, "audit"))
    .sort()
    .flatMap((f) =>
      readFileSync(join(home, "audit", f), "utf8")
        .split("\n")
        .filter(Boolean),
    )
    .map((l) => JSON.parse(l));

describe("guard(): the four actions", () => {
  it("allow: an everyday call, recorded in the audit trail as a library call", async () => {
    const r = await guard("Bash", { command: "git status" }, opts({ agentName: "my-agent" }));
    expect(r).toMatchObject({
      action: "allow",
      reason: "",
      ruleName: null,
      rulesTriggered: [],
      modifiedInput: null,
      escalationId: null,
      failure: null,
    });
    expect(r.latencyMs).toBeGreaterThan(0);
    expect(records()).toEqual([
      expect.objectContaining({
        host: "library",
        tool: "Bash",
        action: "allow",
        session: `lib-test-${n}`,
        agentId: "my-agent",
        span: "guard:allowed:Bash",
      }),
    ]);
  });

  it("block: the reason, the rule, every rule triggered", async () => {
    const r = await guard("run_command", { command: "rm -rf ~" }, opts());
    expect(r.action).toBe("block");
    expect(r.ruleName).toBe("filesystem/rm-root-or-home");
    expect(r.rulesTriggered).toContain("filesystem/rm-root-or-home");
    expect(r.reason).toContain("[rule filesystem/rm-root-or-home]");
    expect(r.modifiedInput).toBeNull();
  });

  it("modify: the input to run instead", async () => {
    const r = await guard("Bash", { command: "git push --force origin feature/x" }, opts());
    expect(r).toMatchObject({
      action: "modify",
      ruleName: "git/force-push",
      modifiedInput: { command: "git push --force-with-lease origin feature/x" },
    });
  });

  it("escalate: at once, with an escalation id a human can approve; then the same call is allowed", async () => {
    const r = await guard("Bash", { command: "kubectl delete pod web-1" }, opts());
    expect(r.action).toBe("escalate");
    expect(r.escalationId).toMatch(/^esc_[0-9a-f]{12}$/);
    // An answer nobody signed (what a process without the passphrase can write) changes nothing.
    await localEscalationStore().resolve(r.escalationId!, { status: "approved", by: "mallory" });
    expect((await guard("Bash", { command: "kubectl delete pod web-1" }, opts())).action).toBe("escalate");
    writeApprovalKey(join(home, "approval-key.json"), KEY);
    await localEscalationStore().resolve(r.escalationId!, { status: "approved", by: "alice", ...HUMAN });
    const again = await guard("Bash", { command: "kubectl delete pod web-1" }, opts());
    expect(again.action).toBe("allow");
    expect(again.reason).toContain("Approved by alice");
  });

  it("waitForEscalation: waits for the human's answer (approved → allow; nobody → block with the seeds' timeout reason)", async () => {
    const waiting = guard(
      "Bash",
      { command: "kubectl delete pod web-2" },
      opts({}, { waitForEscalation: true, escalationPollInterval: 0.05, escalationTimeout: 20 }),
    );
    const store = localEscalationStore();
    let id: string | undefined;
    for (let i = 0; i < 200 && !id; i++) {
      await new Promise((r) => setTimeout(r, 25));
      id = (await store.list()).find((e) => e.status === "pending")?.id;
    }
    expect(id).toBeDefined();
    // A human approves from their terminal (another process), typing the passphrase.
    writeApprovalKey(join(home, "approval-key.json"), KEY);
    const approved = await cli(home, ["escalations", "approve", id!, "--reason", "ok for staging"]);
    expect(approved.code, approved.stderr).toBe(0);
    const r = await waiting;
    expect(r).toMatchObject({ action: "allow", escalationId: id });
    expect(r.latencyMs).toBeLessThan(5000); // staso's own time, not the wait

    const timedOut = await guard(
      "Bash",
      { command: "kubectl delete pod web-3" },
      opts({}, { waitForEscalation: true, escalationPollInterval: 0.05, escalationTimeout: 0.3 }),
    );
    expect(timedOut.action).toBe("block");
    expect(timedOut.reason).toMatch(/^Escalation poll timeout/);
  });
});

describe("guard(): context, policy, fail mode", () => {
  it("the policy's custom rules apply to library tools; context.environment selects the environment (production → prod)", async () => {
    writeFileSync(
      join(home, "config.json"),
      JSON.stringify({
        customRules: [
          {
            id: "refunds/cap",
            reason: "Refunds above 500 need a manager; capped at 500.",
            action: "modify",
            when: { tool: "process_refund", input: { amount: { gt: 500 } } },
            modify: { set: { amount: 500 } },
          },
          {
            id: "refunds/no-prod",
            reason: "No refunds from agents in production.",
            action: "block",
            when: { tool: "process_refund", environment: "prod" },
          },
        ],
      }),
    );
    const dev = await guard(
      "process_refund",
      { customer_id: "c1", amount: 4200 },
      opts({ environment: "development" }),
    );
    expect(dev).toMatchObject({
      action: "modify",
      ruleName: "refunds/cap",
      modifiedInput: { customer_id: "c1", amount: 500 },
    });
    const prod = await guard(
      "process_refund",
      { customer_id: "c1", amount: 4200 },
      opts({ environment: "production" }),
    );
    expect(prod).toMatchObject({ action: "block", ruleName: "refunds/no-prod" });
    expect(prod.rulesTriggered).toEqual(expect.arrayContaining(["refunds/cap", "refunds/no-prod"]));
  });

  it("a policy that does not load: the fail mode decides (closed: block; open: allow), with the failure said", async () => {
    writeFileSync(join(home, "config.json"), "{ not json");
    const closed = await guard("Bash", { command: "ls" }, opts());
    expect(closed.action).toBe("block");
    expect(closed.failure).toMatch(/config\.json/);
    expect(warnings.join("\n")).toMatch(/config\.json/);
    process.env.STASO_FAIL_MODE = "open";
    expect((await guard("Bash", { command: "ls" }, opts())).action).toBe("allow");
  });

  it("bad arguments are a programming error: TypeError", async () => {
    await expect(guard("", {})).rejects.toThrow(TypeError);
    await expect(guard("x", null as never)).rejects.toThrow(TypeError);
    await expect(guard("x", [] as never)).rejects.toThrow(TypeError);
  });

  it("the seeds' snake_case context names are read too", async () => {
    await guard(
      "Bash",
      { command: "ls" },
      { context: { session_id: "snake-1", agent_name: "snake-agent" }, onWarning: () => {} },
    );
    expect(records()[0]).toMatchObject({ session: "snake-1", agentId: "snake-agent" });
  });
});

describe("stateful guards through the library", () => {
  it("retries: an allowed guard() counts as run (the caller runs it), so the 4th identical call is blocked", async () => {
    for (let i = 0; i < 3; i++)
      expect((await guard("fetch_url", { url: "https://example.com/a" }, opts())).action).toBe("allow");
    const r = await guard("fetch_url", { url: "https://example.com/a" }, opts());
    expect(r).toMatchObject({ action: "block", ruleName: "session/retry-loop" });
    // Another session is another memory.
    expect((await guard("fetch_url", { url: "https://example.com/a" }, opts({ sessionId: "other" }))).action).toBe(
      "allow",
    );
  });

  it("guardOutput(): a failure that will recur blocks the identical retry; output sizes feed the budget", async () => {
    writeFileSync(
      join(home, "config.json"),
      JSON.stringify({ rules: { "session/output-budget": { params: { max_bytes: 1000, warn_at: 0.5 } } } }),
    );
    const input = { path: "/root/secret" };
    expect((await guard("read_file", input, opts({ toolUseId: "u1" }))).action).toBe("allow");
    const failed = await guardOutput(
      "read_file",
      input,
      { error: "EACCES: permission denied, open '/root/secret'" },
      opts({ toolUseId: "u1" }),
    );
    expect(failed.action).toBe("allow");
    const retry = await guard("read_file", input, opts());
    expect(retry).toMatchObject({ action: "block", ruleName: "session/retry-loop" });
    expect(retry.reason).toContain("permission error");

    expect((await guard("read_file", { path: "big.txt" }, opts({ toolUseId: "u2" }))).action).toBe("allow");
    const warned = await guardOutput(
      "read_file",
      { path: "big.txt" },
      { output: "z".repeat(700) },
      opts({ toolUseId: "u2" }),
    );
    expect(warned).toMatchObject({
      action: "modify",
      ruleName: "session/output-budget",
      modifiedOutput: "z".repeat(700),
    });
    expect(warned.reason).toContain("Output budget warning");
    await guardOutput("read_file", { path: "big.txt" }, { output: "z".repeat(400) }, opts());
    expect((await guard("read_file", { path: "other.txt" }, opts())).action).toBe("block");
  });

  it("guardOutput(): output rules run (a secret in the output is redacted in modifiedOutput)", async () => {
    const key = ["AKIA", "IOSFODNN7", "EXAMPLE"].join("");
    const secret = ["wJalrXUtnFEMI", "K7MDENGbPxRfiCY", "1234567890AB"].join("");
    const r = await guardOutput(
      "run_command",
      { command: "cat .env" },
      { output: `AWS_ACCESS_KEY_ID=${key}\nAWS_SECRET_ACCESS_KEY=${secret}\n` },
      opts(),
    );
    expect(r.action).toBe("modify");
    expect(JSON.stringify(r.modifiedOutput)).not.toContain(secret);
  });
});
