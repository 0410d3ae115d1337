// Reads the one JSON payload the host writes to the hook's stdin: bounded in size and in time.
// It reads fd 0 with fs.read rather than process.stdin: creating the stdin stream loads Node's net and
// stream machinery, a few milliseconds paid on every tool call (measured with --cpu-prof).
import { fstatSync, read } from "node:fs";

export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

export class StdinError extends Error {}

/** True while a read of fd 0 sits in the thread pool (a host that never closed stdin). */
export let stdinReadPending = false;

function isTerminal(): boolean {
  try {
    const st = fstatSync(0);
    return st.isCharacterDevice();
  } catch {
    return false;
  }
}

export function readStdin(maxBytes: number, timeoutMs: number): Promise<string> {
  // A terminal (a character device) means a person typed `staso hook`. node:tty's isatty would say the
  // same, but loading node:tty costs ~12 ms under Bun.
  if (isTerminal()) {
    return Promise.reject(new StdinError("staso hook reads a tool call as JSON on stdin; it is run by Claude Code or Codex, not typed by hand"));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    let buf = Buffer.allocUnsafe(64 * 1024);
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size).toString("utf8"));
    };
    const timer = setTimeout(
      () => finish(new StdinError(`no complete payload arrived on stdin within ${Math.round(timeoutMs / 100) / 10} s`)),
      timeoutMs,
    );
    const next = () => {
      stdinReadPending = true;
      read(0, buf, 0, buf.length, null, (err, n) => {
        stdinReadPending = false;
        if (done) return;
        if (err) {
          // EAGAIN: a non-blocking descriptor (Node and Bun parents hand children socket pairs) with
          // nothing to read yet: poll again shortly, still far cheaper than building the stdin stream.
          if ((err as NodeJS.ErrnoException).code === "EAGAIN") return void setTimeout(next, 1);
          if ((err as NodeJS.ErrnoException).code === "EOF") return finish(null);
          return finish(new StdinError(`stdin could not be read (${(err as NodeJS.ErrnoException).code ?? err.message})`));
        }
        if (n === 0) return finish(null);
        size += n;
        if (size > maxBytes) return finish(new StdinError(`the payload is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`));
        chunks.push(Buffer.from(buf.subarray(0, n)));
        // Grow the buffer for large payloads (a 1 MiB Write): fewer round trips through the thread pool.
        if (n === buf.length && buf.length < 4 * 1024 * 1024) buf = Buffer.allocUnsafe(buf.length * 4);
        next();
      });
    };
    next();
  });
}
