// The `audit` section of the user config, and what it resolves to. Validation lives beside the rest of
// the schema (policy/schema.ts, validateAuditConfig); defaults live here, in one place.

export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;
const DEFAULT_RETENTION_DAYS = 30;

/** As written in config.json. */
export interface AuditConfig {
  /** false: no records at all (default true). */
  enabled?: boolean;
  /** "non-allow": skip calls every rule let through silently (default "all"). */
  record?: "all" | "non-allow";
  /** Start a new audit file once the current one holds this many MB (default 16). */
  maxFileMB?: number;
  /** Delete audit files older than this many days (default 30). */
  retentionDays?: number;
  export?: {
    /** false: never export, even when OTEL_EXPORTER_OTLP_ENDPOINT is set (default true). */
    enabled?: boolean;
    /** OTLP/HTTP base URL (as OTEL_EXPORTER_OTLP_ENDPOINT: /v1/traces is added); the environment wins. */
    endpoint?: string;
    /** Extra HTTP headers (as OTEL_EXPORTER_OTLP_HEADERS, which adds to and overrides these). */
    headers?: Record<string, string>;
  };
}

export interface ExportSettings {
  enabled: boolean;
  endpoint?: string;
  headers: Record<string, string>;
}

/** As the hook and the commands use it. */
export interface AuditSettings {
  enabled: boolean;
  record: "all" | "non-allow";
  maxFileBytes: number;
  retentionDays: number;
  export: ExportSettings;
}

export const AUDIT_CONFIG_KEYS = ["enabled", "record", "maxFileMB", "retentionDays", "export"];
export const AUDIT_EXPORT_CONFIG_KEYS = ["enabled", "endpoint", "headers"];

export function resolveAuditSettings(config: AuditConfig = {}): AuditSettings {
  return {
    enabled: config.enabled ?? true,
    record: config.record ?? "all",
    maxFileBytes:
      config.maxFileMB === undefined ? DEFAULT_MAX_FILE_BYTES : Math.max(1, Math.round(config.maxFileMB * 1024 * 1024)),
    retentionDays: config.retentionDays ?? DEFAULT_RETENTION_DAYS,
    export: {
      enabled: config.export?.enabled ?? true,
      ...(config.export?.endpoint ? { endpoint: config.export.endpoint } : {}),
      headers: { ...(config.export?.headers ?? {}) },
    },
  };
}

export const DEFAULT_AUDIT_SETTINGS: AuditSettings = resolveAuditSettings();
