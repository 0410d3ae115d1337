// staso setup / uninstall / doctor for GitHub Copilot CLI on throwaway homes: a hooks file of staso's own
// ($COPILOT_HOME/hooks/staso.json, or a repository's .github/hooks/staso.json), idempotent, exactly
// reversed, and the switches that turn Copilot's hooks off.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDoctor } from "../../src/setup/doctor.js";
import { CMD, read, setup, uninstall, workspaces, type Ws } from "./support.js";

const { ws } = workspaces();
const command = CMD["copilot-cli"]!;
const handler = { type: "command", bash: command, timeoutSec: 30 };
const userFile = (w: Ws) => join(w.home, ".copilot", "hooks", "staso.json");

describe("GitHub Copilot CLI setup", () => {
  it.each(["user", "project"] as const)(
    "%s scope from nothing: its own hooks file; a second run changes nothing; uninstall removes it",
    async (scope) => {
      const w = ws();
      const file = scope === "user" ? userFile(w) : join(w.project, ".github", "hooks", "staso.json");
      const plan = await setup(w, "copilot-cli", scope);
      expect(plan.targets[0]).toMatchObject({ file, events: ["preToolUse", "postToolUse", "postToolUseFailure"] });
      expect(JSON.parse(read(file)!)).toEqual({
        version: 1,
        hooks: { preToolUse: [handler], postToolUse: [handler], postToolUseFailure: [handler] },
      });
      if (scope === "project") expect(plan.warnings.join("\n")).toMatch(/only in a folder you trust/);
      const text = read(file);
      expect((await setup(w, "copilot-cli", scope)).changes).toEqual([]);
      expect(read(file)).toBe(text);
      await uninstall(w, "copilot-cli", [scope]);
      expect(existsSync(file)).toBe(false);
      if (scope === "project") expect(existsSync(join(w.project, ".github"))).toBe(false);
    },
  );

  it("COPILOT_HOME moves the user's hooks", async () => {
    const w = ws();
    w.env.COPILOT_HOME = join(w.root, "copilot-home");
    await setup(w, "copilot-cli", "user");
    expect(existsSync(join(w.root, "copilot-home", "hooks", "staso.json"))).toBe(true);
  });

  it("a staso.json the user wrote hooks into: staso's are added beside theirs, and uninstall gives the bytes back", async () => {
    const w = ws();
    mkdirSync(join(w.home, ".copilot", "hooks"), { recursive: true });
    const original =
      '{\n  "version": 1,\n  "hooks": {\n    "preToolUse": [\n      { "type": "command", "bash": "~/bin/audit.sh", "timeoutSec": 5 }\n    ],\n    "sessionStart": [ { "type": "command", "bash": "echo hi" } ]\n  }\n}\n';
    writeFileSync(userFile(w), original);
    await setup(w, "copilot-cli", "user");
    const v = JSON.parse(read(userFile(w))!);
    expect(v.hooks.preToolUse).toEqual([{ type: "command", bash: "~/bin/audit.sh", timeoutSec: 5 }, handler]);
    expect(v.hooks.sessionStart).toEqual([{ type: "command", bash: "echo hi" }]);
    await uninstall(w, "copilot-cli", ["user"]);
    expect(read(userFile(w))).toBe(original);
  });

  it("an older staso handler is replaced where it stands; a duplicate goes", async () => {
    const w = ws();
    mkdirSync(join(w.home, ".copilot", "hooks"), { recursive: true });
    const old = { type: "command", bash: "npx staso hook --target copilot-cli", timeoutSec: 5 };
    writeFileSync(
      userFile(w),
      JSON.stringify({ version: 1, hooks: { preToolUse: [old, { type: "command", bash: "mine" }, old] } }),
    );
    await setup(w, "copilot-cli", "user");
    expect(JSON.parse(read(userFile(w))!).hooks.preToolUse).toEqual([handler, { type: "command", bash: "mine" }]);
  });
});

describe("GitHub Copilot CLI doctor", () => {
  const agent = async (w: Ws) =>
    (await runDoctor({ env: w.env, projectDir: w.project, targets: ["copilot-cli"] })).agents[0]!;

  it("after setup: every event present, a timeout above staso's deadline", async () => {
    const w = ws();
    await setup(w, "copilot-cli", "user");
    const checks = (await agent(w)).checks;
    expect(checks.filter((c) => c.id === "hook-present").map((c) => c.ok)).toEqual([true, true, true]);
    expect(checks.find((c) => c.id === "timeout")?.ok).toBe(true);
  });

  it("disableAllHooks, in the user's settings or the repository's, is a problem with the fix", async () => {
    const w = ws();
    await setup(w, "copilot-cli", "user");
    mkdirSync(join(w.project, ".github", "copilot"), { recursive: true });
    writeFileSync(join(w.project, ".github", "copilot", "settings.json"), JSON.stringify({ disableAllHooks: true }));
    const off = (await agent(w)).checks.filter((c) => c.id === "hooks-disabled");
    expect(off).toEqual([
      expect.objectContaining({
        ok: false,
        message: expect.stringMatching(/\.github\/copilot\/settings\.json sets "disableAllHooks": true/),
      }),
    ]);
  });
});
