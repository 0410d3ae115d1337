import { describe, expect, it } from "vitest";
import { runCases } from "../../analysis/shell/cases.js";
import { gitCases } from "./cases.js";
import forcePush from "../../../src/rules/git/force-push.js";
import { bash, codexCall, ruleAction } from "../../support/calls.js";

for (const t of gitCases) runCases(t);

describe("git/force-push rewrites", () => {
  it.each([
    ["git push --force origin feature", "git push --force-with-lease origin feature"],
    ["git push -f origin fix/typo", "git push --force-with-lease origin fix/typo"],
    ["git push -fu origin topic", "git push -u --force-with-lease origin topic"],
    ["git push origin +topic", "git push --force-with-lease origin topic"],
    [
      "git fetch && git push --force origin feature && echo done",
      "git fetch && git push --force-with-lease origin feature && echo done",
    ],
    ["git   push  -f   origin   feature  # again", "git   push  --force-with-lease   origin   feature  # again"],
  ])("%s → %s", async (command, rewritten) => {
    for (const call of [bash(command), codexCall("Bash", { command })]) {
      const d = await ruleAction(forcePush, call);
      expect(d.action).toBe("modify");
      expect(d.modifiedInput?.command).toBe(rewritten);
    }
  });

  it("honours protectedBranches", async () => {
    const d = await ruleAction(forcePush, bash("git push -f origin staging"), { protectedBranches: ["staging"] });
    expect(d.action).toBe("block");
  });
});
