// `staso logs`: the audit trail, as a table or JSON lines.
import { readRecords } from "../audit/store.js";
import type { AuditRecord } from "../audit/record.js";
import { auditDir, stasoPaths } from "../paths.js";
import { UsageError } from "./errors.js";

const ACTIONS = ["allow", "block", "modify", "escalate", "audit"];

export function logsCommand(opts: { json?: boolean; action?: string; limit?: string }): void {
  if (opts.action && !ACTIONS.includes(opts.action)) throw new UsageError(`--action must be one of ${ACTIONS.join(", ")}, not ${JSON.stringify(opts.action)}.`);
  const limit = opts.limit === undefined ? undefined : Number(opts.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit must be a whole number above 0, not ${JSON.stringify(opts.limit)}.`);
  let { records } = readRecords(auditDir(stasoPaths()));
  records.sort((a, b) => a.time.localeCompare(b.time));
  if (opts.action) records = records.filter((r) => r.action === opts.action);
  if (limit !== undefined) records = records.slice(-limit);
  if (opts.json) {
    for (const r of records) process.stdout.write(JSON.stringify(r) + "\n");
    return;
  }
  if (records.length === 0) {
    process.stdout.write("No guard decisions recorded yet.\n");
    return;
  }
  for (const r of records) process.stdout.write(formatRecord(r) + "\n");
}

export function formatRecord(r: AuditRecord): string {
  const rules = r.rules.map((v) => `${v.ruleId}${v.mode === "audit" ? " (audit)" : ""}`).join(", ");
  return [r.time.replace("T", " ").slice(0, 19), r.host.padEnd(11), r.action.padEnd(8), r.tool.padEnd(12), rules || "-", r.reason ? `— ${r.reason}` : ""]
    .join("  ")
    .trimEnd();
}
