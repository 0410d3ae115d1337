// staso setup / uninstall for the agents with Claude Code's hooks document (Factory droid, Qwen Code):
// merged, idempotent, exactly reversed; droid's hooks go where droid reads the user's own.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { read, setup, uninstall, workspaces } from "./support.js";

const { ws } = workspaces();

describe("Factory droid setup", () => {
  it("from nothing: ~/.factory/hooks.json; uninstall removes it", async () => {
    const w = ws();
    const file = join(w.home, ".factory", "hooks.json");
    await setup(w, "droid", "user");
    expect(Object.keys(JSON.parse(read(file)!).hooks)).toEqual(["PreToolUse", "PostToolUse"]);
    expect((await setup(w, "droid", "user")).changes).toEqual([]);
    await uninstall(w, "droid", ["user"]);
    expect(existsSync(file)).toBe(false);
  });

  it("hooks the user keeps in settings.json (no hooks.json): staso goes there too, never into a hooks.json that would hide them", async () => {
    const w = ws();
    mkdirSync(join(w.home, ".factory"), { recursive: true });
    const settings = join(w.home, ".factory", "settings.json");
    const original =
      '{\n  "model": "x",\n  "hooks": { "Stop": [ { "hooks": [ { "type": "command", "command": "notify" } ] } ] }\n}\n';
    writeFileSync(settings, original);
    await setup(w, "droid", "user");
    expect(existsSync(join(w.home, ".factory", "hooks.json"))).toBe(false);
    expect(Object.keys(JSON.parse(read(settings)!).hooks)).toEqual(["Stop", "PreToolUse", "PostToolUse"]);
    await uninstall(w, "droid", ["user"]);
    expect(read(settings)).toBe(original);
  });
});

describe("Qwen Code setup", () => {
  it("settings.json with comments kept, the timeout in ms, the fail-closed wrapper; uninstall gives the bytes back", async () => {
    const w = ws();
    mkdirSync(join(w.home, ".qwen"), { recursive: true });
    const file = join(w.home, ".qwen", "settings.json");
    const original = '{\n  // my Qwen settings\n  "model": { "name": "qwen3-coder-plus" }\n}\n';
    writeFileSync(file, original);
    await setup(w, "qwen-code", "user");
    const text = read(file)!;
    expect(text).toContain("// my Qwen settings");
    expect(text).toMatch(/"timeout": 30000/);
    expect(text).toMatch(/exit 2; \}/);
    await uninstall(w, "qwen-code", ["user"]);
    expect(read(file)).toBe(original);
  });
});
