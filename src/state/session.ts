// The session memory as the pipeline and the stateful rules use it:
//   - rules read it with sessionOf(call): the session's summary, its recent events and calls (each pre
//     event with the post or failure that followed it), and the call's own signatures. Read once per call.
//   - the pipeline (pipeline/decide.ts) adds the call with rememberCall(call, decision, rules) once it is
//     decided, when a stateful rule is in force and the host gave a session id.
// Simulations (`staso check`, `staso test`, `staso explain`) run rules without the pipeline: they may
// read a session, never add to one. A replay (`staso replay`) binds its calls to a store of its own in
// memory and to the time each call was recorded (bindSessionStore), so it reads and adds to that only.
import type { ActiveRule, RuleMeta } from "../engine/rule.js";
import type { Decision, ToolCall } from "../engine/types.js";
import { mcpViews } from "../engine/mcp-views.js";
import {
  analyzeShell,
  rememberedWrites,
  userHome,
  shellOf,
  useFileMemory,
  useSessionStart,
  type RememberedFile,
} from "../analysis/shell/index.js";
import { stasoPaths } from "../paths.js";
import { maskText } from "../audit/mask.js";
import { classifyError } from "./errors.js";
import {
  foldEvents,
  IDLE_GAP_MS,
  isRememberedFile,
  type EventKind,
  type SessionSummary,
  type StateEvent,
} from "./events.js";
import { callSignatures, type Signatures } from "./signature.js";
import { appendEvent, readSession, sessionFile, type AppendOptions, type SessionData } from "./store.js";
export type { StateEvent } from "./events.js";

// ------------------------------------------------------------------------------------ stateful rules

const statefulMetas = new WeakSet<RuleMeta>();
const statefulIds = new Set<string>();

/** Marks a rule as reading the session memory: the pipeline records calls while one is in force. */
export function stateful<R extends { meta: RuleMeta }>(rule: R): R {
  statefulMetas.add(rule.meta);
  statefulIds.add(rule.meta.id);
  return rule;
}

const usesSessionState = (rules: ActiveRule[]): boolean => rules.some((r) => statefulMetas.has(r.rule.meta));

/** Whether the rule with this id reads the session memory (a replay says so of the changes it makes). */
export const isStatefulRule = (id: string): boolean => statefulIds.has(id);

// ------------------------------------------------------------------------------------ reading

/** A pre event of the session, with what followed it. */
export interface CallView {
  ev: StateEvent;
  /** The call ran (its post or failure arrived, or the library let it through). */
  ran: boolean;
  /** Its PostToolUse or PostToolUseFailure. */
  result?: StateEvent;
}

export interface SessionView {
  id: string;
  /** Epoch ms when the view was read: rules measure from here. */
  now: number;
  /** Every event of the session folded (the compacted past and the raw recent events). */
  summary: SessionSummary;
  /** The recent events, oldest first (at least the last 10 minutes, see store.ts). */
  events: StateEvent[];
  /** The pre events among them, oldest first, with their outcome. */
  calls: CallView[];
  /** The signatures of the call being decided, as the agent sent it (before any rewrite). */
  signatures: Signatures;
  /** Size of the file's raw part when read (decides when the next append compacts). */
  rawBytes: number;
  /** Lines and entries of the memory that are not staso's (changed by hand or by the agent): ignored. */
  broken: number;
  /** What the calls folded away by compactions made (the stored summary's, not the raw events'). */
  carried: RememberedFile[];
}

/** The input as the agent sent it: rules may see a call rewritten by earlier rules. */
function originalInput(call: ToolCall): unknown {
  const raw = call.raw as { tool_input?: unknown } | null | undefined;
  return raw && typeof raw === "object" && raw.tool_input && typeof raw.tool_input === "object"
    ? raw.tool_input
    : call.input;
}

const signatureMemo = new WeakMap<object, Signatures>();

