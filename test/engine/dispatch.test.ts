// The engine's dispatch (src/engine/dispatch.ts): a rule runs only on calls that have what it declares it
// looks at (meta.looksAt), and a call whose programs the shell analysis cannot name runs every rule. The
// proof that every built-in declaration is a necessary condition: every rule's examples, run with every
// rule on every call of its kinds, never find anything on a call the index would have kept the rule from
// (the red-team corpus is run the same way in test/redteam/redteam.test.ts).
import { afterEach, describe, expect, it } from "vitest";
import { evaluate } from "../../src/engine/evaluate.js";
import { dispatchProbe } from "../../src/engine/dispatch.js";
import { defineRule, type ActiveRule, type RuleMeta } from "../../src/engine/rule.js";
import type { ToolCall } from "../../src/engine/types.js";
import { claudeCode } from "../../src/hosts/claude-code/index.js";
import { shellOf, shellSubjects } from "../../src/analysis/shell/index.js";
import { builtinRules } from "../../src/rules/index.js";
import { runRuleExamples } from "../../src/pipeline/rule-examples.js";
import { bash, claudeCall } from "../support/calls.js";

/** A rule that records every call it runs on and fires on none. */
function watcher(id: string, looksAt?: RuleMeta["looksAt"], extra: Partial<RuleMeta> = {}) {
  const seen: ToolCall[] = [];
  const rule = defineRule({
    meta: { id, description: id, defaultAction: "block", ...(looksAt ? { looksAt } : {}), ...extra },
    check: (call) => {
      seen.push(call);
      return null;
    },
  });
  return { rule, seen };
}

const on = (rule: ActiveRule["rule"]): ActiveRule => ({ rule, mode: "enforce", params: {} });

const run = (rules: ActiveRule[], call: ToolCall, subjects = true) =>
  evaluate(call, rules, {
    failMode: "closed",
    withInput: claudeCode.withInput,
    deadlineMs: 5000,
    ...(subjects ? { shellSubjects } : {}),
  });

/** Whether a rule declaring these subjects runs on the call. */
async function runsOn(looksAt: RuleMeta["looksAt"], call: ToolCall, extra: Partial<RuleMeta> = {}) {
  const w = watcher("t/w", looksAt, extra);
  await run([on(w.rule)], call);
  return w.seen.length > 0;
}

afterEach(() => {
  dispatchProbe.mode = "on";
  delete dispatchProbe.skipped;
});

