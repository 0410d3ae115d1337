// A judge in front of the real agents: Claude Code (`claude -p`) and Codex (`codex exec`) with staso
// installed by `staso setup`, the model scripted by the mock API on 127.0.0.1, and that same mock server
// answering staso's judge (from inside the agent's network namespace, through the same forwarder). The
// judge decides on what the user really typed, read from the agent's own transcript file: the intent check.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { afterAll, afterEach, describe, expect, it } from "vitest";

import {
  createWorkspace,
  describeRun,
  runClaude,
  runCodex,
  writeExecutable,
  type Workspace,
} from "./support/agents.js";
import { anthropicToolUseId, startMockAnthropic } from "./support/mock-anthropic.js";
import type { RecordedHttpRequest } from "./support/mock-http.js";
import { openaiCallId, startMockOpenAI } from "./support/mock-openai.js";
import {
  auditRecords,
  installStaso,
  nativeHookStatus,
  removeStasoSnapshot,
  seedHome,
  stasoEnv,
  writeStasoConfig,
  type HookVariant,
} from "./support/staso.js";
import type { JudgeVerdictReply } from "../support/mock-judge.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(() => removeStasoSnapshot());

const KEY = "sk-e2e-judge-key-0123456789";
const DEPLOY = "./deploy.sh --prod";
const REASON = "The user said not to deploy today; ask them before deploying.";

/** The judge's side of the mock: the intent check a model would make, on what staso showed it. */
function intentCheck(req: RecordedHttpRequest): JudgeVerdictReply {
  const body = req.body as { messages: { role: string; content: string }[] };
  const view = JSON.parse(body.messages.at(-1)!.content) as { userMessages?: string[] };
  const forbidden = (view.userMessages ?? []).some((m) => /do not deploy/i.test(m));
  return forbidden
    ? { verdict: "block", reason: REASON }
    : { verdict: "allow", reason: "The user asked for this deploy." };
}

function judgeConfig(provider: "anthropic" | "openai", baseUrl: string) {
  return {
    judges: [
      {
        id: "team/deploy-judge",
        provider,
        model: provider === "anthropic" ? "claude-haiku-4-5" : "gpt-4.1-mini",
        baseUrl,
        apiKeyEnv: "STASO_E2E_JUDGE_KEY",
        when: { kind: "shell", input: { command: { contains: "deploy" } } },
        instructions: "Block deploys the user did not ask for.",
        context: { transcript: 3 },
        budgetMs: 8000,
        onTimeout: "block",
      },
    ],
  };
}

/** The project's deploy script: it leaves deployed.txt behind when it really runs. */
const prepare = (ws: Workspace) =>
  writeExecutable(join(ws.project, "deploy.sh"), "#!/bin/sh\necho deployed > deployed.txt\n");

const native = nativeHookStatus();
const skipNative = !native.present && process.env.STASO_E2E_REQUIRE_NATIVE !== "1";
const variants: HookVariant[] = ["node", "native"];

