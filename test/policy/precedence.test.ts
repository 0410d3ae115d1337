// Precedence: defaults < user config < environment < flags on the user's side; the project config may
// only tighten that side (unless the user trusts the project). One table per setting, then per rule.
import { describe, expect, it } from "vitest";
import { callIn, decide, load, sandbox, setting } from "./support.js";
import type { Overrides } from "../../src/policy/merge.js";

interface Row {
  name: string;
  user?: object;
  project?: object;
  env?: Record<string, string>;
  flags?: Overrides;
  trusted?: boolean;
}

async function policyOf(row: Row) {
  const sb = sandbox();
  const user = { ...(row.user ?? {}), ...(row.trusted ? { trustedProjects: [`${sb.project}`] } : {}) };
  if (row.user || row.trusted) sb.user(user);
  if (row.project) sb.projectConfig(row.project);
  return { sb, loaded: await load(sb, { env: row.env ?? {}, ...(row.flags ? { flags: row.flags } : {}) }) };
}

describe("precedence matrix: fail mode", () => {
  const rows: [Row, "open" | "closed", RegExp?][] = [
    [{ name: "nothing set: closed" }, "closed"],
    [{ name: "user open", user: { failMode: "open" } }, "open"],
    [{ name: "project closes the user's open", user: { failMode: "open" }, project: { failMode: "closed" } }, "closed"],
    [
      { name: "project cannot open the user's closed", user: { failMode: "closed" }, project: { failMode: "open" } },
      "closed",
      /failMode "open" ignored: a project cannot loosen the fail mode "closed"/,
    ],
    [{ name: "project cannot open the default", project: { failMode: "open" } }, "closed", /cannot loosen/],
    [{ name: "env overrides the user config", user: { failMode: "closed" }, env: { STASO_FAIL_MODE: "open" } }, "open"],
    [{ name: "env closes the user's open", user: { failMode: "open" }, env: { STASO_FAIL_MODE: "closed" } }, "closed"],
    [{ name: "flag overrides env", env: { STASO_FAIL_MODE: "open" }, flags: { failMode: "closed" } }, "closed"],
    [{ name: "flag open over env closed", env: { STASO_FAIL_MODE: "closed" }, flags: { failMode: "open" } }, "open"],
    [
      {
        name: "project still tightens env and flags",
        env: { STASO_FAIL_MODE: "open" },
        flags: { failMode: "open" },
        project: { failMode: "closed" },
      },
      "closed",
    ],
    [
      {
        name: "a trusted project may loosen the user config",
        user: { failMode: "closed" },
        project: { failMode: "open" },
        trusted: true,
      },
      "open",
    ],
    [
      {
        name: "but not the user's env",
        env: { STASO_FAIL_MODE: "closed" },
        project: { failMode: "open" },
        trusted: true,
      },
      "closed",
    ],
  ];
  it.each(rows)("$name", async (row, expected, note) => {
    const { loaded } = await policyOf(row);
    expect(loaded.policy.failMode).toBe(expected);
    if (note) expect(loaded.policy.notes.join("\n")).toMatch(note);
  });
});

