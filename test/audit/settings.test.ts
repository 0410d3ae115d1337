import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validatePolicy } from "../../src/policy/schema.js";
import { loadPolicy } from "../../src/policy/load.js";
import { DEFAULT_AUDIT_SETTINGS, resolveAuditSettings } from "../../src/audit/settings.js";

const F = "/x/config.json";
const check = (audit: unknown) => () => validatePolicy(F, { audit });

describe("the audit section of the config", () => {
  it("accepts every setting", () => {
    expect(
      check({
        enabled: true,
        record: "non-allow",
        maxFileMB: 0.5,
        retentionDays: 7,
        export: {
          enabled: true,
          endpoint: "https://otel.example:4318",
          headers: { authorization: "Bearer x", "x-team": "infra" },
        },
      }),
    ).not.toThrow();
  });

  it("names the key and what it expected", () => {
    expect(check("yes")).toThrow(`${F}: audit must be an object, not "yes".`);
    expect(check({ rotate: 1 })).toThrow(
      `${F}: unknown key audit.rotate (expected one of: enabled, record, maxFileMB, retentionDays, export).`,
    );
    expect(check({ record: "some" })).toThrow(`${F}: audit.record must be "all" or "non-allow", not "some".`);
    expect(check({ maxFileMB: 0 })).toThrow(
      /audit\.maxFileMB must be a number of megabytes above 0 and at most 4096, not a number/,
    );
    expect(check({ maxFileMB: "16" })).toThrow(/audit\.maxFileMB must be/);
    expect(check({ retentionDays: 1.5 })).toThrow(/audit\.retentionDays must be a whole number of days from 1 to 3650/);
    expect(check({ retentionDays: 0 })).toThrow(/audit\.retentionDays/);
    expect(check({ export: true })).toThrow(`${F}: audit.export must be an object, not a boolean.`);
    expect(check({ export: { url: "x" } })).toThrow(
      /unknown key audit\.export\.url \(expected one of: enabled, endpoint, headers\)/,
    );
    expect(check({ export: { endpoint: "localhost:4318" } })).toThrow(
      `${F}: audit.export.endpoint must be an http:// or https:// URL, not "localhost:4318".`,
    );
    expect(check({ export: { headers: { "bad header": "x" } } })).toThrow(
      /"bad header", which is not a valid HTTP header name/,
    );
    expect(check({ export: { headers: { a: 1 } } })).toThrow(/audit\.export\.headers\["a"\] must be a string/);
    expect(check({ export: { enabled: "no" } })).toThrow(/audit\.export\.enabled must be true or false/);
  });

  it("resolves to defaults: record all, 16 MB files, 30 days, export on when an endpoint exists", () => {
    expect(DEFAULT_AUDIT_SETTINGS).toEqual({
      enabled: true,
      record: "all",
      maxFileBytes: 16 * 1024 * 1024,
      retentionDays: 30,
      export: { enabled: true, headers: {} },
    });
    expect(
      resolveAuditSettings({ maxFileMB: 0.5, retentionDays: 3, export: { endpoint: "http://c", headers: { a: "b" } } }),
    ).toMatchObject({
      maxFileBytes: 524288,
      retentionDays: 3,
      export: { enabled: true, endpoint: "http://c", headers: { a: "b" } },
    });
    const home = mkdtempSync(join(tmpdir(), "staso-settings-"));
    writeFileSync(join(home, "config.json"), JSON.stringify({ audit: { record: "non-allow", retentionDays: 9 } }));
    expect(loadPolicy({ STASO_HOME: home }).audit).toMatchObject({
      record: "non-allow",
      retentionDays: 9,
      maxFileBytes: 16 * 1024 * 1024,
    });
  });
});