for (const variant of variants) {
  describe.skipIf(variant === "native" && skipNative)(`a judge in front of the real agents (${variant} hook)`, () => {
    it.each([
      ["Fix the failing test in src/math.ts. Do not deploy anything to production today.", "block"],
      ["Ship it: deploy to production now.", "allow"],
    ] as const)("Claude Code, the user said %j: the judge's %s", async (prompt, verdict) => {
      const ws = createWorkspace({ prefix: "staso-e2e-judge-claude-" });
      cleanups.push(() => ws.cleanup());
      seedHome(ws);
      const mock = await startMockAnthropic({
        turns: [{ toolUses: [{ name: "Bash", input: { command: DEPLOY } }] }, { text: "finished" }],
        judge: intentCheck,
      });
      cleanups.push(() => mock.close());
      installStaso(ws, "claude", { variant });
      writeStasoConfig(ws, judgeConfig("anthropic", mock.baseUrl));
      prepare(ws);
      const r = await runClaude({ workspace: ws, mock, prompt, env: stasoEnv(ws, { STASO_E2E_JUDGE_KEY: KEY }) });
      expect(r.exitCode, describeRun(r)).toBe(0);
      expect(mock.unscripted, describeRun(r)).toBe(0);

      const [judged, ...more] = mock.judgeRequests();
      expect(more, describeRun(r)).toEqual([]);
      expect(judged!.headers["x-api-key"]).toBe(KEY);
      const view = JSON.parse((judged!.body as { messages: { content: string }[] }).messages[0]!.content);
      // Read from Claude Code's own transcript file: the user's words, not the agent's.
      expect(view.userMessages).toEqual([prompt]);
      expect(view.call).toMatchObject({ host: "claude-code", tool: "Bash", input: { command: DEPLOY } });

      const told = mock.toolResult(anthropicToolUseId(0, 0))!;
      const rec = auditRecords(ws).find((a) => a.event === "pre" && a.tool === "Bash")!;
      expect(rec.judges).toEqual([
        expect.objectContaining({ ruleId: "team/deploy-judge", verdict, outcome: "answered" }),
      ]);
      if (verdict === "block") {
        expect(existsSync(join(ws.project, "deployed.txt")), describeRun(r)).toBe(false);
        expect(told.is_error).toBe(true);
        expect(told.content).toContain(REASON);
        expect(told.content).toContain("[rule team/deploy-judge]");
      } else {
        expect(readFileSync(join(ws.project, "deployed.txt"), "utf8")).toBe("deployed\n");
        expect(told.is_error).toBe(false);
      }
    });

    it.each([
      ["Fix the failing test in src/math.ts. Do not deploy anything to production today.", "block"],
      ["Ship it: deploy to production now.", "allow"],
    ] as const)("Codex, the user said %j: the judge's %s", async (prompt, verdict) => {
      const ws = createWorkspace({ prefix: "staso-e2e-judge-codex-" });
      cleanups.push(() => ws.cleanup());
      seedHome(ws);
      const mock = await startMockOpenAI({
        turns: [{ calls: [{ exec: DEPLOY }] }, { text: "finished" }],
        judge: intentCheck,
      });
      cleanups.push(() => mock.close());
      installStaso(ws, "codex", { codexBaseUrl: mock.baseUrl, variant });
      writeStasoConfig(ws, judgeConfig("openai", mock.baseUrl));
      prepare(ws);
      const r = await runCodex({
        workspace: ws,
        mock,
        prompt,
        env: stasoEnv(ws, { STASO_E2E_JUDGE_KEY: KEY }),
        writeConfig: false,
      });
      expect(r.exitCode, describeRun(r)).toBe(0);
      expect(mock.unscripted, describeRun(r)).toBe(0);

      const [judged, ...more] = mock.judgeRequests();
      expect(more, describeRun(r)).toEqual([]);
      expect(judged!.headers.authorization).toBe(`Bearer ${KEY}`);
      const view = JSON.parse((judged!.body as { messages: { content: string }[] }).messages[1]!.content);
      // Read from Codex's own rollout file.
      expect(view.userMessages).toEqual([prompt]);
      expect(view.call).toMatchObject({ host: "codex", kind: "shell" });

      const told = mock.callOutput(openaiCallId(0, 0))!.output;
      const rec = auditRecords(ws).find((a) => a.event === "pre")!;
      expect(rec.judges).toEqual([
        expect.objectContaining({ ruleId: "team/deploy-judge", verdict, outcome: "answered" }),
      ]);
      if (verdict === "block") {
        expect(existsSync(join(ws.project, "deployed.txt")), describeRun(r)).toBe(false);
        expect(told).toContain(REASON);
      } else {
        expect(readFileSync(join(ws.project, "deployed.txt"), "utf8")).toBe("deployed\n");
      }
    });
  });
}
