// Proves the e2e harness itself (mock model servers + real agents + isolation)
// with a tiny bash hook written here, not staso: a hook that logs every
// payload, denies (PreToolUse) any tool input containing FORBIDDEN, and adds
// context (PostToolUse) when the input contains WANTCONTEXT.

import { createServer, type AddressInfo, type Server } from "node:net";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import {
  codexHookTrustHash,
  codexTrustEntries,
  commandHooks,
  createWorkspace,
  describeRun,
  isolationSupport,
  runClaude,
  runCodex,
  writeExecutable,
  type AgentRunResult,
  type Workspace,
} from "./support/agents.js";
import { anthropicToolUseId, startMockAnthropic, type MockAnthropic } from "./support/mock-anthropic.js";
import { openaiCallId, startMockOpenAI, type MockOpenAI } from "./support/mock-openai.js";

const DENY_REASON = "harness-hook says no";
const CONTEXT_NOTE = "harness-hook context note";

/** Writes the bash hook into the workspace; it appends each stdin payload (one line) to hook.log. */
function writeHook(ws: Workspace): { command: string; log: string } {
  const log = join(ws.root, "hook.log");
  const script = join(ws.root, "hook.sh");
  writeExecutable(
    script,
    `#!/bin/bash
payload=$(cat)
# one write per payload, so that hooks running in parallel do not interleave lines
printf '%s\\n' "$(printf '%s' "$payload" | tr -d '\\n')" >> ${JSON.stringify(log)}
case "$payload" in
  *'"hook_event_name":"PostToolUse"'*WANTCONTEXT*)
    printf '%s' '{"hookSpecificOutput":{"hookEventName":"PostToolUse","additionalContext":"${CONTEXT_NOTE}"}}'
    ;;
  *'"hook_event_name":"PreToolUse"'*FORBIDDEN*)
    printf '%s' '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"${DENY_REASON}"}}'
    ;;
esac
exit 0
`,
  );
  return { command: script, log };
}

function hookPayloads(log: string): Array<Record<string, unknown>> {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function expectClean(r: AgentRunResult): void {
  expect(r.timedOut, describeRun(r)).toBe(false);
  expect(r.exitCode, describeRun(r)).toBe(0);
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function workspace(): Workspace {
  const ws = createWorkspace();
  cleanups.push(() => ws.cleanup());
  return ws;
}
async function anthropic(...args: Parameters<typeof startMockAnthropic>): Promise<MockAnthropic> {
  const m = await startMockAnthropic(...args);
  cleanups.push(() => m.close());
  return m;
}
async function openai(...args: Parameters<typeof startMockOpenAI>): Promise<MockOpenAI> {
  const m = await startMockOpenAI(...args);
  cleanups.push(() => m.close());
  return m;
}

describe("Claude Code harness", () => {
  it("runs an allowed Bash call (marker appears) and the hook sees it", async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const mock = await anthropic({
      turns: [{ toolUses: [{ name: "Bash", input: { command: "echo hi > marker" } }] }, { text: "all done" }],
    });
    const r = await runClaude({
      workspace: ws,
      mock,
      settings: { hooks: commandHooks(hook.command, { matcher: "*", timeout: 30 }) },
    });
    expectClean(r);
    expect(readFileSync(join(ws.project, "marker"), "utf8")).toBe("hi\n");
    const pre = hookPayloads(hook.log).filter((p) => p.hook_event_name === "PreToolUse");
    expect(pre).toHaveLength(1);
    expect(pre[0]).toMatchObject({ tool_name: "Bash", tool_input: { command: "echo hi > marker" }, cwd: ws.project });
    const res = mock.toolResult(anthropicToolUseId(0, 0));
    expect(res?.is_error, describeRun(r)).toBe(false);
    expect(mock.turnsUsed).toBe(2);
    expect(mock.unscripted).toBe(0);
    expect(
      r.requests.every((q) => q.url === "/v1/messages?beta=true"),
      describeRun(r),
    ).toBe(true);
    expect(r.json).toMatchObject({ result: "all done" });
  });

  it("never runs a call the hook denies, and the model is told why (two calls in one turn)", async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const mock = await anthropic({
      turns: [
        {
          toolUses: [
            { name: "Bash", input: { command: "echo ok > allowed-marker" } },
            { name: "Bash", input: { command: "echo FORBIDDEN > denied-marker" } },
          ],
        },
        { text: "ok" },
      ],
    });
    const r = await runClaude({
      workspace: ws,
      mock,
      settings: { hooks: commandHooks(hook.command, { matcher: "Bash" }) },
    });
    expectClean(r);
    expect(existsSync(join(ws.project, "allowed-marker")), describeRun(r)).toBe(true);
    expect(existsSync(join(ws.project, "denied-marker")), describeRun(r)).toBe(false);
    const denied = mock.toolResult(anthropicToolUseId(0, 1));
    expect(denied, describeRun(r)).toBeDefined();
    expect(denied!.is_error).toBe(true);
    expect(denied!.content).toContain(DENY_REASON);
    expect(mock.toolResult(anthropicToolUseId(0, 0))?.is_error).toBe(false);
    expect(hookPayloads(hook.log).filter((p) => p.hook_event_name === "PreToolUse")).toHaveLength(2);
  });
  it("shows PostToolUse additionalContext to the model as a system message", async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const mock = await anthropic({
      turns: [{ toolUses: [{ name: "Bash", input: { command: "echo WANTCONTEXT" } }] }, { text: "ok" }],
    });
    const r = await runClaude({
      workspace: ws,
      mock,
      settings: { hooks: commandHooks(hook.command, { events: ["PreToolUse", "PostToolUse"] }) },
    });
    expectClean(r);
    expect(mock.toolResult(anthropicToolUseId(0, 0))?.content).toContain("WANTCONTEXT");
    expect(
      mock.systemMessages().some((m) => m.includes(CONTEXT_NOTE)),
      describeRun(r),
    ).toBe(true);
    expect(mock.systemMessages(mock.messageRequests()[0]).some((m) => m.includes(CONTEXT_NOTE))).toBe(false);
  });
});

