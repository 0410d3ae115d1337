// The in-process figures are the hook's figures: a small sample of red-team cases (every class, both
// labels, both hosts, sessions included) goes through the real hook process, Node and native, and each
// is decided exactly as the in-process scorer decided it.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpus, CLASSES } from "./corpus/index.js";
import { HOME, HOSTS, type Case } from "./corpus/model.js";
import { hash32 } from "./corpus/gen.js";
import { isolate, payloadOf, scoreCases, type Outcome } from "./score.js";
import { nativeHookAvailable, runHook, tempHome, HOOK_IMPLS, type HookImpl } from "../support/hook-process.js";

/** One case per class (labels and hosts alternate from class to class), and a few sessions. */
function pick(all: Case[]): Case[] {
  const out: Case[] = [];
  const shuffled = [...all].sort((a, b) => hash32(a.id) - hash32(b.id));
  CLASSES.forEach((cls, i) => {
    const mine = shuffled.filter((c) => c.class === cls.id && c.calls.length === 1);
    const label = i % 2 === 0 ? "dangerous" : "benign";
    const host = HOSTS[Math.floor(i / 2) % 2]!;
    const c = mine.find((c) => c.label === label && c.host === host) ?? mine.find((c) => c.label === label) ?? mine[0];
    if (c) out.push(c);
  });
  out.push(...shuffled.filter((c) => c.calls.length > 1).slice(0, 4));
  return out;
}

const sampled = pick(corpus());
let inProcess: Outcome[] = [];
beforeAll(async () => {
  const env = isolate();
  try {
    inProcess = await scoreCases(sampled);
  } finally {
    env.restore();
  }
}, 120_000);

/** What the hook printed, as the decision it renders: deny, ask (Claude's escalation), modify or allow. */
function answerOf(stdout: string): string {
  if (!stdout.trim()) return "allow";
  const h = (JSON.parse(stdout) as { hookSpecificOutput?: Record<string, unknown> }).hookSpecificOutput ?? {};
  if (h.permissionDecision === "deny") return "deny";
  if (h.permissionDecision === "ask") return "ask";
  if (h.updatedInput) return "modify";
  return `unknown answer ${stdout.trim()}`;
}

/** The answer the hook renders for the in-process decision (Codex has no ask: an escalation is a deny). */
function expectedAnswer(o: Outcome): string {
  if (o.action === "block") return "deny";
  if (o.action === "escalate") return o.case.host === "codex" ? "deny" : "ask";
  return o.action;
}

async function throughHook(c: Case, impl: HookImpl, stasoHome: string): Promise<string> {
  // The built-in defaults: no STASO_ setting but the throwaway home, the corpus' HOME, no CA bundle to load.
  const env: Record<string, string | undefined> = { HOME, STASO_HOME: stasoHome, NODE_EXTRA_CA_CERTS: undefined };
  for (const k of Object.keys(process.env)) if (k.startsWith("STASO_") && k !== "STASO_HOME") env[k] = undefined;
  let answer = "allow";
  for (let i = 0; i < c.calls.length; i++) {
    const run = await runHook(payloadOf(c, i), { env, impl, cwd: "/" });
    expect(run.code, run.stderr).toBe(0);
    answer = answerOf(run.stdout);
    if (answer !== "allow" && answer !== "modify") break;
    if (i < c.calls.length - 1) await runHook(payloadOf(c, i, "post"), { env, impl, cwd: "/" });
  }
  return answer;
}

describe.each(HOOK_IMPLS)("the %s hook", (impl) => {
  const home = tempHome("staso-redteam-hook-");
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const available = impl === "node" || nativeHookAvailable();

  it.skipIf(!available)(
    "decides a sample of every red-team class as the in-process scorer does",
    async () => {
      expect(sampled.length).toBeGreaterThanOrEqual(CLASSES.length);
      const diffs: string[] = [];
      for (const o of inProcess) {
        const got = await throughHook(o.case, impl, home);
        if (got !== expectedAnswer(o)) diffs.push(`${o.case.id}: the hook answered ${got}, in process ${o.action}`);
      }
      expect(diffs).toEqual([]);
    },
    300_000,
  );
});
