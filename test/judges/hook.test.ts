// Judges through the real hook process, Node and native, with both hosts' payload shapes, against a mock
// model server on 127.0.0.1: what the agent is told, what the audit trail records, what the model gets.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { claudePayload, codexPayload } from "../support/calls.js";
import { HOOK_IMPLS, nativeHookAvailable, runHook, type HookImpl } from "../support/hook-process.js";
import { startMockJudge, type MockJudge } from "../support/mock-judge.js";
import {
  claudeTranscript,
  codexTranscript,
  JUDGE_KEY,
  SECRET_COMMAND,
  SECRETS,
  tempDir,
  removeTempDirs,
} from "./fixtures.js";
import type { AuditRecord } from "../../src/audit/record.js";

let mock: MockJudge;
beforeAll(async () => {
  mock = await startMockJudge({ forbidden: SECRETS, apiKey: JUDGE_KEY });
});
afterAll(async () => {
  await mock.close();
  removeTempDirs();
});
beforeEach(() => mock.reset());

const judge = (over: Record<string, unknown> = {}) => ({
  id: "team/deploy-judge",
  provider: "anthropic",
  model: "claude-haiku-4-5",
  baseUrl: mock.anthropicUrl,
  apiKeyEnv: "STASO_TEST_JUDGE_KEY",
  when: { kind: "shell", input: { command: { contains: "deploy" } } },
  instructions: "Block production deploys; allow routine work.",
  budgetMs: 5000,
  onTimeout: "block",
  context: { transcript: 3 },
  ...over,
});

function home(config: Record<string, unknown>): string {
  const dir = tempDir("staso-judge-home-");
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  return dir;
}

const records = (dir: string): AuditRecord[] =>
  readdirSync(join(dir, "audit")).flatMap((f) =>
    readFileSync(join(dir, "audit", f), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditRecord),
  );

const hook = (impl: HookImpl, dir: string, payload: object, env: Record<string, string> = {}) =>
  runHook(payload, { impl, env: { STASO_HOME: dir, STASO_TEST_JUDGE_KEY: JUDGE_KEY, ...env }, timeoutMs: 30_000 });

const payloads = (command: string, transcripts: { claude: string; codex: string }) => ({
  "claude-code": claudePayload("Bash", { command }, { transcript_path: transcripts.claude }),
  codex: codexPayload("Bash", { command }, { transcript_path: transcripts.codex }),
});

const denyReason = (json: any): string | undefined =>
  json?.hookSpecificOutput?.permissionDecision === "deny"
    ? json.hookSpecificOutput.permissionDecisionReason
    : undefined;