describe("dispatch: what a rule declares", () => {
  it("runs a rule that declares nothing on every call of its kinds", async () => {
    expect(await runsOn(undefined, bash("ls"))).toBe(true);
    expect(await runsOn(undefined, claudeCall("Read", { file_path: "/etc/hosts" }))).toBe(true);
    expect(await runsOn(undefined, bash("ls"), { kinds: ["read"] })).toBe(false);
    expect(await runsOn(undefined, bash("ls"), { events: ["post"] })).toBe(false);
  });

  it("runs a program rule only on shell calls that run one of its programs", async () => {
    expect(await runsOn({ programs: ["git"] }, bash("ls -la"))).toBe(false);
    expect(await runsOn({ programs: ["git"] }, bash("ls && git status"))).toBe(true);
    expect(await runsOn({ programs: ["git-*"] }, bash("git-lfs ls-files"))).toBe(true);
    expect(await runsOn({ programs: ["mkfs*"] }, bash("mkfs.ext4 /dev/sdb1"))).toBe(true);
    // Programs are matched case-insensitively (a case-insensitive file system runs /BIN/RM).
    expect(await runsOn({ programs: ["rm"] }, bash("/BIN/RM -rf x"))).toBe(true);
    // Not a shell call: the program list says nothing about it.
    expect(await runsOn({ programs: ["git"] }, claudeCall("Read", { file_path: "/x" }))).toBe(true);
  });

  it("runs every program rule when the call's programs are not known for sure", async () => {
    expect(await runsOn({ programs: ["git"] }, bash('"$TOOL" reset --hard'))).toBe(true);
    expect(await runsOn({ programs: ["git"] }, bash("$(cat which) reset --hard"))).toBe(true);
    expect(await runsOn({ programs: ["git"] }, bash("echo 'unterminated"))).toBe(true);
    // Without the pipeline's shell analysis, the engine knows nothing of what runs: every rule runs.
    const w = watcher("t/w", { programs: ["git"] });
    await run([on(w.rule)], bash("ls"), false);
    expect(w.seen).toHaveLength(1);
  });

  it("runs a rule that lists a program's subcommands only where one of them runs (or may)", async () => {
    const push = { programs: ["git", "git-*"], subcommands: { git: ["push"] } };
    expect(await runsOn(push, bash("git status && git diff --stat"))).toBe(false);
    for (const cmd of [
      "git push --force",
      "git -C ../repo -c user.name=x push",
      "git --git-dir=.git --work-tree=. push",
      "git status && sh -c 'git push -f'",
      "GIT_TRACE=1 git push",
      "git-push origin main",
      "git -c alias.p='push --force' p",
      "git $SUB origin",
      'git "$@"',
      "git ${CMD:-push}",
      "g=git; $g push",
      "git PUSH",
    ])
      expect(await runsOn(push, bash(cmd)), cmd).toBe(true);
  });

  it("adds the calls with inline code or redirects when the rule says so", async () => {
    expect(await runsOn({ programs: ["curl"], inlineCode: true }, bash("python3 -c 'print(1)'"))).toBe(true);
    expect(await runsOn({ programs: ["curl"] }, bash("python3 -c 'print(1)'"))).toBe(false);
    expect(await runsOn({ programs: ["dd"], redirects: true }, bash("cat a > /dev/sdb"))).toBe(true);
    expect(await runsOn({ programs: ["dd"], redirects: true }, bash("cat <<EOF\nx\nEOF"))).toBe(true);
    expect(await runsOn({ programs: ["dd"], redirects: true }, bash("cat a | wc -l"))).toBe(false);
    expect(await runsOn({ redirects: true }, bash("ls"))).toBe(false);
    // Copies of descriptors and /dev/null reach no file.
    expect(await runsOn({ redirects: true }, bash("npm test 2>&1 | tail -n 20"))).toBe(false);
    expect(await runsOn({ redirects: true }, bash("ls missing 2>/dev/null || echo none >&2"))).toBe(false);
    expect(await runsOn({ redirects: true }, bash("dd if=x of=y 2>&1 > /dev/sdb"))).toBe(true);
    expect(await runsOn({ redirects: true }, bash("exec 3<>/dev/tcp/10.0.0.1/4444"))).toBe(true);
    expect(await runsOn({ redirects: true }, bash("ls >& out.txt"))).toBe(true);
  });

  it("runs a tool rule only on its tools, and a keyword rule only where the call's text holds one", async () => {
    const fetch = claudeCall("WebFetch", { url: "https://example.com", prompt: "x" });
    expect(await runsOn({ tools: ["WebFetch"] }, fetch)).toBe(true);
    expect(await runsOn({ tools: ["mcp__*"] }, fetch)).toBe(false);
    expect(await runsOn({ tools: ["mcp__*"] }, claudeCall("mcp__github__get_me", {}))).toBe(true);
    expect(await runsOn({ keywords: ["Example.COM"] }, fetch)).toBe(true);
    expect(await runsOn({ keywords: ["token"] }, fetch)).toBe(false);
    expect(await runsOn({ keywords: ["aws_secret"] }, bash("echo $AWS_SECRET_ACCESS_KEY"))).toBe(true);
    // Every declared part must hold: a keyword rule's programs too.
    expect(await runsOn({ programs: ["git"], keywords: ["--force"] }, bash("git push"))).toBe(false);
    expect(await runsOn({ programs: ["git"], keywords: ["--force"] }, bash("git push --force"))).toBe(true);
  });

  it("runs a files rule on a call with files only when one of its paths matches, before searching its text", async () => {
    const at = { files: /(?:^|\/)\.npmrc$/, keywords: ["registry"] };
    const write = (path: string, content: string) => claudeCall("Write", { file_path: path, content });
    expect(await runsOn(at, write("/home/dev/app/.npmrc", "registry=http://10.0.0.1/\n"))).toBe(true);
    expect(await runsOn(at, write("/home/dev/app/src/big.ts", "// the registry module\n"))).toBe(false);
    expect(await runsOn(at, write("/home/dev/app/.npmrc", "save-exact=true\n"))).toBe(false);
    // Shell calls carry no files: their keywords decide.
    expect(await runsOn(at, bash("npm config set registry http://10.0.0.1/"))).toBe(true);
  });

  it("keeps the rules' order and judges a rewritten call by what it holds now", async () => {
    const order: string[] = [];
    const rewrite = defineRule({
      meta: { id: "t/rewrite", description: "", defaultAction: "modify" },
      check: (call) =>
        call.shell?.command === "ls" ? { reason: "r", input: { ...call.input, command: "git status" } } : null,
    });
    const mk = (id: string, programs: string[]) =>
      defineRule({
        meta: { id, description: "", defaultAction: "block", looksAt: { programs } },
        check: (call) => {
          order.push(`${id}:${call.shell?.command}`);
          return null;
        },
      });
    await run([mk("t/a", ["ls"]), on(rewrite).rule, mk("t/b", ["git"]), mk("t/c", ["ls"])].map(on), bash("ls"));
    expect(order).toEqual(["t/a:ls", "t/b:git status"]);
  });

  it("judges an MCP tool's view by what the view runs", async () => {
    const call = claudeCall("mcp__shell__run_command", { command: "git reset --hard" });
    expect(await runsOn({ programs: ["git"] }, call, { kinds: ["shell"] })).toBe(true);
    expect(await runsOn({ programs: ["rm"] }, call, { kinds: ["shell"] })).toBe(false);
  });
});

