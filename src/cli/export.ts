// `staso export`: ship the audit trail's pending records as OpenTelemetry spans (OTLP/HTTP) now, or say
// where export stands. The hook starts the same export in the background (`--background`).
import { describeTarget } from "../export/config.js";
import { exportContext, exportInBackground, exportNow } from "../export/run.js";
import { refreshTeamPolicy } from "../export/team-policy.js";
import { OtlpHttpExporter, toOtlpRequest } from "../export/otlp.js";
import { loadCursor, loadState, readLock, LOCK_FRESH_MS } from "../export/state.js";
import { nextBatch, pending } from "../export/spool.js";
import { userConfigFile, stasoPaths } from "../paths.js";
import { UsageError } from "./errors.js";
import { print, printError } from "./output.js";

export interface ExportOptions {
  status?: boolean;
  json?: boolean;
  dryRun?: boolean;
  background?: boolean;
  wait?: string;
}

const out = (s: string) => print(s);

export async function exportCommand(opts: ExportOptions): Promise<void> {
  // The team policy first: its conditional request is cheap, and a new version matters more than spans.
  if (!opts.status && !opts.dryRun) await refreshTeamPolicy(process.env, { force: !opts.background });
  const ctx = exportContext();
  if (opts.background) return exportInBackground(ctx);

  if (opts.status) {
    const cursor = loadCursor(ctx.exportDir);
    const left = pending(ctx.auditDir, cursor, true);
    const state = loadState(ctx.exportDir);
    const lock = readLock(ctx.exportDir);
    const running = lock && lock.ageMs < LOCK_FRESH_MS ? lock.pid : undefined;
    const status = {
      endpoint: ctx.target
        ? {
            url: ctx.target.url,
            source: ctx.target.source,
            headers: Object.keys(ctx.target.headers),
            ...(ctx.target.problem ? { problem: ctx.target.problem } : {}),
          }
        : null,
      enabled: ctx.settings.export.enabled,
      pendingRecords: left.records,
      shipped: state.shipped,
      failures: state.failures,
      ...(state.lastSuccessAt ? { lastSuccessAt: state.lastSuccessAt } : {}),
      ...(state.lastError ? { lastError: state.lastError, lastErrorAt: state.lastErrorAt } : {}),
      ...(state.nextAttemptAt ? { nextAttemptAt: state.nextAttemptAt } : {}),
      ...(running ? { runningPid: running } : {}),
    };
    if (opts.json) return void out(`${JSON.stringify(status)}\n`);
    out(
      `Endpoint:  ${ctx.target ? describeTarget(ctx.target) : ctx.settings.export.enabled ? "none configured" : "export switched off (audit.export.enabled is false)"}\n`,
    );
    if (ctx.target?.problem) out(`Problem:   ${ctx.target.problem}\n`);
    out(`Pending:   ${left.records} record${left.records === 1 ? "" : "s"}\n`);
    out(
      `Shipped:   ${state.shipped} span${state.shipped === 1 ? "" : "s"}${state.lastSuccessAt ? ` (last ${state.lastSuccessAt})` : ""}\n`,
    );
    if (state.lastError)
      out(
        `Last error: ${state.lastError} (${state.lastErrorAt}; ${state.failures} failed run${state.failures === 1 ? "" : "s"} in a row)\n`,
      );
    if (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > Date.now())
      out(`Next background try: ${state.nextAttemptAt}\n`);
    if (running) out(`Running:   an export is running now (pid ${running})\n`);
    return;
  }

  if (!ctx.target) {
    throw new UsageError(
      ctx.settings.export.enabled
        ? `no OTLP endpoint is configured: set OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), or audit.export.endpoint in ${userConfigFile(stasoPaths())}.`
        : `export is switched off (audit.export.enabled is false in ${userConfigFile(stasoPaths())}).`,
    );
  }
  if (ctx.target.problem) throw new UsageError(`${ctx.target.problem}.`);

  if (opts.dryRun) {
    const batch = nextBatch(ctx.auditDir, loadCursor(ctx.exportDir));
    out(`${JSON.stringify(toOtlpRequest(batch.records), null, opts.json ? undefined : 2)}\n`);
    return;
  }

  const waitMs = opts.wait === undefined ? 15_000 : Number(opts.wait) * 1000;
  if (!Number.isFinite(waitMs) || waitMs < 0)
    throw new UsageError(`--wait must be a number of seconds, not ${JSON.stringify(opts.wait)}.`);
  const exporter = new OtlpHttpExporter(ctx.target);
  const result = await exportNow(ctx, exporter, {
    waitMs,
    onRetry: ({ attempt, delayMs, message }) => {
      if (!opts.json) printError(`staso: ${message}; retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s\n`);
    },
  });
  if ("busy" in result) {
    process.exitCode = 1;
    if (opts.json) return void out(`${JSON.stringify({ busy: true, pid: result.busy.pid })}\n`);
    printError(`staso: another export is running (pid ${result.busy.pid}); try again when it is done.\n`);
    return;
  }
  const left = pending(ctx.auditDir, loadCursor(ctx.exportDir), true).records;
  if (opts.json) {
    out(
      `${JSON.stringify({
        endpoint: ctx.target.url,
        shipped: result.shipped,
        batches: result.batches,
        rejected: result.rejected,
        skipped: result.skipped,
        pending: left,
        ...(result.error ? { error: result.error } : {}),
      })}\n`,
    );
  } else {
    out(
      `Shipped ${result.shipped} span${result.shipped === 1 ? "" : "s"} in ${result.batches} batch${result.batches === 1 ? "" : "es"} to ${ctx.target.url}; ${left} pending.\n`,
    );
    if (result.rejected)
      out(
        `The receiver refused ${result.rejected} span${result.rejected === 1 ? "" : "s"} (partial success); they will not be sent again.\n`,
      );
    if (result.error)
      printError(
        `staso: export stopped: ${result.error}. Nothing was lost: run \`staso export\` again once the receiver is back.\n`,
      );
  }
  if (result.error) process.exitCode = 1;
}
