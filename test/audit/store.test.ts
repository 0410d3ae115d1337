import { describe, expect, it } from "vitest";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  appendRecord,
  listSegments,
  parseRecordLines,
  pruneSegments,
  readLinesFrom,
  readRecords,
  retentionCutoffDay,
  segmentName,
} from "../../src/audit/store.js";
import { record } from "./fixtures.js";

const tmp = () => join(mkdtempSync(join(tmpdir(), "staso-store-")), "home", "audit");

describe("audit store", () => {
  it("creates the dir 0700 and the file 0600, one line per record", () => {
    const dir = tmp();
    const a = record({ toolUseId: "a" });
    const b = record({ toolUseId: "b" });
    appendRecord(dir, a);
    const { file } = appendRecord(dir, b);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "..")).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(
      readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).toolUseId),
    ).toEqual(["a", "b"]);
  });

  it("tightens a file someone made readable to others", () => {
    const dir = tmp();
    const r = record();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, segmentName(r.time.slice(0, 10), 0));
    writeFileSync(file, "", { mode: 0o644 });
    appendRecord(dir, r);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("rotates by size into numbered segments, never renaming, and reads them back in order", () => {
    const dir = tmp();
    const day = new Date("2025-06-01T08:00:00Z");
    for (let i = 0; i < 60; i++)
      appendRecord(dir, record({ toolUseId: `t${i}`, time: new Date(day.getTime() + i * 1000).toISOString() }), {
        maxFileBytes: 2000,
      });
    const segs = listSegments(dir);
    expect(segs.length).toBeGreaterThan(5);
    expect(segs[0]!.name).toBe("2025-06-01.jsonl");
    expect(segs[1]!.name).toBe("2025-06-01.1.jsonl");
    expect(segs.map((s) => s.seq)).toEqual(segs.map((_, i) => i));
    for (const s of segs.slice(0, -1)) expect(statSync(join(dir, s.name)).size).toBeGreaterThanOrEqual(2000);
    const { records, skipped } = readRecords(dir);
    expect(skipped).toBe(0);
    expect(records.map((r) => r.toolUseId)).toEqual(Array.from({ length: 60 }, (_, i) => `t${i}`));
    // segment 10 sorts after segment 9 (numerically, not as text)
    for (let i = 0; i < 12; i++) appendRecord(dir, record({ time: "2025-06-02T00:00:00.000Z" }), { maxFileBytes: 1 });
    expect(
      listSegments(dir)
        .filter((s) => s.day === "2025-06-02")
        .map((s) => s.seq),
    ).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it("rotates by day (UTC) from the record's time", () => {
    const dir = tmp();
    appendRecord(dir, record({ time: "2025-06-01T23:59:59.999Z" }));
    appendRecord(dir, record({ time: "2025-06-02T00:00:00.000Z" }));
    expect(readdirSync(dir).sort()).toEqual(["2025-06-01.jsonl", "2025-06-02.jsonl"]);
  });

  it("retention deletes whole days older than the setting, on append and on demand", () => {
    const dir = tmp();
    const now = new Date("2025-06-30T12:00:00Z");
    for (const day of ["2025-05-01", "2025-06-22", "2025-06-23", "2025-06-29"])
      appendRecord(dir, record({ time: `${day}T10:00:00.000Z` }), { maxFileBytes: 1 });
    appendRecord(dir, record({ time: "2025-05-01T11:00:00.000Z" }), { maxFileBytes: 1 }); // a second segment of that day
    expect(retentionCutoffDay(now, 7)).toBe("2025-06-23");
    const { removed } = appendRecord(dir, record({ time: now.toISOString() }), { retentionDays: 7, now });
    expect(removed.sort()).toEqual(["2025-05-01.1.jsonl", "2025-05-01.jsonl", "2025-06-22.jsonl"]);
    expect(listSegments(dir).map((s) => s.day)).toEqual(["2025-06-23", "2025-06-29", "2025-06-30"]);
    expect(pruneSegments(dir, 1, now)).toEqual(["2025-06-23.jsonl"]);
  });

  it("reports a full disk as ENOSPC (the caller prints it once)", () => {
    const dir = tmp();
    const r = record();
    mkdirSync(dir, { recursive: true });
    symlinkSync("/dev/full", join(dir, segmentName(r.time.slice(0, 10), 0)));
    expect(() => appendRecord(dir, r)).toThrow(expect.objectContaining({ code: "ENOSPC" }));
  });

  it("an audit dir that is a file fails with a code, not a crash", () => {
    const base = mkdtempSync(join(tmpdir(), "staso-store-"));
    writeFileSync(join(base, "audit"), "not a dir");
    expect(() => appendRecord(join(base, "audit"), record())).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/EEXIST|ENOTDIR/) }),
    );
  });

  it("recovers the intact record after a line cut short by a full disk, and skips garbage", () => {
    const a = JSON.stringify(record({ toolUseId: "a" }));
    const b = JSON.stringify(record({ toolUseId: "b" }));
    const c = JSON.stringify(record({ toolUseId: "c" }));
    const text = `${a}\n${b.slice(0, 40)}${c}\nnot json\n`;
    const { records, skipped } = parseRecordLines(text);
    expect(records.map((r) => r.toolUseId)).toEqual(["a", "c"]);
    expect(skipped).toBe(2);
  });

  it("reads complete lines from an offset, leaving a line still being written", () => {
    const dir = tmp();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "x.jsonl");
    writeFileSync(file, '{"v":1}\n{"v":2}\n{"v":');
    const first = readLinesFrom(file, 0);
    expect(first.data.toString()).toBe('{"v":1}\n{"v":2}\n');
    expect(first.end).toBe(16);
    expect(readLinesFrom(file, first.end).data.length).toBe(0);
    appendFileSync(file, "3}\n");
    expect(readLinesFrom(file, first.end).data.toString()).toBe('{"v":3}\n');
    expect(readLinesFrom(file, 0, 4).data.toString()).toBe('{"v":1}\n'); // one line longer than the budget: whole
    expect(readLinesFrom(join(dir, "missing"), 0).end).toBe(0);
    expect(existsSync(file)).toBe(true);
  });
});
