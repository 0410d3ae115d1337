// Requests to the Staso server with this machine's API key: JSON in and out, a timeout on each, no
// redirects (a key is never replayed to another URL), and errors as one sentence.
import { VERSION } from "../version.js";
import type { ServerConnection } from "./connection.js";

export class ServerError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  method?: "GET" | "POST";
  body?: unknown;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export async function serverRequest(
  conn: ServerConnection,
  path: string,
  o: RequestOptions = {},
): Promise<{ status: number; headers: Headers; json: unknown }> {
  let res: Response;
  try {
    res = await fetch(`${conn.url}${path}`, {
      method: o.method ?? "GET",
      headers: {
        authorization: `Bearer ${conn.apiKey}`,
        "user-agent": `staso/${VERSION}`,
        accept: "application/json",
        ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(o.headers ?? {}),
      },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      signal: AbortSignal.timeout(Math.max(1, Math.round(o.timeoutMs ?? 10_000))),
      redirect: "error",
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = e.name === "TimeoutError" ? "no answer in time" : (e.cause?.code ?? e.message);
    throw new ServerError(`the Staso server at ${conn.url} could not be reached (${why})`);
  }
  const text = await res.text().catch(() => "");
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.status >= 400) {
    const said = (json as { error?: unknown } | undefined)?.error;
    throw new ServerError(
      `the Staso server at ${conn.url} answered HTTP ${res.status}${typeof said === "string" ? `: ${said.slice(0, 300)}` : ""}`,
      res.status,
    );
  }
  return { status: res.status, headers: res.headers, json };
}
