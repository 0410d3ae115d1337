// The pure parts of escalation: which mode a call gets (per agent, Claude Code with or without a human at
// its prompt), the policy keys and how a project may change them, call signatures, the self-approval
// rule, and how setup sizes the agent's hook timeout.
import { describe, expect, it } from "vitest";
import {
  escalationContext,
  escalationWaitSeconds,
  hostTimeoutSecondsFor,
  modeFor,
  resolveEscalationSettings,
} from "../../src/escalation/settings.js";
import { callSignature, callSummary } from "../../src/escalation/signature.js";
import selfApproval from "../../src/rules/paths/escalation-self-approval.js";
import { mergeSettings } from "../../src/policy/merge.js";
import { validatePolicy } from "../../src/policy/schema.js";
import { hookCommand } from "../../src/config-files/hook-command.js";
import { bash, claudeCall, codexCall, ruleAction } from "../support/calls.js";

/** The context of a call under one escalation.mode key: a human can answer an ask only under "claude-code". */
const at = (key: string) => ({ key, ask: key === "claude-code", bell: false });

describe("which mode a call gets", () => {
  // What Claude Code 2.1.329 passes to hooks, dumped from the real binary through the e2e harness:
  // a terminal session (script(1) pty) and `claude -p`.
  const TERMINAL = { CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "cli", CLAUDE_CODE_SESSION_ATTENDED: "1" };
  const PRINT = { CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "sdk-cli", CLAUDE_CODE_SESSION_ATTENDED: "0" };

  it("tells Claude Code in a terminal from claude -p and the Agent SDK", () => {
    expect(escalationContext("claude-code", TERMINAL).key).toBe("claude-code");
    expect(escalationContext("claude-code", PRINT).key).toBe("claude-code-headless");
    // older versions: only the entrypoint
    expect(escalationContext("claude-code", { CLAUDE_CODE_ENTRYPOINT: "sdk-ts" }).key).toBe("claude-code-headless");
    expect(escalationContext("claude-code", { CLAUDE_CODE_ENTRYPOINT: "sdk-py" }).key).toBe("claude-code-headless");
    expect(escalationContext("claude-code", { CLAUDE_CODE_ENTRYPOINT: "claude-vscode" }).key).toBe("claude-code");
    // the attended flag wins over the entrypoint (an IDE session with a human, a desktop app)
    expect(
      escalationContext("claude-code", { CLAUDE_CODE_ENTRYPOINT: "claude-desktop", CLAUDE_CODE_SESSION_ATTENDED: "1" })
        .key,
    ).toBe("claude-code");
    expect(escalationContext("claude-code", {}).key).toBe("claude-code"); // nothing known: ask (in -p an ask is a denial anyway)
    expect(escalationContext("codex", TERMINAL).key).toBe("codex");
    expect(escalationContext("library", {}).key).toBe("other");
  });

  it("defaults: Claude's own prompt where a human sits at it, fire-and-forget elsewhere", () => {
    expect(modeFor(undefined, at("claude-code"))).toBe("ask");
    expect(modeFor(undefined, at("claude-code-headless"))).toBe("fire-and-forget");
    expect(modeFor(undefined, at("codex"))).toBe("fire-and-forget");
    expect(modeFor(undefined, at("other"))).toBe("fire-and-forget");
  });

  it("one mode for every agent, or one per agent; ask only where there is a prompt", () => {
    expect(["claude-code", "claude-code-headless", "codex", "other"].map((c) => modeFor("wait", at(c)))).toEqual([
      "wait",
      "wait",
      "wait",
      "wait",
    ]);
    expect(["claude-code", "claude-code-headless", "codex"].map((c) => modeFor("ask", at(c)))).toEqual([
      "ask",
      "fire-and-forget",
      "fire-and-forget",
    ]);
    const per = { "claude-code": "fire-and-forget", "claude-code-headless": "wait", codex: "wait" } as const;
    expect(["claude-code", "claude-code-headless", "codex", "other"].map((c) => modeFor(per, at(c)))).toEqual([
      "fire-and-forget",
      "wait",
      "wait",
      "fire-and-forget",
    ]);
    expect(modeFor({ codex: "wait" }, at("claude-code"))).toBe("ask");
  });

  it("fills in the defaults: 3 s polling, 300 s timeout, one hour for an answer, notifications on", () => {
    expect(resolveEscalationSettings(mergeSettings({}, undefined, {}).escalation)).toEqual({
      timeoutSeconds: 300,
      onTimeout: "block",
      pollIntervalSeconds: 3,
      approvalTtlSeconds: 3600,
      notify: "auto",
    });
  });
});

