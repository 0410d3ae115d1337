// What the session memory holds: one event per hook call of a session (PreToolUse, PostToolUse,
// PostToolUseFailure), and the summary older events are folded into. Short keys: a session file is read
// by every hook process of the session, so its lines stay small.
import type { Action } from "../engine/types.js";
import type { RememberedFile } from "../analysis/shell/index.js";

export type EventKind = "pre" | "post" | "fail";

export interface StateEvent {
  /** 8 hex digits, unique per event: a line written twice (see store.ts) is read once. */
  id: string;
  /** Epoch milliseconds. */
  t: number;
  e: EventKind;
  /** The tool's name as the host sent it. */
  tool: string;
  /** The MCP server, for MCP tools. */
  srv?: string;
  /** Exact call signature (signature.ts). */
  sig: string;
  /** Near signature (numbers ignored); pre events. */
  near?: string;
  /** The host's tool use id: links a post or a failure to its pre. */
  u?: string;
  /** Pre: the action decided. */
  a?: Action;
  /** "<rule id>=<action>" for every stateful rule that fired on this event (warnings are given once). */
  w?: string[];
  /** This event proves the call ran: a post or a failure from an agent, or a library call let through. */
  ran?: 1;
  /** Post: bytes of output the model was given. */
  b?: number;
  /** Post/fail: how long the tool ran, when the host says (Claude Code's duration_ms). */
  d?: number;
  /** Fail: the error's class (errors.ts). */
  c?: string;
  /** Pre, not blocked: what the call wrote, downloaded, linked, moved or set (later calls are judged with it; an escalated one only once it ran). */
  fx?: RememberedFile[];
  /** Pre, the session's first: the folder the session started in (its project, wherever later calls `cd`). */
  cwd?: string;
}

/** What the events folded away by a compaction leave behind. Also the running totals of a read. */
export interface SessionSummary {
  /** Epoch ms of the first and the last event. */
  firstAt?: number;
  lastAt?: number;
  /** Pre events (calls asked for), and calls known to have run. */
  calls: number;
  ran: number;
  /** Active time: gaps between events, pauses over IDLE_GAP_MS left out unless a tool was running. */
  activeMs: number;
  /** Output bytes of every call that ran (PostToolUse). */
  outputBytes: number;
  /** Every "<rule id>=<action>" that a stateful rule left. */
  marks: string[];
  /** Per rule: the last escalation of it that a human approved (the call then ran). */
  acks: Record<string, { ran: number; t: number; near?: string }>;
  /** The folder the session started in (the first call's cwd). */
  startCwd?: string;
  /**
   * What the folded calls made (their fx, see StateEvent), the last MADE_MAX entries within MADE_TEXT
   * characters of text: a file written or a variable set long ago is still known when a later call uses it.
   */
  made?: RememberedFile[];
}

/** At most this many remembered entries outlive a compaction, with at most this much text between them. */
const MADE_MAX = 48;
const MADE_TEXT = 16 * 1024;

/** A pause longer than this between calls is the agent waiting (for the user), not working. */
export const IDLE_GAP_MS = 5 * 60_000;

export const emptySummary = (): SessionSummary => ({
  calls: 0,
  ran: 0,
  activeMs: 0,
  outputBytes: 0,
  marks: [],
  acks: {},
});

/**
 * Adds events (in time order) to a summary. Pending escalations are matched to their post within the
 * events given (a compaction keeps the recent ones raw, so a pair is almost never split).
 */
export function foldEvents(into: SessionSummary, events: StateEvent[]): SessionSummary {
  const fold = new SummaryFold(into);
  for (const ev of events) fold.add(ev);
  return fold.summary();
}

/**
 * foldEvents one event at a time, for a store that keeps a session in memory (a replay's): adding the
 * events in time order and reading the summary at any point gives what foldEvents gives for the same
 * events, without folding them all again.
 */
