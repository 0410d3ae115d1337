// `staso doctor` on the events setup subscribes (hooks-templates/): each one is reported present or missing,
// per agent. In-process, on throwaway homes; the hook command here is a stand-in that does not run, so only
// the presence checks are looked at (test/setup/cli.test.ts runs the doctor on a real installation).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDoctor, type Check, type DoctorReport } from "../../src/setup/doctor.js";
import type { HostId } from "../../src/hosts/index.js";
import { setup, workspaces, type Ws } from "./support.js";

const { ws } = workspaces();

const doctor = (w: Ws, targets: HostId[]) => runDoctor({ env: w.env, projectDir: w.project, targets });
/** The hook presence checks (present, missing, too narrow a matcher) of one agent. */
const presence = (r: DoctorReport, target: HostId): Check[] =>
  r.agents.find((a) => a.target === target)!.checks.filter((c) => c.id === "hook-present" || c.id === "hook-matcher");

function editHooks(file: string, edit: (hooks: Record<string, unknown>) => void): void {
  const v = JSON.parse(readFileSync(file, "utf8")) as { hooks: Record<string, unknown> };
  edit(v.hooks);
  writeFileSync(file, `${JSON.stringify(v, null, 2)}\n`);
}

describe("staso doctor: the subscribed events", () => {
  it("after setup every event is present: Claude Code's PostToolUseFailure included, Codex (which has no such event) not asked for it", async () => {
    const w = ws();
    await setup(w, "claude-code", "user");
    await setup(w, "codex", "user");
    const r = await doctor(w, ["claude-code", "codex"]);
    const claude = presence(r, "claude-code");
    expect(claude.map((c) => [c.ok, c.message.replace(/ in .*$/, "")])).toEqual([
      [true, "PreToolUse hook for every tool"],
      [true, "PostToolUse hook for every tool"],
      [true, "PostToolUseFailure hook for every tool"],
    ]);
    expect(claude[2]!.message).toContain(join(w.home, ".claude", "settings.json"));
    expect(presence(r, "codex").map((c) => [c.ok, c.message.replace(/ in .*$/, "")])).toEqual([
      [true, "PreToolUse hook for every tool"],
      [true, "PostToolUse hook for every tool"],
    ]);
  });

  it("a Claude Code set up before PostToolUseFailure was subscribed: missing, with what it costs and the fix for its scope; setup again fixes it", async () => {
    const w = ws();
    await setup(w, "claude-code", "project");
    const file = join(w.project, ".claude", "settings.json");
    editHooks(file, (h) => delete h.PostToolUseFailure);
    const r = await doctor(w, ["claude-code"]);
    expect(r.ok).toBe(false);
    const missing = presence(r, "claude-code").filter((c) => !c.ok);
    expect(missing).toEqual([
      {
        id: "hook-present",
        ok: false,
        message:
          "staso has no PostToolUseFailure hook in Claude Code's settings, so the session rules never learn which calls failed (an identical retry of a call that failed for lack of permission is not stopped)",
        fix: "staso setup --target claude-code --scope project",
      },
    ]);

    const again = await setup(w, "claude-code", "project");
    expect(again.changes.map((c) => c.path)).toEqual([file]);
    expect(existsSync(join(w.home, ".claude", "settings.json"))).toBe(false); // the fix does not add a second copy elsewhere
    expect(presence(await doctor(w, ["claude-code"]), "claude-code").every((c) => c.ok)).toBe(true);
  });

  it("a PostToolUseFailure hook that matches only some tools is flagged like the others", async () => {
    const w = ws();
    await setup(w, "claude-code", "user");
    editHooks(
      join(w.home, ".claude", "settings.json"),
      (h) => ((h.PostToolUseFailure as Array<{ matcher: string }>)[0]!.matcher = "Bash"),
    );
    const bad = presence(await doctor(w, ["claude-code"]), "claude-code").filter((c) => !c.ok);
    expect(bad).toEqual([
      expect.objectContaining({
        id: "hook-matcher",
        message: expect.stringMatching(
          /^staso's PostToolUseFailure hook in .*settings\.json only matches "Bash", so other tools \(MCP included\) go unchecked$/,
        ),
      }),
    ]);
  });

  it("Codex without a PostToolUseFailure hook is not a problem, and a PreToolUse-only Claude Code lacks both after-events", async () => {
    const w = ws();
    await setup(w, "codex", "user");
    expect(presence(await doctor(w, ["codex"]), "codex").every((c) => c.ok)).toBe(true);
    await setup(w, "claude-code", "user");
    editHooks(join(w.home, ".claude", "settings.json"), (h) => {
      delete h.PostToolUse;
      delete h.PostToolUseFailure;
    });
    const missing = presence(await doctor(w, ["claude-code"]), "claude-code").filter((c) => !c.ok);
    expect(missing.map((c) => c.message.replace(/ in Claude Code's settings.*$/, ""))).toEqual([
      "staso has no PostToolUse hook",
      "staso has no PostToolUseFailure hook",
    ]);
  });
});
