import { describe, expect, it } from "vitest";
import { runCases } from "../../analysis/shell/cases.js";
import { systemCases } from "./cases.js";
import unanalysable from "../../../src/rules/system/unanalysable-shell.js";
import { bash, decide, ruleAction } from "../../support/calls.js";

for (const t of systemCases) runCases(t);

describe("system/unanalysable-shell", () => {
  it.each([
    ["echo 'unterminated", /quote/],
    ['echo "$(rm -rf /', /substitution|quote/],
    ["cat <<EOF\nno end", /heredoc/],
    ["$(".repeat(300) + ")".repeat(300), /levels deep/],
    ["x".repeat(1024 * 1024 + 1), /characters long/],
    ["echo fine && ls", null],
  ])("applies the fail mode to %#", async (command, why) => {
    const d = await ruleAction(unanalysable, bash(command));
    if (why === null) {
      expect(d.action).toBe("allow");
      return;
    }
    expect(d.action).toBe("block");
    expect(d.failure).toMatch(why);
  });

  it("allows under fail mode open, with the failure noted", async () => {
    const { evaluate } = await import("../../../src/engine/evaluate.js");
    const { claudeCode } = await import("../../../src/hosts/claude-code/index.js");
    const d = await evaluate(bash("echo 'oops"), [{ rule: unanalysable, mode: "enforce", params: {} }], {
      failMode: "open",
      withInput: claudeCode.withInput,
      deadlineMs: 5000,
    });
    expect(d.action).toBe("allow");
    expect(d.failure).toMatch(/could not be analysed/);
  });

  it("a dangerous command is still blocked by its rule even when the rest is unanalysable", async () => {
    const d = await decide(bash("rm -rf ~\necho 'unterminated"));
    expect(d.action).toBe("block");
    expect(d.reason).toMatch(/home directory/);
  });
});
