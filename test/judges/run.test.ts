// One judge asking a mock model server on 127.0.0.1, in process: both providers' shapes, every way a model
// can fail (429, 5xx, a hang, nonsense), the verdict cache, and what leaves the machine.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JudgeSpec } from "../../src/judges/config.js";
import type { JudgeContext } from "../../src/judges/context.js";
import { runJudge } from "../../src/judges/run.js";
import { claudeCode } from "../../src/hosts/claude-code/index.js";
import { codex } from "../../src/hosts/codex/index.js";
import { claudeCall, codexCall } from "../support/calls.js";
import { rateLimited, serverError, startMockJudge, type MockJudge } from "../support/mock-judge.js";
import {
  claudeTranscript,
  codexTranscript,
  JUDGE_KEY,
  OPENAI_KEY,
  SECRET_COMMAND,
  SECRET_FILE,
  SECRETS,
  tempDir,
  removeTempDirs,
} from "./fixtures.js";

let mock: MockJudge;
beforeAll(async () => {
  mock = await startMockJudge({ forbidden: SECRETS });
});
afterAll(async () => {
  await mock.close();
  removeTempDirs();
});
beforeEach(() => mock.reset());

const anthropicJudge = (over: Partial<JudgeSpec> = {}): JudgeSpec => ({
  id: "team/deploy-judge",
  provider: "anthropic",
  model: "claude-haiku-4-5",
  baseUrl: mock.anthropicUrl,
  apiKeyEnv: "TEST_ANTHROPIC_KEY",
  instructions: "Block production deploys; allow routine work.",
  budgetMs: 4000,
  onTimeout: "escalate",
  ...over,
});
const openaiJudge = (over: Partial<JudgeSpec> = {}): JudgeSpec =>
  anthropicJudge({
    provider: "openai",
    model: "gpt-4.1-mini",
    baseUrl: mock.openaiUrl,
    apiKeyEnv: "TEST_OPENAI_KEY",
    ...over,
  });

function context(over: Partial<JudgeContext> = {}): JudgeContext {
  const now = performance.now();
  return {
    startedAt: now,
    deadlineAt: now + 10_000,
    failMode: "closed",
    env: { TEST_ANTHROPIC_KEY: JUDGE_KEY, TEST_OPENAI_KEY: OPENAI_KEY },
    records: [],
    ...over,
  };
}

const deploy = () => claudeCall("Bash", { command: "./deploy.sh --prod" });

