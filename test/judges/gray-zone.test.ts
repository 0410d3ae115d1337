// The built-in gray-zone judge through the real hook: off until a provider is configured; then, where a
// static rule cannot decide, the model decides instead of the fail mode, and the audit says so.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { claudePayload, codexPayload } from "../support/calls.js";
import { HOOK_IMPLS, nativeHookAvailable, runHook, type HookImpl } from "../support/hook-process.js";
import { startMockJudge, type MockJudge } from "../support/mock-judge.js";
import { OPENAI_KEY, SECRETS, tempDir, removeTempDirs } from "./fixtures.js";
import type { AuditRecord } from "../../src/audit/record.js";

let mock: MockJudge;
beforeAll(async () => {
  mock = await startMockJudge({ forbidden: SECRETS, apiKey: OPENAI_KEY });
});
afterAll(async () => {
  await mock.close();
  removeTempDirs();
});
beforeEach(() => mock.reset());

/** A command the shell analyser cannot read with confidence (an unterminated quote). */
const UNREADABLE = 'echo "the build is done; npm test';

function home(config: Record<string, unknown>): string {
  const dir = tempDir("staso-gray-home-");
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  return dir;
}
const grayZone = () => ({
  provider: "openai",
  model: "qwen2.5-coder:7b",
  baseUrl: mock.openaiUrl,
  apiKeyEnv: "STASO_TEST_OPENAI_KEY",
  budgetMs: 5000,
  instructions: "Tests and builds are routine here.",
});
const records = (dir: string): AuditRecord[] =>
  readdirSync(join(dir, "audit")).flatMap((f) =>
    readFileSync(join(dir, "audit", f), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditRecord),
  );
const hook = (impl: HookImpl, dir: string, payload: object) =>
  runHook(payload, { impl, env: { STASO_HOME: dir, STASO_TEST_OPENAI_KEY: OPENAI_KEY }, timeoutMs: 30_000 });

for (const impl of HOOK_IMPLS) {
  describe.skipIf(impl === "native" && !nativeHookAvailable())(`the gray-zone judge (${impl} hook)`, () => {
    it("off until configured: an unsure rule gets the fail mode, and no model is asked", async () => {
      const h = home({});
      const run = await hook(impl, h, claudePayload("Bash", { command: UNREADABLE }));
      expect(run.json.hookSpecificOutput.permissionDecision).toBe("deny");
      expect(run.json.hookSpecificOutput.permissionDecisionReason).toContain("fail mode is closed");
      expect(mock.requests).toHaveLength(0);
    });

    it("configured: the model decides instead of the fail mode (allow), and the audit says which", async () => {
      const h = home({ grayZone: grayZone() });
      mock.push({ verdict: "allow", reason: "An echo and a test run: routine." });
      const run = await hook(impl, h, claudePayload("Bash", { command: UNREADABLE }));
      expect(run.stdout).toBe("");
      expect(mock.requests).toHaveLength(1);
      const view = JSON.parse(mock.requests[0]!.body.messages[1].content);
      expect(view.unsureRules).toEqual([
        { rule: "system/unanalysable-shell", reason: expect.stringContaining("could not be analysed with confidence") },
      ]);
      expect(mock.requests[0]!.body.messages[0].content).toContain(
        "Static rules looked at this call and could not decide",
      );
      expect(mock.requests[0]!.body.messages[0].content).toContain("Tests and builds are routine here.");
      const [rec] = records(h);
      expect(rec).toMatchObject({ action: "allow" });
      expect(rec!.failure).toBeUndefined();
      expect(rec!.judges).toEqual([
        expect.objectContaining({
          ruleId: "judges/gray-zone",
          model: "qwen2.5-coder:7b",
          verdict: "allow",
          outcome: "answered",
          grayZone: ["system/unanalysable-shell"],
        }),
      ]);
    });

    it("configured: a block from the model blocks with its reason (Codex too)", async () => {
      const h = home({ grayZone: grayZone() });
      mock.push({ verdict: "block", reason: "The quoting hides what runs; rewrite it plainly." });
      const run = await hook(impl, h, codexPayload("Bash", { command: UNREADABLE }));
      expect(run.json.hookSpecificOutput.permissionDecision).toBe("deny");
      expect(run.json.hookSpecificOutput.permissionDecisionReason).toContain("The quoting hides what runs");
      expect(run.json.hookSpecificOutput.permissionDecisionReason).toContain("[rule judges/gray-zone]");
      expect(records(h)[0]).toMatchObject({ action: "block", ruleId: "judges/gray-zone" });
    });

    it("calls the static rules can decide never reach the gray-zone judge", async () => {
      const h = home({ grayZone: grayZone() });
      for (const command of ["npm test", "rm -rf /", "git status"])
        await hook(impl, h, claudePayload("Bash", { command }));
      expect(mock.requests).toHaveLength(0);
    });

    it("an untrusted project cannot turn it on (it would send calls to a server of its choosing)", async () => {
      const h = home({});
      const project = tempDir("staso-gray-project-");
      writeFileSync(join(project, ".stasorc.json"), JSON.stringify({ grayZone: grayZone() }));
      const run = await hook(impl, h, claudePayload("Bash", { command: UNREADABLE }, { cwd: project }));
      expect(run.json.hookSpecificOutput.permissionDecision).toBe("deny");
      expect(mock.requests).toHaveLength(0);
    });
  });
}
