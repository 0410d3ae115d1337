// The two ways an export runs: `staso export` in the foreground, and the detached background flush the
// hook starts (`staso export --background`), which ships, lingers a moment for the records of a burst
// of tool calls, ships those too, and exits.
import { auditDir, stasoPaths } from "../paths.js";
import { loadPolicy } from "../policy/load.js";
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from "../audit/settings.js";
import { otlpTarget, type OtlpTarget } from "./config.js";
import { flush, hasPending, recordOutcome, sleep, type FlushOptions, type FlushResult } from "./flush.js";
import { OtlpHttpExporter } from "./otlp.js";
import { LOCK_HEARTBEAT_MS, exportDirOf, readLock, startingFile, tryLock, unlinkQuiet, type Lock } from "./state.js";
import type { Exporter } from "./types.js";

export interface ExportContext {
  auditDir: string;
  exportDir: string;
  settings: AuditSettings;
  target?: OtlpTarget;
  /** The config could not be read: the defaults (and the environment) apply. */
  policyProblem?: string;
  /** First retry delay in ms (STASO_EXPORT_RETRY_MS, default 500); runs back off from 10× it. */
  retryBaseMs: number;
}

export function exportContext(env: NodeJS.ProcessEnv = process.env): ExportContext {
  const paths = stasoPaths(env);
  let settings = DEFAULT_AUDIT_SETTINGS;
  let policyProblem: string | undefined;
  try {
    settings = loadPolicy(env).audit;
  } catch (err) {
    policyProblem = (err as Error).message;
  }
  const retry = Number(env.STASO_EXPORT_RETRY_MS);
  const target = otlpTarget(settings.export, env);
  return {
    auditDir: auditDir(paths),
    exportDir: exportDirOf(paths.dataDir),
    settings,
    ...(target ? { target } : {}),
    ...(policyProblem ? { policyProblem } : {}),
    retryBaseMs: Number.isFinite(retry) && retry > 0 ? retry : 500,
  };
}

function withHeartbeat(lock: Lock): { lost: () => boolean; stop: () => void } {
  let lost = false;
  const timer = setInterval(() => {
    if (!lock.refresh()) lost = true;
  }, LOCK_HEARTBEAT_MS);
  return {
    lost: () => {
      if (!lost && !lock.owned()) lost = true;
      return lost;
    },
    stop: () => clearInterval(timer),
  };
}

export type ForegroundOutcome = FlushResult | { busy: { pid: number } };

/** `staso export`: waits up to `waitMs` for a running export to finish, then ships everything pending. */
export async function exportNow(
  ctx: ExportContext,
  exporter: Exporter,
  opts: Partial<FlushOptions> & { waitMs?: number } = {},
): Promise<ForegroundOutcome> {
  let lock = tryLock(ctx.exportDir);
  const until = Date.now() + (opts.waitMs ?? 15_000);
  while (!lock && Date.now() < until) {
    await sleep(200);
    lock = tryLock(ctx.exportDir);
  }
  if (!lock) return { busy: { pid: readLock(ctx.exportDir)?.pid ?? 0 } };
  const hb = withHeartbeat(lock);
  try {
    const result = await flush({
      auditDir: ctx.auditDir,
      exportDir: ctx.exportDir,
      exporter,
      baseDelayMs: ctx.retryBaseMs,
      shouldStop: hb.lost,
      ...opts,
    });
    recordOutcome(ctx.exportDir, result, new Date(), ctx.retryBaseMs * 10);
    return result;
  } finally {
    hb.stop();
    lock.release();
  }
}

export interface BackgroundOptions {
  /** How long to wait for more records after the spool runs dry (default 1500 ms). */
  lingerMs?: number;
  pollMs?: number;
  exporter?: Exporter;
}

/** The detached flush: silent, at most one at a time, gives up (and backs off between runs) on failure. */
export async function exportInBackground(ctx: ExportContext, opts: BackgroundOptions = {}): Promise<void> {
  if (!ctx.target || ctx.target.problem) return void unlinkQuiet(startingFile(ctx.exportDir));
  const exporter = opts.exporter ?? new OtlpHttpExporter(ctx.target);
  const linger = opts.lingerMs ?? 1500;
  const poll = opts.pollMs ?? 200;
  // A record written just before the lock is released is found by the check after it: run again then.
  for (let cycle = 0; cycle < 20; cycle++) {
    const lock = tryLock(ctx.exportDir);
    if (cycle === 0) unlinkQuiet(startingFile(ctx.exportDir)); // the hook that started us may start another from now on
    if (!lock) return;
    const hb = withHeartbeat(lock);
    let failed = false;
    try {
      let idleSince = Date.now();
      while (!hb.lost()) {
        if (hasPending(ctx.auditDir, ctx.exportDir)) {
          const result = await flush({
            auditDir: ctx.auditDir,
            exportDir: ctx.exportDir,
            exporter,
            attempts: 4,
            baseDelayMs: ctx.retryBaseMs,
            maxDelayMs: ctx.retryBaseMs * 8,
            shouldStop: hb.lost,
          });
          recordOutcome(ctx.exportDir, result, new Date(), ctx.retryBaseMs * 10);
          if (result.error) {
            failed = true;
            break;
          }
          if (result.shipped > 0 || result.rejected > 0 || result.skipped > 0) {
            idleSince = Date.now();
            continue;
          }
        }
        if (Date.now() - idleSince >= linger) break;
        await sleep(poll);
      }
    } finally {
      hb.stop();
      lock.release();
    }
    if (failed || !hasPending(ctx.auditDir, ctx.exportDir)) return;
  }
}
