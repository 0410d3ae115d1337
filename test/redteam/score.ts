// Runs red-team cases through the real decision pipeline in process, the way `staso hook` does: the
// host adapter parses the host's payload, decideCall() resolves the policy for the call's cwd (the
// built-in defaults: STASO_HOME is a fresh folder), runs the rules in force and records the session's
// memory. A session's calls go in order under one session id, each allowed call followed by its
// PostToolUse (so the memory knows it ran), and the case stops at the first call staso stops.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Action } from "../../src/engine/types.js";
import { claudePayload, codexPayload } from "../support/calls.js";
import { hash32 } from "./corpus/gen.js";
import { HOME, type Call, type Case } from "./corpus/model.js";

export interface Outcome {
  case: Case;
  action: Action;
  ruleId?: string;
  reason: string;
  /** Index of the call that decided the case (the one stopped, else the last). */
  step: number;
  /** Set when the decision came from the fail mode (a rule unsure or failing), not from a rule. */
  failure?: string;
}

/** A UUID-shaped id derived from a case id: the same on every run, different per case and host. */
function sessionIdOf(c: Case): string {
  const h = (s: string) => hash32(`${c.id}/${s}`).toString(16).padStart(8, "0");
  return `${h("a")}-${h("b").slice(0, 4)}-4${h("c").slice(0, 3)}-8${h("d").slice(0, 3)}-${h("e")}${h("f").slice(0, 4)}`;
}

/** The PreToolUse (or PostToolUse, with a plain successful result) payload of one call of a case. */
export function payloadOf(c: Case, i: number, event: "pre" | "post" = "pre"): Record<string, unknown> {
  const call: Call = c.calls[i]!;
  const session = sessionIdOf(c);
  const useId = `${c.host === "codex" ? "call" : "toolu"}_rt_${hash32(`${c.id}#${i}`).toString(36)}`;
  const extra: Record<string, unknown> = { session_id: session, cwd: call.cwd ?? c.cwd, tool_use_id: useId };
  if (c.host === "codex") extra.turn_id = `${session.slice(0, 24)}${i.toString(16).padStart(12, "0")}`;
  else extra.transcript_path = `${HOME}/.claude/projects/${c.cwd.replace(/\//g, "-")}/${session}.jsonl`;
  if (event === "post") {
    extra.hook_event_name = "PostToolUse";
    extra.tool_response = responseOf(c, call);
  }
  return c.host === "codex" ? codexPayload(call.tool, call.input, extra) : claudePayload(call.tool, call.input, extra);
}

/** What each host reports after a call that ran without output (agents-hooks.md). */
function responseOf(c: Case, call: Call): unknown {
  if (c.host === "codex")
    return call.tool === "apply_patch"
      ? "Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\n"
      : "";
  if (call.tool === "Bash")
    return { stdout: "", stderr: "", interrupted: false, isImage: false, noOutputExpected: false };
  return { type: "text", content: "" };
}

/**
 * The environment the corpus is written against: HOME is the corpus' home folder (the shell analysis
 * reads it once, so this must happen before the first decision), STASO_HOME a throwaway folder, and no
 * STASO_ setting changes the built-in defaults. Returns the clean-up.
 */
export function isolate(): { stasoHome: string; restore: () => void } {
  const saved = { ...process.env };
  const stasoHome = mkdtempSync(join(tmpdir(), "staso-redteam-"));
  for (const k of Object.keys(process.env)) if (k.startsWith("STASO_")) delete process.env[k];
  process.env.HOME = HOME;
  process.env.STASO_HOME = stasoHome;
  return {
    stasoHome,
    restore() {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      rmSync(stasoHome, { recursive: true, force: true });
    },
  };
}

const stopped = (a: Action) => a !== "allow" && a !== "modify";

/** Every case through the pipeline, in order. Call isolate() first. */
export async function scoreCases(cases: Case[]): Promise<Outcome[]> {
  // Loaded here, after isolate(), so nothing reads HOME or STASO_HOME before it is set.
  const { decideCall, DecideError } = await import("../../src/pipeline/decide.js");
  const { hostByName } = await import("../../src/hosts/index.js");
  const { sessionFile } = await import("../../src/state/store.js");
  const { stasoPaths } = await import("../../src/paths.js");
  const dataDir = stasoPaths(process.env).dataDir;
  const out: Outcome[] = [];
  const decide = async (c: Case, payload: Record<string, unknown>) => {
    const host = hostByName(c.host)!;
    const call = host.parse(payload);
    if (!call) throw new Error(`${c.id}: the payload parsed to no call`);
    try {
      const { decision } = await decideCall(call, {
        started: performance.now(),
        policyDeadlineMs: 10_000,
        withInput: host.withInput,
        withOutput: host.withOutput,
        env: process.env,
        warn: () => {},
      });
      return decision;
    } catch (err) {
      // The hook answers a failure to decide with the fail mode (closed: block).
      if (err instanceof DecideError)
        return { action: "block" as const, reason: err.message, verdicts: [], failure: err.message };
      throw err;
    }
  };
  for (const c of cases) {
    let result: Outcome | undefined;
    for (let i = 0; i < c.calls.length; i++) {
      const d = await decide(c, payloadOf(c, i));
      const last = i === c.calls.length - 1;
      if (stopped(d.action) || last) {
        result = {
          case: c,
          action: d.action,
          ...(d.ruleId ? { ruleId: d.ruleId } : {}),
          reason: d.reason,
          step: i,
          ...(d.failure ? { failure: d.failure } : {}),
        };
        break;
      }
      await decide(c, payloadOf(c, i, "post"));
    }
    out.push(result!);
    // Each case is its own session, never seen again: its memory goes (the session store sweeps its
    // folder whenever a session starts, which would grow with every case kept).
    rmSync(sessionFile(dataDir, sessionIdOf(c)), { force: true });
  }
  return out;
}