function signaturesOf(call: ToolCall): Signatures {
  const key = call.raw && typeof call.raw === "object" ? (call.raw as object) : undefined;
  const memo = key && signatureMemo.get(key);
  if (memo) return memo;
  const sigs = callSignatures(call.tool, originalInput(call));
  if (key) signatureMemo.set(key, sigs);
  return sigs;
}

/** Pairs each pre event with its post or failure: by tool use id, else the latest open pre of the same signature. */
export function callsOf(events: StateEvent[]): CallView[] {
  const pairing = new CallPairing();
  for (const ev of events) pairing.add(ev);
  return pairing.calls;
}

/** callsOf one event at a time (events in time order), for a session kept in memory (memory-store.ts). */
export class CallPairing {
  readonly calls: CallView[] = [];
  private readonly byUse = new Map<string, CallView>();

  add(ev: StateEvent): void {
    const calls = this.calls;
    if (ev.e === "pre") {
      const c: CallView = { ev, ran: ev.ran === 1 };
      calls.push(c);
      if (ev.u) this.byUse.set(ev.u, c);
      return;
    }
    let c = ev.u ? this.byUse.get(ev.u) : undefined;
    if (!c) {
      for (let i = calls.length - 1; i >= 0; i--) {
        const x = calls[i]!;
        if (!x.result && x.ev.sig === ev.sig && (!ev.u || !x.ev.u)) {
          c = x;
          break;
        }
      }
    }
    if (c && !c.result) {
      c.result = ev;
      c.ran = true;
    }
  }
}

const views = new WeakMap<object, SessionView | null>();

/**
 * A session memory other than the user's files (a replay's: memory-store.ts), read and added to by session
 * id. A read may bring the fold and the pairing of its events along, kept as the events came.
 */
interface SessionBackend {
  read(sessionId: string): SessionData & { folded?: SessionSummary; calls?: CallView[] };
  append(sessionId: string, event: StateEvent, opts: AppendOptions): void;
}

/** Where a call's session memory lives, and the time the call is decided at. */
export interface SessionStore {
  backend: SessionBackend;
  /** Epoch ms. */
  now: number;
}

const boundStores = new WeakMap<object, SessionStore>();

/**
 * Binds a call (by its payload) to another store than the user's, at another time than now: a replay
 * decides recorded calls against its own store, each at the time it was recorded.
 */
export function bindSessionStore(call: ToolCall, store: SessionStore): void {
  if (call.raw && typeof call.raw === "object") boundStores.set(call.raw, store);
}

const boundStore = (call: ToolCall): SessionStore | undefined =>
  call.raw && typeof call.raw === "object" ? boundStores.get(call.raw) : undefined;

function dataDir(): string {
  return stasoPaths(process.env).dataDir;
}

/**
 * The memory of the call's session, or undefined when the host gave no session id (or it cannot be
 * read: a stateful rule then has nothing to say). Read once per call.
 */
export function sessionOf(call: ToolCall): SessionView | undefined {
  const id = call.session.id;
  if (!id) return undefined;
  const key = call.raw && typeof call.raw === "object" ? (call.raw as object) : undefined;
  if (key && views.has(key)) return views.get(key) ?? undefined;
  let view: SessionView | null = null;
  try {
    const bound = boundStore(call);
    const data: ReturnType<SessionBackend["read"]> = bound
      ? bound.backend.read(id)
      : readSession(sessionFile(dataDir(), id));
    view = {
      id,
      now: bound?.now ?? Date.now(),
      summary: data.folded ?? foldEvents(data.summary, data.events),
      events: data.events,
      calls: data.calls ?? callsOf(data.events),
      signatures: signaturesOf(call),
      rawBytes: data.rawBytes,
      broken: data.broken ?? 0,
      carried: Array.isArray(data.summary.made) ? data.summary.made : [],
    };
  } catch {
    view = null;
  }
  if (key) views.set(key, view);
  return view ?? undefined;
}

