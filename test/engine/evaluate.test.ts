import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/engine/evaluate.js";
import { defineRule, type ActiveRule, type Rule, type RuleAction } from "../../src/engine/rule.js";
import { claudeCode } from "../../src/hosts/claude-code/index.js";
import { codex } from "../../src/hosts/codex/index.js";
import { bash, claudeCall, codexCall } from "../support/calls.js";
import { currentDeadline, DeadlineExceeded, step } from "../../src/util/deadline.js";

const fires = (id: string, action: RuleAction, extra: Partial<Rule["meta"]> = {}) =>
  defineRule({
    meta: { id, description: id, defaultAction: action, ...extra },
    check: () => ({ reason: `${id} says ${action}` }),
  });

const on = (rule: Rule<any>, mode: "enforce" | "audit" = "enforce", action?: RuleAction): ActiveRule => ({
  rule,
  mode,
  params: {},
  ...(action ? { action } : {}),
});

const run = (
  rules: ActiveRule[],
  call = bash("ls"),
  failMode: "open" | "closed" = "closed",
  deadlineMs = 2000,
  watchdog = false,
) =>
  evaluate(call, rules, {
    failMode,
    withInput: call.host === "codex" ? codex.withInput : claudeCode.withInput,
    deadlineMs,
    watchdog,
  });

describe("evaluate: precedence", () => {
  it("allows when no rule fires", async () => {
    expect(await run([])).toEqual({ action: "allow", reason: "", verdicts: [] });
  });

  it.each([
    [["modify", "block"], "block"],
    [["escalate", "block", "modify"], "block"],
    [["modify", "escalate"], "escalate"],
    [["escalate", "modify"], "escalate"],
  ] as const)("%j → %s (block > escalate > modify > allow)", async (actions, expected) => {
    const rules = actions.map((a, i) =>
      a === "modify"
        ? defineRule({
            meta: { id: `t/${i}`, description: "", defaultAction: "modify" },
            check: (c) => ({ reason: "m", input: { ...c.input, command: "ls -l" } }),
          })
        : fires(`t/${i}`, a),
    );
    const d = await run(rules.map((r) => on(r)));
    expect(d.action).toBe(expected);
    expect(d.verdicts).toHaveLength(actions.length);
  });

  it("names the first rule with the winning action, and counts the others that agreed", async () => {
    const d = await run([on(fires("a/one", "escalate")), on(fires("a/two", "block")), on(fires("a/three", "block"))]);
    expect(d.ruleId).toBe("a/two");
    expect(d.reason).toBe("a/two says block [rule a/two] (1 more rule agreed: a/three)");
  });

  it("a policy action override wins over the rule's own", async () => {
    const d = await run([on(fires("a/one", "escalate"), "enforce", "block")]);
    expect(d.action).toBe("block");
  });

  it("a finding's own action wins over the rule's default", async () => {
    const rule = defineRule({
      meta: { id: "a/x", description: "", defaultAction: "escalate" },
      check: () => ({ reason: "r", action: "block" as const }),
    });
    expect((await run([on(rule)])).action).toBe("block");
  });

  it("a modify without a new input is read as a block", async () => {
    expect((await run([on(fires("a/m", "modify"))])).action).toBe("block");
  });
});

describe("evaluate: modifications chain", () => {
  const appendFlag = (id: string, flag: string) =>
    defineRule({
      meta: { id, description: "", defaultAction: "modify", kinds: ["shell"] },
      check: (c) => ({ reason: `added ${flag}`, input: { ...c.input, command: `${c.shell!.command} ${flag}` } }),
    });

  it("each rule sees the input the previous one produced", async () => {
    const seen: string[] = [];
    const spy = defineRule({
      meta: { id: "s/spy", description: "", defaultAction: "block" },
      check: (c) => {
        seen.push(c.shell!.command);
        return null;
      },
    });
    const d = await run(
      [on(appendFlag("m/a", "-a")), on(appendFlag("m/b", "-b")), on(spy)],
      bash("ls", { tool_input: { command: "ls", description: "list" } }),
    );
    expect(seen).toEqual(["ls -a -b"]);
    expect(d.action).toBe("modify");
    expect(d.modifiedInput).toEqual({ command: "ls -a -b", description: "list" });
  });

  it("a later block discards the modification", async () => {
    const d = await run([on(appendFlag("m/a", "-a")), on(fires("b/x", "block"))]);
    expect(d.action).toBe("block");
    expect(d.modifiedInput).toBeUndefined();
  });

  it("derived views follow the rewritten input (a Codex patch stays parsed)", async () => {
    const rewrite = defineRule({
      meta: { id: "m/p", description: "", defaultAction: "modify" },
      check: (c) =>
        c.files[0]?.added === "secret"
          ? { reason: "x", input: { command: "*** Begin Patch\n*** Add File: a.txt\n+clean\n*** End Patch\n" } }
          : null,
    });
    const seen: string[] = [];
    const spy = defineRule({
      meta: { id: "s/spy", description: "", defaultAction: "block" },
      check: (c) => {
        seen.push(c.files[0]!.added!);
        return null;
      },
    });
    await run(
      [on(rewrite), on(spy)],
      codexCall("apply_patch", { command: "*** Begin Patch\n*** Add File: a.txt\n+secret\n*** End Patch\n" }),
    );
    expect(seen).toEqual(["clean"]);
  });
});

