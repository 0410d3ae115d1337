import { describe, expect, it } from "vitest";
import { parseSince } from "../../src/audit/query.js";
import { parseDuration } from "../../src/util/duration.js";

describe("one duration grammar for every command", () => {
  it("reads single and compound durations, with or without spaces and long unit names", () => {
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("90s")).toBe(90);
    expect(parseDuration("10m")).toBe(600);
    expect(parseDuration("1h30m")).toBe(5400);
    expect(parseDuration("1h 30m")).toBe(5400);
    expect(parseDuration("2 hours")).toBe(7200);
    expect(parseDuration("1d12h")).toBe(129600);
    expect(parseDuration("1w")).toBe(604800);
    expect(parseDuration("1.5h")).toBe(5400);
  });

  it("refuses what is not a positive duration", () => {
    for (const bad of ["", "0", "0s", "-5m", "m", "1x", "1h30", "soon", "1h-30m"])
      expect(parseDuration(bad)).toBeUndefined();
  });

  it("--since and --for read the same grammar (1h30m works for both)", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    expect(parseSince("1h30m", now)?.toISOString()).toBe("2026-01-01T10:30:00.000Z");
    expect(parseSince("2 hours", now)?.toISOString()).toBe("2026-01-01T10:00:00.000Z");
    expect(parseSince("2026-01-01T08:00:00Z", now)?.toISOString()).toBe("2026-01-01T08:00:00.000Z");
  });
});
