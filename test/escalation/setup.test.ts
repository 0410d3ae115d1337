// `staso setup` with escalations that wait: the agent's hook timeout covers staso's deadline plus the wait,
// and the hook is told that timeout (--host-timeout) so that its own wait ends first. Without a wait,
// nothing changes.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyChanges } from "../../src/setup/apply.js";
import { planSetup } from "../../src/setup/plan.js";
import { workspace, type Ws } from "../setup/support.js";

const spaces: Ws[] = [];
afterEach(() => {
  while (spaces.length) spaces.pop()!.cleanup();
});

function ws(escalation?: Record<string, unknown>): Ws {
  const w = workspace();
  spaces.push(w);
  mkdirSync(w.staso, { recursive: true });
  if (escalation) writeFileSync(join(w.staso, "config.json"), JSON.stringify({ escalation }));
  return w;
}

async function setupBoth(w: Ws) {
  const plan = await planSetup({
    targets: [
      { target: "claude-code", scope: "user" },
      { target: "codex", scope: "user" },
    ],
    failMode: "closed",
    writeTrust: true,
    env: w.env,
  });
  applyChanges(plan.changes, { backupRoot: join(w.staso, "backups") });
  const claude = JSON.parse(readFileSync(join(w.home, ".claude", "settings.json"), "utf8")).hooks.PreToolUse[0]
    .hooks[0];
  const codex = JSON.parse(readFileSync(join(w.codexHome, "hooks.json"), "utf8")).hooks.PreToolUse[0].hooks[0];
  return { plan, claude, codex };
}

describe("setup with escalations", () => {
  it("without a wait: the agents' timeout and command are as before", async () => {
    const { claude, codex } = await setupBoth(ws());
    expect(claude.timeout).toBe(30);
    expect(codex.timeout).toBe(30);
    expect(claude.command).toMatch(/ hook --target claude-code$/);
    expect(codex.command).toMatch(/ hook --target codex$/);
  });

  it("wait mode: timeout = staso's 10 s + the wait + 25 s, passed to the hook; only for the agents that wait", async () => {
    const { plan, claude, codex } = await setupBoth(ws({ mode: { codex: "wait" }, timeout: 120 }));
    expect(codex.timeout).toBe(155);
    expect(codex.command).toMatch(/ hook --target codex --host-timeout 155$/);
    expect(claude.timeout).toBe(30);
    expect(claude.command).toMatch(/ hook --target claude-code$/);
    expect(plan.targets.map((t) => [t.target, t.hostTimeout])).toEqual([
      ["claude-code", 30],
      ["codex", 155],
    ]);
    // Codex trusts the hook by its command: the trust entry follows the new command
    expect(readFileSync(join(w0(plan), "config.toml"), "utf8")).toMatch(
      /\[hooks\.state\."[^"]*hooks\.json:pre_tool_use:0:0"\]\ntrusted_hash = "sha256:[0-9a-f]{64}"/,
    );
  });

  it("claude -p waiting is enough for Claude Code's hook to be sized for it; a second run changes nothing", async () => {
    const w = ws({ mode: { "claude-code-headless": "wait" }, timeout: 60 });
    const { claude } = await setupBoth(w);
    expect(claude.timeout).toBe(95);
    expect(claude.command).toMatch(/ --host-timeout 95$/);
    expect((await setupBoth(w)).plan.changes).toEqual([]);
    // a longer wait later: setup resizes in place
    writeFileSync(
      join(w.staso, "config.json"),
      JSON.stringify({ escalation: { mode: { "claude-code-headless": "wait" }, timeout: 200 } }),
    );
    expect((await setupBoth(w)).claude).toMatchObject({
      timeout: 235,
      command: expect.stringMatching(/ --host-timeout 235$/),
    });
  });
});

/** The Codex config dir of the plan's codex target. */
function w0(plan: Awaited<ReturnType<typeof setupBoth>>["plan"]): string {
  const t = plan.targets.find((x) => x.target === "codex")!;
  return join(t.file, "..");
}
