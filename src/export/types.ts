// The one interface of the shipping side. The spool (spool.ts) cuts the audit trail into batches of
// records; an Exporter ships one batch and says whether it was taken. OTLP/HTTP is one Exporter
// (otlp.ts); a Staso server can be another, receiving the very same batches.
import type { AuditRecord } from "../audit/record.js";

export interface ExportBatch {
  /** Masked, capped audit records, oldest first, exactly as stored. */
  records: readonly AuditRecord[];
}

export type Ack =
  /** Taken: the batch is never sent again. `rejected` counts spans the receiver refused for good. */
  | { ok: true; accepted: number; rejected: number; message?: string }
  /** Not taken: retry later when `retryable`, else stop and report (nothing is skipped either way). */
  | { ok: false; retryable: boolean; message: string; status?: number; retryAfterMs?: number };

export interface Exporter {
  /** Where batches go, for messages (no credentials). */
  readonly describe: string;
  /** Never throws: every failure is a `{ ok: false }` Ack. */
  ship(batch: ExportBatch): Promise<Ack>;
}