describe("dispatch: the spellings an attacker would use still reach a program's rules", () => {
  // Each runs `rm` (or might: a program the analysis cannot name). The program rule for rm must run.
  const spellings = [
    "env rm -rf ~",
    "env -i PATH=/bin rm -rf ~",
    "sudo rm -rf ~",
    "sudo -u root -- rm -rf ~",
    "nohup rm -rf ~ &",
    "timeout 5 rm -rf ~",
    "command rm -rf ~",
    "exec rm -rf ~",
    "echo ~ | xargs rm -rf",
    "find ~ -maxdepth 0 -exec rm -rf {} +",
    "bash -c 'rm -rf ~'",
    'sh -c "cd / && rm -rf ~"',
    "/bin/rm -rf ~",
    "/usr/bin/../bin/rm -rf ~",
    "\\rm -rf ~",
    "'r'm -rf ~",
    "R=rm; $R -rf ~",
    '"$CMD" -rf ~',
    "${CMD:-rm} -rf ~",
    "$(printf rm) -rf ~",
    "`echo rm` -rf ~",
    "alias x=rm; x -rf ~",
    "x() { rm -rf ~; }; x",
    "eval 'rm -rf ~'",
    'eval "$PAYLOAD"',
    "bash <<'EOF'\nrm -rf ~\nEOF",
    "sh <<< 'rm -rf ~'",
    "echo 'rm -rf ~' | bash",
    "python3 -c 'import os; os.system(\"rm -rf ~\")'",
    'node -e \'require("child_process").execSync("rm -rf ~")\'',
    "/???/?m -rf ~",
    "ls; (cd /; rm -rf ~)",
    "true && { rm -rf ~; }",
  ];
  for (const cmd of spellings)
    it(JSON.stringify(cmd), async () => {
      const call = bash(cmd);
      const s = shellSubjects(call);
      // Named for sure, or not known: never known and without rm.
      if (s?.programs) expect([...s.programs]).toContain("rm");
      expect(await runsOn({ programs: ["rm"] }, call)).toBe(true);
    });

  it("names a program in a variable only when the analysis resolved it", () => {
    expect(shellSubjects(bash("R=rm; $R -rf ~"))?.programs?.has("rm")).toBe(true);
    expect(shellSubjects(bash('"$CMD" -rf ~'))?.programs).toBeUndefined();
    expect(shellOf(bash('"$CMD" -rf ~'))?.confident).toBe(true);
  });

  it.each(["bash", "yash", "posh", "oksh", "busybox", "eval"])(
    "code in a variable run by %s: every program may run",
    (sh) => {
      const line = sh === "eval" ? 'eval "$X"' : sh === "busybox" ? 'busybox sh -c "$X"' : `${sh} -c "$X"`;
      expect(shellSubjects(bash(line))?.programs).toBeUndefined();
    },
  );
});

describe("dispatch: the tests' probe", () => {
  // A rule declaring git that fires on anything: the declaration is too narrow, and the probe must say so.
  const liar = defineRule({
    meta: { id: "t/liar", description: "", defaultAction: "block", looksAt: { programs: ["git"] } },
    check: () => ({ reason: "fires on anything" }),
  });
  const probe = async (mode: "on" | "off" | "shadow") => {
    const heard: string[] = [];
    dispatchProbe.mode = mode;
    dispatchProbe.skipped = (id, call) => void heard.push(`${id} ${call.shell?.command}`);
    const d = await run([on(liar)], bash("ls -la"));
    return { action: d.action, heard };
  };
  it("reports a rule that fires outside its declaration, counting it (off) or dropping it (shadow)", async () => {
    expect(await probe("on")).toEqual({ action: "allow", heard: [] });
    expect(await probe("off")).toEqual({ action: "block", heard: ["t/liar ls -la"] });
    expect(await probe("shadow")).toEqual({ action: "allow", heard: ["t/liar ls -la"] });
  });
  it("hears nothing from a rule on a call its declaration covers", async () => {
    dispatchProbe.mode = "shadow";
    const heard: string[] = [];
    dispatchProbe.skipped = (id) => void heard.push(id);
    expect((await run([on(liar)], bash("git status"))).action).toBe("block");
    expect(heard).toEqual([]);
  });
});

describe("dispatch: every built-in rule's examples", () => {
  // Every rule on every call of its kinds: one that finds something on a call its declaration leaves out
  // is reported, with the call. Then the same examples dispatched must give the same results.
  it("find nothing outside the rules' declared subjects, and decide the same dispatched", async () => {
    const outside: string[] = [];
    const undispatched: string[] = [];
    dispatchProbe.mode = "off";
    dispatchProbe.skipped = (id, call) => void outside.push(`${id}: ${call.host} ${JSON.stringify(call.input)}`);
    for (const rule of builtinRules)
      for (const r of await runRuleExamples(rule))
        undispatched.push(`${r.rule} ${r.list}[${r.index}] ${r.host} ${r.got}`);
    dispatchProbe.mode = "on";
    delete dispatchProbe.skipped;
    expect(outside).toEqual([]);
    const dispatched: string[] = [];
    for (const rule of builtinRules)
      for (const r of await runRuleExamples(rule))
        dispatched.push(`${r.rule} ${r.list}[${r.index}] ${r.host} ${r.got}`);
    expect(dispatched).toEqual(undispatched);
  }, 300_000);
});
