// The spelling cases of spellings.test.ts through the real hooks (Node bin/staso.js and the native
// binary), in both hosts' payload shapes, with the environment a hook really gets: HOME, CLAUDE_CONFIG_DIR,
// CODEX_HOME, STASO_HOME and XDG_CACHE_HOME pointing into a world on disk. The hooks find their own
// installation (this checkout) and guard it.
import { afterAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { claudePayload, codexPayload } from "../../support/calls.js";
import { HOOK_IMPLS, nativeHookAvailable, runHook, type HookImpl } from "../../support/hook-process.js";
import { ATTACKS, EVERYDAY, fill, makeWorld, toolCall, type Attempt } from "./world.js";

const world = makeWorld();
afterAll(() => rmSync(world.root, { recursive: true, force: true }));

const impls = HOOK_IMPLS.filter((i) => i === "node" || nativeHookAvailable());

async function answer(impl: HookImpl, host: "claude" | "codex", a: Attempt) {
  const { tool, input } = toolCall(host, a.via, fill(world, a.text));
  const payload = (host === "claude" ? claudePayload : codexPayload)(tool, input, { cwd: world.project });
  const run = await runHook(payload, {
    impl,
    cwd: world.project,
    args: ["--target", host === "claude" ? "claude-code" : "codex"],
    env: { ...world.env, STASO_FAIL_MODE: "closed", STASO_GUARD_ENABLED: undefined, XDG_CONFIG_HOME: undefined },
  });
  const out = run.json?.hookSpecificOutput;
  return { run, denied: out?.permissionDecision === "deny", reason: String(out?.permissionDecisionReason ?? "") };
}

describe.each(impls)("the %s hook", (impl) => {
  describe.each(["claude", "codex"] as const)("%s payloads", (host) => {
    it("stops every other spelling of a protected place", async () => {
      const missed: string[] = [];
      for (const a of ATTACKS) {
        const r = await answer(impl, host, a);
        if (!r.denied || !/paths\/protected-write|could not decide/.test(r.reason))
          missed.push(`${a.name}: ${r.run.stdout || r.run.stderr || "(allowed)"}`);
      }
      expect(missed).toEqual([]);
    }, 120_000);
    it("lets the everyday work next to them run", async () => {
      const stopped: string[] = [];
      for (const a of EVERYDAY) {
        const r = await answer(impl, host, a);
        if (r.run.code !== 0 || /protected-write|could not decide/.test(r.reason))
          stopped.push(`${a.name}: ${r.reason || r.run.stderr}`);
      }
      expect(stopped).toEqual([]);
    }, 120_000);
  });
});
