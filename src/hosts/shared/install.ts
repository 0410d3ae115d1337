// What the hosts' installers share (never on the hook path): where the user's home is as the agents see
// it, finding staso's handlers in a `{"hooks": {"<Event>": [...]}}` document, the shell agents run hook
// commands with, and reading a hook's answer the way Claude Code-style hosts do.
import { existsSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { basename, resolve } from "node:path";
import { isStasoHookCommand } from "../../config-files/hook-command.js";
import type { HookGroup, HookHandler } from "../../config-files/hooks-file.js";
import { readFileState } from "../../config-files/fs-write.js";
import { parseJsonDocument } from "../../config-files/json-edit.js";
import { subscribedEvents } from "../../config-files/templates.js";
import type { Check, FoundHook, HostDoctor, ProbeAnswer, Scope } from "../types.js";

/** The user's home as the agents see it ($HOME; %USERPROFILE% on Windows). */
export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return (process.platform === "win32" ? env.USERPROFILE : env.HOME) || homedir();
}

/** The real path of an existing path (symlinks resolved, as agents that canonicalize see it), else the path made absolute. */
export function realOrResolved(p: string): string {
  const abs = resolve(p);
  try {
    return existsSync(abs) ? realpathSync(abs) : abs;
  } catch {
    return abs;
  }
}

export const isStasoHandler = (h: HookHandler, key = "command"): boolean =>
  typeof h[key] === "string" && isStasoHookCommand(h[key] as string);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The value as a JSON object, or undefined. */
export const jsonObject = (v: unknown): Record<string, unknown> | undefined => (isObject(v) ? v : undefined);

/** A staso handler in a Claude Code-shaped hooks document, with where it sits. */
export interface FoundHandler {
  event: string;
  group: number;
  handler: number;
  groupValue: HookGroup;
  handlerValue: HookHandler;
}

/** A config file that does not parse, as a doctor finding (the parser's sentence without setup's advice). */
export function parseProblem(file: string, err: unknown): Check {
  return {
    id: "config-parse",
    ok: false,
    message: (err as Error).message.replace(/, so staso changed nothing\..*$/s, ""),
    fix: `fix the syntax at the line named, or move ${file} away and run \`staso setup\``,
  };
}

/** The parsed top level of a JSON config file: undefined when absent, a Check when it does not parse. */
export function readJsonConfig(
  file: string,
  allowComments: boolean,
): { root?: Record<string, unknown>; problem?: Check; text: string | null } {
  const st = readFileState(file);
  if (st.text === null) return { text: null };
  try {
    const value = parseJsonDocument(file, st.text, { allowComments }).value;
    return { root: isObject(value) ? value : {}, text: st.text };
  } catch (err) {
    return { problem: parseProblem(file, err), text: st.text };
  }
}

/**
 * staso's handlers in a hooks document: `{"hooks": {"<Event>": [{matcher, hooks: [handler…]}]}}` (nested,
 * Claude Code, Codex, Gemini CLI) or `{"hooks": {"<event>": [handler…]}}` (flat, Copilot CLI, Cursor).
 */
export function stasoHandlers(
  root: Record<string, unknown> | undefined,
  o: { flat?: boolean; commandKey?: string } = {},
): FoundHandler[] {
  const hooks = root?.hooks;
  if (!isObject(hooks)) return [];
  const found: FoundHandler[] = [];
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) continue;
    groups.forEach((g, gi) => {
      if (!isObject(g)) return;
      if (o.flat) {
        if (isStasoHandler(g as HookHandler, o.commandKey))
          found.push({
            event,
            group: gi,
            handler: 0,
            groupValue: { hooks: [g as HookHandler], ...(typeof g.matcher === "string" ? { matcher: g.matcher } : {}) },
            handlerValue: g as HookHandler,
          });
        return;
      }
      const list = g.hooks;
      if (!Array.isArray(list)) return;
      list.forEach((h, hi) => {
        if (isObject(h) && isStasoHandler(h as HookHandler, o.commandKey))
          found.push({ event, group: gi, handler: hi, groupValue: g as HookGroup, handlerValue: h as HookHandler });
      });
    });
  }
  return found;
}

/** The seconds a handler gives the hook, in the unit of its `timeout` / `timeoutSec` (default: the host's). */
export function handlerSeconds(h: HookHandler, o: { unit?: "s" | "ms"; fallback: number }): number {
  const t = typeof h.timeout === "number" ? h.timeout : typeof h.timeoutSec === "number" ? h.timeoutSec : undefined;
  if (t === undefined) return o.fallback;
  return o.unit === "ms" && typeof h.timeout === "number" ? t / 1000 : t;
}