describe("precedence matrix: timeout, level, environment, escalation", () => {
  it.each([
    [{ name: "default 10 s" }, 10],
    [{ name: "user 5", user: { timeout: 5 } }, 5],
    [{ name: "env 3 over user 5", user: { timeout: 5 }, env: { STASO_GUARD_TIMEOUT: "3" } }, 3],
    [{ name: "flag 7 over env 3", env: { STASO_GUARD_TIMEOUT: "3" }, flags: { timeoutSeconds: 7 } }, 7],
    [{ name: "project may shorten (fail mode closed)", user: { timeout: 5 }, project: { timeout: 2 } }, 2],
    [{ name: "project may not lengthen", user: { timeout: 5 }, project: { timeout: 30 } }, 5],
    [
      {
        name: "project may not shorten when fail mode is open",
        user: { timeout: 5, failMode: "open" },
        project: { timeout: 1 },
      },
      5,
    ],
  ] as [Row, number][])("timeout: $name", async (row, expected) => {
    expect((await policyOf(row)).loaded.policy.timeoutSeconds).toBe(expected);
  });

  it.each([
    [{ name: "default standard" }, "standard"],
    [{ name: "user strict", user: { level: "strict" } }, "strict"],
    [
      { name: "env paranoid over user strict", user: { level: "strict" }, env: { STASO_LEVEL: "paranoid" } },
      "paranoid",
    ],
    [
      { name: "flag standard over env strict", env: { STASO_LEVEL: "strict" }, flags: { level: "standard" } },
      "standard",
    ],
    [{ name: "project raises", user: { level: "standard" }, project: { level: "paranoid" } }, "paranoid"],
    [{ name: "project cannot lower", user: { level: "strict" }, project: { level: "standard" } }, "strict"],
    [
      { name: "project cannot lower a flag either", flags: { level: "strict" }, project: { level: "standard" } },
      "strict",
    ],
  ] as [Row, string][])("level: $name", async (row, expected) => {
    expect((await policyOf(row)).loaded.policy.level).toBe(expected);
  });

  it.each([
    [{ name: "default dev" }, "dev"],
    [{ name: "user staging", user: { environment: "staging" } }, "staging"],
    [{ name: "env prod over user", user: { environment: "dev" }, env: { STASO_ENVIRONMENT: "prod" } }, "prod"],
    [{ name: "flag over env", env: { STASO_ENVIRONMENT: "prod" }, flags: { environment: "staging" } }, "staging"],
    [{ name: "project moves toward prod", project: { environment: "prod" } }, "prod"],
    [
      { name: "project cannot move away from prod", user: { environment: "prod" }, project: { environment: "dev" } },
      "prod",
    ],
  ] as [Row, string][])("environment: $name", async (row, expected) => {
    expect((await policyOf(row)).loaded.policy.environment).toBe(expected);
  });

  it("escalation: a project may make silence block and shorten the wait, not the reverse", async () => {
    expect(
      (
        await policyOf({
          name: "",
          user: { escalation: { onTimeout: "allow", timeout: 600 } },
          project: { escalation: { onTimeout: "block", timeout: 60 } },
        })
      ).loaded.policy.escalation,
    ).toEqual({ onTimeout: "block", timeoutSeconds: 60 });
    const r = await policyOf({
      name: "",
      user: { escalation: { onTimeout: "block", timeout: 60 } },
      project: { escalation: { onTimeout: "allow", timeout: 600 } },
    });
    expect(r.loaded.policy.escalation).toEqual({ onTimeout: "block", timeoutSeconds: 60 });
    expect(r.loaded.policy.notes.join("\n")).toMatch(/escalation.onTimeout "allow" ignored/);
  });

  it("audit settings are the user's alone", async () => {
    const r = await policyOf({ name: "", user: { audit: { record: "all" } }, project: { audit: { enabled: false } } });
    expect(r.loaded.policy.audit.enabled).toBe(true);
    expect(r.loaded.policy.notes.join("\n")).toMatch(/audit ignored: the audit trail's settings are the user's own/);
  });

  it("trustedProjects: globs of project directories, ~ for home", async () => {
    const sb = sandbox();
    sb.user({ failMode: "closed", trustedProjects: ["~/proj"] });
    sb.projectConfig({ failMode: "open" });
    const loaded = await load(sb);
    expect(loaded.policy.project).toEqual({
      file: `${sb.project}/staso.config.json`,
      trusted: true,
      trust: "trustedProjects",
    });
    expect(loaded.policy.failMode).toBe("open");
    sb.user({ failMode: "closed", trustedProjects: ["~/other/**"] });
    expect((await load(sb)).policy.failMode).toBe("closed");
  });

  it("bad environment values are one sentence", async () => {
    const sb = sandbox();
    await expect(load(sb, { env: { STASO_LEVEL: "max" } })).rejects.toThrow(
      'STASO_LEVEL must be one of standard, strict, paranoid, not "max".',
    );
    await expect(load(sb, { env: { STASO_ENVIRONMENT: "live" } })).rejects.toThrow(
      'STASO_ENVIRONMENT must be one of dev, staging, prod, not "live".',
    );
    await expect(load(sb, { env: { STASO_FAIL_MODE: "maybe" } })).rejects.toThrow(
      'STASO_FAIL_MODE must be "closed" or "open", not "maybe".',
    );
  });
});

