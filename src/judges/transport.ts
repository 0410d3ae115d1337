// Sends one judge request and reads the answer, never past a deadline: whatever hangs (a connection that
// is never accepted, a server that never sends its headers, a body that trickles) is cut when the deadline
// comes, and the caller applies the judge's onTimeout.
//
// Under Node this is node:http(s), measured against the alternatives on the path where a judge runs
// (docs/judges.md, "What it costs"): from process start to a parsed answer, node:http took a third of the
// time of Node 20's global fetch (which loads its bundled undici on first use) and a fifth of the undici
// package bundled. One timer that destroys the request bounds connect, headers and body alike, which is
// what undici's connect, headers and body timeouts would bring. Under Bun (the native hook) fetch is
// native and cheap, and is cut by an AbortController.
import { http, https } from "../builtin.js";
import type { JudgeRequest } from "./providers/types.js";

export interface HttpAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
}

/** The request did not get an answer: `timedOut` when the deadline cut it, else the connection failed. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

/** Larger answers are not a verdict: the request is cut. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export function post(req: JudgeRequest, deadlineAt: number): Promise<HttpAnswer> {
  const ms = Math.floor(deadlineAt - performance.now());
  if (ms <= 0) return Promise.reject(new TransportError("no time was left to ask", true));
  return process.versions.bun ? viaFetch(req, ms) : viaNodeHttp(req, ms);
}

const late = (ms: number) => new TransportError(`no answer within ${ms} ms`, true);

/** "connection refused (ECONNREFUSED)": the cause in words, never a stack. */
function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.code ?? e?.cause?.code;
  const words: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host name lookup failed",
    ETIMEDOUT: "connection timed out",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    CERT_HAS_EXPIRED: "the server's certificate has expired",
    DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed",
  };
  if (code && words[code]) return `${words[code]} (${code})`;
  return code ? `${e.message} (${code})` : (e?.message ?? String(err));
}

function viaNodeHttp(req: JudgeRequest, ms: number): Promise<HttpAnswer> {
  const url = new URL(req.url);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (err: Error | undefined, value?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value!);
    };
    const request = (url.protocol === "https:" ? https() : http()).request(
      url,
      {
        method: "POST",
        headers: { ...req.headers, "content-length": String(Buffer.byteLength(req.body)) },
        // A connection of its own: nothing is kept alive past the answer (the hook then ends at once).
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) request.destroy(new TransportError("the answer is over 1 MiB", false));
          else chunks.push(chunk);
        });
        res.on("end", () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
          settle(undefined, { status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", (err) =>
          settle(err instanceof TransportError ? err : new TransportError(describe(err), false)),
        );
      },
    );
    const timer = setTimeout(() => request.destroy(late(ms)), ms);
    request.on("error", (err) =>
      settle(err instanceof TransportError ? err : new TransportError(describe(err), false)),
    );
    request.end(req.body);
  });
}

async function viaFetch(req: JudgeRequest, ms: number): Promise<HttpAnswer> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    const res = await fetch(req.url, { method: "POST", headers: req.headers, body: req.body, signal: abort.signal });
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body?.getReader();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_ANSWER_BYTES) {
        abort.abort();
        throw new TransportError("the answer is over 1 MiB", false);
      }
      chunks.push(value);
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k.toLowerCase()] = v;
    });
    return { status: res.status, headers, text: Buffer.concat(chunks).toString("utf8") };
  } catch (err) {
    if (err instanceof TransportError) throw err;
    if (abort.signal.aborted) throw late(ms);
    throw new TransportError(describe(err), false);
  } finally {
    clearTimeout(timer);
  }
}