describe("Codex harness", () => {
  it("runs an allowed exec_command (marker appears) through a trusted hook", async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const mock = await openai({ turns: [{ calls: [{ exec: "echo hi > marker" }] }, { text: "all done" }] });
    const r = await runCodex({ workspace: ws, mock, hooks: commandHooks(hook.command, { matcher: "*", timeout: 30 }) });
    expectClean(r);
    expect(readFileSync(join(ws.project, "marker"), "utf8")).toBe("hi\n");
    const pre = hookPayloads(hook.log).filter((p) => p.hook_event_name === "PreToolUse");
    expect(pre, describeRun(r)).toHaveLength(1);
    expect(pre[0]).toMatchObject({ tool_name: "Bash", tool_input: { command: "echo hi > marker" } });
    expect(mock.callOutput(openaiCallId(0, 0))?.type).toBe("function_call_output");
    expect(mock.turnsUsed).toBe(2);
    expect(mock.unscripted).toBe(0);
    expect(
      r.requests.every((q) => q.url === "/v1/responses"),
      describeRun(r),
    ).toBe(true);
    expect(r.lastMessage).toBe("all done");
  });

  it("never runs a call the hook denies, and the model is told why (two calls in one turn)", async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const mock = await openai({
      turns: [
        { calls: [{ exec: "echo ok > allowed-marker" }, { exec: "echo FORBIDDEN > denied-marker" }] },
        { text: "ok" },
      ],
    });
    const r = await runCodex({ workspace: ws, mock, hooks: commandHooks(hook.command, { matcher: "Bash" }) });
    expectClean(r);
    expect(existsSync(join(ws.project, "allowed-marker")), describeRun(r)).toBe(true);
    expect(existsSync(join(ws.project, "denied-marker")), describeRun(r)).toBe(false);
    const out = mock.callOutput(openaiCallId(0, 1));
    expect(out, describeRun(r)).toBeDefined();
    expect(out!.output).toContain(`Command blocked by PreToolUse hook: ${DENY_REASON}`);
    expect(mock.callOutput(openaiCallId(0, 0))?.output ?? "").not.toContain("blocked");
  });

  it("applies an apply_patch (custom tool call) that adds a file, and the hook sees the patch", async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const patch = "*** Begin Patch\n*** Add File: added.txt\n+hello\n*** End Patch\n";
    const mock = await openai({ turns: [{ calls: [{ applyPatch: patch }] }, { text: "patched" }] });
    const r = await runCodex({ workspace: ws, mock, hooks: commandHooks(hook.command, { matcher: "apply_patch" }) });
    expectClean(r);
    expect(readFileSync(join(ws.project, "added.txt"), "utf8")).toBe("hello\n");
    const out = mock.callOutput(openaiCallId(0, 0));
    expect(out?.type, describeRun(r)).toBe("custom_tool_call_output");
    expect(out?.output).toContain("A added.txt");
    const pre = hookPayloads(hook.log).filter((p) => p.hook_event_name === "PreToolUse");
    expect(pre).toHaveLength(1);
    expect(pre[0]).toMatchObject({ tool_name: "apply_patch", tool_input: { command: patch } });
  });

  it("skips a hook without a trust entry (the denied command runs)", async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const mock = await openai({ turns: [{ calls: [{ exec: "echo FORBIDDEN > denied-marker" }] }, { text: "ok" }] });
    const r = await runCodex({
      workspace: ws,
      mock,
      hooks: commandHooks(hook.command, { matcher: "Bash" }),
      trustHooks: false,
    });
    expectClean(r);
    expect(existsSync(join(ws.project, "denied-marker")), describeRun(r)).toBe(true);
    expect(hookPayloads(hook.log)).toHaveLength(0);
    expect(mock.callOutput(openaiCallId(0, 0))?.output ?? "").not.toContain("blocked");
  });

  it("shows PostToolUse additionalContext to the model as a developer message", async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const mock = await openai({ turns: [{ calls: [{ exec: "echo WANTCONTEXT" }] }, { text: "ok" }] });
    const r = await runCodex({
      workspace: ws,
      mock,
      hooks: commandHooks(hook.command, { events: ["PreToolUse", "PostToolUse"] }),
    });
    expectClean(r);
    expect(mock.callOutput(openaiCallId(0, 0))?.output).toContain("WANTCONTEXT");
    expect(
      mock.developerMessages().some((m) => m.includes(CONTEXT_NOTE)),
      describeRun(r),
    ).toBe(true);
    expect(mock.developerMessages(mock.responseRequests()[0]).some((m) => m.includes(CONTEXT_NOTE))).toBe(false);
  });

  it("runs hooks from inline config.toml tables and from a trusted project .codex/hooks.json", async () => {
    for (const hooksLocation of ["config.toml", "project"] as const) {
      const ws = workspace();
      const hook = writeHook(ws);
      const mock = await openai({ turns: [{ calls: [{ exec: "echo FORBIDDEN > denied-marker" }] }, { text: "ok" }] });
      const r = await runCodex({
        workspace: ws,
        mock,
        hooksLocation,
        hooks: commandHooks(hook.command, { matcher: "Bash", timeout: 20 }),
      });
      expectClean(r);
      expect(existsSync(join(ws.project, "denied-marker")), `${hooksLocation}\n${describeRun(r)}`).toBe(false);
      expect(mock.callOutput(openaiCallId(0, 0))?.output).toContain(DENY_REASON);
    }
  });
});

