// What a newcomer hit in `staso setup` and `staso uninstall`: Codex's missing local scope said, not mapped
// silently; a warning before this machine's path goes into a file teams commit; --json on both; progress
// on a terminal for the slow steps (and none in a pipe).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAUNCHER } from "../support/hook-process.js";
import { workspaces, type Ws } from "./support.js";

const { ws } = workspaces();

function staso(w: Ws, args: string[]) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...w.env, SHELL: "/bin/sh", NO_COLOR: "1" })) if (v !== undefined) env[k] = v;
  const r = spawnSync(process.execPath, [LAUNCHER, ...args], {
    cwd: w.project,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
  });
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

describe("staso setup's rough edges", () => {
  it("--scope local with Codex is refused, saying what to use instead (exit 2), and writes nothing", () => {
    const w = ws();
    for (const target of ["codex", "claude-code,codex"]) {
      const r = staso(w, ["setup", "--target", target, "--scope", "local", "--yes"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/Codex has no local scope .*use --scope project or --scope user for it/);
    }
    expect(existsSync(join(w.project, ".codex"))).toBe(false);
    expect(existsSync(join(w.project, ".claude"))).toBe(false);
    // Claude Code alone has one
    expect(staso(w, ["setup", "--target", "claude-code", "--scope", "local", "--yes"]).code).toBe(0);
    expect(existsSync(join(w.project, ".claude", "settings.local.json"))).toBe(true);
  });

  it("--scope project warns that the file is shared and holds this machine's path; local and user do not", () => {
    const w = ws();
    for (const target of ["claude-code", "codex"]) {
      const r = staso(w, ["setup", "--target", target, "--scope", "project", "--dry-run"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        new RegExp(
          `Warning: ${join(w.project, target === "codex" ? ".codex/hooks.json" : ".claude/settings.json").replace(/[.]/g, "\\.")} is the project's shared file .*this machine's own path \\(.*/\\S+ hook --target ${target}\\)`,
        ),
      );
    }
    for (const scope of ["local", "user"])
      expect(staso(w, ["setup", "--target", "claude-code", "--scope", scope, "--dry-run"]).stdout).not.toMatch(
        /shared file/,
      );
  });

  it("--json on setup and uninstall: the changes, the agents, what was written; nothing else on stdout", () => {
    const w = ws();
    expect(staso(w, ["setup", "--target", "claude-code", "--json"])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--json asks no questions: add --yes .* or --dry-run/),
    });
    const settings = join(w.home, ".claude", "settings.json");
    const dry = staso(w, ["setup", "--target", "claude-code", "--scope", "user", "--dry-run", "--json"]);
    expect(dry.stderr).toBe("");
    expect(dry.json).toMatchObject({
      written: false,
      dryRun: true,
      changes: [expect.objectContaining({ path: settings, action: "create" })],
    });
    expect(existsSync(settings)).toBe(false);

    const r = staso(w, ["setup", "--target", "claude-code", "--scope", "user", "--yes", "--json"]);
    expect(r.stderr).toBe(""); // no progress lines in a pipe
    expect(r.json).toMatchObject({
      written: true,
      changes: [expect.objectContaining({ path: settings, action: "create" })],
      targets: [
        expect.objectContaining({
          target: "claude-code",
          scope: "user",
          file: settings,
          command: expect.stringContaining("hook --target claude-code"),
          upToDate: false,
        }),
      ],
    });
    expect(existsSync(settings)).toBe(true);
    expect(staso(w, ["setup", "--target", "claude-code", "--scope", "user", "--yes", "--json"]).json).toMatchObject({
      written: false,
      changes: [],
      targets: [expect.objectContaining({ upToDate: true })],
    });

    expect(staso(w, ["uninstall", "--json"]).code).toBe(2);
    const u = staso(w, ["uninstall", "--yes", "--json"]);
    expect(u.json).toMatchObject({
      written: true,
      changes: [expect.objectContaining({ path: settings, action: "delete" })],
    });
    expect(existsSync(settings)).toBe(false);
    expect(staso(w, ["uninstall", "--yes", "--json"]).json).toMatchObject({ written: false, changes: [] });
  });

  it("shows progress for the slow steps on a terminal", () => {
    const w = ws();
    mkdirSync(join(w.home, ".claude")); // Claude Code is found by its folder
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...w.env, NO_COLOR: "1" })) if (v !== undefined) env[k] = v;
    const out = join(w.root, "stdout");
    // script(1): stderr is a terminal (its transcript is what script prints), stdout goes to a file
    const r = spawnSync(
      "script",
      ["-qefc", `exec '${process.execPath}' '${LAUNCHER}' setup --dry-run > '${out}'`, "/dev/null"],
      { env, cwd: w.project, encoding: "utf8", timeout: 60_000 },
    );
    expect(r.stdout).toContain("Looking for the agents…");
    expect(r.stdout).toContain("Checking staso's hook on this machine…");
    expect(readFileSync(out, "utf8")).not.toContain("…\r");
  });
});
