// Which records a `staso logs` / `staso stats` call is about: time window, session, tool, action, rule,
// project. Pure functions over records; the commands parse the flags.
import { isAbsolute, resolve, sep } from "node:path";
import type { AuditRecord, RecordAction } from "./record.js";
import { listSegments, readRecords } from "./store.js";
import { parseDuration } from "../util/duration.js";

export interface RecordFilter {
  since?: Date;
  session?: string;
  tool?: string;
  action?: RecordAction;
  rule?: string;
  /** Absolute folder: records whose project or cwd is it or lies inside it. */
  project?: string;
}

/** "90s", "15m", "2h", "7d", "1w", "1h30m" ago (the grammar of util/duration.ts), or a date/time ("2025-06-01", "2025-06-01T12:00"). */
export function parseSince(text: string, now = new Date()): Date | undefined {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const seconds = parseDuration(t);
  return seconds === undefined ? undefined : new Date(now.getTime() - seconds * 1000);
}

export function resolveProject(dir: string, cwd = process.cwd()): string {
  const abs = isAbsolute(dir) ? resolve(dir) : resolve(cwd, dir);
  return abs.length > 1 && abs.endsWith(sep) ? abs.slice(0, -1) : abs;
}

const within = (path: string | undefined, dir: string) =>
  !!path && (path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep));

/** A rule filter matches the rule id, or a whole pack ("git" or "git/*" matches "git/force-push"). */
function ruleMatches(id: string, wanted: string): boolean {
  const w = wanted.replace(/\/?\*$/, "");
  return id === wanted || id === w || id.startsWith(`${w}/`);
}

export function matches(r: AuditRecord, f: RecordFilter): boolean {
  if (f.since && !(Date.parse(r.time) >= f.since.getTime())) return false;
  if (f.session && r.session !== f.session && !(r.session ?? "").startsWith(f.session)) return false;
  if (f.tool && r.tool.toLowerCase() !== f.tool.toLowerCase()) return false;
  if (f.action && r.action !== f.action) return false;
  if (
    f.rule &&
    !(r.rules ?? []).some((v) => ruleMatches(v.ruleId, f.rule!)) &&
    !(r.ruleId && ruleMatches(r.ruleId, f.rule)) &&
    !(r.judges ?? []).some((j) => ruleMatches(j.ruleId, f.rule!))
  )
    return false;
  if (f.project && !within(r.project, f.project) && !within(r.cwd, f.project)) return false;
  return true;
}

/** The matching records, oldest first; whole files of days before `since` are not read. */
export function queryRecords(dir: string, f: RecordFilter): { records: AuditRecord[]; skipped: number } {
  const sinceDay = f.since ? f.since.toISOString().slice(0, 10) : undefined;
  const { records, skipped } = readRecords(dir, sinceDay ? { sinceDay } : {});
  const out = records.filter((r) => matches(r, f));
  out.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return { records: out, skipped };
}

/** How many audit files there are and the days they span, for empty-result messages. */
export function describeStore(dir: string): { files: number; first?: string; last?: string } {
  const segs = listSegments(dir);
  return { files: segs.length, ...(segs.length ? { first: segs[0]!.day, last: segs[segs.length - 1]!.day } : {}) };
}
