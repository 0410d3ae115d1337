// Writes the hook's answer to fd 1 directly: process.stdout would build a stream (loading Node's net
// machinery for a pipe) just to write one line. Falls back to the stream if the pipe is non-blocking.
import { writeSync } from "node:fs";
import { forTerminal } from "../util/terminal-text.js";

/** Resolves once every byte is handed to the OS, so the process may exit right after. */
export function writeStdout(text: string): Promise<void> {
  if (!text) return Promise.resolve();
  const buf = Buffer.from(text, "utf8");
  let off = 0;
  try {
    while (off < buf.length) off += writeSync(1, buf, off, buf.length - off);
    return Promise.resolve();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EAGAIN") return Promise.reject(err);
    // A full non-blocking pipe (a large rewritten input): let the stream wait for the reader.
    return new Promise((resolve, reject) =>
      process.stdout.write(buf.subarray(off), (e) => (e ? reject(e) : resolve())),
    );
  }
}

/** One sentence for the agent's (and its user's) eyes: what it quotes is shown, never acts on the terminal. */
export function writeStderr(text: string): void {
  try {
    writeSync(2, forTerminal(text, { multiline: true }));
  } catch {
    // stderr closed or full: nothing more to say.
  }
}
