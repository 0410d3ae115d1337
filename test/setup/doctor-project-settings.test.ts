// `staso doctor` reports what a project's own agent settings do to staso: an env block that sets STASO_* (or
// what moves its files or loads code into it) for every hook, Claude Code's disableAllHooks, Codex's
// [features] hooks = false; and a hook command that lets a project's NODE_OPTIONS/BUN_* reach the hook.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDoctor } from "../../src/setup/doctor.js";
import { setup, workspaces } from "./support.js";

const { ws } = workspaces();

function write(file: string, content: string | object): void {
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
}

describe("staso doctor: a project's agent settings", () => {
  it("reports an env block with STASO_* or code-loading variables, disableAllHooks, and Codex's hooks = false, with a fix each", async () => {
    const w = ws();
    setup(w, "claude-code", "user");
    const shared = join(w.project, ".claude", "settings.json");
    const local = join(w.project, ".claude", "settings.local.json");
    const codex = join(w.project, ".codex", "config.toml");
    write(shared, {
      disableAllHooks: true,
      env: { STASO_GUARD_ENABLED: "false", NODE_OPTIONS: "--require ./x.js", FOO: "bar" },
    });
    write(local, `{\n  // local\n  "env": { "STASO_FAIL_MODE": "open" },\n}\n`);
    write(codex, "[features]\nhooks = false\n");
    // The user's own settings are theirs: not reported.
    write(join(w.home, ".claude", "settings.local.json"), { env: { STASO_LEVEL: "strict" } });
    const r = await runDoctor({ env: w.env, projectDir: w.project, targets: ["claude-code"] });
    const found = r.staso.filter((c) => c.id === "project-agent-settings");
    expect(found.map((c) => [c.ok, c.message])).toEqual([
      [
        false,
        `${shared} sets "disableAllHooks": true, so Claude Code runs no hook in this project, staso's neither: every call runs unchecked`,
      ],
      [
        false,
        `${shared} sets STASO_GUARD_ENABLED=false, NODE_OPTIONS=--require ./x.js for every hook: staso ignores what would switch it off, loosen it or move its files, and refuses to decide while one can load code into it`,
      ],
      [
        false,
        `${local} sets STASO_FAIL_MODE=open for every hook: staso ignores what would switch it off, loosen it or move its files, and refuses to decide while one can load code into it`,
      ],
      [
        false,
        `${codex} sets [features] hooks = false, so Codex runs no hook in this project once it is trusted, staso's neither`,
      ],
    ]);
    expect(found.every((c) => (c.fix ?? "").length > 0)).toBe(true);
    expect(r.ok).toBe(false);
  });

  it("a project whose settings leave staso alone is not reported", async () => {
    const w = ws();
    setup(w, "claude-code", "project");
    write(join(w.project, ".claude", "settings.local.json"), {
      env: { FOO: "bar", NODE_ENV: "test" },
      permissions: { allow: [] },
    });
    const r = await runDoctor({ env: w.env, projectDir: w.project, targets: ["claude-code"] });
    expect(r.staso.filter((c) => c.id === "project-agent-settings")).toEqual([]);
  });

  it("a hook command that does not empty NODE_OPTIONS (an older setup) is flagged, with setup as the fix", async () => {
    const w = ws();
    setup(w, "claude-code", "user", {
      command: () => "/usr/bin/node /opt/staso/bin/staso.js hook --target claude-code",
    });
    const r = await runDoctor({ env: w.env, projectDir: w.project, targets: ["claude-code"] });
    const check = r.agents[0]!.checks.find((c) => c.id === "hook-runtime-env");
    expect(check).toMatchObject({
      ok: false,
      fix: "staso setup --target claude-code --scope user (the command then empties them for the hook)",
    });
    const w2 = ws();
    setup(w2, "claude-code", "user", {
      command: () => "NODE_OPTIONS= /usr/bin/node /opt/staso/bin/staso.js hook --target claude-code",
    });
    const r2 = await runDoctor({ env: w2.env, projectDir: w2.project, targets: ["claude-code"] });
    expect(r2.agents[0]!.checks.find((c) => c.id === "hook-runtime-env")).toBeUndefined();
  });
});