describe("a judge asks its model once and applies the verdict", () => {
  it.each([
    ["anthropic", anthropicJudge],
    ["openai", openaiJudge],
  ] as const)("%s: block, with the model's reason, tokens and one request", async (_, judge) => {
    mock.push({
      verdict: "block",
      reason: "This deploys to production; ask the user first.",
      tokens: { input: 900, output: 37 },
    });
    const ctx = context();
    const record = await runJudge(judge(), deploy(), ctx);
    expect(record).toMatchObject({
      ruleId: "team/deploy-judge",
      verdict: "block",
      outcome: "answered",
      reason: "This deploys to production; ask the user first.",
      tokens: { input: 900, output: 37 },
      requests: 1,
    });
    expect(ctx.records).toEqual([record]);
    expect(mock.requests).toHaveLength(1);
    expect(mock.violations).toEqual([]);
  });

  it("anthropic: a non-streaming Messages request forcing the verdict tool, the key only in x-api-key", async () => {
    await runJudge(anthropicJudge(), deploy(), context());
    const [req] = mock.requests;
    expect(req!.url).toBe("/v1/messages");
    expect(req!.headers["x-api-key"]).toBe(JUDGE_KEY);
    expect(req!.headers["anthropic-version"]).toBe("2023-06-01");
    expect(req!.headers.authorization).toBeUndefined();
    expect(req!.body.stream).toBeUndefined();
    expect(req!.body.model).toBe("claude-haiku-4-5");
    expect(req!.body.tool_choice).toEqual({ type: "tool", name: "verdict" });
    expect(req!.body.tools[0].input_schema.properties.decision.enum).toEqual(["allow", "block", "escalate"]);
    expect(req!.body.system).toContain("Block production deploys; allow routine work.");
    expect(req!.rawBody).not.toContain(JUDGE_KEY);
  });

  it("openai: a Chat Completions request forcing the verdict function, the key only as a Bearer token", async () => {
    await runJudge(openaiJudge(), deploy(), context());
    const [req] = mock.requests;
    expect(req!.url).toBe("/v1/chat/completions");
    expect(req!.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(req!.headers["x-api-key"]).toBeUndefined();
    expect(req!.body.stream).toBeUndefined();
    expect(req!.body.tool_choice).toEqual({ type: "function", function: { name: "verdict" } });
    expect(req!.body.tools[0].function.parameters.required).toEqual(["decision", "reason"]);
    expect(req!.body.messages[0]).toMatchObject({ role: "system" });
  });

  it("openai json_schema: the answer comes back as the content and is read the same", async () => {
    mock.push({ verdict: "escalate", reason: "Unclear whether the user wants this." });
    const record = await runJudge(openaiJudge({ structuredOutput: "json_schema" }), deploy(), context());
    expect(mock.requests[0]!.body.response_format.type).toBe("json_schema");
    expect(mock.requests[0]!.body.tools).toBeUndefined();
    expect(record).toMatchObject({ verdict: "escalate", outcome: "answered" });
  });

  it("a local server without a key gets no auth header at all", async () => {
    await runJudge(openaiJudge({ apiKeyEnv: "UNSET_LOCAL_KEY" }), deploy(), context());
    expect(mock.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("a remote provider without its key is not asked; onTimeout applies and says why", async () => {
    const warnings: string[] = [];
    const record = await runJudge(
      anthropicJudge({ baseUrl: "https://api.anthropic.com", apiKeyEnv: "UNSET_KEY_FOR_TEST" }),
      deploy(),
      context({ warn: (m) => warnings.push(m) }),
    );
    expect(record).toMatchObject({ verdict: "escalate", outcome: "error", requests: 0 });
    expect(record.reason).toContain("UNSET_KEY_FOR_TEST is not set");
    expect(warnings.join("")).toContain("UNSET_KEY_FOR_TEST is not set");
  });
});

describe("what leaves the machine", () => {
  it.each([
    ["anthropic", anthropicJudge],
    ["openai", openaiJudge],
  ] as const)("%s: no secret of the call, the file or the transcript reaches the model", async (_, judge) => {
    const dir = tempDir();
    const transcript = claudeTranscript(dir);
    const spec = judge({ context: { transcript: 3 } });
    for (const call of [
      claudeCall("Bash", { command: SECRET_COMMAND }, { transcript_path: transcript }),
      claudeCall(
        "Write",
        { file_path: "/home/dev/proj/notes.md", content: SECRET_FILE },
        { transcript_path: transcript },
      ),
      claudeCall("mcp__deploy__run", {
        [JUDGE_KEY]: "a key as a field name",
        nested: { headers: { auth: SECRET_COMMAND } },
      }),
    ])
      await runJudge(spec, call, context());
    expect(mock.requests).toHaveLength(3);
    expect(mock.violations).toEqual([]);
    // Masked, not dropped: the model still sees what the call does.
    expect(mock.requests[0]!.text).toContain("deploy.sh --prod");
    expect(mock.requests[0]!.text).toContain("REDACTED_");
    expect(mock.requests[1]!.text).toContain("REDACTED_PRIVATE_KEY");
  });

  it("the user's typed messages from a Claude Code transcript, masked; never tool results, meta lines or a sub-agent's prompt", async () => {
    const transcript = claudeTranscript(tempDir());
    await runJudge(
      anthropicJudge({ context: { transcript: 2 } }),
      deploy(),
      context({ userMessages: claudeCode.userMessages }),
      {},
    );
    // no reader given: no messages
    await runJudge(
      anthropicJudge({ context: { transcript: 2 } }),
      claudeCall("Bash", { command: "./deploy.sh --prod" }, { transcript_path: transcript }),
      context({ userMessages: claudeCode.userMessages }),
    );
    const view = JSON.parse(mock.requests[1]!.body.messages[0].content);
    expect(view.userMessages).toHaveLength(2);
    expect(view.userMessages[0]).toContain("Here is the token if you need it: REDACTED_GITHUB_TOKEN");
    expect(view.userMessages[1]).toBe("Do not deploy anything to production today.");
    expect(mock.requests[1]!.rawBody).not.toContain("IGNORE PREVIOUS INSTRUCTIONS");
    expect(mock.requests[1]!.rawBody).not.toContain("sub-agent prompt");
    expect(mock.requests[1]!.rawBody).not.toContain("Caveat:");
    expect(mock.violations).toEqual([]);
  });

  it("the user's typed messages from a Codex rollout (old and new event shapes), never its environment context", async () => {
    const transcript = codexTranscript(tempDir());
    await runJudge(
      openaiJudge({ context: { transcript: 3 } }),
      codexCall("Bash", { command: "./deploy.sh --prod" }, { transcript_path: transcript }),
      context({ userMessages: codex.userMessages }),
    );
    const view = JSON.parse(mock.requests[0]!.body.messages[1].content);
    expect(view.userMessages).toEqual([
      "Please fix the failing unit test in src/math.ts.",
      expect.stringContaining("REDACTED_GITHUB_TOKEN"),
      "Do not deploy anything to production today.",
    ]);
    expect(mock.requests[0]!.rawBody).not.toContain("environment_context");
    expect(mock.requests[0]!.rawBody).not.toContain("IGNORE PREVIOUS");
    expect(mock.violations).toEqual([]);
  });

  it("a transcript path that is not a regular file costs the context, not the call", async () => {
    const warnings: string[] = [];
    const record = await runJudge(
      anthropicJudge({ context: { transcript: 3 } }),
      claudeCall("Bash", { command: "ls" }, { transcript_path: "/dev/zero" }),
      context({ userMessages: claudeCode.userMessages, warn: (m) => warnings.push(m) }),
    );
    expect(record.outcome).toBe("answered");
    expect(warnings.join("")).toContain("not a regular file");
  });
});

describe("within the deadline: a slow, failing or rate-limited model gets onTimeout, never a hang", () => {
  it("a model that never answers: onTimeout when the budget runs out", async () => {
    mock.push({ hang: true });
    const record = await runJudge(anthropicJudge({ budgetMs: 400, onTimeout: "block" }), deploy(), context());
    expect(record).toMatchObject({ verdict: "block", outcome: "timeout", requests: 1 });
    expect(record.reason).toMatch(/did not answer within/);
  });

  it("the budget counts from the hook's start, and the hook's deadline caps it", async () => {
    mock.push({ hang: true }, { hang: true });
    const now = performance.now();
    // The hook started 2 s ago and the budget is 2.5 s: 0.5 s are left, not 2.5 (counted from the judge's start).
    const late = await runJudge(anthropicJudge({ budgetMs: 2500 }), deploy(), context({ startedAt: now - 2000 }));
    expect(late.outcome).toBe("timeout");
    expect(late.latencyMs).toBeLessThan(2000);
    // A 60 s budget under a hook deadline 0.7 s away: the deadline wins (less what the hook needs to answer).
    const capped = await runJudge(
      anthropicJudge({ budgetMs: 60_000 }),
      deploy(),
      context({ deadlineAt: performance.now() + 700 }),
    );
    expect(capped.outcome).toBe("timeout");
    expect(capped.latencyMs).toBeLessThan(10_000);
  });

  it("429 with a short retry-after: waits, asks again, and uses that answer", async () => {
    mock.push(rateLimited(0.2), { verdict: "allow", reason: "routine" });
    const record = await runJudge(anthropicJudge(), deploy(), context());
    expect(record).toMatchObject({ verdict: "allow", outcome: "answered", requests: 2 });
  });

  it("429 asking for longer than the budget: onTimeout at once, without waiting", async () => {
    mock.push(rateLimited(30));
    // A 9 s budget and 30 s asked for: no waiting out the budget (the one request is all the time it takes).
    const record = await runJudge(
      anthropicJudge({ onTimeout: "allow", budgetMs: 9000 }),
      deploy(),
      context({ deadlineAt: performance.now() + 20_000 }),
    );
    expect(record).toMatchObject({ verdict: "allow", outcome: "rate-limited", requests: 1 });
    expect(record.reason).toContain("retry after 30 s");
    expect(record.latencyMs).toBeLessThan(8000);
  });

  it("OpenAI's retry-after-ms is read too", async () => {
    mock.push(
      {
        status: 429,
        headers: { "retry-after-ms": "150" },
        json: { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } },
      },
      { verdict: "block", reason: "no" },
    );
    const record = await runJudge(openaiJudge(), deploy(), context());
    expect(record).toMatchObject({ verdict: "block", requests: 2 });
  });

  it("5xx: retried while the budget allows, then onTimeout with the server's message", async () => {
    mock.push(serverError(500), serverError(529), serverError(503));
    const record = await runJudge(anthropicJudge({ onTimeout: "block" }), deploy(), context());
    expect(record).toMatchObject({ verdict: "block", outcome: "error", requests: 3 });
    expect(record.reason).toContain("503");
  });

  it("a 4xx (a bad key): no retry, onTimeout, the provider's message", async () => {
    mock.push({
      status: 401,
      json: { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } },
    });
    const record = await runJudge(anthropicJudge(), deploy(), context());
    expect(record).toMatchObject({ verdict: "escalate", outcome: "error", requests: 1 });
    expect(record.reason).toBe("the model answered 401: invalid x-api-key");
  });

  it.each([
    [
      "text instead of the tool",
      {
        status: 200,
        json: {
          type: "message",
          role: "assistant",
          content: [{ type: "text", text: "I think it is fine" }],
          usage: {},
        },
      },
    ],
    [
      "a decision that is not one",
      {
        status: 200,
        json: {
          type: "message",
          content: [{ type: "tool_use", name: "verdict", input: { decision: "yes", reason: "x" } }],
        },
      },
    ],
    ["not JSON at all", { status: 200, raw: "<html>gateway</html>" }],
  ] as const)("a malformed answer (%s): onTimeout", async (_, reply) => {
    mock.push(reply);
    const record = await runJudge(anthropicJudge({ onTimeout: "block" }), deploy(), context());
    expect(record).toMatchObject({ verdict: "block", outcome: "malformed" });
  });

  it("a connection refused: onTimeout at once; the fail mode is the default onTimeout", async () => {
    const closed = await startMockJudge();
    const url = closed.anthropicUrl;
    await closed.close();
    const spec = anthropicJudge({ baseUrl: url, onTimeout: undefined });
    expect(await runJudge(spec, deploy(), context({ failMode: "closed" }))).toMatchObject({
      verdict: "block",
      outcome: "error",
    });
    expect(await runJudge(spec, deploy(), context({ failMode: "open" }))).toMatchObject({
      verdict: "allow",
      outcome: "error",
    });
  });

  it("a model that answers slowly but within the budget is waited for", async () => {
    mock.push({ delayMs: 300, reply: { verdict: "block", reason: "slow but sure" } });
    const record = await runJudge(anthropicJudge(), deploy(), context());
    expect(record).toMatchObject({ verdict: "block", outcome: "answered" });
  });
});

describe("the verdict cache", () => {
  it("the same call in the same session: one request, the second verdict from the cache", async () => {
    const dataDir = tempDir();
    mock.push({ verdict: "block", reason: "production deploy" });
    const first = await runJudge(anthropicJudge(), deploy(), context({ dataDir }));
    const second = await runJudge(anthropicJudge(), deploy(), context({ dataDir }));
    expect(first).toMatchObject({ verdict: "block", outcome: "answered", requests: 1 });
    expect(second).toMatchObject({ verdict: "block", outcome: "cached", requests: 0, reason: "production deploy" });
    expect(mock.requests).toHaveLength(1);
  });

  it("another session, another input, another judge's instructions or a new user message: asked again", async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    const transcript = claudeTranscript(dir);
    const spec = anthropicJudge({ context: { transcript: 1 } });
    const ctx = () => context({ dataDir, userMessages: claudeCode.userMessages });
    const at = (extra: Record<string, unknown>, command = "./deploy.sh --prod") =>
      claudeCall("Bash", { command }, { transcript_path: transcript, ...extra });
    await runJudge(spec, at({}), ctx());
    await runJudge(spec, at({}), ctx()); // cached
    await runJudge(spec, at({ session_id: "another-session" }), ctx());
    await runJudge(spec, at({}, "./deploy.sh --staging"), ctx());
    await runJudge({ ...spec, instructions: "Block everything." }, at({}), ctx());
    claudeTranscript(dir, ["Yes, deploy to production now."]);
    await runJudge(spec, at({}), ctx());
    expect(mock.requests).toHaveLength(5);
  });

  it("a timeout is not cached: the retry asks again", async () => {
    const dataDir = tempDir();
    mock.push({ hang: true }, { verdict: "allow", reason: "fine" });
    expect((await runJudge(anthropicJudge({ budgetMs: 300 }), deploy(), context({ dataDir }))).outcome).toBe("timeout");
    expect((await runJudge(anthropicJudge(), deploy(), context({ dataDir }))).outcome).toBe("answered");
  });
});
