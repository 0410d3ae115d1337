// The session store (store.ts) kept in memory, for a replay: every session of a recorded history read and
// appended to once per call, in one process. It answers reads exactly as the file store would after the
// same appends — the same summary, the same raw events, the same raw size, compacting at the same moments
// (it counts the bytes each line would take in the file) — without a file, so a replay of 100,000 calls
// neither parses each session's raw part again per call nor writes anything anywhere.
//
// It also keeps the fold of the session (SummaryFold) and the pairing of its calls (CallPairing) as the
// events come, so a read does not fold and pair the whole raw part again: events come in time order in a
// replay, and folding or pairing one event at a time gives what folding or pairing them all at once gives.
// Should an event come out of time order, a read leaves both to the caller until the next compaction.
import { emptySummary, foldEvents, SummaryFold, type SessionSummary, type StateEvent } from "./events.js";
import { CallPairing, type CallView } from "./session.js";
import { byTime, COMPACT_OVER_BYTES, keptFrom, type AppendOptions, type SessionData } from "./store.js";

interface Session {
  /** The summary in force (of the last compaction), as a reader of the file would get it. */
  summary: SessionSummary;
  /** The file offset of the first raw event (the last summary's K). */
  k: number;
  /** The raw events from K on, in file order, and their offsets. */
  events: StateEvent[];
  offsets: number[];
  /** The bytes the file would hold. */
  size: number;
  /** The raw events came in time order: the fold and the pairing below are theirs. */
  inOrder: boolean;
  fold: SummaryFold;
  pairing: CallPairing;
}

const lineBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value)) + 1;

/**
 * The event, frozen: the store takes it over (the pipeline builds a fresh one per call, with no undefined
 * fields, so it equals what a reader would parse back from its line).
 */
function frozen(event: StateEvent): StateEvent {
  if (event.w) Object.freeze(event.w);
  return Object.freeze(event);
}

const fresh = (summary: SessionSummary, k: number, size: number): Session => ({
  summary,
  k,
  events: [],
  offsets: [],
  size,
  inOrder: true,
  fold: new SummaryFold(summary),
  pairing: new CallPairing(),
});

export class MemorySessionStore {
  private sessions = new Map<string, Session>();

  /**
   * As readSession() of the session's file, with the fold of the session and the pairing of its calls.
   * What it hands out is the store's own (the events frozen): a reader reads it, and only until the next
   * append (a session view lives for one call).
   */
  read(sessionId: string): SessionData & { folded?: SessionSummary; calls?: CallView[] } {
    const s = this.sessions.get(sessionId);
    if (!s) return { summary: emptySummary(), events: [], rawBytes: 0 };
    if (!s.inOrder) return { summary: s.summary, events: byTime([...s.events]), rawBytes: s.size - s.k };
    return {
      summary: s.summary,
      events: s.events,
      rawBytes: s.size - s.k,
      folded: s.fold.summary(),
      calls: s.pairing.calls,
    };
  }

  /** As appendEvent() to the session's file: one line, then a compaction once the raw part is past the limit. */
  append(sessionId: string, event: StateEvent, opts: AppendOptions = {}): void {
    let s = this.sessions.get(sessionId);
    if (!s) {
      s = fresh(emptySummary(), 0, 0);
      this.sessions.set(sessionId, s);
    }
    // Frozen: reads hand out the same object.
    const ev = frozen(event);
    const sizeBefore = s.size;
    const len = Buffer.byteLength(JSON.stringify(event)) + 1;
    const last = s.events[s.events.length - 1];
    if (last && ev.t < last.t) s.inOrder = false;
    s.events.push(ev);
    s.offsets.push(sizeBefore);
    s.size += len;
    if (s.inOrder) {
      s.fold.add(ev);
      s.pairing.add(ev);
    }
    const raw = (opts.rawBytes ?? sizeBefore) + len;
    if (raw > (opts.compactOverBytes ?? COMPACT_OVER_BYTES)) this.compact(sessionId, s, opts.now ?? Date.now());
  }

  /** As compactSession(): the older raw events folded into a summary line appended at the end. */
  private compact(sessionId: string, s: Session, now: number): void {
    const from = keptFrom(s.events, now);
    if (from <= 0) return;
    const k = from < s.events.length ? s.offsets[from]! : s.size;
    const folded = foldEvents(s.summary, byTime(s.events.slice(0, from)));
    const size = s.size + lineBytes({ snap: 1, k, s: folded });
    // The summary as a reader parses it back from its line.
    const summary = { ...emptySummary(), ...(JSON.parse(JSON.stringify(folded)) as SessionSummary) };
    Object.freeze(summary.marks);
    Object.freeze(summary.acks);
    const next = fresh(Object.freeze(summary), k, size);
    const kept = s.events.slice(from);
    const keptAt = s.offsets.slice(from);
    for (let i = 0; i < kept.length; i++) {
      const ev = kept[i]!;
      const prev = next.events[next.events.length - 1];
      if (prev && ev.t < prev.t) next.inOrder = false;
      next.events.push(ev);
      next.offsets.push(keptAt[i]!);
      if (next.inOrder) {
        next.fold.add(ev);
        next.pairing.add(ev);
      }
    }
    this.sessions.set(sessionId, next);
  }
}
