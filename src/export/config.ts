// Where exported spans go: the Staso server this machine is connected to (its /v1/traces, with the
// machine's API key), else the OpenTelemetry environment variables (as every OTel SDK reads them), then
// the `audit.export` section of the user config. One destination, so one cursor says what was sent.
// Light on purpose: the hook asks it on every call.
import type { ExportSettings } from "../audit/settings.js";
import { serverConnection } from "../remote/connection.js";

export interface OtlpTarget {
  /** The full traces URL (…/v1/traces). */
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  compression: "gzip" | "none";
  /** Where the URL came from: an environment variable or the config. */
  source: string;
  /** Set when the target cannot be used (a bad URL, OTLP over gRPC): one sentence. */
  problem?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** "k=v,k2=v2" as the OTel spec writes headers and resource attributes (values percent-decoded). */
export function parseKeyValueList(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.trim());
      } catch {
        return s.trim();
      }
    };
    const key = decode(part.slice(0, eq));
    if (key) out[key] = decode(part.slice(eq + 1));
  }
  return out;
}

function tracesUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, "");
  return /\/v1\/traces$/.test(trimmed) ? trimmed : `${trimmed}/v1/traces`;
}

const nonEmpty = (v: string | undefined) => (v !== undefined && v.trim() !== "" ? v.trim() : undefined);

/** The OTLP/HTTP traces target in force, or undefined when export is not configured (or switched off). */
export function otlpTarget(
  settings: ExportSettings | undefined,
  env: NodeJS.ProcessEnv = process.env,
): OtlpTarget | undefined {
  if (settings && !settings.enabled) return undefined;
  if (/^true$/i.test(env.OTEL_SDK_DISABLED ?? "")) return undefined;
  const server = serverConnection(env);
  if (server)
    return {
      url: `${server.url}/v1/traces`,
      headers: { authorization: `Bearer ${server.apiKey}` },
      timeoutMs: DEFAULT_TIMEOUT_MS,
      compression: "none",
      source: `the Staso server (${server.source})`,
    };
  let url: string;
  let source: string;
  const signal = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const general = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (signal) [url, source] = [signal, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"];
  else if (general) [url, source] = [tracesUrl(general), "OTEL_EXPORTER_OTLP_ENDPOINT"];
  else if (settings?.endpoint) [url, source] = [tracesUrl(settings.endpoint), "audit.export.endpoint"];
  else return undefined;

  const headers = {
    ...(settings?.headers ?? {}),
    ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
  };
  const timeoutRaw = Number(
    nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_TIMEOUT) ?? DEFAULT_TIMEOUT_MS,
  );
  const timeoutMs = Number.isFinite(timeoutRaw) && timeoutRaw > 0 ? timeoutRaw : DEFAULT_TIMEOUT_MS;
  const compression =
    (nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_COMPRESSION) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_COMPRESSION)) === "gzip"
      ? "gzip"
      : "none";
  const target: OtlpTarget = { url, headers, timeoutMs, compression, source };

  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const protocol = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_PROTOCOL);
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:"))
    target.problem = `${source} is ${JSON.stringify(url)}, which is not an http:// or https:// URL`;
  else if (protocol === "grpc")
    target.problem = `staso exports OTLP over HTTP only, and the OTLP protocol is set to grpc: point ${source} at the collector's OTLP/HTTP port (usually 4318) and unset OTEL_EXPORTER_OTLP_PROTOCOL`;
  return target;
}

/** The target with header values hidden, for messages and `staso export --status`. */
export function describeTarget(t: OtlpTarget): string {
  const names = Object.keys(t.headers);
  return `${t.url} (from ${t.source}${names.length ? `; headers: ${names.join(", ")}` : ""})`;
}