describe("evaluate: audit mode", () => {
  it("records what an audit rule would do and lets the call through", async () => {
    const d = await run([on(fires("r/curl", "block"), "audit")]);
    expect(d.action).toBe("allow");
    expect(d.verdicts).toEqual([
      { ruleId: "r/curl", action: "block", mode: "audit", reason: "r/curl says block", ms: expect.any(Number) },
    ]);
  });

  it("an audit modification does not change the input", async () => {
    const m = defineRule({
      meta: { id: "m/a", description: "", defaultAction: "modify" },
      check: (c) => ({ reason: "x", input: { ...c.input, command: "changed" } }),
    });
    const d = await run([on(m, "audit")]);
    expect(d).toMatchObject({ action: "allow" });
    expect(d.modifiedInput).toBeUndefined();
  });
});

describe("evaluate: rule selection", () => {
  it("skips rules for other events and tool kinds", async () => {
    const postOnly = fires("p/post", "block", { events: ["post"] });
    const writeOnly = fires("w/write", "block", { kinds: ["write"] });
    expect((await run([on(postOnly), on(writeOnly)])).action).toBe("allow");
    expect((await run([on(writeOnly)], claudeCall("Write", { file_path: "/x", content: "" }))).action).toBe("block");
  });
});

describe("evaluate: failures follow the fail mode", () => {
  const throws = defineRule({
    meta: { id: "x/throws", description: "", defaultAction: "block" },
    check: () => {
      throw new Error("boom");
    },
  });
  const hangs = defineRule({
    meta: { id: "x/hangs", description: "", defaultAction: "block" },
    check: () => new Promise<null>(() => {}),
  });
  const unsure = defineRule({
    meta: { id: "x/unsure", description: "", defaultAction: "block" },
    check: () => ({ reason: "the command nests too deep", unsure: true }),
  });

  it("closed: a throwing rule blocks, saying which rule and why", async () => {
    const d = await run([on(throws)]);
    expect(d.action).toBe("block");
    expect(d.failure).toBe("rule x/throws failed: boom");
    expect(d.reason).toContain("fail mode is closed");
  });

  it("open: a throwing rule is skipped and the call allowed, with a warning", async () => {
    const warnings: string[] = [];
    const call = bash("ls");
    const d = await evaluate(call, [on(throws)], {
      failMode: "open",
      withInput: claudeCode.withInput,
      deadlineMs: 1000,
      warn: (m) => warnings.push(m),
    });
    expect(d.action).toBe("allow");
    expect(warnings).toEqual(["staso: rule x/throws failed: boom; allowing because fail mode is open."]);
  });

  it("a real block still wins over another rule's failure", async () => {
    const d = await run([on(throws), on(fires("b/x", "block"))], bash("ls"), "open");
    expect(d).toMatchObject({ action: "block", ruleId: "b/x" });
  });

  it("a hanging rule is cut by the deadline", async () => {
    const started = Date.now();
    const d = await run([on(hangs)], bash("ls"), "closed", 150);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(d).toMatchObject({ action: "block", failure: "the rules did not finish within 150 ms" });
    expect((await run([on(hangs)], bash("ls"), "open", 50)).action).toBe("allow");
  });

  // A timer cannot fire while a rule computes: synchronous work is stopped by the watchdog or by the step
  // budgets (util/deadline.ts), and the evaluation as a whole follows the fail mode.
  const spins = defineRule({
    meta: { id: "x/spins", description: "", defaultAction: "block" },
    check: () => {
      for (;;) {
        // a synchronous loop that counts no steps: only the watchdog can stop it
      }
    },
  });
  const counts = defineRule({
    meta: { id: "x/counts", description: "", defaultAction: "block" },
    check: () => {
      for (;;) step();
    },
  });
  const fine = fires("x/fine", "escalate");

  it.each([
    ["a synchronous loop that counts no steps (the watchdog)", spins, true],
    ["a synchronous loop that counts its steps (the budget)", counts, false],
  ])("%s is cut at the deadline, and the whole evaluation follows the fail mode", async (_, rule, watchdog) => {
    const started = Date.now();
    const d = await run([on(fine), on(rule)], bash("ls"), "closed", 300, watchdog);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(d).toMatchObject({ action: "block", failure: "the rules did not finish within 300 ms", verdicts: [] });
    const open = await run([on(fine), on(rule)], bash("ls"), "open", 300, watchdog);
    expect(open).toMatchObject({ action: "allow", failure: "the rules did not finish within 300 ms" });
  });

  it("the deadline is not one rule's failure: a rule that runs out of time is not skipped with the others going on", async () => {
    const outOfTime = defineRule({
      meta: { id: "x/out", description: "", defaultAction: "block" },
      check: () => {
        throw new DeadlineExceeded();
      },
    });
    const d = await run([on(outOfTime), on(fires("x/allowish", "modify"))], bash("ls"), "open");
    expect(d.action).toBe("allow");
    expect(d.failure).toMatch(/did not finish/);
    expect(d.verdicts).toEqual([]);
  });

  it("after a stopped stretch the process goes on: later evaluations and timers work", async () => {
    await run([on(spins)], bash("ls"), "closed", 100, true);
    const ok = await run([on(fine)]);
    expect(ok.action).toBe("escalate");
    await new Promise((r) => setTimeout(r, 5));
    expect(currentDeadline()).toBe(Number.POSITIVE_INFINITY);
  });

  it("an unsure enforce rule follows the fail mode; an unsure audit rule is ignored", async () => {
    expect(await run([on(unsure)])).toMatchObject({
      action: "block",
      failure: "rule x/unsure could not decide: the command nests too deep",
    });
    expect((await run([on(unsure, "audit")])).action).toBe("allow");
  });

  it("a call the adapter could not interpret follows the fail mode", async () => {
    const call = codexCall("apply_patch", { command: "garbage" });
    expect((await run([], call)).action).toBe("block");
    expect((await run([], call, "open")).action).toBe("allow");
  });
});

