// paths/protected-write against every other spelling of a protected place (links on disk and made in the
// same command, globs, variables, computed paths, moving a folder away, staso's installation, one-off git
// configuration), in both hosts' payload shapes, next to the everyday work that must stay free. The rule
// runs in this process against a real world on disk (world.ts); hook.test.ts runs the same cases through
// the real hooks.
import { afterAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { claudeCall, codexCall, ruleAction } from "../../support/calls.js";
import protectedWrite from "../../../src/rules/paths/protected-write.js";
import { protectedPathKind } from "../../../src/rules/paths/protected.js";
import { reachLiteral } from "../../../src/rules/paths/reach.js";
import { ATTACKS, EVERYDAY, fill, makeWorld, toolCall, type Attempt } from "./world.js";

const world = makeWorld();
// The rule reads the environment the hook would see (home, the agents' config dirs, STASO_HOME, the cache).
Object.assign(process.env, world.env);
afterAll(() => rmSync(world.root, { recursive: true, force: true }));

function call(host: "claude" | "codex", a: Attempt) {
  const { tool, input } = toolCall(host, a.via, fill(world, a.text));
  const extra = { cwd: world.project };
  return host === "claude" ? claudeCall(tool, input, extra) : codexCall(tool, input, extra);
}

describe.each(["claude", "codex"] as const)("paths/protected-write spellings (%s)", (host) => {
  it.each(ATTACKS.map((a) => [a.name, a] as const))("stops: %s", async (_n, a) => {
    const d = await ruleAction(protectedWrite, call(host, a));
    expect(d.action, `${a.text}: ${d.reason}`).toBe("block");
    // Either the rule names the protected place, or it could not tell and the fail mode (closed) blocked.
    expect(d.reason).toMatch(/An agent may not|could not decide/);
  });
  it.each(EVERYDAY.map((a) => [a.name, a] as const))("allows: %s", async (_n, a) => {
    const d = await ruleAction(protectedWrite, call(host, a));
    expect(d.action, `${a.text}: ${d.reason}`).toBe("allow");
  });
});

describe("what the verdict names", () => {
  it("says where a link leads", async () => {
    const d = await ruleAction(protectedWrite, call("claude", ATTACKS[0]!));
    expect(d.reason).toContain(`(it leads to ${world.home}/.claude/settings.json)`);
    expect(d.reason).toMatch(/an agent's settings or hook file/);
  });
  it("a computed target is unsure, and says what it could be", async () => {
    const d = await ruleAction(protectedWrite, call("claude", ATTACKS.find((a) => a.name === "a computed folder")!));
    expect(d.failure).toMatch(/only known when the command runs .* could be .*settings\.json/);
  });
  it("under fail mode open, an unsure target is allowed (the user's choice), a certain one is not", async () => {
    const { decide } = await import("../../support/calls.js");
    const unsure = await decide(
      call("claude", ATTACKS.find((a) => a.name === "a computed file")!),
      [protectedWrite],
      "open",
    );
    expect(unsure.action).toBe("allow");
    const certain = await decide(call("claude", ATTACKS[0]!), [protectedWrite], "open");
    expect(certain.action).toBe("block");
  });
});

describe("case-insensitive file systems", () => {
  const h = world.home;
  const mac = { platform: "darwin" as const, env: world.env };
  const linux = { platform: "linux" as const, env: world.env };
  it.each([
    `${h}/.CLAUDE/Settings.json`,
    `${h}/.Claude/HOOKS/x.sh`,
    `${h}/.BASHRC`,
    `${world.project}/.GIT/hooks/pre-commit`,
    `${world.project}/.Git/Config`,
    `${world.project}/STASO.config.js`,
    `${world.codexHome.toUpperCase()}/CONFIG.TOML`,
    `${world.stasoHome}/ESCALATIONS/x`,
  ])("on macOS and Windows, %s is protected", (p) => {
    expect(protectedPathKind(p, h, mac)).toBeDefined();
    expect(protectedPathKind(p, h, { ...mac, platform: "win32" })).toBeDefined();
  });
  it("on Linux the names are other files", () => {
    expect(protectedPathKind(`${h}/.CLAUDE/Settings.json`, h, linux)).toBeUndefined();
    expect(protectedPathKind(`${world.project}/.GIT/hooks/pre-commit`, h, linux)).toBeUndefined();
  });
  it("moving the folder aside by another case is caught too", () => {
    const r = reachLiteral(`${h}/.CODEX`, "remove", { home: h, scope: mac, planned: new Map() });
    expect(r && "protected" in r).toBe(true);
  });
  it("project files stay free on macOS", () => {
    expect(protectedPathKind(`${world.project}/src/Settings.json`, h, mac)).toBeUndefined();
    expect(protectedPathKind(`${world.project}/README.md`, h, mac)).toBeUndefined();
  });
});
