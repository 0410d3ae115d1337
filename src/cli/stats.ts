// `staso stats`: the audit trail summarised, as a small report with charts or as one JSON object.
import { queryRecords } from "../audit/query.js";
import { computeStats, renderStats } from "../audit/stats.js";
import { auditDir, stasoPaths } from "../paths.js";
import { hostShortName } from "../hosts/index.js";
import { filterFromOptions, quietOnClosedPipe, type FilterOptions } from "./logs.js";
import { paintFor } from "../util/terminal.js";
import { print } from "./output.js";
import { jsonForTerminal } from "../util/terminal-text.js";

export function statsCommand(opts: FilterOptions & { json?: boolean }): void {
  quietOnClosedPipe();
  const filter = filterFromOptions(opts);
  const { records, skipped } = queryRecords(auditDir(stasoPaths()), filter);
  const stats = computeStats(records, skipped);
  if (opts.json) {
    print(`${jsonForTerminal({ ...(filter.since ? { since: filter.since.toISOString() } : {}), ...stats })}\n`);
    return;
  }
  const p = paintFor(process.stdout);
  const width = process.stdout.isTTY ? (process.stdout.columns ?? 80) : 80;
  print(`${renderStats(stats, records, p, width, hostShortName).join("\n")}\n`);
}
