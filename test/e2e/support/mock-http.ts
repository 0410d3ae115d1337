// Shared plumbing for the mock model servers: an HTTP server bound to
// 127.0.0.1 (port 0), optionally also listening on a Unix socket (so that an
// agent running inside a separate network namespace can reach it through a
// forwarder, see agents.ts), recording every request.

import { mkdtempSync, rmSync } from "node:fs";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

/** Largest request body accepted (bytes); bigger ones get 413. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RecordedHttpRequest {
  /** Order of arrival, from 0. */
  seq: number;
  method: string;
  /** Path and query, e.g. `/v1/messages?beta=true`. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Raw body text (after content-encoding was undone). */
  rawBody: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
  /** Which scripted turn answered this request (-1: none, e.g. 404 or the fallback). */
  turnIndex: number;
  receivedAt: number;
}

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  /** For SSE: a list of [event name, data object]. */
  sse?: Array<[string, unknown]>;
  /** For SSE of data lines only (no event names), as Google's streaming API sends it. */
  sseData?: unknown[];
  json?: unknown;
}

export type Handler = (req: RecordedHttpRequest) => HttpReply;

export interface MockHttp {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** Unix socket serving the same handler, or null (listenSocket: false). */
  readonly socketPath: string | null;
  readonly requests: RecordedHttpRequest[];
  close(): Promise<void>;
}

function decodeBody(buf: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? "").trim().toLowerCase()) {
    case "":
    case "identity":
      return buf;
    case "gzip":
    case "x-gzip":
      return gunzipSync(buf);
    case "deflate":
      return inflateSync(buf);
    case "br":
      return brotliDecompressSync(buf);
    default:
      throw new Error(`unsupported content-encoding ${encoding}`);
  }
}

function sendReply(res: ServerResponse, reply: HttpReply): void {
  if (reply.sse) {
    res.writeHead(reply.status, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
      ...reply.headers,
    });
    let out = "";
    for (const [event, data] of reply.sse) out += `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    res.end(out);
    return;
  }
  if (reply.sseData) {
    res.writeHead(reply.status, { "content-type": "text/event-stream", "cache-control": "no-cache", ...reply.headers });
    res.end(reply.sseData.map((d) => `data: ${JSON.stringify(d)}\r\n\r\n`).join(""));
    return;
  }
  const text = JSON.stringify(reply.json ?? null);
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(text);
}

export async function startMockHttp(
  handler: Handler,
  opts: { listenSocket?: boolean; label: string },
): Promise<MockHttp> {
  const requests: RecordedHttpRequest[] = [];
  const sockets = new Set<Socket>();

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(c);
    });
    req.on("end", () => {
      if (tooBig) {
        sendReply(res, { status: 413, json: { error: `${opts.label}: body over ${MAX_BODY_BYTES} bytes` } });
        return;
      }
      let rawBody = "";
      let body: unknown;
      try {
        rawBody = decodeBody(Buffer.concat(chunks), req.headers["content-encoding"] as string | undefined).toString(
          "utf8",
        );
      } catch (err) {
        rawBody = `<undecodable: ${(err as Error).message}>`;
      }
      try {
        body = rawBody === "" ? undefined : (JSON.parse(rawBody) as unknown);
      } catch {
        body = undefined;
      }
      const rec: RecordedHttpRequest = {
        seq: requests.length,
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        rawBody,
        body,
        turnIndex: -1,
        receivedAt: Date.now(),
      };
      requests.push(rec);
      let reply: HttpReply;
      try {
        reply = handler(rec);
      } catch (err) {
        reply = {
          status: 500,
          json: { type: "error", error: { type: "mock_error", message: `${opts.label}: ${(err as Error).message}` } },
        };
      }
      sendReply(res, reply);
    });
    req.on("error", () => res.destroy());
  };

  const track = (server: Server): void => {
    server.on("connection", (s: Socket) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
  };

  const tcp = createServer(onRequest);
  track(tcp);
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (tcp.address() as AddressInfo).port;

  let unix: Server | null = null;
  let socketDir: string | null = null;
  let socketPath: string | null = null;
  if (opts.listenSocket !== false && process.platform !== "win32") {
    // short path: sun_path is limited to ~108 bytes
    socketDir = mkdtempSync(join(tmpdir(), "staso-mock-"));
    socketPath = join(socketDir, "s");
    unix = createServer(onRequest);
    track(unix);
    const sp = socketPath;
    await new Promise<void>((resolve, reject) => {
      unix!.once("error", reject);
      unix!.listen(sp, () => resolve());
    });
  }

  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    socketPath,
    requests,
    async close() {
      if (closed) return;
      closed = true;
      for (const s of sockets) s.destroy();
      await Promise.all(
        [tcp, unix].map((srv) =>
          srv === null ? Promise.resolve() : new Promise<void>((resolve) => srv.close(() => resolve())),
        ),
      );
      if (socketDir) rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

/** Flattens Anthropic/OpenAI style content (string, or list of blocks with `text`) into one string. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((b: unknown) => {
        if (typeof b === "string") return b;
        if (b && typeof b === "object") {
          const o = b as Record<string, unknown>;
          if (typeof o.text === "string") return o.text;
          if (typeof o.output === "string") return o.output;
          if ("content" in o) return contentText(o.content);
        }
        return "";
      })
      .join("");
  }
  return "";
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
