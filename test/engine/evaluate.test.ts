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

  it("without a deadline (Infinity), synchronous and asynchronous checks decide as with one, and failures still follow the fail mode", async () => {
    const later = defineRule({
      meta: { id: "b/later", description: "", defaultAction: "escalate" },
      check: async () => ({ reason: "later" }),
    });
    const rules = [on(fires("b/now", "modify"), "audit"), on(later), on(fires("b/x", "block"))];
    const untimed = (d: Awaited<ReturnType<typeof run>>) => ({
      ...d,
      verdicts: d.verdicts.map(({ ms: _ms, ...v }) => v),
    });
    const without = untimed(await run(rules, bash("ls"), "closed", Number.POSITIVE_INFINITY));
    expect(without).toEqual(untimed(await run(rules)));
    expect(without).toMatchObject({ action: "block", ruleId: "b/x" });
    expect(without.verdicts.map((v) => v.ruleId)).toEqual(["b/now", "b/later", "b/x"]);
    expect(await run([on(throws)], bash("ls"), "closed", Number.POSITIVE_INFINITY)).toMatchObject({
      action: "block",
      failure: expect.stringContaining("failed"),
    });
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

describe("evaluate: costly rules (judges) and the gray zone", () => {
  const costly = (id: string, action: RuleAction | "allow", log: string[], ms = 0) =>
    defineRule({
      meta: { id, description: id, defaultAction: "block", costly: true },
      async check() {
        log.push(`start ${id}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${id}`);
        return action === "allow" ? null : { reason: `${id} says ${action}`, action };
      },
    });
  const unsure = defineRule({
    meta: { id: "t/unsure", description: "", defaultAction: "block" },
    check: () => ({ reason: "cannot tell", unsure: true }),
  });

  it("run after every other rule, side by side, and their verdicts count like any rule's", async () => {
    const log: string[] = [];
    const cheap = defineRule({
      meta: { id: "t/cheap", description: "", defaultAction: "escalate" },
      check: () => {
        log.push("cheap");
        return { reason: "cheap says escalate" };
      },
    });
    const d = await run([on(costly("j/a", "block", log, 30)), on(costly("j/b", "allow", log, 5)), on(cheap)]);
    expect(log).toEqual(["cheap", "start j/a", "start j/b", "end j/b", "end j/a"]);
    expect(d.action).toBe("block");
    expect(d.ruleId).toBe("j/a");
  });

  it("are not run at all once an enforced rule has blocked", async () => {
    const log: string[] = [];
    const d = await run([on(costly("j/a", "block", log)), on(fires("t/block", "block"))]);
    expect(log).toEqual([]);
    expect(d.ruleId).toBe("t/block");
    // An audit-mode block does not stop them.
    await run([on(costly("j/a", "allow", log)), on(fires("t/block", "block"), "audit")]);
    expect(log).toEqual(["start j/a", "end j/a"]);
  });

  it("the gray zone answers for unsure rules instead of the fail mode: allow clears them, block decides", async () => {
    const asked: string[][] = [];
    const withGray = (action: "allow" | "block" | "escalate") =>
      evaluate(bash("ls"), [on(unsure)], {
        failMode: "closed",
        withInput: claudeCode.withInput,
        deadlineMs: 2000,
        grayZone: async (_call, u) => {
          asked.push(u.map((x) => `${x.ruleId}: ${x.reason}`));
          return { action, reason: `gray says ${action}`, ruleId: "judges/gray-zone" };
        },
      });
    expect(await withGray("allow")).toEqual({ action: "allow", reason: "", verdicts: [] });
    const blocked = await withGray("block");
    expect(blocked).toMatchObject({
      action: "block",
      ruleId: "judges/gray-zone",
      reason: "gray says block [rule judges/gray-zone]",
    });
    expect(blocked.failure).toBeUndefined();
    expect((await withGray("escalate")).action).toBe("escalate");
    expect(asked[0]).toEqual(["t/unsure: cannot tell"]);
  });

  it("without an answer (none configured, or it failed) the fail mode decides as before", async () => {
    const none = await evaluate(bash("ls"), [on(unsure)], {
      failMode: "closed",
      withInput: claudeCode.withInput,
      deadlineMs: 2000,
      grayZone: async () => undefined,
    });
    expect(none).toMatchObject({ action: "block", failure: "rule t/unsure could not decide: cannot tell" });
    const failed = await evaluate(bash("ls"), [on(unsure)], {
      failMode: "closed",
      withInput: claudeCode.withInput,
      deadlineMs: 2000,
      grayZone: async () => {
        throw new Error("boom");
      },
    });
    expect(failed.action).toBe("block");
    expect(failed.failure).toContain("the gray-zone judge failed: boom");
  });

  it("is not asked when a rule already blocks, nor when a rule failed under fail mode closed (that blocks anyway)", async () => {
    let asked = 0;
    const grayZone = async () => {
      asked++;
      return { action: "allow" as const, reason: "", ruleId: "judges/gray-zone" };
    };
    const throws = defineRule({
      meta: { id: "t/throws", description: "", defaultAction: "block" },
      check: () => {
        throw new Error("bug");
      },
    });
    const opts = { failMode: "closed" as const, withInput: claudeCode.withInput, deadlineMs: 2000, grayZone };
    expect((await evaluate(bash("ls"), [on(unsure), on(fires("t/block", "block"))], opts)).ruleId).toBe("t/block");
    const d = await evaluate(bash("ls"), [on(unsure), on(throws)], opts);
    expect(asked).toBe(0);
    expect(d.action).toBe("block");
    expect(d.failure).toBe("rule t/unsure could not decide: cannot tell; rule t/throws failed: bug");
    // Fail mode open: the failure alone would allow, so the gray zone is asked about the unsure rule.
    const open = await evaluate(bash("ls"), [on(unsure), on(throws)], { ...opts, failMode: "open" });
    expect(asked).toBe(1);
    expect(open).toMatchObject({ action: "allow", failure: "rule t/throws failed: bug" });
  });
});