describe("the escalation section of a policy", () => {
  const F = "/x/config.json";
  it("accepts modes, polling, the approval TTL and notifications", () => {
    expect(() =>
      validatePolicy(F, {
        escalation: { mode: "wait", pollInterval: 0.5, timeout: 120, approvalTtl: 600, notify: "desktop" },
      }),
    ).not.toThrow();
    expect(() =>
      validatePolicy(F, {
        escalation: { mode: { "claude-code": "ask", "claude-code-headless": "wait", codex: "fire-and-forget" } },
      }),
    ).not.toThrow();
    // every agent of the registry has its key; Cursor asks in its own prompt
    expect(() =>
      validatePolicy(F, {
        escalation: {
          mode: {
            "gemini-cli": "wait",
            "copilot-cli": "wait",
            opencode: "fire-and-forget",
            cursor: "ask",
            droid: "wait",
            "qwen-code": "wait",
          },
        },
      }),
    ).not.toThrow();
  });
  it.each([
    [{ mode: "later" }, /escalation\.mode must be one of "ask", "wait", "fire-and-forget", or an object/],
    [
      { mode: { codex: "ask" } },
      /escalation\.mode\.codex must be one of "wait", "fire-and-forget" \(it has no prompt of its own to ask in\), not "ask"/,
    ],
    [{ mode: { "not-an-agent": "wait" } }, /unknown key escalation\.mode\.not-an-agent/],
    [
      { mode: { "gemini-cli": "ask" } },
      /escalation\.mode\["gemini-cli"\] must be one of "wait", "fire-and-forget" \(it has no prompt of its own to ask in\)/,
    ],
    [{ mode: { opencode: "ask" } }, /escalation\.mode\.opencode must be one of "wait", "fire-and-forget"/],
    [{ pollInterval: 0 }, /escalation\.pollInterval must be a number of seconds from 0\.05 to 60/],
    [{ approvalTtl: -1 }, /escalation\.approvalTtl must be a number of seconds above 0/],
    [{ notify: "email" }, /escalation\.notify must be "auto", "desktop", "bell" or "off"/],
  ])("rejects %j", (escalation, message) => {
    expect(() => validatePolicy(F, { escalation })).toThrow(message);
  });

  it("a project may shorten how long an answer lasts, never choose how the user is asked", () => {
    const user = { escalation: { mode: "wait" as const, approvalTtl: 1800, pollInterval: 1 } };
    const project = {
      origin: "project" as const,
      file: "/p/.stasorc.json",
      dir: "/p",
      config: { escalation: { mode: "fire-and-forget" as const, approvalTtl: 600, notify: "off" as const } },
    };
    const m = mergeSettings(user, project, {});
    expect(m.escalation).toEqual({
      timeoutSeconds: 300,
      onTimeout: "block",
      mode: "wait",
      pollIntervalSeconds: 1,
      approvalTtlSeconds: 600,
    });
    expect(m.notes.join("\n")).toMatch(/escalation\.mode ignored: how a human is asked is the user's own choice/);
    expect(m.notes.join("\n")).toMatch(/escalation\.notify ignored/);
    const longer = mergeSettings(user, { ...project, config: { escalation: { approvalTtl: 7200 } } }, {});
    expect(longer.escalation.approvalTtlSeconds).toBe(1800);
    expect(longer.notes.join("\n")).toMatch(/escalation\.approvalTtl 7200 ignored: a project can only shorten/);
    const trusted = mergeSettings(user, { ...project, trusted: true }, {});
    expect(trusted.escalation).toMatchObject({ mode: "fire-and-forget", approvalTtlSeconds: 600, notify: "off" });
  });
});

describe("call signatures", () => {
  it("the same call retried matches, whatever Claude's description or timeout says", () => {
    const a = bash("git push --force origin main", { tool_use_id: "toolu_1" });
    const b = claudeCall(
      "Bash",
      { command: "git push --force origin main", description: "force push", timeout: 60000 },
      { tool_use_id: "toolu_2", session_id: "other-session" },
    );
    expect(callSignature(a)).toBe(callSignature(b));
    expect(callSignature(a)).toMatch(/^[0-9a-f]{64}$/);
    // Codex's exec_command reaches the hook as Bash with the same command: the same call
    expect(callSignature(codexCall("Bash", { command: "git push --force origin main" }))).toBe(callSignature(a));
  });
  it("a different command, directory, file content or tool is another call", () => {
    const base = callSignature(bash("git push --force origin main"));
    expect(callSignature(bash("git push --force origin dev"))).not.toBe(base);
    expect(callSignature(bash("git push --force origin main", { cwd: "/elsewhere" }))).not.toBe(base);
    const w = (content: string) => callSignature(claudeCall("Write", { file_path: "/home/dev/proj/a.txt", content }));
    expect(w("one")).not.toBe(w("two"));
  });
  it("summarises a call in one line", () => {
    expect(callSummary(bash("git push \\\n  --force"))).toBe("git push \\ ⏎ --force");
    expect(callSummary(claudeCall("Write", { file_path: "/home/dev/proj/a.txt", content: "x" }))).toBe(
      "write /home/dev/proj/a.txt",
    );
    expect(callSummary(bash("x".repeat(500)), 50)).toHaveLength(50);
  });
});

describe("paths/escalation-self-approval", () => {
  it.each([
    "staso escalations approve esc_0123456789ab",
    "staso escalations deny esc_01 --reason no",
    "/usr/local/bin/staso escalations approve esc_0123456789ab --for 1h",
    "node /opt/staso/bin/staso.js escalations approve esc_0123456789ab",
    "npx staso escalations approve esc_0123456789ab",
    "npx -y staso@0.1.0 escalations approve esc_0123456789ab",
    "sudo env STASO_HOME=/x staso escalations approve esc_0123456789ab",
    "bash -c 'staso escalations approve esc_0123456789ab'",
    "echo y | staso escalations --json approve esc_0123456789ab",
  ])("blocks an agent answering its own escalation: %s", async (command) => {
    const d = await ruleAction(selfApproval, bash(command));
    expect(d.action).toBe("block");
    expect(d.reason).toMatch(/only a human may do that/);
  });
  it.each([
    "staso escalations",
    "staso escalations list --json",
    "staso escalations show esc_0123456789ab",
    "grep -r 'staso escalations approve' README.md",
    "echo staso escalations approve",
  ])("lets %s through", async (command) => {
    expect((await ruleAction(selfApproval, bash(command))).action).toBe("allow");
  });
});

describe("setup sizes the agent's hook timeout", () => {
  it("stays as before without a wait, and covers staso's deadline plus the wait with one", () => {
    expect(hostTimeoutSecondsFor(10)).toBe(30);
    expect(hostTimeoutSecondsFor(10, 0)).toBe(30);
    expect(hostTimeoutSecondsFor(10, 300)).toBe(335);
    expect(hostTimeoutSecondsFor(10, 20)).toBe(55);
    // the hook's own wait (ends HOST_MARGIN_SECONDS before the agent's timeout, after staso's deadline) fits
    expect(hostTimeoutSecondsFor(10, 300) - 5 - 10).toBeGreaterThanOrEqual(300);
  });
  it("waits only where the mode is wait for that agent", () => {
    const s = (mode: unknown) => ({ timeoutSeconds: 120, onTimeout: "block" as const, mode: mode as never });
    expect(escalationWaitSeconds("codex", s(undefined))).toBe(0);
    expect(escalationWaitSeconds("claude-code", s(undefined))).toBe(0);
    expect(escalationWaitSeconds("codex", s("wait"))).toBe(120);
    expect(escalationWaitSeconds("claude-code", s({ "claude-code-headless": "wait" }))).toBe(120);
    expect(escalationWaitSeconds("codex", s({ "claude-code-headless": "wait" }))).toBe(0);
  });
  it("tells a waiting hook the agent's timeout on its command line", () => {
    expect(
      hookCommand("codex", {
        nativeBinary: null,
        nodePath: "/usr/bin/node",
        launcher: "/opt/staso/bin/staso.js",
        hostTimeout: 335,
        platform: "linux",
      }),
    ).toBe("NODE_OPTIONS= /usr/bin/node /opt/staso/bin/staso.js hook --target codex --host-timeout 335");
    expect(
      hookCommand("codex", {
        nativeBinary: null,
        nodePath: "/usr/bin/node",
        launcher: "/opt/staso/bin/staso.js",
        platform: "linux",
      }),
    ).toBe("NODE_OPTIONS= /usr/bin/node /opt/staso/bin/staso.js hook --target codex");
  });
});
