// Plugins: modules exporting rules of the built-ins' shape, run in a worker thread. A plugin that throws
// or hangs (asynchronously or in a synchronous loop) follows the fail mode within the deadline.
import { describe, expect, it } from "vitest";
import { claudePayload } from "../support/calls.js";
import { runHook } from "../support/hook-process.js";
import { callIn, load, sandbox, type Sandbox } from "./support.js";
import { activeRules } from "../../src/policy/active-rules.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { claudeCode } from "../../src/hosts/claude-code/index.js";

const GUARDS = `
export default [
  {
    meta: { id: "acme/no-prod-db", description: "No psql against prod.", defaultAction: "block", kinds: ["shell"], params: { host: { type: "string", default: "prod", description: "db host word" } } },
    check(call, { params }) {
      return (call.input.command ?? "").includes("psql -h " + params.host) ? { reason: "No production database from an agent." } : null;
    },
  },
  {
    meta: { id: "acme/misbehave", description: "Throws or hangs on request.", defaultAction: "block", kinds: ["shell"] },
    async check(call) {
      const c = call.input.command ?? "";
      if (c.includes("throw-now")) throw new Error("boom");
      if (c.includes("hang-async")) await new Promise(() => {});
      if (c.includes("hang-sync")) for (;;) {}
      return null;
    },
  },
];
`;

// A project's plugins run only when it is trusted (test/policy/trust.test.ts): these tests trust it by glob.
async function withPlugin(sb: Sandbox, source: string, config: object = {}, name = "guards.mjs") {
  sb.trustProjectDir();
  sb.write(`proj/${name}`, source);
  sb.projectConfig({ plugins: [`./${name}`], ...config });
}

async function decideIn(
  sb: Sandbox,
  command: string,
  opts: { failMode?: "open" | "closed"; deadlineMs?: number } = {},
) {
  const loaded = await load(sb, { fresh: true, ...(opts.failMode ? { env: { STASO_FAIL_MODE: opts.failMode } } : {}) });
  try {
    return await evaluate(callIn(sb.project, "Bash", { command }), activeRules(loaded.policy, loaded.set), {
      failMode: loaded.policy.failMode,
      withInput: claudeCode.withInput,
      deadlineMs: opts.deadlineMs ?? 1500,
    });
  } finally {
    await loaded.set.close();
  }
}

