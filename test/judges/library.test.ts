// A judge in the library's guard(): the same policy, deadline, masking and audit trail as in the hook.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { guard } from "../../src/lib.js";
import { startMockJudge, type MockJudge } from "../support/mock-judge.js";
import { OPENAI_KEY, SECRET_COMMAND, SECRETS, tempDir, removeTempDirs } from "./fixtures.js";

let mock: MockJudge;
let home: string;
const saved = { ...process.env };
beforeAll(async () => {
  mock = await startMockJudge({ forbidden: SECRETS, apiKey: OPENAI_KEY });
});
afterAll(async () => {
  await mock.close();
  removeTempDirs();
});
beforeEach(() => {
  mock.reset();
  home = tempDir("staso-judge-lib-");
  process.env.STASO_HOME = home;
  process.env.STASO_TEST_OPENAI_KEY = OPENAI_KEY;
  writeFileSync(
    join(home, "config.json"),
    JSON.stringify({
      judges: [
        {
          id: "team/refunds",
          provider: "openai",
          model: "gpt-4.1-mini",
          baseUrl: mock.openaiUrl,
          apiKeyEnv: "STASO_TEST_OPENAI_KEY",
          when: { tool: "refund_payment" },
          instructions: "Refunds over 500 need a human.",
          onTimeout: "escalate",
        },
      ],
      rules: { "secrets/outbound": "off" },
    }),
  );
});
afterEach(() => {
  process.env = { ...saved };
});

describe("a judge in the library's guard()", () => {
  it("its verdict decides an agent's own tool; other tools never reach it", async () => {
    mock.push({ verdict: "escalate", reason: "A refund of 900 needs a human." });
    const r = await guard(
      "refund_payment",
      { amount: 900, note: SECRET_COMMAND },
      { context: { sessionId: "lib-judge" } },
    );
    expect(r.action).toBe("escalate");
    expect(r.reason).toContain("A refund of 900 needs a human.");
    expect(r.rulesTriggered).toContain("team/refunds");
    expect((await guard("lookup_order", { id: 7 }, { context: { sessionId: "lib-judge" } })).action).toBe("allow");
    expect(mock.requests).toHaveLength(1);
    expect(mock.violations).toEqual([]);
    const recs = readdirSync(join(home, "audit")).flatMap((f) =>
      readFileSync(join(home, "audit", f), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    );
    expect(recs[0].judges[0]).toMatchObject({ ruleId: "team/refunds", model: "gpt-4.1-mini", verdict: "escalate" });
  });
});