describe("Codex hook trust hash", () => {
  it("matches the documented algorithm (fixed vectors)", () => {
    // sha256 of {"event_name":"pre_tool_use","hooks":[{"async":false,"command":"x","timeout":600,"type":"command"}]}
    expect(codexHookTrustHash("PreToolUse", undefined, { type: "command", command: "x" })).toBe(
      "sha256:250c1e9748c7a3130fcf12b596c40e211966274196ce0e2fec7f5eb707626bb0",
    );
    // sha256 of {"event_name":"post_tool_use","hooks":[{"async":false,"command":"staso hook codex","timeout":30,"type":"command"}],"matcher":"*"}
    expect(codexHookTrustHash("PostToolUse", "*", { type: "command", command: "staso hook codex", timeout: 30 })).toBe(
      "sha256:65ae9060fef39016270dd290ea85ec019302afd6210ff9eb315b3ba3f84eadef",
    );
    expect(
      codexTrustEntries("/h/hooks.json", {
        PreToolUse: [
          {
            matcher: "Bash",
            hooks: [
              { type: "command", command: "a" },
              { type: "command", command: "b" },
            ],
          },
        ],
      }).map((e) => e.key),
    ).toEqual(["/h/hooks.json:pre_tool_use:0:0", "/h/hooks.json:pre_tool_use:0:1"]);
  });
});

