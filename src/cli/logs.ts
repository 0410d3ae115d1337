// `staso logs`: the audit trail, as a coloured table or JSON lines, optionally followed as it grows.
import { join } from "node:path";
import { parseRecordLines, listSegments, readLinesFrom } from "../audit/store.js";
import { RECORD_ACTIONS, type AuditRecord, type RecordAction } from "../audit/record.js";
import { describeStore, matches, parseSince, queryRecords, resolveProject, type RecordFilter } from "../audit/query.js";
import { followHeader, formatFollowLine, formatTable } from "../audit/table.js";
import { colorWanted, paint } from "../util/terminal.js";
import { hostShortName } from "../hosts/index.js";
import { auditDir, stasoPaths } from "../paths.js";
import { UsageError } from "./errors.js";
import { print, printError, printLines } from "./output.js";
import { jsonForTerminal } from "../util/terminal-text.js";

export interface FilterOptions {
  since?: string;
  session?: string;
  tool?: string;
  action?: string;
  rule?: string;
  project?: string;
}

export interface LogsOptions extends FilterOptions {
  json?: boolean;
  limit?: string;
  follow?: boolean;
}

/** The filter flags shared by `staso logs` and `staso stats`, checked. */
export function filterFromOptions(opts: FilterOptions, now = new Date()): RecordFilter {
  const f: RecordFilter = {};
  if (opts.since !== undefined) {
    const since = parseSince(opts.since, now);
    if (!since)
      throw new UsageError(
        `--since must be a duration like 30m, 2h, 7d or 1w, or a date like 2025-06-01, not ${jsonForTerminal(opts.since)}.`,
      );
    f.since = since;
  }
  if (opts.action !== undefined) {
    if (!RECORD_ACTIONS.includes(opts.action as RecordAction))
      throw new UsageError(
        `--action must be one of ${RECORD_ACTIONS.join(", ")}, not ${jsonForTerminal(opts.action)}.`,
      );
    f.action = opts.action as RecordAction;
  }
  if (opts.session) f.session = opts.session;
  if (opts.tool) f.tool = opts.tool;
  if (opts.rule) f.rule = opts.rule;
  if (opts.project) f.project = resolveProject(opts.project);
  return f;
}

function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit must be a whole number above 0, not ${jsonForTerminal(raw)}.`);
  return limit;
}

const write = (s: string) => print(s);

/** `staso logs | head`: a reader that stops early ends the command quietly. */
export function quietOnClosedPipe(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
}

export async function logsCommand(opts: LogsOptions): Promise<void> {
  quietOnClosedPipe();
  const filter = filterFromOptions(opts);
  const limit = parseLimit(opts.limit) ?? (opts.follow ? 20 : undefined);
  const dir = auditDir(stasoPaths());
  const color = !opts.json && colorWanted(process.stdout);
  const p = paint(color);
  const width = process.stdout.isTTY ? process.stdout.columns : undefined;
  const table = { paint: p, agentLabel: hostShortName, ...(width ? { width } : {}) };

  if (opts.follow) return follow(dir, filter, limit, opts.json === true, table);

  const { records: all, skipped } = queryRecords(dir, filter);
  const records = limit !== undefined ? all.slice(-limit) : all;
  if (skipped && !opts.json)
    printError(`staso: ${skipped} unreadable line${skipped === 1 ? "" : "s"} in the audit trail skipped.\n`);
  if (opts.json) {
    for (const r of records) write(`${jsonForTerminal(r)}\n`);
    return;
  }
  if (records.length === 0) {
    const store = describeStore(dir);
    write(
      store.files === 0
        ? `No guard decisions recorded yet (${dir}).\n`
        : `No guard decisions match (the audit trail runs from ${store.first} to ${store.last}).\n`,
    );
    return;
  }
  printLines(formatTable(records, table));
}

/** Prints what matches so far, then every new matching record as it is written, until interrupted. */
async function follow(
  dir: string,
  filter: RecordFilter,
  limit: number | undefined,
  json: boolean,
  table: Parameters<typeof formatTable>[1],
): Promise<void> {
  const offsets = new Map<string, number>();
  const sinceDay = filter.since?.toISOString().slice(0, 10);
  const readNew = (): AuditRecord[] => {
    const out: AuditRecord[] = [];
    for (const seg of listSegments(dir)) {
      const at = offsets.get(seg.name) ?? 0;
      if (sinceDay && seg.day < sinceDay && !offsets.has(seg.name)) {
        offsets.set(seg.name, Number.MAX_SAFE_INTEGER); // older than the window: never read
        continue;
      }
      const { data, end } = readLinesFrom(join(dir, seg.name), at);
      offsets.set(seg.name, end);
      if (data.length)
        for (const r of parseRecordLines(data.toString("utf8")).records) if (matches(r, filter)) out.push(r);
    }
    return out.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  };
  const show = (records: AuditRecord[]) => {
    for (const r of records) write(`${json ? jsonForTerminal(r) : formatFollowLine(r, table)}\n`);
  };

  const first = readNew();
  if (!json) write(`${followHeader(table)}\n`);
  show(limit !== undefined ? first.slice(-limit) : first);
  if (!json) printError(`${table.paint.dim(`staso: following ${dir} (Ctrl-C to stop)`)}\n`);

  await new Promise<void>((resolveDone) => {
    const timer = setInterval(() => {
      try {
        show(readNew());
      } catch {
        // the dir may vanish and come back; keep following
      }
    }, 250);
    const stop = () => {
      clearInterval(timer);
      resolveDone();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    process.stdout.once("error", stop); // the reader went away (a closed pipe)
  });
}
