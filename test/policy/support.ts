// Helpers for policy tests: a temporary STASO_HOME and project, configs written as files, and the
// policy/rules/decision for a call made in the project, through the same functions the hook uses.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { afterAll } from "vitest";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { resolvePolicy, type Policy } from "../../src/policy/load.js";
import { activeRules, loadRuleSet, type RuleSet } from "../../src/policy/active-rules.js";
import type { Overrides } from "../../src/policy/merge.js";
import { builtinRules } from "../../src/rules/index.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { claudeCode } from "../../src/hosts/claude-code/index.js";
import { codex } from "../../src/hosts/codex/index.js";
import type { Decision, ToolCall } from "../../src/engine/types.js";

export interface Sandbox {
  root: string;
  home: string;
  project: string;
  env: NodeJS.ProcessEnv;
  /** Writes a file (objects as JSON) relative to the sandbox root; returns its path. */
  write(rel: string, content: string | object): string;
  user(config: object): string;
  projectConfig(config: object | string, name?: string): string;
  /** Lists the project in the user's trustedProjects (kept when user() writes the config again): its code runs. */
  trustProjectDir(): string;
}

const made: string[] = [];
// Every sandbox of a test file goes when the file is done.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "staso-policy-"));
  made.push(root);
  const home = join(root, "home");
  const project = join(root, "proj");
  mkdirSync(home, { recursive: true });
  mkdirSync(join(project, ".git"), { recursive: true });
  const write = (rel: string, content: string | object) => {
    const file = join(root, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return file;
  };
  // Only what the policy reads: a clean environment whatever the machine running the tests has set.
  const env: NodeJS.ProcessEnv = { STASO_HOME: home, HOME: root, PATH: process.env.PATH };
  let userConfig: object = {};
  let trusted = false;
  const writeUser = () =>
    write("home/config.json", { ...userConfig, ...(trusted ? { trustedProjects: [project] } : {}) });
  return {
    root,
    home,
    project,
    env,
    write,
    user: (config) => {
      userConfig = config;
      return writeUser();
    },
    trustProjectDir: () => {
      trusted = true;
      return writeUser();
    },
    projectConfig: (config, name = "staso.config.json") => write(`proj/${name}`, config),
  };
}

export interface Loaded {
  policy: Policy;
  set: RuleSet;
}

export async function load(
  sb: Sandbox,
  opts: { env?: NodeJS.ProcessEnv; flags?: Overrides; cwd?: string; fresh?: boolean } = {},
): Promise<Loaded> {
  const policy = await resolvePolicy({
    cwd: opts.cwd ?? sb.project,
    env: { ...sb.env, ...(opts.env ?? {}) },
    ...(opts.flags ? { flags: opts.flags } : {}),
    ...(opts.fresh ? { fresh: true } : {}),
  });
  const set = await loadRuleSet(policy, builtinRules, { deadlineAt: performance.now() + 10_000 });
  return { policy, set };
}

export function callIn(
  cwd: string,
  tool: string,
  input: Record<string, unknown>,
  host: "claude-code" | "codex" = "claude-code",
  extra: Record<string, unknown> = {},
): ToolCall {
  const adapter = host === "codex" ? codex : claudeCode;
  const payload = {
    session_id: "s",
    transcript_path: null,
    cwd,
    hook_event_name: "PreToolUse",
    permission_mode: "default",
    tool_name: tool,
    tool_input: input,
    tool_use_id: "t",
    ...(host === "codex" ? { turn_id: "x" } : {}),
    ...extra,
  };
  return adapter.parse(payload)!;
}

export async function decide(loaded: Loaded, call: ToolCall): Promise<Decision> {
  const host = call.host === "codex" ? codex : claudeCode;
  return evaluate(call, activeRules(loaded.policy, loaded.set), {
    failMode: loaded.policy.failMode,
    withInput: host.withInput,
    deadlineMs: loaded.policy.timeoutSeconds * 1000,
  });
}

/** A rule's effective setting under a loaded policy ("off" when it is not in force). */
export function setting(
  loaded: Loaded,
  id: string,
): { mode: string; action?: string; params: Record<string, unknown> } {
  const a = activeRules(loaded.policy, loaded.set).find((r) => r.rule.meta.id === id);
  return a
    ? { mode: a.mode, ...(a.action ? { action: a.action } : {}), params: a.params }
    : { mode: "off", params: {} };
}