/** PIDs whose command line contains `marker`. */
function processesWith(marker: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${e}/cmdline`, "utf8").replace(/\0/g, " ").includes(marker)) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

const support = isolationSupport();

describe("isolation and cleanup", () => {
  it.runIf(support.netns !== null)(
    "a netns run cannot reach a listener of the host, a run without netns can",
    async () => {
      const hostServer: Server = createServer((c) => {
        c.on("error", () => undefined); // the probe closes abruptly
        c.end("hello from host\n");
      });
      await new Promise<void>((res) => hostServer.listen(0, "127.0.0.1", () => res()));
      cleanups.push(() => new Promise<void>((res) => hostServer.close(() => res())));
      const port = (hostServer.address() as AddressInfo).port;
      const probe = `(exec 3<>/dev/tcp/127.0.0.1/${port} && echo PROBE-CONNECTED) 2>/dev/null || echo PROBE-REFUSED`;
      const outputs: Record<string, string> = {};
      for (const netns of ["require", "off"] as const) {
        const ws = workspace();
        const mock = await anthropic({
          turns: [{ toolUses: [{ name: "Bash", input: { command: probe } }] }, { text: "ok" }],
        });
        const r = await runClaude({ workspace: ws, mock, netns });
        expectClean(r);
        expect(r.isolation).toBe(netns === "require" ? "netns" : support.pidns ? "pidns" : "none");
        outputs[netns] = mock.toolResult(anthropicToolUseId(0, 0))?.content ?? "";
      }
      expect(outputs.require).toContain("PROBE-REFUSED");
      expect(outputs.off).toContain("PROBE-CONNECTED");
    },
  );

  for (const namespaces of [true, false]) {
    it(`kills the agent and its children on timeout (namespaces: ${namespaces})`, async () => {
      const marker = `sleep 41.${namespaces ? 1 : 2}${process.pid}`;
      const ws = workspace();
      // (Claude Code refuses a standalone long `sleep`: "Blocked: standalone sleep …")
      const mock = await anthropic({
        turns: [{ toolUses: [{ name: "Bash", input: { command: `sh -c '${marker}; true'` } }] }, { text: "ok" }],
      });
      const t0 = Date.now();
      const r = await runClaude({ workspace: ws, mock, timeoutMs: 2500, namespaces });
      expect(r.timedOut, describeRun(r)).toBe(true);
      expect(r.exitCode).toBeNull();
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(r.isolation).toBe(namespaces ? (support.netns ? "netns" : support.pidns ? "pidns" : "none") : "none");
      await new Promise((res) => setTimeout(res, 200));
      expect(processesWith(marker)).toEqual([]);
    });
  }

  it.runIf(support.pidns !== null)(
    "kills background processes a tool left behind (setsid), in a PID namespace",
    async () => {
      const marker = `sleep 43.${process.pid}`;
      const ws = workspace();
      const mock = await openai({
        turns: [{ calls: [{ exec: `setsid ${marker} >/dev/null 2>&1 </dev/null & echo started` }] }, { text: "ok" }],
      });
      const r = await runCodex({ workspace: ws, mock });
      expectClean(r);
      expect(r.isolation).not.toBe("none");
      expect(mock.callOutput(openaiCallId(0, 0))?.output).toContain("started");
      await new Promise((res) => setTimeout(res, 200));
      expect(processesWith(marker)).toEqual([]);
    },
  );
});