for (const impl of HOOK_IMPLS) {
  describe.skipIf(impl === "native" && !nativeHookAvailable())(`judges through the ${impl} hook`, () => {
    const dir = tempDir();
    const transcripts = { claude: claudeTranscript(dir), codex: codexTranscript(dir) };

    for (const host of ["claude-code", "codex"] as const) {
      it(`${host}: a judge that says block blocks, with its reason; the audit span has model, verdict, latency, tokens`, async () => {
        const h = home({ judges: [judge()] });
        mock.push({
          verdict: "block",
          reason: "Production deploys need the user's go-ahead.",
          tokens: { input: 1234, output: 56 },
        });
        const run = await hook(impl, h, payloads("./deploy.sh --prod", transcripts)[host]);
        expect(run.code).toBe(0);
        const reason = denyReason(run.json);
        expect(reason).toContain("Production deploys need the user's go-ahead.");
        expect(reason).toContain("[rule team/deploy-judge]");
        expect(mock.requests).toHaveLength(1);
        expect(mock.violations).toEqual([]);
        const [rec] = records(h);
        expect(rec).toMatchObject({ action: "block", ruleId: "team/deploy-judge" });
        expect(rec!.judges).toEqual([
          expect.objectContaining({
            ruleId: "team/deploy-judge",
            provider: "anthropic",
            model: "claude-haiku-4-5",
            verdict: "block",
            outcome: "answered",
            reason: "Production deploys need the user's go-ahead.",
            tokens: { input: 1234, output: 56 },
            requests: 1,
            latencyMs: expect.any(Number),
          }),
        ]);
        // The user's own words from the real transcript shape, for the intent check.
        const view = JSON.parse(mock.requests[0]!.body.messages[0].content);
        expect(view.userMessages.at(-1)).toBe("Do not deploy anything to production today.");
        expect(view.call).toMatchObject({
          host,
          tool: "Bash",
          kind: "shell",
          input: { command: "./deploy.sh --prod" },
        });
      });

      it(`${host}: a judge that says allow allows, and the allow is recorded`, async () => {
        const h = home({ judges: [judge()], audit: { record: "non-allow" } });
        mock.push({ verdict: "allow", reason: "A staging deploy the user asked for." });
        const run = await hook(impl, h, payloads("./deploy.sh --staging", transcripts)[host]);
        expect(run.code).toBe(0);
        expect(run.stdout).toBe("");
        expect(mock.requests).toHaveLength(1);
        expect(records(h)[0]).toMatchObject({
          action: "allow",
          judges: [expect.objectContaining({ verdict: "allow" })],
        });
      });
    }

    it("calls the judge's `when` does not match never reach the model", async () => {
      const h = home({ judges: [judge()] });
      for (const payload of [
        claudePayload("Bash", { command: "npm test" }),
        codexPayload("Bash", { command: "ls -la" }),
        claudePayload("Write", { file_path: "/home/dev/proj/deploy.md", content: "deploy notes" }),
        claudePayload("Read", { file_path: "/home/dev/proj/deploy.sh" }),
      ]) {
        const run = await hook(impl, h, payload);
        expect(run.stdout).toBe("");
      }
      expect(mock.requests).toHaveLength(0);
    });

    it("a call an allow-list entry lets through is not put to the judge at all", async () => {
      const h = home({
        judges: [judge()],
        allow: [
          {
            rules: ["team/deploy-judge"],
            when: { input: { command: { contains: "--staging" } } },
            reason: "staging deploys are routine",
          },
        ],
      });
      const run = await hook(impl, h, payloads("./deploy.sh --staging", transcripts)["claude-code"]);
      expect(run.stdout).toBe("");
      expect(mock.requests).toHaveLength(0);
    });

    it("a repeated call makes one request: the retry gets the cached verdict", async () => {
      const h = home({ judges: [judge()] });
      mock.push({ verdict: "block", reason: "Not today." });
      const payload = payloads("./deploy.sh --prod", transcripts)["claude-code"];
      const first = await hook(impl, h, payload);
      const second = await hook(impl, h, payload);
      expect(denyReason(first.json)).toContain("Not today.");
      expect(denyReason(second.json)).toContain("Not today.");
      expect(mock.requests).toHaveLength(1);
      expect(records(h).map((r) => r.judges?.[0]?.outcome)).toEqual(["answered", "cached"]);
    });

    it("a hung model gets onTimeout within the budget, before the hook's deadline", async () => {
      const h = home({ judges: [judge({ budgetMs: 1000, onTimeout: "allow" })] });
      mock.push({ hang: true });
      const run = await hook(impl, h, payloads("./deploy.sh --prod", transcripts)["claude-code"], {
        STASO_GUARD_TIMEOUT: "8",
      });
      // Had the judge run into the hook's deadline, fail mode closed would have blocked.
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain("gave no verdict: the model did not answer within");
      const [rec] = records(h);
      expect(rec).toMatchObject({
        action: "allow",
        judges: [expect.objectContaining({ outcome: "timeout", verdict: "allow" })],
      });
      expect(rec!.failure).toBeUndefined();
    });

    it("STASO_GUARD_TIMEOUT caps a longer budget", async () => {
      const h = home({ judges: [judge({ budgetMs: 60_000, onTimeout: "escalate" })] });
      mock.push({ hang: true });
      const run = await hook(impl, h, payloads("./deploy.sh --prod", transcripts)["claude-code"], {
        STASO_GUARD_TIMEOUT: "2",
      });
      // Claude Code in a terminal asks its own prompt for an escalation: not the fail mode's deny.
      expect(run.json?.hookSpecificOutput?.permissionDecision).toBe("ask");
      expect(records(h)[0]!.judges![0]).toMatchObject({ outcome: "timeout", verdict: "escalate" });
    });

    it("no secret in the call, the transcript or the environment reaches the model; the key only in x-api-key", async () => {
      // The built-in guards would block these calls first (and then no judge is asked): off, to reach the judge.
      const h = home({ judges: [judge()], rules: { "secrets/outbound": "off", "network/private-address": "off" } });
      const secretEnv = Object.fromEntries(SECRETS.map((s, i) => [`SECRET_${i}`, s]));
      for (const host of ["claude-code", "codex"] as const) {
        await hook(impl, h, payloads(SECRET_COMMAND, transcripts)[host], secretEnv);
        await hook(impl, h, payloads(`echo ${SECRETS.join(" ")} # deploy`, transcripts)[host], secretEnv);
      }
      expect(mock.requests).toHaveLength(4);
      expect(mock.violations).toEqual([]);
    });

    it("an untrusted project's judges never run: a cloned repository cannot send calls to a server of its choosing", async () => {
      const h = home({});
      const project = tempDir("staso-judge-project-");
      mkdirSync(join(project, ".git"));
      writeFileSync(
        join(project, ".stasorc.json"),
        JSON.stringify({ judges: [judge({ apiKeyEnv: "STASO_TEST_JUDGE_KEY", when: {} })] }),
      );
      const run = await hook(impl, h, claudePayload("Bash", { command: "./deploy.sh --prod" }, { cwd: project }));
      expect(run.stdout).toBe("");
      expect(mock.requests).toHaveLength(0);
    });
  });
}
