// After a decision: one audit record, then a background export of the trail when one is due (never on
// the hook's path: the export runs in a detached process). The hook, the library and `staso escalations`
// record through this, so every writer of the trail also keeps its export moving.
import type { Decision } from "../engine/types.js";
import { type RecordedCall, recordDecision } from "../audit/record-decision.js";
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from "../audit/settings.js";
import { stasoPaths } from "../paths.js";
import { startBackgroundExport } from "./trigger.js";

export function recordAndShip(
  call: RecordedCall,
  decision: Decision,
  latencyMs: number,
  settings: AuditSettings = DEFAULT_AUDIT_SETTINGS,
  warn: (m: string) => void = () => {},
  /** performance.now() by which the input must be masked (the hook's deadline): past it, a placeholder. */
  deadlineAt?: number,
): void {
  if (!recordDecision(call, decision, latencyMs, settings, warn, deadlineAt)) return;
  try {
    startBackgroundExport(stasoPaths().dataDir, settings.export);
  } catch {
    // the export catches up on the next call or with `staso export`
  }
}
