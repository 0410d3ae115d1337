// staso setup / uninstall / doctor for opencode on throwaway homes: staso's plugin in opencode's config
// folder, the offline seed only where npm has nothing yet, idempotent, exactly reversed, and a doctor that
// loads the plugin to prove opencode can.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDoctor } from "../../src/setup/doctor.js";
import { LAUNCHER } from "../support/hook-process.js";
import { read, setup, uninstall, workspaces, type Ws } from "./support.js";

const { ws } = workspaces();
const userDir = (w: Ws) => join(w.home, ".config", "opencode");

describe("opencode setup", () => {
  it.each(["user", "project"] as const)(
    "%s scope: the plugin and the offline seed; a second run changes nothing; uninstall leaves nothing",
    async (scope) => {
      const w = ws();
      const dir = scope === "user" ? userDir(w) : join(w.project, ".opencode");
      const plan = await setup(w, "opencode", scope);
      expect(plan.targets[0]).toMatchObject({
        file: join(dir, "plugin", "staso.js"),
        events: ["tool.execute.before", "tool.execute.after"],
      });
      const plugin = read(join(dir, "plugin", "staso.js"))!;
      expect(plugin).toContain('const COMMAND = "/usr/bin/node /opt/staso/bin/staso.js hook --target opencode";');
      expect(plugin).toContain("const DEADLINE_MS = 30000;");
      expect(plugin).toContain("const FAIL_CLOSED = true;");
      expect(plugin).not.toMatch(/"\$\{/);
      expect(JSON.parse(read(join(dir, "package-lock.json"))!)).toEqual({
        packages: { "": { dependencies: { "@opencode-ai/plugin": "*" } } },
      });
      expect(existsSync(join(dir, "node_modules"))).toBe(true);
      expect((await setup(w, "opencode", scope)).changes).toEqual([]);
      await uninstall(w, "opencode", [scope]);
      expect(existsSync(dir)).toBe(false);
    },
  );

  it("a config folder npm already uses: no seed, and uninstall leaves it as it was", async () => {
    const w = ws();
    mkdirSync(join(userDir(w), "node_modules", "@opencode-ai", "plugin"), { recursive: true });
    writeFileSync(join(userDir(w), "package.json"), '{"dependencies":{"@opencode-ai/plugin":"1.18.33"}}\n');
    writeFileSync(join(userDir(w), "opencode.json"), '{"model":"x/y"}\n');
    const plan = await setup(w, "opencode", "user");
    expect(plan.changes.map((c) => c.path)).toEqual([join(userDir(w), "plugin", "staso.js")]);
    await uninstall(w, "opencode", ["user"]);
    expect(readdirSync(userDir(w)).sort()).toEqual(["node_modules", "opencode.json", "package.json"]);
    expect(read(join(userDir(w), "opencode.json"))).toBe('{"model":"x/y"}\n');
  });

  it("a plugin/staso.js that is not staso's is never overwritten", async () => {
    const w = ws();
    mkdirSync(join(userDir(w), "plugin"), { recursive: true });
    writeFileSync(join(userDir(w), "plugin", "staso.js"), "export const Mine = async () => ({});\n");
    await expect(setup(w, "opencode", "user")).rejects.toThrow(/is not staso's plugin, so staso changed nothing/);
    expect(read(join(userDir(w), "plugin", "staso.js"))).toBe("export const Mine = async () => ({});\n");
  });

  it("XDG_CONFIG_HOME moves the user's config folder", async () => {
    const w = ws();
    w.env.XDG_CONFIG_HOME = join(w.root, "xdg");
    await setup(w, "opencode", "user");
    expect(existsSync(join(w.root, "xdg", "opencode", "plugin", "staso.js"))).toBe(true);
  });
});

describe("opencode doctor", () => {
  it("loads the plugin in a fresh Node and asks it: it allows an everyday call and blocks rm -rf ~", async () => {
    const w = ws();
    await setup(w, "opencode", "user", { command: () => `'${process.execPath}' '${LAUNCHER}' hook --target opencode` });
    const r = await runDoctor({ env: w.env, projectDir: w.project, targets: ["opencode"] });
    const checks = r.agents[0]!.checks;
    expect(checks.filter((c) => c.id === "hook-present").map((c) => c.ok)).toEqual([true, true]);
    expect(checks.find((c) => c.id === "timeout")).toMatchObject({ ok: true });
    expect(checks.find((c) => c.id === "hook-runs")).toMatchObject({
      ok: true,
      message: expect.stringMatching(/which loads, and answers: allows an everyday call in \d+ ms, blocks `rm -rf ~`/),
    });
  });

  it("a plugin that cannot load (damaged) is a problem: opencode would run every call unguarded", async () => {
    const w = ws();
    await setup(w, "opencode", "user", { command: () => `'${process.execPath}' '${LAUNCHER}' hook --target opencode` });
    const file = join(userDir(w), "plugin", "staso.js");
    writeFileSync(file, `${read(file)!}\nthis is not javascript (\n`);
    const r = await runDoctor({ env: w.env, projectDir: w.project, targets: ["opencode"] });
    expect(r.agents[0]!.checks.find((c) => c.id === "hook-runs")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/the plugin does not load .*opencode would run every call unguarded/),
    });
  });
});