export class SummaryFold {
  private readonly s: SessionSummary;
  private readonly marks: Set<string>;
  private readonly pending = new Map<string, StateEvent>();
  private made: RememberedFile[];
  private madeText: number;
  /** The marks and acks as the last summary() handed them out, until they change. */
  private shared?: { marks: string[]; acks: SessionSummary["acks"]; made?: RememberedFile[] };

  constructor(into: SessionSummary) {
    this.s = { ...into, marks: [], acks: { ...into.acks } };
    this.marks = new Set(into.marks);
    this.made = Array.isArray(into.made) ? into.made.filter(isRememberedFile) : [];
    this.madeText = this.made.reduce((n, f) => n + (f.text?.length ?? 0), 0);
  }

  private addMade(fx: unknown): void {
    if (!Array.isArray(fx)) return;
    for (const f of fx) {
      if (!isRememberedFile(f) || (f.text?.length ?? 0) > MADE_TEXT) continue;
      this.made.push(f);
      this.madeText += f.text?.length ?? 0;
    }
    while (this.made.length > MADE_MAX || this.madeText > MADE_TEXT)
      this.madeText -= this.made.shift()!.text?.length ?? 0;
    this.shared = undefined;
  }

  add(ev: StateEvent): void {
    const s = this.s;
    if (s.lastAt !== undefined) {
      const gap = ev.t - s.lastAt;
      if (gap > 0 && (gap <= IDLE_GAP_MS || ev.e !== "pre")) s.activeMs += gap;
    }
    if (s.firstAt === undefined || ev.t < s.firstAt) s.firstAt = ev.t;
    if (s.lastAt === undefined || ev.t > s.lastAt) s.lastAt = ev.t;
    if (ev.e === "pre") s.calls++;
    if (ev.e === "pre" && ev.fx && (ev.a === "allow" || ev.a === "modify")) this.addMade(ev.fx);
    if (ev.cwd !== undefined && s.startCwd === undefined && typeof ev.cwd === "string") s.startCwd = ev.cwd;
    if (ev.ran) s.ran++;
    if (ev.b) s.outputBytes += ev.b;
    if (ev.w)
      for (const m of ev.w) {
        if (this.marks.has(m)) continue;
        this.marks.add(m);
        this.shared = undefined;
      }
    if (ev.e === "pre" && ev.a === "escalate" && ev.u && ev.w) this.pending.set(ev.u, ev);
    else if (ev.e !== "pre" && ev.u) {
      // The escalated call ran: a human approved it, for every stateful rule that asked.
      const esc = this.pending.get(ev.u);
      if (esc) {
        this.pending.delete(ev.u);
        for (const m of esc.w!) {
          if (m.endsWith("=escalate")) {
            s.acks[m.slice(0, -"=escalate".length)] = { ran: s.ran, t: ev.t, ...(esc.near ? { near: esc.near } : {}) };
            this.shared = undefined;
          }
        }
      }
    }
  }

  /** The summary so far: later events do not change it (its marks and acks are frozen copies). */
  summary(): SessionSummary {
    this.shared ??= {
      marks: Object.freeze([...this.marks]) as string[],
      acks: Object.freeze({ ...this.s.acks }),
      ...(this.made.length ? { made: Object.freeze([...this.made]) as RememberedFile[] } : {}),
    };
    return { ...this.s, ...this.shared };
  }
}

const optionalText = (v: unknown): boolean => v === undefined || typeof v === "string";

/** An entry as the session memory writes it: a forged or damaged one (wrong types) is not used. */
export function isRememberedFile(f: unknown): f is RememberedFile {
  if (!f || typeof f !== "object") return false;
  const r = f as Record<string, unknown>;
  return (
    typeof r.path === "string" &&
    optionalText(r.text) &&
    optionalText(r.url) &&
    optionalText(r.link) &&
    optionalText(r.was) &&
    optionalText(r.holds) &&
    (r.dir === undefined || typeof r.dir === "boolean")
  );
}
