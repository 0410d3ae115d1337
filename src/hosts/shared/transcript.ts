// The user's last messages from an agent's transcript (a JSON-lines file the agent appends to), for judges
// that check a call against what the user asked for. Each host says which lines are messages the user
// typed; this reads the file from its end, a chunk at a time, so a long session's transcript costs only
// its tail. Tool results and the agent's own text are never taken: they can hold anything a hostile
// repository or web page put there, and a judge must not read them as the user's words.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

const CHUNK = 256 * 1024;
/** How far back from the end a transcript is read at most. */
const MAX_BYTES = 8 * 1024 * 1024;

export interface TranscriptShape {
  /** Texts every line of interest contains: other lines are not even parsed (most are tool results). */
  marks: string[];
  /** The user's typed text in one parsed line, or undefined when the line is something else. */
  userText(entry: Record<string, unknown>): string | undefined;
}

/** The last `count` user messages, oldest first. Throws only for a path that cannot be opened. */
export function lastUserMessages(path: string, count: number, shape: TranscriptShape): string[] {
  // Non-blocking, then checked to be a regular file: a FIFO or a device at the path never stalls the hook.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
    const found: string[] = [];
    let pos = stat.size;
    let carry = Buffer.alloc(0);
    while (pos > 0 && found.length < count && stat.size - pos < MAX_BYTES) {
      const len = Math.min(CHUNK, pos);
      pos -= len;
      const buf = Buffer.alloc(len);
      readSync(fd, buf, 0, len, pos);
      let data = Buffer.concat([buf, carry]);
      // The text before the first newline may be the tail of a line that starts in an earlier chunk.
      if (pos > 0) {
        const nl = data.indexOf(10);
        if (nl < 0) {
          carry = data;
          continue;
        }
        carry = data.subarray(0, nl);
        data = data.subarray(nl + 1);
      }
      const lines = data.toString("utf8").split("\n");
      for (let i = lines.length - 1; i >= 0 && found.length < count; i--) {
        const text = userTextOf(lines[i]!, shape);
        if (text !== undefined && text !== found[found.length - 1]) found.push(text);
      }
    }
    return found.reverse();
  } finally {
    closeSync(fd);
  }
}

function userTextOf(line: string, shape: TranscriptShape): string | undefined {
  if (!shape.marks.some((m) => line.includes(m))) return undefined;
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined; // a line being written right now
  }
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return undefined;
  const text = shape.userText(entry as Record<string, unknown>)?.trim();
  return text ? text : undefined;
}

/** The text parts of a message's content: a string, or blocks of {type: "text" | "input_text", text}. */
export function textOf(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return undefined;
  const parts: string[] = [];
  for (const block of content) {
    if (block === null || typeof block !== "object") continue;
    const b = block as Record<string, unknown>;
    if ((b.type === "text" || b.type === "input_text" || b.type === "Text") && typeof b.text === "string")
      parts.push(b.text);
  }
  return parts.length ? parts.join("\n") : undefined;
}
