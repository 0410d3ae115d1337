import { describe, expect, it } from "vitest";
import { cli } from "../policy/cli-support.js";
import { sandbox } from "../policy/support.js";

describe("staso rules", () => {
  it("lists every rule with its source, mode and action, what the project could not change, and its code that did not run", () => {
    const sb = sandbox();
    sb.user({
      rules: { "git/force-push": "audit" },
      customRules: [{ id: "me/no-rm", reason: "no", action: "escalate", when: { shell: { program: "rm" } } }],
      allow: [{ rules: ["git/*"], reason: "docs branch", expires: "2020-01-01" }],
    });
    sb.write(
      "proj/guards.mjs",
      `export default [{ meta: { id: "acme/x", description: "x", defaultAction: "block" }, check: () => null }];`,
    );
    sb.projectConfig({
      level: "strict",
      failMode: "open",
      plugins: ["./guards.mjs"],
      customRules: [
        {
          id: "team/no-publish",
          reason: "CI publishes",
          action: "block",
          when: { shell: { program: "npm", subcommand: "publish" } },
        },
      ],
      rules: { "filesystem/rm-root-or-home": "off" },
    });
    const r = cli(["rules", "--cwd", sb.project, "--json"], { env: { STASO_HOME: sb.home } });
    expect(r.code).toBe(0);
    const byId = Object.fromEntries(r.json.rules.map((x: any) => [x.id, x]));
    expect(byId["me/no-rm"]).toMatchObject({ source: "user", mode: "enforce", action: "escalate" });
    expect(byId["team/no-publish"]).toMatchObject({ source: "project", mode: "enforce", action: "block" });
    // The project is not trusted: its plugin is not run, and that is said with the command that trusts it.
    expect(byId["acme/x"]).toBeUndefined();
    expect(r.json.untrusted).toEqual([
      `${sb.project}/staso.config.json: plugins "./guards.mjs" not run: the project is not trusted. A project's code runs only once you trust it: \`staso trust ${sb.project}\`.`,
    ]);
    expect(byId["git/force-push"]).toMatchObject({ source: "built-in", mode: "enforce" }); // the project's level strict raised the user's audit
    // Every action its findings may take, not only the default.
    expect(byId["git/force-push"].actions).toEqual(["block", "modify", "escalate"]);
    expect(byId["filesystem/rm-root-or-home"]).toMatchObject({ mode: "enforce" });
    expect(r.json.failMode).toBe("closed");
    expect(r.json.level).toBe("strict");
    expect(r.json.allow[0]).toMatchObject({ reason: "docs branch", expired: true });
    const notes = r.json.notes.join("\n");
    expect(notes).toMatch(/failMode "open" ignored/);
    expect(notes).toMatch(
      /rules\["filesystem\/rm-root-or-home"\]\.mode "off" ignored: a project cannot loosen "enforce"/,
    );
    // The rule order is the evaluation order: the user's, then the project's, then built-ins.
    expect(r.json.rules.slice(0, 2).map((x: any) => x.id)).toEqual(["me/no-rm", "team/no-publish"]);

    const text = cli(["rules", "--cwd", sb.project], { env: { STASO_HOME: sb.home } });
    expect(text.stdout).toMatch(/^Policy: .*config\.json \+ .*staso\.config\.json$/m);
    expect(text.stdout).toMatch(/^RULE\s+SOURCE\s+MODE\s+ACTION\s+DESCRIPTION$/m);
    expect(text.stdout).toMatch(/^team\/no-publish\s+project\s+enforce\s+block\b/m);
    expect(text.stdout).toMatch(/^Not run \(the project's own code\):\n {2}.*plugins "\.\/guards\.mjs" not run/m);
    // Every action the rule's findings may take, its description, and what the configs changed under it.
    expect(text.stdout).toMatch(
      /^git\/force-push\s+built-in\s+enforce\s+block \/ modify \/ escalate\s+Blocks force pushes to \(and deletion of\) protected branches;.*\n\s+↳ allow-listed by 1$/m,
    );
    expect(text.stdout).toMatch(/^Not applied:$/m);
    expect(text.stdout).toMatch(/EXPIRED 2020-01-01/);

    // Trusted (`staso trust`), its plugin's rule is in force, after the user's and the project's own rules;
    // and a trusted project's settings apply as its own.
    expect(cli(["trust", sb.project], { env: { STASO_HOME: sb.home } }).code).toBe(0);
    const t = cli(["rules", "--cwd", sb.project, "--json"], { env: { STASO_HOME: sb.home } });
    expect(t.json.project).toMatchObject({ trusted: true, trust: "staso trust" });
    expect(t.json.untrusted).toEqual([]);
    expect(t.json.rules.slice(0, 3).map((x: any) => x.id)).toEqual(["me/no-rm", "team/no-publish", "acme/x"]);
    expect(t.json.rules.find((x: any) => x.id === "acme/x")).toMatchObject({
      source: "plugin (project)",
      plugin: "./guards.mjs",
      mode: "enforce",
      action: "block",
    });
    expect(t.json.failMode).toBe("open");
  });

  it("built-in defaults without any config; flags act like the environment", () => {
    const sb = sandbox();
    const r = cli(["rules", "--json", "--cwd", sb.project, "--level", "paranoid"], { env: { STASO_HOME: sb.home } });
    expect(r.json.sources).toEqual([]);
    expect(
      r.json.rules.every((x: any) => x.source === "built-in" && x.mode === "enforce" && x.action === "block"),
    ).toBe(true);
    const bad = cli(["rules", "--level", "max"], { env: { STASO_HOME: sb.home } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('staso: --level must be one of standard, strict, paranoid, not "max".\n');
  });

  it("staso rules <id>: one rule whole, with its parameters, examples and what each config set", () => {
    const sb = sandbox();
    sb.user({ rules: { "git/force-push": { params: { protectedBranches: ["main", "qa"] } } } });
    sb.projectConfig({ rules: { "git/force-push": { mode: "audit" } } });
    const env = { STASO_HOME: sb.home };
    const r = cli(["rules", "git/force-push", "--cwd", sb.project, "--json"], { env });
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      id: "git/force-push",
      source: "built-in",
      mode: "enforce",
      defaultAction: "escalate",
      actions: ["block", "modify", "escalate"],
      looksAt: { programs: ["git", "git-*"] },
    });
    expect(r.json.params).toEqual([
      expect.objectContaining({
        name: "protectedBranches",
        type: "array of strings",
        value: ["main", "qa"],
        changed: true,
      }),
    ]);
    expect(r.json.settings.map((x: any) => x.origin)).toEqual(["user", "project"]);
    expect(r.json.notApplied.join("\n")).toMatch(
      /rules\["git\/force-push"\]\.mode "audit" ignored: a project cannot loosen/,
    );
    expect(r.json.examples.block[0]).toEqual({ call: "git push --force origin main", action: "block" });
    expect(r.json.examples.allow.length).toBeGreaterThan(0);

    const text = cli(["rules", "git/force-push", "--cwd", sb.project], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Actions:\s+block \/ modify \/ escalate \(default escalate\)$/m);
    expect(text.stdout).toMatch(
      /^ {2}protectedBranches {2}\(array of strings\) {2}\["main","qa"\] {2}\(default \["main",/m,
    );
    expect(text.stdout).toMatch(/^Not applied:\n.*mode "audit" ignored/m);
    expect(text.stdout).toMatch(/^Must block:\n {2}git push --force origin main\s+→ block$/m);
    expect(text.stdout).toMatch(/^Must allow:\n {2}git push --force-with-lease origin feature\/login$/m);
  });

  it("an unknown id is a usage error with the closest id, exit 2", () => {
    const sb = sandbox();
    const r = cli(["rules", "git/force-psh", "--cwd", sb.project], { env: { STASO_HOME: sb.home } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'staso: no rule "git/force-psh" here (did you mean git/force-push?); `staso rules --all` lists them.\n',
    );
    const far = cli(["rules", "nothing/like-it", "--cwd", sb.project], { env: { STASO_HOME: sb.home } });
    expect(far.code).toBe(2);
    expect(far.stderr).toBe('staso: no rule "nothing/like-it" here; `staso rules --all` lists them.\n');
  });

  it("a broken config is one line and exit 1", () => {
    const sb = sandbox();
    const file = sb.user({ level: 3 });
    const r = cli(["rules", "--cwd", sb.project], { env: { STASO_HOME: sb.home } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`staso: ${file}: level must be one of "standard", "strict", "paranoid", not a number.\n`);
  });
});