describe("evaluate: output repairs after the tool ran", () => {
  const post = () =>
    claudeCall(
      "Bash",
      { command: "cat notes" },
      {
        hook_event_name: "PostToolUse",
        tool_response: { stdout: "alpha SECRET beta", stderr: "", interrupted: false },
      },
    );
  const redact = (id: string, word: string) =>
    defineRule({
      meta: { id, description: "", defaultAction: "modify", events: ["post"] },
      check: (c) =>
        c.outputText?.includes(word)
          ? {
              reason: `hid ${word}`,
              output: { ...(c.output as object), stdout: (c.output as { stdout: string }).stdout.replace(word, "***") },
            }
          : null,
    });

  it("chains rewritten outputs: each rule sees the previous one's output and text", async () => {
    const d = await evaluate(post(), [on(redact("o/a", "SECRET")), on(redact("o/b", "alpha"))], {
      failMode: "closed",
      withInput: claudeCode.withInput,
      withOutput: claudeCode.withOutput,
      deadlineMs: 1000,
    });
    expect(d.action).toBe("modify");
    expect(d.modifiedOutput).toEqual({ stdout: "*** *** beta", stderr: "", interrupted: false });
    expect(d.modifiedInput).toBeUndefined();
  });

  it("a post-event modify without a new output (or without a host that can show one) is a block", async () => {
    const noOutput = defineRule({
      meta: { id: "o/x", description: "", defaultAction: "modify", events: ["post"] },
      check: () => ({ reason: "r", input: {} }),
    });
    expect(
      (
        await evaluate(post(), [on(noOutput)], {
          failMode: "closed",
          withInput: claudeCode.withInput,
          withOutput: claudeCode.withOutput,
          deadlineMs: 1000,
        })
      ).action,
    ).toBe("block");
    expect(
      (
        await evaluate(post(), [on(redact("o/a", "SECRET"))], {
          failMode: "closed",
          withInput: claudeCode.withInput,
          deadlineMs: 1000,
        })
      ).action,
    ).toBe("block");
  });
});