describe("plugins", () => {
  it("a good plugin's rules run like the built-ins, with parameters from the config", async () => {
    const sb = sandbox();
    await withPlugin(sb, GUARDS);
    const d = await decideIn(sb, "psql -h prod -c 'select 1'");
    expect([d.action, d.ruleId]).toEqual(["block", "acme/no-prod-db"]);
    expect((await decideIn(sb, "psql -h staging")).action).toBe("allow");
    const sb2 = sandbox();
    await withPlugin(sb2, GUARDS, { rules: { "acme/no-prod-db": { params: { host: "staging" } } } });
    expect((await decideIn(sb2, "psql -h staging")).ruleId).toBe("acme/no-prod-db");
  });

  it("a plugin's parameters are checked against its schema like the built-ins'", async () => {
    const typo = sandbox();
    await withPlugin(typo, GUARDS, { rules: { "acme/no-prod-db": { params: { hots: "staging" } } } });
    await expect(decideIn(typo, "psql -h staging")).rejects.toThrow(
      /staso\.config\.json: rules\["acme\/no-prod-db"\]\.params\.hots is not a parameter of this rule \(did you mean "host"\?\)\./,
    );
    const wrong = sandbox();
    await withPlugin(wrong, GUARDS, { rules: { "acme/no-prod-db": { params: { host: ["prod"] } } } });
    await expect(decideIn(wrong, "psql -h prod")).rejects.toThrow(/params\.host must be a string, not an array\./);
  });

  it("accepts `export const rules`, a single default rule, and a package from node_modules", async () => {
    const one = `export default { meta: { id: "one/rule", description: "d", defaultAction: "escalate" }, check: (c) => (c.tool === "Bash" ? { reason: "one" } : null) };`;
    const named = `export const rules = [{ meta: { id: "named/rule", description: "d", defaultAction: "block" }, check: () => null }];`;
    const sb = sandbox();
    sb.trustProjectDir();
    sb.write("proj/one.mjs", one);
    sb.write("proj/named.mjs", named);
    sb.write("proj/node_modules/@acme/guards/package.json", {
      name: "@acme/guards",
      type: "module",
      exports: { ".": { import: "./dist/index.js" } },
    });
    sb.write(
      "proj/node_modules/@acme/guards/dist/index.js",
      `export default [{ meta: { id: "pkg/rule", description: "d", defaultAction: "block", kinds: ["shell"] }, check: (c) => (c.input.command === "deploy" ? { reason: "pkg says no" } : null) }];`,
    );
    sb.projectConfig({ plugins: ["./one.mjs", "./named.mjs", "@acme/guards"] });
    const loaded = await load(sb);
    try {
      expect(loaded.set.rules.filter((r) => r.source === "plugin").map((r) => [r.rule.meta.id, r.plugin])).toEqual([
        ["one/rule", "./one.mjs"],
        ["named/rule", "./named.mjs"],
        ["pkg/rule", "@acme/guards"],
      ]);
    } finally {
      await loaded.set.close();
    }
    expect((await decideIn(sb, "deploy")).ruleId).toBe("pkg/rule");
  });

  it("a plugin that throws follows the fail mode: closed blocks, open allows", async () => {
    const sb = sandbox();
    await withPlugin(sb, GUARDS);
    const closed = await decideIn(sb, "echo throw-now");
    expect(closed.action).toBe("block");
    expect(closed.failure).toMatch(/rule acme\/misbehave failed: boom/);
    const open = await decideIn(sb, "echo throw-now", { failMode: "open" });
    expect(open.action).toBe("allow");
    expect(open.failure).toMatch(/boom/);
  });

  it("a plugin that hangs (a never-settling promise, or a synchronous infinite loop) is cut by the deadline", async () => {
    const sb = sandbox();
    await withPlugin(sb, GUARDS);
    for (const command of ["echo hang-async", "echo hang-sync"]) {
      const started = performance.now();
      const d = await decideIn(sb, command, { deadlineMs: 400 });
      expect(d.action).toBe("block");
      expect(d.failure).toMatch(/did not finish within 400 ms/);
      expect(performance.now() - started).toBeLessThan(5000);
      expect((await decideIn(sb, command, { deadlineMs: 400, failMode: "open" })).action).toBe("allow");
    }
  });

  it("load problems are one sentence naming the config, the entry and the module", async () => {
    const cases: [string, string, RegExp][] = [
      [
        "missing.mjs",
        "",
        /staso\.config\.json: plugins\[0\] \("\.\/missing\.mjs"\) does not exist \(looked for .*missing\.mjs\)\./,
      ],
      [
        "syntax.mjs",
        "export default [",
        /staso\.config\.json: plugins\[0\] \("\.\/syntax\.mjs"\) could not be loaded \(/,
      ],
      ["empty.mjs", "export const x = 1;", /plugins\[0\] \("\.\/empty\.mjs"\) exports no rules/],
      [
        "notarule.mjs",
        "export default [{ meta: { id: 'a/b' } }];",
        /plugins\[0\] \("\.\/notarule\.mjs"\) export 0 is not a rule \(an object with meta and check\)/,
      ],
      [
        "badmeta.mjs",
        "export default [{ meta: { id: 'nopack', description: 'd', defaultAction: 'block' }, check() {} }];",
        /plugins\[0\] \("\.\/badmeta\.mjs"\): a rule has meta\.id "nopack", which is not of the form "<pack>\/<name>"\./,
      ],
      [
        "badaction.mjs",
        "export default [{ meta: { id: 'a/b', description: 'd', defaultAction: 'deny' }, check() {} }];",
        /a rule a\/b has meta\.defaultAction "deny", expected one of block, modify, escalate\./,
      ],
      [
        "clash.mjs",
        "export default [{ meta: { id: 'git/force-push', description: 'd', defaultAction: 'block' }, check() {} }];",
        /plugins\[0\] \("\.\/clash\.mjs"\) defines a rule whose id "git\/force-push" is already the id of a built-in rule\./,
      ],
    ];
    for (const [name, source, message] of cases) {
      const sb = sandbox();
      sb.trustProjectDir();
      if (source) sb.write(`proj/${name}`, source);
      sb.projectConfig({ plugins: [`./${name}`] });
      await expect(load(sb), name).rejects.toThrow(message);
    }
  });

  it("a plugin that hangs while loading is cut by the deadline too", async () => {
    const sb = sandbox();
    sb.trustProjectDir();
    sb.write("proj/stuck.mjs", "for (;;) {}\nexport default [];");
    sb.projectConfig({ plugins: ["./stuck.mjs"] });
    const { resolvePolicy } = await import("../../src/policy/load.js");
    const { loadRuleSet } = await import("../../src/policy/active-rules.js");
    const { builtinRules } = await import("../../src/rules/index.js");
    const policy = await resolvePolicy({ cwd: sb.project, env: sb.env });
    const started = performance.now();
    await expect(loadRuleSet(policy, builtinRules, { deadlineAt: performance.now() + 300 })).rejects.toThrow(
      /the plugins \(\.\/stuck\.mjs\) did not load before the deadline/,
    );
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe("plugins in the hook process", () => {
  it("good, throwing and hanging plugins through the real hook: the answer always comes, in the host's protocol", async () => {
    const sb = sandbox();
    await withPlugin(sb, GUARDS);
    const env = { STASO_HOME: sb.home, STASO_GUARD_TIMEOUT: "1.5" };
    const good = await runHook(claudePayload("Bash", { command: "psql -h prod" }, { cwd: sb.project }), { env });
    expect(good.json.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(good.json.hookSpecificOutput.permissionDecisionReason).toMatch(/\[rule acme\/no-prod-db\]/);

    const threw = await runHook(claudePayload("Bash", { command: "echo throw-now" }, { cwd: sb.project }), { env });
    expect(threw.json.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(threw.json.hookSpecificOutput.permissionDecisionReason).toMatch(/rule acme\/misbehave failed: boom/);

    const hung = await runHook(claudePayload("Bash", { command: "echo hang-sync" }, { cwd: sb.project }), { env });
    expect(hung.code).toBe(0);
    expect(hung.json.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(hung.stderr).toMatch(/^staso: the rules did not finish within \d+(\.\d)? (s|ms)\.$/m);
    expect(hung.ms).toBeLessThan(8000);

    const open = await runHook(claudePayload("Bash", { command: "echo hang-sync" }, { cwd: sb.project }), {
      env: { ...env, STASO_FAIL_MODE: "open" },
    });
    expect(open.stdout).toBe("");
    expect(open.code).toBe(0);
  });

  it("the worker is started only for calls a plugin rule looks at (metadata cached by the plugin file's identity)", async () => {
    const sb = sandbox();
    const marker = `${sb.root}/imports.log`;
    await withPlugin(
      sb,
      `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(marker)}, "x");\n${GUARDS}`,
    );
    const env = { STASO_HOME: sb.home };
    const { readFileSync } = await import("node:fs");
    const imports = () => readFileSync(marker, "utf8").length;
    expect(
      (await runHook(claudePayload("Bash", { command: "psql -h prod" }, { cwd: sb.project }), { env })).json
        .hookSpecificOutput.permissionDecision,
    ).toBe("deny");
    expect(imports()).toBe(1);
    const read = await runHook(claudePayload("Read", { file_path: `${sb.project}/README.md` }, { cwd: sb.project }), {
      env,
    });
    expect(read.stdout).toBe("");
    expect(imports()).toBe(1); // the plugin's rules only look at shell calls: no worker, no import
    await runHook(claudePayload("Bash", { command: "ls" }, { cwd: sb.project }), { env });
    expect(imports()).toBe(2);
  });
});
