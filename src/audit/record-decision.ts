// Records one decision in the audit trail, then starts a background export when one is due. Never
// throws: a full disk or an unwritable dir costs one sentence on stderr, never the decision.
import type { Decision, ToolCall } from "../engine/types.js";
import { startBackgroundExport } from "../export/trigger.js";
import { auditDir, stasoPaths } from "../paths.js";
import { buildRecord } from "./record.js";
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from "./settings.js";
import { appendRecord } from "./store.js";

export type RecordedCall = Pick<ToolCall, "host" | "event" | "tool" | "session" | "toolUseId" | "input">;

export function recordDecision(
  call: RecordedCall,
  decision: Decision,
  latencyMs: number,
  settings: AuditSettings = DEFAULT_AUDIT_SETTINGS,
  warn: (m: string) => void = () => {},
): void {
  if (!settings.enabled) return;
  if (settings.record === "non-allow" && decision.action === "allow" && decision.verdicts.length === 0) return;
  const paths = stasoPaths();
  const dir = auditDir(paths);
  try {
    appendRecord(dir, buildRecord(call, decision, latencyMs), {
      maxFileBytes: settings.maxFileBytes,
      retentionDays: settings.retentionDays,
    });
  } catch (err) {
    warn(
      `staso: the audit record could not be written to ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the decision was made anyway.`,
    );
    return;
  }
  try {
    startBackgroundExport(paths.dataDir, settings.export);
  } catch {
    // the export catches up on the next call or with `staso export`
  }
}
