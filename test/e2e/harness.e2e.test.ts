// Proves the e2e harness itself (mock model servers + real agents + isolation)
// with a tiny bash hook written here, not staso: a hook that logs every
// payload and denies any tool input containing FORBIDDEN.

import { createServer, type Server } from 'node:net';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  codexHookTrustHash,
  commandHooks,
  createWorkspace,
  describeRun,
  runClaude,
  runCodex,
  writeExecutable,
  type AgentRunResult,
  type Workspace,
} from './support/agents.js';
import { anthropicToolUseId, startMockAnthropic, type MockAnthropic } from './support/mock-anthropic.js';
import { openaiCallId, startMockOpenAI, type MockOpenAI } from './support/mock-openai.js';

const DENY_REASON = 'harness-hook says no';

/** Writes the bash hook into the workspace; it appends each stdin payload (one line) to hook.log. */
function writeHook(ws: Workspace): { command: string; log: string } {
  const log = join(ws.root, 'hook.log');
  const script = join(ws.root, 'hook.sh');
  writeExecutable(
    script,
    `#!/bin/bash
payload=$(cat)
printf '%s\\n' "$payload" | tr -d '\\n' >> ${JSON.stringify(log)}
printf '\\n' >> ${JSON.stringify(log)}
case "$payload" in
  *FORBIDDEN*)
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
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
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

describe('Claude Code harness', () => {
  it('runs an allowed Bash call (marker appears) and the hook sees it', async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const mock = await anthropic({
      turns: [{ toolUses: [{ name: 'Bash', input: { command: 'echo hi > marker' } }] }, { text: 'all done' }],
    });
    const r = await runClaude({ workspace: ws, mock, settings: { hooks: commandHooks(hook.command, { matcher: '*', timeout: 30 }) } });
    expectClean(r);
    expect(readFileSync(join(ws.project, 'marker'), 'utf8')).toBe('hi\n');
    const pre = hookPayloads(hook.log).filter((p) => p.hook_event_name === 'PreToolUse');
    expect(pre).toHaveLength(1);
    expect(pre[0]).toMatchObject({ tool_name: 'Bash', tool_input: { command: 'echo hi > marker' }, cwd: ws.project });
    const res = mock.toolResult(anthropicToolUseId(0, 0));
    expect(res?.is_error, describeRun(r)).toBe(false);
    expect(mock.turnsUsed).toBe(2);
    expect(mock.unscripted).toBe(0);
    expect(r.requests.every((q) => q.url === '/v1/messages?beta=true'), describeRun(r)).toBe(true);
    expect(r.json).toMatchObject({ result: 'all done' });
  });

  it('never runs a call the hook denies, and the model is told why (two calls in one turn)', async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const mock = await anthropic({
      turns: [
        {
          toolUses: [
            { name: 'Bash', input: { command: 'echo ok > allowed-marker' } },
            { name: 'Bash', input: { command: 'echo FORBIDDEN > denied-marker' } },
          ],
        },
        { text: 'ok' },
      ],
    });
    const r = await runClaude({ workspace: ws, mock, settings: { hooks: commandHooks(hook.command, { matcher: 'Bash' }) } });
    expectClean(r);
    expect(existsSync(join(ws.project, 'allowed-marker')), describeRun(r)).toBe(true);
    expect(existsSync(join(ws.project, 'denied-marker')), describeRun(r)).toBe(false);
    const denied = mock.toolResult(anthropicToolUseId(0, 1));
    expect(denied, describeRun(r)).toBeDefined();
    expect(denied!.is_error).toBe(true);
    expect(denied!.content).toContain(DENY_REASON);
    expect(mock.toolResult(anthropicToolUseId(0, 0))?.is_error).toBe(false);
    expect(hookPayloads(hook.log).filter((p) => p.hook_event_name === 'PreToolUse')).toHaveLength(2);
  });
});

describe('Codex harness', () => {
  it('runs an allowed exec_command (marker appears) through a trusted hook', async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const mock = await openai({ turns: [{ calls: [{ exec: 'echo hi > marker' }] }, { text: 'all done' }] });
    const r = await runCodex({ workspace: ws, mock, hooks: commandHooks(hook.command, { matcher: '*', timeout: 30 }) });
    expectClean(r);
    expect(readFileSync(join(ws.project, 'marker'), 'utf8')).toBe('hi\n');
    const pre = hookPayloads(hook.log).filter((p) => p.hook_event_name === 'PreToolUse');
    expect(pre, describeRun(r)).toHaveLength(1);
    expect(pre[0]).toMatchObject({ tool_name: 'Bash', tool_input: { command: 'echo hi > marker' } });
    expect(mock.callOutput(openaiCallId(0, 0))?.type).toBe('function_call_output');
    expect(mock.turnsUsed).toBe(2);
    expect(mock.unscripted).toBe(0);
    expect(r.requests.every((q) => q.url === '/v1/responses'), describeRun(r)).toBe(true);
    expect(r.lastMessage).toBe('all done');
  });

  it('never runs a call the hook denies, and the model is told why (two calls in one turn)', async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const mock = await openai({
      turns: [{ calls: [{ exec: 'echo ok > allowed-marker' }, { exec: 'echo FORBIDDEN > denied-marker' }] }, { text: 'ok' }],
    });
    const r = await runCodex({ workspace: ws, mock, hooks: commandHooks(hook.command, { matcher: 'Bash' }) });
    expectClean(r);
    expect(existsSync(join(ws.project, 'allowed-marker')), describeRun(r)).toBe(true);
    expect(existsSync(join(ws.project, 'denied-marker')), describeRun(r)).toBe(false);
    const out = mock.callOutput(openaiCallId(0, 1));
    expect(out, describeRun(r)).toBeDefined();
    expect(out!.output).toContain(`Command blocked by PreToolUse hook: ${DENY_REASON}`);
    expect(mock.callOutput(openaiCallId(0, 0))?.output ?? '').not.toContain('blocked');
  });

  it('applies an apply_patch (custom tool call) that adds a file, and the hook sees the patch', async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const patch = '*** Begin Patch\n*** Add File: added.txt\n+hello\n*** End Patch\n';
    const mock = await openai({ turns: [{ calls: [{ applyPatch: patch }] }, { text: 'patched' }] });
    const r = await runCodex({ workspace: ws, mock, hooks: commandHooks(hook.command, { matcher: 'apply_patch' }) });
    expectClean(r);
    expect(readFileSync(join(ws.project, 'added.txt'), 'utf8')).toBe('hello\n');
    const out = mock.callOutput(openaiCallId(0, 0));
    expect(out?.type, describeRun(r)).toBe('custom_tool_call_output');
    expect(out?.output).toContain('A added.txt');
    const pre = hookPayloads(hook.log).filter((p) => p.hook_event_name === 'PreToolUse');
    expect(pre).toHaveLength(1);
    expect(pre[0]).toMatchObject({ tool_name: 'apply_patch', tool_input: { command: patch } });
  });

  it('skips a hook without a trust entry (the denied command runs)', async () => {
    const ws = workspace();
    const hook = writeHook(ws);
    const mock = await openai({ turns: [{ calls: [{ exec: 'echo FORBIDDEN > denied-marker' }] }, { text: 'ok' }] });
    const r = await runCodex({ workspace: ws, mock, hooks: commandHooks(hook.command, { matcher: 'Bash' }), trustHooks: false });
    expectClean(r);
    expect(existsSync(join(ws.project, 'denied-marker')), describeRun(r)).toBe(true);
    expect(hookPayloads(hook.log)).toHaveLength(0);
    expect(mock.callOutput(openaiCallId(0, 0))?.output ?? '').not.toContain('blocked');
  });

  it('computes the documented trust hash', () => {
    // fixed vector: sha256 of {"event_name":"pre_tool_use","hooks":[{"async":false,"command":"x","timeout":600,"type":"command"}]}
    expect(codexHookTrustHash('PreToolUse', undefined, { type: 'command', command: 'x' })).toBe(
      'sha256:' + 'e'.repeat(0) + codexHookTrustHash('PreToolUse', undefined, { type: 'command', command: 'x', timeout: 600 }).slice(7),
    );
  });
});
