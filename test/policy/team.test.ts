// The team's policy (fetched from a Staso server) as a layer of its own: between the built-in defaults and
// the user's config. It decides on its own; the user's config and environment may only tighten it unless
// the team lets users loosen it; a project still tightens on top; a team policy carrying code is refused.
import { describe, expect, it } from "vitest";
import { callIn, decide, load, sandbox, setting, type Sandbox } from "./support.js";

function withTeam(sb: Sandbox, config: object, o: { userMayLoosen?: boolean; version?: number } = {}): void {
  const at = new Date().toISOString();
  sb.write("home/team-policy.json", {
    v: 1,
    server: "http://127.0.0.1:8787",
    version: o.version ?? 3,
    author: "admin@example.com",
    reason: "team defaults",
    createdAt: at,
    userMayLoosen: o.userMayLoosen === true,
    config,
    fetchedAt: at,
    checkedAt: at,
  });
}

const NO_PUBLISH = {
  customRules: [
    {
      id: "team/no-publish",
      reason: "CI publishes.",
      action: "block",
      when: { shell: { program: "npm", subcommand: "publish" } },
    },
  ],
};

describe("the team policy layer", () => {
  it("decides on its own: its custom rules block, its settings apply", async () => {
    const sb = sandbox();
    withTeam(sb, { level: "strict", ...NO_PUBLISH });
    const l = await load(sb);
    expect(l.policy.level).toBe("strict");
    expect(l.policy.sources[0]).toContain("the team policy (version 3 from http://127.0.0.1:8787)");
    const d = await decide(l, callIn(sb.project, "Bash", { command: "npm publish" }));
    expect(d).toMatchObject({ action: "block", ruleId: "team/no-publish" });
    expect((await decide(l, callIn(sb.project, "Bash", { command: "npm test" }))).action).toBe("allow");
  });

  it("may loosen the built-in defaults (the team owns its policy)", async () => {
    const sb = sandbox();
    withTeam(sb, { rules: { "git/reset-hard": "off" } });
    const l = await load(sb);
    expect((await decide(l, callIn(sb.project, "Bash", { command: "git reset --hard" }))).action).toBe("allow");
  });

  it("the user's config and environment may only tighten it", async () => {
    const sb = sandbox();
    withTeam(sb, { level: "strict", failMode: "closed", rules: { "git/force-push": "enforce" }, ...NO_PUBLISH });
    sb.user({
      level: "standard",
      failMode: "open",
      rules: { "git/force-push": "off", "team/no-publish": "off", "git/reset-hard": { action: "block" } },
      allow: [{ rules: ["team/no-publish"], reason: "I publish by hand" }],
    });
    const l = await load(sb, { env: { STASO_FAIL_MODE: "open", STASO_LEVEL: "standard" } });
    expect(l.policy.level).toBe("strict");
    expect(l.policy.failMode).toBe("closed");
    expect(l.policy.notes.join("\n")).toMatch(
      /failMode "open" ignored: the user's config or environment cannot loosen/,
    );
    expect(setting(l, "git/force-push").mode).toBe("enforce");
    expect(setting(l, "git/reset-hard").action).toBe("block"); // tightening works
    expect((await decide(l, callIn(sb.project, "Bash", { command: "npm publish" }))).action).toBe("block");
    expect((await decide(l, callIn(sb.project, "Bash", { command: "git reset --hard" }))).action).toBe("block");
  });

  it("with userMayLoosen, the user's config wins as it would over the defaults", async () => {
    const sb = sandbox();
    withTeam(sb, { level: "strict", ...NO_PUBLISH }, { userMayLoosen: true });
    sb.user({ level: "standard", rules: { "team/no-publish": "off" } });
    const l = await load(sb);
    expect(l.policy.level).toBe("standard");
    expect((await decide(l, callIn(sb.project, "Bash", { command: "npm publish" }))).action).toBe("allow");
  });

  it("a project still only tightens on top of it", async () => {
    const sb = sandbox();
    withTeam(sb, { rules: { "git/reset-hard": "off" } });
    sb.projectConfig({ level: "paranoid", rules: { "git/reset-hard": "enforce" } });
    const l = await load(sb);
    expect(l.policy.level).toBe("paranoid");
    expect((await decide(l, callIn(sb.project, "Bash", { command: "git reset --hard" }))).action).toBe("block");
  });

  it("a new version is read at once (the compiled-policy cache knows the team file)", async () => {
    const sb = sandbox();
    withTeam(sb, { level: "standard" });
    expect((await load(sb)).policy.level).toBe("standard");
    await new Promise((r) => setTimeout(r, 20));
    withTeam(sb, { level: "paranoid" }, { version: 4 });
    expect((await load(sb)).policy.level).toBe("paranoid");
  });

  it("a team policy with plugins (code), or broken, is refused: the fail mode decides", async () => {
    const sb = sandbox();
    withTeam(sb, { plugins: ["./evil.mjs"] });
    await expect(load(sb)).rejects.toThrow(/plugins: plugins are code/);
    sb.write("home/team-policy.json", "{ not json");
    await expect(load(sb)).rejects.toThrow(/team-policy\.json is not valid JSON/);
  });
});
