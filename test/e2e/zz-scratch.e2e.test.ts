import { it } from 'vitest';
import { createHash } from 'node:crypto';
import { createWorkspace, runCodex, writeExecutable, codexTrustEntries, writeCodexSetup, tomlString, codexEventKey, type HooksByEvent } from './support/agents.js';
import { startMockOpenAI } from './support/mock-openai.js';
import { join } from 'node:path';
import { existsSync, readFileSync, appendFileSync } from 'node:fs';
function canon(v: any): string { if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']'; if (v && typeof v === 'object') return '{' + Object.keys(v).sort().map(k => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}'; return JSON.stringify(v); }
const h = (o: unknown) => 'sha256:' + createHash('sha256').update(canon(o)).digest('hex');
it('scratch', async () => {
  const variants: Array<[string, (cmd: string) => Record<string, unknown>]> = [
    ['statusMessage', (cmd) => ({ async: false, command: cmd, timeout: 30, type: 'command', statusMessage: 'checking' })],
    ['status_message', (cmd) => ({ async: false, command: cmd, timeout: 30, type: 'command', status_message: 'checking' })],
    ['omitted', (cmd) => ({ async: false, command: cmd, timeout: 30, type: 'command' })],
  ];
  for (const [name, mk] of variants) {
    const ws = createWorkspace();
    const log = join(ws.root, 'h.log');
    const hook = writeExecutable(join(ws.root, 'h.sh'), '#!/bin/bash\ncat > /dev/null\necho called >> ' + log + '\n');
    const hooks: HooksByEvent = { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: hook, timeout: 30, statusMessage: 'checking' }] }] };
    const mo = await startMockOpenAI({ turns: [{ calls: [{ exec: 'true' }] }, { text: 'x' }] });
    const { configPath, hooksPath } = writeCodexSetup(ws, { baseUrl: mo.baseUrl, hooks, trustHooks: false });
    const hash = h({ event_name: 'pre_tool_use', hooks: [mk(hook)], matcher: '*' });
    appendFileSync(configPath, `\n[hooks.state.${tomlString(hooksPath + ':pre_tool_use:0:0')}]\ntrusted_hash = ${tomlString(hash)}\n`);
    const r = await runCodex({ workspace: ws, mock: mo, writeConfig: false });
    console.log(name, 'exit', r.exitCode, 'hook called:', existsSync(log));
    await mo.close(); ws.cleanup();
  }
  // two handlers in one group: per-handler hash with single-element hooks list?
  {
    const ws = createWorkspace();
    const log = join(ws.root, 'h.log');
    const a = writeExecutable(join(ws.root, 'a.sh'), '#!/bin/bash\ncat > /dev/null\necho a >> ' + log + '\n');
    const b = writeExecutable(join(ws.root, 'b.sh'), '#!/bin/bash\ncat > /dev/null\necho b >> ' + log + '\n');
    const hooks: HooksByEvent = { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: a, timeout: 30 }, { type: 'command', command: b }] }], PostToolUse: [{ hooks: [{ type: 'command', command: a }] }] };
    const mo = await startMockOpenAI({ turns: [{ calls: [{ exec: 'true' }] }, { text: 'x' }] });
    const r = await runCodex({ workspace: ws, mock: mo, hooks });
    console.log('two handlers', r.exitCode, existsSync(log) ? readFileSync(log, 'utf8') : 'no log');
    await mo.close(); ws.cleanup();
  }
});
