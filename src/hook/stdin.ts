// Reads the one JSON payload the host writes to the hook's stdin: bounded in size and in time.
// It reads fd 0 with fs.read rather than process.stdin: creating the stdin stream loads Node's net and
// stream machinery, a few milliseconds paid on every tool call (measured with --cpu-prof).
//
// Memory is the cost that matters for a large payload: a fresh process pays a page fault for every page
// it touches (~4 µs each on these machines, more than the copying itself). So the bytes go straight into
// one buffer reserved large up front (untouched pages cost nothing), with no copy per chunk and no
// concatenation: a 1 MiB Write touches 1 MiB here, not 3.
import { fstatSync, read } from "node:fs";

export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** Reserved at once; only the pages a payload fills are ever touched. Larger payloads grow it 4x. */
const RESERVE_BYTES = 4 * 1024 * 1024;

/** Payloads up to this size are tried as complete JSON before the end of stdin (see below). */
const EARLY_PARSE_MAX = 64 * 1024;

class StdinError extends Error {}

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

/** `buf[0, size)` parsed, when it is a whole JSON object: the text ends with "}" and parses. */
function wholeObject(buf: Buffer, size: number): object | undefined {
  let end = size;
  while (end > 0 && (buf[end - 1] === 0x20 || buf[end - 1] === 0x0a || buf[end - 1] === 0x0d || buf[end - 1] === 0x09))
    end--;
  if (end === 0 || buf[end - 1] !== 0x7d) return undefined;
  try {
    const v: unknown = JSON.parse(buf.toString("utf8", 0, size));
    return v !== null && typeof v === "object" && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export interface StdinPayload {
  text: string;
  /** The payload already parsed, when it was recognised as whole before the end of stdin. */
  parsed?: object;
}

export function readStdin(maxBytes: number, timeoutMs: number): Promise<StdinPayload> {
  // A terminal (a character device) means a person typed `staso hook`. node:tty's isatty would say the
  // same, but loading node:tty costs ~12 ms under Bun.
  if (isTerminal()) {
    return Promise.reject(
      new StdinError(
        "staso hook reads a tool call as JSON on stdin; it is run by Claude Code or Codex, not typed by hand",
      ),
    );
  }
  return new Promise((resolve, reject) => {
    let buf = Buffer.allocUnsafe(Math.min(RESERVE_BYTES, maxBytes + 1));
    let size = 0;
    let done = false;
    const finish = (err: Error | null, parsed?: object) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve({ text: buf.toString("utf8", 0, size), ...(parsed ? { parsed } : {}) });
    };
    const timer = setTimeout(
      () => finish(new StdinError(`no complete payload arrived on stdin within ${Math.round(timeoutMs / 100) / 10} s`)),
      timeoutMs,
    );
    const next = () => {
      if (size === buf.length) {
        // Full: grow 4x (a payload over the reserve), up to one byte past the limit to detect overflow.
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 4, maxBytes + 1));
        buf.copy(bigger, 0, 0, size);
        buf = bigger;
      }
      stdinReadPending = true;
      read(0, buf, size, buf.length - size, null, (err, n) => {
        stdinReadPending = false;
        if (done) return;
        if (err) {
          // EAGAIN: a non-blocking descriptor (Node and Bun parents hand children socket pairs) with
          // nothing to read yet: poll again shortly, still far cheaper than building the stdin stream.
          if ((err as NodeJS.ErrnoException).code === "EAGAIN") return void setTimeout(next, 1);
          if ((err as NodeJS.ErrnoException).code === "EOF") return finish(null);
          return finish(
            new StdinError(`stdin could not be read (${(err as NodeJS.ErrnoException).code ?? err.message})`),
          );
        }
        if (n === 0) return finish(null);
        size += n;
        if (size > maxBytes)
          return finish(new StdinError(`the payload is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`));
        // A small payload that is already a whole JSON object is the whole payload: anything after it
        // could only make it invalid. Decide now, without the read that would see the end of stdin (one
        // more round trip through the thread pool). Leaving stdin unread at exit is what every hook that
        // ignores its input does; both agents expect it.
        const whole = size <= EARLY_PARSE_MAX ? wholeObject(buf, size) : undefined;
        if (whole) return finish(null, whole);
        next();
      });
    };
    next();
  });
}
