import { describe, expect, it } from "vitest";
import { claudePayload } from "../support/calls.js";
import { runHook, tempHome } from "../support/hook-process.js";

describe("hook smoke", () => {
  it("blocks rm -rf / from Claude", async () => {
    const r = await runHook(claudePayload("Bash", { command: "rm -rf /" }), { env: { STASO_HOME: tempHome() } });
    expect(r.code).toBe(0);
    expect(r.json.hookSpecificOutput.permissionDecision).toBe("deny");
  });
});