const AUDIT_RULE = {
  id: "team/curl-audit",
  reason: "Piping downloads is watched.",
  action: "block",
  mode: "audit",
  when: { shell: { program: "curl" } },
};

describe("precedence matrix: per-rule settings", () => {
  it.each([
    [{ name: "built-in default" }, "git/force-push", { mode: "enforce" }],
    [
      { name: "user turns a rule to audit", user: { rules: { "git/force-push": "audit" } } },
      "git/force-push",
      { mode: "audit" },
    ],
    [
      {
        name: "project raises the user's audit to enforce",
        user: { rules: { "git/force-push": "audit" } },
        project: { rules: { "git/force-push": "enforce" } },
      },
      "git/force-push",
      { mode: "enforce" },
    ],
    [
      { name: "project cannot turn a rule off", project: { rules: { "git/force-push": "off" } } },
      "git/force-push",
      { mode: "enforce" },
    ],
    [
      {
        name: "project cannot lower the user's enforce",
        user: { rules: { "git/force-push": "enforce" } },
        project: { rules: { "git/force-push": { mode: "audit" } } },
      },
      "git/force-push",
      { mode: "enforce" },
    ],
    [
      { name: "project may make a rule block", project: { rules: { "git/force-push": { action: "block" } } } },
      "git/force-push",
      { mode: "enforce", action: "block" },
    ],
    [
      {
        name: "project cannot soften the action",
        user: { rules: { "git/force-push": { action: "block" } } },
        project: { rules: { "git/force-push": { action: "escalate" } } },
      },
      "git/force-push",
      { mode: "enforce", action: "block" },
    ],
    [
      { name: "a trusted project may turn a rule off", project: { rules: { "git/force-push": "off" } }, trusted: true },
      "git/force-push",
      { mode: "off" },
    ],
    [
      {
        name: "user level strict enforces the user's audit rule",
        user: { level: "strict", customRules: [AUDIT_RULE] },
      },
      "team/curl-audit",
      { mode: "enforce" },
    ],
    [
      {
        name: "project level strict enforces it too",
        user: { customRules: [AUDIT_RULE] },
        project: { level: "strict" },
      },
      "team/curl-audit",
      { mode: "enforce" },
    ],
    [
      {
        name: "user's explicit audit beats the user's own level",
        user: { level: "strict", rules: { "git/force-push": "audit" } },
      },
      "git/force-push",
      { mode: "audit" },
    ],
    [
      {
        name: "but the project's level still raises it",
        user: { rules: { "git/force-push": "audit" } },
        project: { level: "strict" },
      },
      "git/force-push",
      { mode: "enforce" },
    ],
    [
      { name: "paranoid: every rule enforces and blocks", env: { STASO_LEVEL: "paranoid" } },
      "git/force-push",
      { mode: "enforce", action: "block" },
    ],
    [
      {
        name: "STASO_LEVEL strict with a user audit rule",
        user: { customRules: [AUDIT_RULE] },
        env: { STASO_LEVEL: "strict" },
      },
      "team/curl-audit",
      { mode: "enforce" },
    ],
    [
      { name: "rule limited to prod is off in dev", user: { rules: { "git/force-push": { environments: ["prod"] } } } },
      "git/force-push",
      { mode: "off" },
    ],
    [
      {
        name: "and on in prod (env)",
        user: { rules: { "git/force-push": { environments: ["prod"] } } },
        env: { STASO_ENVIRONMENT: "prod" },
      },
      "git/force-push",
      { mode: "enforce" },
    ],
    [
      {
        name: "a project cannot limit a user's rule to prod",
        project: { rules: { "git/force-push": { environments: ["prod"] } } },
      },
      "git/force-push",
      { mode: "enforce" },
    ],
  ] as [Row, string, { mode: string; action?: string }][])("$name", async (row, id, expected) => {
    const { loaded } = await policyOf(row);
    const s = setting(loaded, id);
    expect({ mode: s.mode, ...(s.action ? { action: s.action } : {}) }).toEqual(expected);
  });

  it("params: user sets them; a project only for rules it defines", async () => {
    const user = await policyOf({
      name: "",
      user: { rules: { "git/force-push": { params: { protectedBranches: ["release"] } } } },
    });
    expect(setting(user.loaded, "git/force-push").params.protectedBranches).toEqual(["release"]);
    const proj = await policyOf({
      name: "",
      project: { rules: { "git/force-push": { params: { protectedBranches: [] } } } },
    });
    expect(setting(proj.loaded, "git/force-push").params.protectedBranches).not.toEqual([]);
    const { resolveRules } = await import("../../src/policy/active-rules.js");
    expect(
      resolveRules(proj.loaded.policy, proj.loaded.set)
        .rules.flatMap((r) => r.notes)
        .join("\n"),
    ).toMatch(/params ignored: a project can only set the parameters of rules it defines/);
  });

  it("a project's own rules: its settings apply and the user may still turn them off", async () => {
    const own = {
      customRules: [{ id: "team/x", reason: "No.", action: "block", when: { tool: "Bash" } }],
      rules: { "team/x": { mode: "audit" } },
    };
    expect(setting((await policyOf({ name: "", project: own })).loaded, "team/x").mode).toBe("audit");
    expect(
      setting((await policyOf({ name: "", project: own, user: { rules: { "team/x": "off" } } })).loaded, "team/x").mode,
    ).toBe("off");
  });

  it("unknown ids: an error in a built-in pack, a note elsewhere", async () => {
    await expect(
      policyOf({ name: "", user: { rules: { "git/force-psh": "off" } } }).then((r) => setting(r.loaded, "x")),
    ).rejects.toThrow(
      /config\.json: rules\["git\/force-psh"\] names no known rule \(did you mean "git\/force-push"\? run `staso rules` for the list\)\./,
    );
    const r = await policyOf({ name: "", user: { rules: { "team/elsewhere": "off" } } });
    expect(setting(r.loaded, "git/force-push").mode).toBe("enforce");
  });

  it("allow-lists: the user's apply; a project's only to its own rules", async () => {
    const allowForce = {
      allow: [
        {
          rules: ["git/force-push"],
          when: { shell: { program: "git", args: { equals: "gh-pages" } } },
          reason: "generated site",
        },
      ],
    };
    const call = (sb: { project: string }) =>
      callIn(sb.project, "Bash", { command: "git push --force origin gh-pages" });
    const u = await policyOf({ name: "", user: allowForce });
    expect((await decide(u.loaded, call(u.sb))).action).toBe("allow");
    const p = await policyOf({ name: "", project: allowForce });
    expect((await decide(p.loaded, call(p.sb))).action).not.toBe("allow");
    expect(
      p.loaded.policy.notes.length +
        (await import("../../src/policy/active-rules.js")).resolveRules(p.loaded.policy, p.loaded.set).notes.length,
    ).toBeGreaterThan(0);
    const t = await policyOf({ name: "", project: allowForce, trusted: true });
    expect((await decide(t.loaded, call(t.sb))).action).toBe("allow");
  });
});