/** FoundHook records for a file's staso handlers. */
export function foundHooks(
  scope: Scope,
  file: string,
  handlers: FoundHandler[],
  o: { pre: (event: string) => boolean; seconds: (h: HookHandler) => number; commandKey?: string },
): FoundHook[] {
  return handlers.map((f) => ({
    scope,
    file,
    event: f.event,
    matcher: typeof f.groupValue.matcher === "string" ? f.groupValue.matcher : undefined,
    command: String(f.handlerValue[o.commandKey ?? "command"]),
    timeoutSeconds: o.seconds(f.handlerValue),
    pre: o.pre(f.event),
    group: f.group,
    index: f.handler,
    handler: f.handlerValue,
    groupValue: f.groupValue,
  }));
}

/** `bash -c` as most agents run hook commands (your $SHELL when it is bash, zsh or sh). */
export function bashShell(env: NodeJS.ProcessEnv): ReturnType<HostDoctor["shell"]> {
  const sh = env.SHELL && existsSync(env.SHELL) ? env.SHELL : undefined;
  const name = sh ? basename(sh) : "";
  const file = sh && ["bash", "zsh", "sh"].includes(name) ? sh : existsSync("/bin/bash") ? "/bin/bash" : "/bin/sh";
  return { file, args: (c) => ["-c", c] };
}

/** Parses a hook's stdout as one JSON object; a reason when it is not one. */
export function jsonAnswer(stdout: string): { value?: Record<string, unknown>; problem?: Omit<ProbeAnswer, "ms"> } {
  const text = stdout.trim();
  if (text === "") return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (isObject(v)) return { value: v };
  } catch {
    // below
  }
  return {
    problem: {
      ok: false,
      kind: "other",
      detail: `it printed something that is not a JSON object: ${text.slice(0, 200)}`,
    },
  };
}

/** A Claude Code-style answer: nothing is an allow, a PreToolUse deny with a reason is a deny. */
export function classifyHookSpecific(
  stdout: string,
  exitCode: number,
  o: { strictKeys?: boolean; agent: string },
): Omit<ProbeAnswer, "ms"> {
  if (exitCode !== 0) return { ok: false, kind: "other", detail: `it exited with code ${exitCode}` };
  const { value, problem } = jsonAnswer(stdout);
  if (problem) return problem;
  if (!value) return { ok: true, kind: "allow", detail: "" };
  const h = (isObject(value.hookSpecificOutput) ? value.hookSpecificOutput : {}) as Record<string, unknown>;
  if (h.permissionDecision !== "deny") return { ok: true, kind: "other", detail: stdout.trim().slice(0, 200) };
  const reason = typeof h.permissionDecisionReason === "string" ? h.permissionDecisionReason : "";
  if (!reason || h.hookEventName !== "PreToolUse")
    return { ok: false, kind: "deny", detail: `its deny lacks hookEventName or a reason, which ${o.agent} ignores` };
  if (o.strictKeys) {
    const extra = [
      ...Object.keys(value).filter((k) => k !== "hookSpecificOutput"),
      ...Object.keys(h).filter((k) => !["hookEventName", "permissionDecision", "permissionDecisionReason"].includes(k)),
    ];
    if (extra.length > 0)
      return { ok: false, kind: "deny", detail: `its deny carries keys ${o.agent} rejects (${extra.join(", ")})` };
  }
  return { ok: true, kind: "deny", detail: reason };
}

/**
 * The events setup subscribes for one agent (its file in hooks-templates/), each with what the user loses
 * without it; a template that cannot be read is a finding of its own.
 */
export function expectedEvents(
  template: string,
  purpose: (event: string) => string,
  checks: Check[],
): Array<{ event: string; purpose: string }> {
  try {
    return subscribedEvents(template).map((event) => ({ event, purpose: purpose(event) }));
  } catch (err) {
    checks.push({ id: "hook-template", ok: false, message: (err as Error).message, fix: "reinstall staso" });
    return [];
  }
}

/** What an event of staso's is for, so a missing one says what the user loses. */
export const EVENT_PURPOSE = {
  pre: "no tool call is checked before it runs",
  post: "tool outputs go unchecked and the session rules never learn which calls ran",
  failure:
    "the session rules never learn which calls failed (an identical retry of a call that failed for lack of permission is not stopped)",
};

/**
 * The hook command for a host that runs the call when the hook process exits 1 (a crash: Node cannot
 * load staso) but blocks on exit 2 with a reason on stderr: with the fail mode closed, any failure of
 * the process itself becomes that block. POSIX shells only (on Windows the host's PowerShell differs).
 */
export function failClosedCommand(command: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") return command;
  return `${command} || { echo "staso: the guard could not run (exit $?), so this call was blocked (fail mode closed). Ask the user to run: staso doctor" >&2; exit 2; }`;
}
