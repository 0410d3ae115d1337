// The hook's side of export: decide in a stat or two whether a background export is due.
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findLauncher, startBackgroundExport } from "../../src/export/trigger.js";
import { resolveAuditSettings } from "../../src/audit/settings.js";
import { LAUNCHER } from "../support/hook-process.js";

const on = resolveAuditSettings().export;
const ENV = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9" };

function dataDir() {
  const d = mkdtempSync(join(tmpdir(), "staso-trig-"));
  mkdirSync(join(d, "export"), { recursive: true });
  return d;
}

describe("background export trigger", () => {
  it("off without an endpoint, or when switched off", () => {
    expect(startBackgroundExport(dataDir(), on, {})).toBe("off");
    expect(startBackgroundExport(dataDir(), resolveAuditSettings({ export: { enabled: false } }).export, ENV)).toBe(
      "off",
    );
    expect(startBackgroundExport(dataDir(), on, { ...ENV, OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toBe("off");
  });

  it("running while a fresh lock or a fresh starting marker exists; a stale one does not count", () => {
    const d = dataDir();
    writeFileSync(join(d, "export", "lock"), "{}");
    expect(startBackgroundExport(d, on, ENV)).toBe("running");
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(d, "export", "lock"), old, old);
    writeFileSync(join(d, "export", "starting"), "");
    expect(startBackgroundExport(d, on, ENV)).toBe("running");
  });

  it("waits out the backoff after a failed run", () => {
    const d = dataDir();
    writeFileSync(
      join(d, "export", "state.json"),
      JSON.stringify({ nextAttemptAt: new Date(Date.now() + 60_000).toISOString() }),
    );
    expect(startBackgroundExport(d, on, ENV)).toBe("backoff");
    writeFileSync(
      join(d, "export", "state.json"),
      JSON.stringify({ nextAttemptAt: new Date(Date.now() - 1000).toISOString() }),
    );
    expect(startBackgroundExport(d, on, ENV)).not.toBe("backoff");
  });

  it("finds the launcher the hook was started with, or the package around a compiled binary", () => {
    expect(findLauncher(LAUNCHER, process.execPath)).toBe(LAUNCHER);
    expect(findLauncher("/nowhere/vitest.mjs", "/nowhere/bin/node")).toBeUndefined();
    const pkg = mkdtempSync(join(tmpdir(), "staso-pkg-"));
    mkdirSync(join(pkg, "bin"));
    mkdirSync(join(pkg, "dist", "native"), { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "staso" }));
    writeFileSync(join(pkg, "bin", "staso.js"), "");
    expect(findLauncher("/$bunfs/root/staso-hook", join(pkg, "dist", "native", "staso-hook"))).toBe(
      join(pkg, "bin", "staso.js"),
    );
    expect(existsSync(join(pkg, "bin", "staso.js"))).toBe(true);
  });
});
