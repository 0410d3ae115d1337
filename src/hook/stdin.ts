// Reads the one JSON payload the host writes to the hook's stdin: bounded in size and in time.

export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

export class StdinError extends Error {}

export function readStdin(maxBytes: number, timeoutMs: number): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    return Promise.reject(new StdinError("staso hook reads a tool call as JSON on stdin; it is run by Claude Code or Codex, not typed by hand"));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null, text?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stdin.removeAllListeners("data");
      stdin.removeAllListeners("end");
      stdin.removeAllListeners("error");
      // Stop reading (and let the process exit) whatever the host still sends.
      stdin.pause();
      if (err) {
        stdin.destroy();
        reject(err);
      } else resolve(text!);
    };
    const timer = setTimeout(() => finish(new StdinError(`no complete payload arrived on stdin within ${Math.round(timeoutMs / 100) / 10} s`)), timeoutMs);
    stdin.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return finish(new StdinError(`the payload is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`));
      chunks.push(chunk);
    });
    stdin.on("end", () => finish(null, Buffer.concat(chunks).toString("utf8")));
    stdin.on("error", (e) => finish(new StdinError(`stdin could not be read (${e.message})`)));
  });
}
