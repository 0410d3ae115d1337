// Random hooks.json layouts (other hooks, old staso entries anywhere, partial trust) through setup and
// uninstall: every other hook keeps its content and its trust follows it to its position; staso's hooks
// are trusted with the right hash; a second setup changes nothing.
import { describe, expect, it } from "vitest";
import { codexDesiredHooks, planCodexHooks } from "../../src/hosts/codex/hooks-config.js";
import { codexTrustHash, codexTrustKey, readTrustState } from "../../src/hosts/codex/trust.js";
import { parseToml } from "../../src/config-files/toml-edit.js";
import type { HookGroup } from "../../src/config-files/hooks-file.js";
import { CMD } from "./support.js";

const SRC = "/home/u/.codex/hooks.json";
const CONFIG = "/home/u/.codex/config.toml";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Layout {
  hooks: Record<string, HookGroup[]>;
  toml: string;
  /** handler content → its trust hash in the original config */
  trusted: Map<string, string>;
}

function randomLayout(r: () => number, n: number): Layout {
  const events = ["PreToolUse", "PostToolUse", "SessionStart"];
  const hooks: Record<string, HookGroup[]> = {};
  const trusted = new Map<string, string>();
  let toml = r() < 0.5 ? `# config ${n}\nmodel = "gpt-5.5"\n` : "";
  let id = 0;
  for (const event of events) {
    if (r() < 0.3) continue;
    const groups: HookGroup[] = [];
    const count = Math.floor(r() * 4);
    for (let g = 0; g < count; g++) {
      const handlers = [];
      const hc = 1 + Math.floor(r() * 3);
      for (let h = 0; h < hc; h++) {
        const staso = r() < 0.25;
        handlers.push({
          type: "command",
          command: staso ? (r() < 0.5 ? "staso hook --target codex" : "npx staso@0.1 hook") : `other-${n}-${id++}.sh`,
          timeout: 5 + Math.floor(r() * 3),
        });
      }
      groups.push(
        r() < 0.7
          ? { matcher: ["*", "Bash", "apply_patch"][Math.floor(r() * 3)]!, hooks: handlers }
          : { hooks: handlers },
      );
    }
    hooks[event] = groups;
  }
  for (const [event, groups] of Object.entries(hooks)) {
    groups.forEach((g, gi) =>
      g.hooks.forEach((h, hi) => {
        if (r() < 0.6) {
          const hash = codexTrustHash(event, g.matcher, h);
          if (!String(h.command).includes("staso")) trusted.set(`${event}|${String(h.command)}`, hash);
          toml += `\n[hooks.state."${codexTrustKey(SRC, { event, group: gi, handler: hi })}"]\ntrusted_hash = "${hash}"\n`;
        }
      }),
    );
  }
  return { hooks, toml, trusted };
}

function check(after: string, config: string, l: Layout, stasoExpected: boolean): void {
  const hooks = (JSON.parse(after) as { hooks?: Record<string, HookGroup[]> }).hooks ?? {};
  const state = readTrustState(parseToml(CONFIG, config));
  let stasoCount = 0;
  for (const [event, groups] of Object.entries(hooks)) {
    groups.forEach((g, gi) =>
      g.hooks.forEach((h, hi) => {
        const key = codexTrustKey(SRC, { event, group: gi, handler: hi });
        const cmd = String(h.command);
        if (cmd === CMD.codex!) {
          stasoCount++;
          expect(state.get(key)?.trusted_hash).toBe(codexTrustHash(event, g.matcher, h));
          return;
        }
        expect(cmd).not.toContain("staso");
        const was = l.trusted.get(`${event}|${cmd}`);
        // another hook's trust is exactly what it was, at its (possibly new) position
        expect(state.get(key)?.trusted_hash, `${key} (${cmd})`).toBe(was);
      }),
    );
  }
  expect(stasoCount).toBe(stasoExpected ? 2 : 0);
}

describe("Codex trust follows every hook through setup and uninstall", () => {
  it("holds for 300 random layouts", () => {
    const r = rng(42);
    const desired = codexDesiredHooks({ command: CMD.codex!, timeout: 30 });
    for (let n = 0; n < 300; n++) {
      const l = randomLayout(r, n);
      const text = `${JSON.stringify({ hooks: l.hooks }, null, 2)}\n`;
      const s = planCodexHooks({
        hooksFile: SRC,
        hooksText: text,
        configFile: CONFIG,
        configText: l.toml,
        trustSource: SRC,
        desired,
        writeTrust: true,
      });
      check(s.hooks.after, s.config.after, l, true);
      const again = planCodexHooks({
        hooksFile: SRC,
        hooksText: s.hooks.after,
        configFile: CONFIG,
        configText: s.config.after,
        trustSource: SRC,
        desired,
        writeTrust: true,
      });
      expect(again.hooks.changed || again.config.changed, `layout ${n}: second setup changed something`).toBe(false);
      const u = planCodexHooks({
        hooksFile: SRC,
        hooksText: s.hooks.after,
        configFile: CONFIG,
        configText: s.config.after,
        trustSource: SRC,
        desired: null,
        writeTrust: false,
      });
      check(u.hooks.after.trim() ? u.hooks.after : "{}", u.config.after, l, false);
    }
  });
});