/** Active time of the session up to `now`: the current gap counts when short, or while a tool runs. */
export function activeMsAt(view: SessionView, event: ToolCall["event"]): number {
  const last = view.summary.lastAt;
  if (last === undefined) return 0;
  const gap = Math.max(0, view.now - last);
  return view.summary.activeMs + (gap <= IDLE_GAP_MS || event !== "pre" ? gap : 0);
}

/** Output bytes of a post event's call, as the model gets them. */
export function outputBytesOf(call: ToolCall): number {
  const text = call.outputText;
  return text ? Buffer.byteLength(text) : 0;
}

// ------------------------------------------------------------------------------------ recording

export interface RememberOptions {
  /**
   * The caller runs the call itself once allowed and may never report back (the library): an allowed or
   * modified call counts as run when decided, and its later post does not count it again.
   */
  ranWhenAllowed?: boolean;
  warn?: (message: string) => void;
  now?: number;
  /** A post event's output size, when the call does not carry the output itself (a replay's). */
  outputBytes?: number;
  /** Told, in one sentence, when the memory holds lines or entries that are not staso's. */
  warnBroken?: (message: string) => void;
}

const KIND: Record<ToolCall["event"], EventKind> = { pre: "pre", post: "post", "post-failure": "fail" };

const randomId = (): string =>
  Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, "0");

/** The files a call writes, downloads or links, as later calls of the session will look them up. */
function filesOf(call: ToolCall): RememberedFile[] {
  try {
    if (call.kind === "shell") return shellOf(call)?.files ?? [];
    if (call.kind === "write" || call.kind === "edit" || call.kind === "patch") return rememberedWrites(call.files);
    // An MCP file server's write_file/edit_file: the same file a later `bash f` runs.
    // An MCP tool judged as a shell command (a move_file is judged as mv): what that command leaves.
    if (call.kind === "mcp")
      return mcpViews(call).flatMap((v) =>
        v.kind === "write" || v.kind === "edit"
          ? rememberedWrites(v.files)
          : v.kind === "shell" && v.shell
            ? analyzeShell(v.shell.command, { cwd: call.session.cwd, home: userHome() }).files
            : [],
      );
  } catch {
    // What cannot be worked out is not remembered; the decision stands.
  }
  return [];
}

/** What the session's earlier (allowed) calls made, for the shell analysis of the call being decided. */
useFileMemory((call) => {
  if (!call.session.id) return undefined;
  const view = sessionOf(call);
  if (!view) return undefined;
  const out: RememberedFile[] = view.carried.filter(isRememberedFile);
  for (const { ev, ran } of view.calls) {
    if (ev.fx === undefined || !(ev.a === "allow" || ev.a === "modify" || (ev.a === "escalate" && ran))) continue;
    if (!Array.isArray(ev.fx)) {
      view.broken++;
      continue;
    }
    for (const f of ev.fx) {
      if (isRememberedFile(f)) out.push(f);
      else view.broken++;
    }
  }
  return out;
});

/** The folder the call's session started in, when its memory knows it (a Claude Code call may have `cd`ed since). */
useSessionStart((call) => (call.session.id ? sessionOf(call)?.summary.startCwd : undefined));

