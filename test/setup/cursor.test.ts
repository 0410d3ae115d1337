// staso setup / uninstall / doctor for Cursor on throwaway homes: staso's entries in hooks.json beside the
// user's own, failClosed on the before-events when the fail mode is closed, idempotent, exactly reversed.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDoctor } from "../../src/setup/doctor.js";
import { CMD, read, setup, uninstall, workspaces } from "./support.js";

const { ws } = workspaces();
const command = CMD.cursor!;

describe("Cursor setup", () => {
  it("from nothing: every event, failClosed on the before-events; uninstall removes the file", async () => {
    const w = ws();
    const file = join(w.home, ".cursor", "hooks.json");
    await setup(w, "cursor", "user");
    const v = JSON.parse(read(file)!);
    expect(v.version).toBe(1);
    expect(Object.keys(v.hooks)).toEqual([
      "preToolUse",
      "beforeShellExecution",
      "beforeMCPExecution",
      "beforeReadFile",
      "postToolUse",
      "afterShellExecution",
    ]);
    expect(v.hooks.beforeShellExecution).toEqual([{ command, timeout: 30, failClosed: true }]);
    expect(v.hooks.postToolUse).toEqual([{ command, timeout: 30 }]);
    expect((await setup(w, "cursor", "user")).changes).toEqual([]);
    await uninstall(w, "cursor", ["user"]);
    expect(existsSync(file)).toBe(false);
  });

  it("the user's own hooks stay, before staso's, and uninstall gives the bytes back", async () => {
    const w = ws();
    const file = join(w.project, ".cursor", "hooks.json");
    mkdirSync(join(w.project, ".cursor"), { recursive: true });
    const original =
      '{\n  "version": 1,\n  "hooks": {\n    "afterFileEdit": [{ "command": "./hooks/format.sh" }],\n    "beforeShellExecution": [{ "command": "./hooks/audit.sh" }]\n  }\n}\n';
    writeFileSync(file, original);
    await setup(w, "cursor", "project", { failMode: "open" });
    const v = JSON.parse(read(file)!);
    expect(v.hooks.beforeShellExecution).toEqual([{ command: "./hooks/audit.sh" }, { command, timeout: 30 }]);
    expect(v.hooks.afterFileEdit).toEqual([{ command: "./hooks/format.sh" }]);
    await uninstall(w, "cursor", ["project"]);
    expect(read(file)).toBe(original);
  });

  it("doctor: fail mode closed but a before-event without failClosed is a problem", async () => {
    const w = ws();
    await setup(w, "cursor", "user", { failMode: "open" });
    mkdirSync(w.staso, { recursive: true });
    writeFileSync(join(w.staso, "config.json"), JSON.stringify({ failMode: "closed" }));
    const r = await runDoctor({ env: w.env, projectDir: w.project, targets: ["cursor"] });
    const checks = r.agents[0]!.checks;
    expect(checks.filter((c) => c.id === "hook-present").every((c) => c.ok)).toBe(true);
    expect(checks.filter((c) => c.id === "on-failure").map((c) => c.ok)).toEqual([false, false, false, false]);
  });
});
