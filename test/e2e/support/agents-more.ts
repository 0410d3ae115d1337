// Runs the real Gemini CLI, GitHub Copilot CLI and opencode once, non-interactively, in a throwaway HOME
// against a mock model server on 127.0.0.1 (agents-more.md): the same isolation and clean-up as Claude
// Code and Codex (./agents.ts). Each agent's own offline settings are written by the helpers here;
// staso's hooks are whatever `staso setup` put in.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import {
  agentBinaries,
  agentUidIsZero,
  chooseIsolation,
  commonEnv,
  defaultNetns,
  defaultTimeout,
  runProcess,
  type AgentRunResult,
  type RunOptionsBase,
  type Workspace,
} from "./agents.js";
import type { MockAnthropic } from "./mock-anthropic.js";
import type { MockGemini } from "./mock-gemini.js";

// ---------------------------------------------------------------------------
// Gemini CLI

/**
 * ~/.gemini/settings.json as a user who runs Gemini CLI offline has it: the API-key auth type (without
 * it GOOGLE_GEMINI_BASE_URL selects a gateway auth that -p rejects), no usage statistics, no updates.
 * Written before `staso setup`, which merges its hooks in.
 */
export function writeGeminiUserSettings(ws: Workspace, extra: Record<string, unknown> = {}): string {
  const dir = join(ws.home, ".gemini");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "settings.json");
  const settings = {
    security: { auth: { selectedType: "gemini-api-key" } },
    privacy: { usageStatisticsEnabled: false },
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
    ...extra,
  };
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
  return file;
}

export interface GeminiRunOptions extends RunOptionsBase {
  mock: MockGemini;
  /** Trust the project folder (GEMINI_CLI_TRUST_WORKSPACE=true); headless Gemini refuses an untrusted one. Default true. */
  trustWorkspace?: boolean;
}

/** `gemini -p <prompt> --output-format json --yolo …args` against the mock. */
export async function runGemini(o: GeminiRunOptions): Promise<AgentRunResult> {
  const ws = o.workspace;
  const isolation = chooseIsolation(o.netns ?? defaultNetns(), o.mock.socketPath !== null, o.namespaces !== false);
  const args = ["-p", o.prompt ?? "Do the task.", "--output-format", "json", "--yolo", ...(o.args ?? [])];
  const env: Record<string, string> = {
    ...commonEnv(ws, agentUidIsZero(isolation)),
    GOOGLE_GEMINI_BASE_URL: o.mock.baseUrl,
    GEMINI_API_KEY: "mock-gemini-key",
    // Gemini CLI relaunches itself in a second Node with a larger heap: twice the start-up, nothing to
    // do with hooks.
    GEMINI_CLI_NO_RELAUNCH: "true",
    ...(o.trustWorkspace === false ? {} : { GEMINI_CLI_TRUST_WORKSPACE: "true" }),
    ...o.env,
  };
  const r = await runProcess({
    agent: "gemini",
    bin: agentBinaries().gemini,
    args,
    env,
    cwd: o.cwd ?? ws.project,
    workspace: ws,
    mock: o.mock,
    timeoutMs: o.timeoutMs ?? defaultTimeout(),
    isolation,
  });
  try {
    return { ...r, json: JSON.parse(r.stdout) as unknown };
  } catch {
    return r;
  }
}

// ---------------------------------------------------------------------------
// GitHub Copilot CLI

export interface CopilotRunOptions extends RunOptionsBase {
  mock: MockAnthropic;
}

/**
 * `copilot -p <prompt> --allow-all-tools --output-format json --disable-client-telemetry` in its offline
 * BYOK mode against the mock Anthropic API (no GitHub login). COPILOT_HOME is the default ~/.copilot of
 * the throwaway HOME; the 235 MB package it unpacks on a first run goes to a cache shared by every run.
 */
export async function runCopilot(o: CopilotRunOptions): Promise<AgentRunResult> {
  const ws = o.workspace;
  const bins = agentBinaries();
  const isolation = chooseIsolation(o.netns ?? defaultNetns(), o.mock.socketPath !== null, o.namespaces !== false);
  const args = [
    "-p",
    o.prompt ?? "Do the task.",
    "--allow-all-tools",
    "--output-format",
    "json",
    "--disable-client-telemetry",
    ...(o.args ?? []),
  ];
  const env: Record<string, string> = {
    ...commonEnv(ws, agentUidIsZero(isolation)),
    COPILOT_PROVIDER_BASE_URL: o.mock.baseUrl,
    COPILOT_PROVIDER_TYPE: "anthropic",
    COPILOT_PROVIDER_API_KEY: "sk-ant-mock-key",
    COPILOT_MODEL: "claude-sonnet-4.5",
    COPILOT_OFFLINE: "true",
    COPILOT_AUTO_UPDATE: "false",
    COPILOT_PKG_CACHE_HOME: join(bins.cacheDir, "copilot-pkg"),
    ...o.env,
  };
  return runProcess({
    agent: "copilot",
    bin: bins.copilot,
    args,
    env,
    cwd: o.cwd ?? ws.project,
    workspace: ws,
    mock: o.mock,
    timeoutMs: o.timeoutMs ?? defaultTimeout(),
    isolation,
  });
}

// ---------------------------------------------------------------------------
// opencode

/**
 * ~/.config/opencode/opencode.json as a user who runs opencode offline has it: a provider of the mock
 * Anthropic API (through the @ai-sdk/anthropic opencode bundles), no auto-update, no sharing. Written before
 * `staso setup`, which adds its plugin beside it.
 */
export function writeOpencodeUserConfig(
  ws: Workspace,
  mock: MockAnthropic,
  extra: Record<string, unknown> = {},
): string {
  const dir = join(ws.home, ".config", "opencode");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "opencode.json");
  const config = {
    provider: {
      mock: {
        npm: "@ai-sdk/anthropic",
        name: "Mock",
        options: { baseURL: `${mock.baseUrl}/v1`, apiKey: "sk-ant-mock-key" },
        models: { "mock-model": { name: "Mock model", tool_call: true, limit: { context: 200000, output: 8192 } } },
      },
    },
    model: "mock/mock-model",
    small_model: "mock/mock-model",
    autoupdate: false,
    share: "disabled",
    ...extra,
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

export interface OpencodeRunOptions extends RunOptionsBase {
  mock: MockAnthropic;
}

/** `opencode run <prompt> --print-logs` (its logs on stderr) against the mock. */
export async function runOpencode(o: OpencodeRunOptions): Promise<AgentRunResult> {
  const ws = o.workspace;
  const isolation = chooseIsolation(o.netns ?? defaultNetns(), o.mock.socketPath !== null, o.namespaces !== false);
  const env: Record<string, string> = {
    ...commonEnv(ws, agentUidIsZero(isolation)),
    OPENCODE_DISABLE_MODELS_FETCH: "1",
    OPENCODE_DISABLE_AUTOUPDATE: "1",
    OPENCODE_DISABLE_SHARE: "1",
    OPENCODE_DISABLE_LSP_DOWNLOAD: "1",
    ...o.env,
  };
  return runProcess({
    agent: "opencode",
    bin: agentBinaries().opencode,
    args: ["run", o.prompt ?? "Do the task.", "--print-logs", ...(o.args ?? [])],
    env,
    cwd: o.cwd ?? ws.project,
    workspace: ws,
    mock: o.mock,
    timeoutMs: o.timeoutMs ?? defaultTimeout(),
    isolation,
  });
}
