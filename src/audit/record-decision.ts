// Records one decision in the audit trail. Never throws: a full disk or an unwritable dir costs one
// sentence on stderr, never the decision. Shipping the trail is the caller's (export/record-and-ship.ts).
import type { Decision } from "../engine/types.js";
import { auditDir, stasoPaths } from "../paths.js";
import { buildRecord, type RecordedCall } from "./record.js";
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from "./settings.js";
import { appendRecord } from "./store.js";

export type { RecordedCall } from "./record.js";

/** True when a record was written. */
export function recordDecision(
  call: RecordedCall,
  decision: Decision,
  latencyMs: number,
  settings: AuditSettings = DEFAULT_AUDIT_SETTINGS,
  warn: (m: string) => void = () => {},
  /** performance.now() by which the input must be masked (the hook's deadline): past it, a placeholder. */
  deadlineAt?: number,
): boolean {
  if (!settings.enabled) return false;
  // "non-allow" still keeps an allow a judge gave: a model was asked (and paid) for it.
  if (
    settings.record === "non-allow" &&
    decision.action === "allow" &&
    decision.verdicts.length === 0 &&
    !decision.judges?.length
  )
    return false;
  const paths = stasoPaths();
  const dir = auditDir(paths);
  try {
    appendRecord(dir, buildRecord(call, decision, latencyMs, new Date(), deadlineAt), {
      maxFileBytes: settings.maxFileBytes,
      retentionDays: settings.retentionDays,
    });
  } catch (err) {
    warn(
      `staso: the audit record could not be written to ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the decision was made anyway.`,
    );
    return false;
  }
  return true;
}
