// Node's ES module load hook for a worker that runs a trusted project's code (plugins/trust-guard.ts
// registers it; it runs in Node's loader thread). It hashes the source it hands on to the compiler, so what
// is checked is exactly what runs: in record mode it reports each file's sha256, otherwise it refuses a file
// whose hash is not the one `staso trust` recorded. CommonJS files come without source here (Node 20):
// trust-guard checks those in the worker itself. Bundled on its own, as an ES module, into a string
// (scripts/worker-sources.mjs), and registered from a data: URL.
import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { MessagePort } from "node:worker_threads";
import { UNTRUSTED_PREFIX } from "./trust-protocol.js";

let port: MessagePort;
let table: Record<string, string> | null = null;
let record = false;

export function initialize(data: { port: MessagePort }): void {
  port = data.port;
  port.on("message", (m: { id: number; table: Record<string, string> | null; record: boolean }) => {
    table = m.table;
    record = m.record;
    port.postMessage({ ack: m.id });
  });
  port.unref();
}

type Loaded = { format?: string; source?: string | ArrayBuffer | ArrayBufferView | null };

export async function load(url: string, context: unknown, next: (url: string, context: unknown) => Promise<Loaded>) {
  const result = await next(url, context);
  if ((!table && !record) || !url.startsWith("file:") || result.source == null) return result;
  let file = fileURLToPath(url);
  try {
    file = realpathSync(file);
  } catch {
    // hashed by the name it was loaded under
  }
  const s = result.source;
  const bytes =
    typeof s === "string"
      ? s
      : s instanceof ArrayBuffer
        ? new Uint8Array(s)
        : new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (record) {
    port.postMessage({ file, sha });
    return result;
  }
  if (table![file] === undefined)
    throw new Error(`${UNTRUSTED_PREFIX}${file} is not among the files trusted for this project`);
  if (table![file] !== sha) throw new Error(`${UNTRUSTED_PREFIX}${file} changed since the project was trusted`);
  return result;
}
