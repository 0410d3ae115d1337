// staso setup / uninstall / doctor for Gemini CLI on throwaway homes: settings.json (comments allowed,
// as Gemini reads them) merged into and restored byte for byte, idempotent, the timeout in milliseconds,
// the fail-closed wrapper, and the switches a project can use to turn hooks off.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDoctor } from "../../src/setup/doctor.js";
import { CMD, read, setup, uninstall, workspaces, type Ws } from "./support.js";

const { ws } = workspaces();
const userFile = (w: Ws) => join(w.home, ".gemini", "settings.json");
const projectFile = (w: Ws) => join(w.project, ".gemini", "settings.json");
const command = CMD["gemini-cli"]!;
const WRAPPED = `${command} || { echo "staso: the guard could not run (exit $?), so this call was blocked (fail mode closed). Ask the user to run: staso doctor" >&2; exit 2; }`;

const group = (cmd: string) => ({ matcher: "*", hooks: [{ type: "command", command: cmd, timeout: 30000 }] });

describe("Gemini CLI setup", () => {
  it.each(["user", "project"] as const)(
    "%s scope from nothing: BeforeTool and AfterTool, the timeout in ms; uninstall removes it",
    async (scope) => {
      const w = ws();
      const file = scope === "user" ? userFile(w) : projectFile(w);
      const plan = await setup(w, "gemini-cli", scope);
      expect(plan.targets[0]).toMatchObject({
        target: "gemini-cli",
        file,
        hostTimeout: 30,
        events: ["BeforeTool", "AfterTool"],
      });
      expect(JSON.parse(read(file)!)).toEqual({ hooks: { BeforeTool: [group(WRAPPED)], AfterTool: [group(WRAPPED)] } });
      const text = read(file);
      expect((await setup(w, "gemini-cli", scope)).changes).toEqual([]);
      expect(read(file)).toBe(text);
      await uninstall(w, "gemini-cli", [scope]);
      expect(existsSync(file)).toBe(false);
      if (scope === "project") expect(existsSync(join(w.project, ".gemini"))).toBe(false);
    },
  );

  it("fail mode open: the plain command (a crash of the hook then runs the call, as asked)", async () => {
    const w = ws();
    await setup(w, "gemini-cli", "user", { failMode: "open" });
    expect(JSON.parse(read(userFile(w))!).hooks.BeforeTool[0].hooks[0].command).toBe(command);
  });

  it("the user's own settings, with comments and hooks of their own: merged in, and uninstall gives the bytes back", async () => {
    const w = ws();
    mkdirSync(join(w.home, ".gemini"), { recursive: true });
    const original = [
      "{",
      "  // my Gemini settings",
      '  "security": { "auth": { "selectedType": "gemini-api-key" } },',
      '  "hooks": {',
      '    "BeforeTool": [ { "matcher": "write_file", "hooks": [ { "type": "command", "command": "~/bin/lint.sh", "timeout": 5000 } ] } ],',
      '    "SessionStart": [ { "hooks": [ { "type": "command", "command": "echo hi" } ] } ]',
      "  }",
      "}",
      "",
    ].join("\n");
    writeFileSync(userFile(w), original);
    await setup(w, "gemini-cli", "user");
    const after = read(userFile(w))!;
    expect(after).toContain("// my Gemini settings");
    expect(after).toContain('"matcher": "write_file"');
    expect((await setup(w, "gemini-cli", "user")).changes).toEqual([]);
    await uninstall(w, "gemini-cli", ["user"]);
    expect(read(userFile(w))).toBe(original);
  });

  it("warns about settings that keep Gemini from running staso's hook", async () => {
    const w = ws();
    mkdirSync(join(w.home, ".gemini"), { recursive: true });
    writeFileSync(userFile(w), JSON.stringify({ hooksConfig: { enabled: false } }));
    const plan = await setup(w, "gemini-cli", "user");
    expect(plan.warnings.join("\n")).toMatch(
      /"hooksConfig": \{ "enabled": false \}, so Gemini CLI runs no hooks at all/,
    );
  });
});

describe("Gemini CLI doctor", () => {
  const agent = async (w: Ws) =>
    (await runDoctor({ env: w.env, projectDir: w.project, targets: ["gemini-cli"] })).agents[0]!;

  it("after setup: both events present, a timeout above staso's deadline, the fail-closed wrapper", async () => {
    const w = ws();
    await setup(w, "gemini-cli", "user");
    const checks = (await agent(w)).checks;
    expect(checks.filter((c) => c.id === "hook-present").map((c) => [c.ok, c.message.replace(/ in .*$/, "")])).toEqual([
      [true, "BeforeTool hook for every tool"],
      [true, "AfterTool hook for every tool"],
    ]);
    expect(checks.find((c) => c.id === "timeout")).toMatchObject({
      ok: true,
      message: expect.stringMatching(/waits 30 s/),
    });
    expect(checks.find((c) => c.id === "on-failure")).toBeUndefined();
  });

  it("a trusted project that turns hooks off, or lists staso's command as disabled, is a problem with the fix", async () => {
    const w = ws();
    await setup(w, "gemini-cli", "user");
    mkdirSync(join(w.project, ".gemini"), { recursive: true });
    writeFileSync(projectFile(w), JSON.stringify({ hooksConfig: { enabled: false, disabled: [WRAPPED] } }));
    const off = (await agent(w)).checks.filter((c) => c.id === "hooks-disabled");
    expect(off.map((c) => c.ok)).toEqual([false, false]);
    expect(off[0]!.message).toMatch(
      /\.gemini\/settings\.json sets "hooksConfig": \{ "enabled": false \}, so Gemini CLI runs no hooks at all/,
    );
    expect(off[1]!.message).toMatch(/lists staso's hook in "hooksConfig"\."disabled"/);
  });

  it("fail mode closed, but a hook without the wrapper: a crash of staso would let the call run", async () => {
    const w = ws();
    await setup(w, "gemini-cli", "user", { failMode: "open" });
    mkdirSync(w.staso, { recursive: true });
    writeFileSync(join(w.staso, "config.json"), JSON.stringify({ failMode: "closed" }));
    const c = (await agent(w)).checks.find((x) => x.id === "on-failure");
    expect(c).toMatchObject({ ok: false, fix: "staso setup --target gemini-cli --scope user" });
  });
});