/** The event a decided call leaves in its session's memory. */
function eventOf(call: ToolCall, decision: Decision, opts: RememberOptions = {}, view?: SessionView): StateEvent {
  const e = KIND[call.event];
  const sigs = signaturesOf(call);
  const raw = (call.raw && typeof call.raw === "object" ? call.raw : {}) as Record<string, unknown>;
  const marks = decision.verdicts.filter((v) => statefulIds.has(v.ruleId)).map((v) => `${v.ruleId}=${v.action}`);
  const ev: StateEvent = { id: randomId(), t: opts.now ?? Date.now(), e, tool: call.tool, sig: sigs.exact };
  if (call.mcp) ev.srv = call.mcp.server;
  if (call.toolUseId) ev.u = call.toolUseId;
  if (marks.length) ev.w = [...new Set(marks)];
  if (e === "pre") {
    ev.near = sigs.near;
    // The session's first call says where it started: later calls' project, wherever they `cd`.
    if (view && view.summary.startCwd === undefined && view.summary.calls === 0 && call.session.cwd)
      ev.cwd = call.session.cwd;
    ev.a = decision.action;
    // An escalated call's too: a human may approve it, and then it ran (the reader checks that it did).
    if (decision.action !== "block") {
      // What a later call's analysis needs of the files is their commands, never a secret in them: the
      // session memory is masked as the audit trail is (a written key would otherwise sit there in clear).
      const fx = filesOf(call).map((f) => ({
        ...f,
        ...(f.text !== undefined ? { text: maskText(f.text) } : {}),
        ...(f.url !== undefined ? { url: maskText(f.url) } : {}),
      }));
      if (fx.length) ev.fx = fx;
    }
    if (opts.ranWhenAllowed && (decision.action === "allow" || decision.action === "modify")) ev.ran = 1;
  } else {
    if (!opts.ranWhenAllowed) ev.ran = 1;
    if (typeof raw.duration_ms === "number" && raw.duration_ms >= 0) ev.d = Math.round(raw.duration_ms);
    if (e === "post") {
      const b = opts.outputBytes ?? outputBytesOf(call);
      if (b) ev.b = b;
    } else ev.c = classifyError(call.error, raw.is_interrupt === true);
  }
  return ev;
}

/**
 * Adds the decided call to its session's memory, when a stateful rule is in force and the host gave a
 * session id. Never throws: a memory that cannot be written costs one sentence, never the decision.
 */
export function rememberCall(
  call: ToolCall,
  decision: Decision,
  rules: ActiveRule[],
  opts: RememberOptions = {},
): void {
  const id = call.session.id;
  if (!id || !usesSessionState(rules)) return;
  let file = "";
  const bound = boundStore(call);
  const now = opts.now ?? bound?.now;
  try {
    // Read already for the rules in most calls (memoised): its size decides whether this append compacts.
    const view = sessionOf(call);
    if (view?.broken && !bound)
      opts.warnBroken?.(
        `staso: the session memory ${sessionFile(dataDir(), id)} holds ${view.broken} line(s) or entries that staso did not write (changed by hand or by the agent); they were ignored.`,
      );
    const ev = eventOf(call, decision, { ...opts, ...(now !== undefined ? { now } : {}) }, view);
    const append = { ...(now !== undefined ? { now } : {}), ...(view ? { rawBytes: view.rawBytes } : {}) };
    if (bound) bound.backend.append(id, ev, append);
    else {
      file = sessionFile(dataDir(), id);
      appendEvent(file, ev, append);
    }
  } catch (err) {
    opts.warn?.(
      `staso: the session memory could not be written to ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the decision was made anyway.`,
    );
  }
}

/**
 * Records that a call ran although its decision said escalate: a human approved it while the caller
 * waited (the library's waitForEscalation). Counts as the run, and as the approval of the stateful
 * rules that escalated it.
 */
export function rememberRun(call: ToolCall, opts: Pick<RememberOptions, "warn" | "now"> = {}): void {
  const id = call.session.id;
  if (!id) return;
  let file = "";
  try {
    file = sessionFile(dataDir(), id);
    const ev: StateEvent = {
      id: randomId(),
      t: opts.now ?? Date.now(),
      e: "post",
      tool: call.tool,
      sig: signaturesOf(call).exact,
      ran: 1,
    };
    if (call.toolUseId) ev.u = call.toolUseId;
    if (call.mcp) ev.srv = call.mcp.server;
    const view = sessionOf(call);
    appendEvent(file, ev, {
      ...(opts.now !== undefined ? { now: opts.now } : {}),
      ...(view ? { rawBytes: view.rawBytes } : {}),
    });
  } catch (err) {
    opts.warn?.(
      `staso: the session memory could not be written to ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
    );
  }
}
