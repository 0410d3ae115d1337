// The user's terminal itself (/dev/tty), for what only the person at it may type: the approval
// passphrase. Not stdin: an agent decides what a command it runs reads on stdin, and a pipe or a file
// there is no person. A process without a controlling terminal (run from an agent's tool, cron, CI)
// cannot open /dev/tty at all. Whoever can open it still has to know the passphrase.
import { closeSync, openSync, writeSync } from "node:fs";
import { ReadStream } from "node:tty";

export interface Terminal {
  /** Writes to the terminal (not stdout: what is asked stays on the screen, out of pipes). */
  write(text: string): void;
  /** Reads one line without echoing it; undefined when the person cancels (Ctrl-C, Ctrl-D, Esc). */
  readSecret(prompt: string): Promise<string | undefined>;
  close(): void;
}

/** The controlling terminal, or why there is none. */
export function openTerminal(): Terminal | { error: string } {
  let inFd: number;
  let outFd: number;
  try {
    inFd = openSync("/dev/tty", "r");
    outFd = openSync("/dev/tty", "w");
  } catch (err) {
    return { error: (err as Error).message };
  }
  const input = new ReadStream(inFd);
  // No echo from the first question to the last: what is typed ahead is kept for the next question, never
  // shown. Characters arrive in `typed`; a question takes them up to the end of its line.
  input.setRawMode(true);
  let typed = "";
  let waiting: (() => void) | undefined;
  let ended = false;
  input.on("data", (chunk: Buffer) => {
    typed += chunk.toString("utf8");
    waiting?.();
  });
  input.on("end", () => {
    ended = true;
    waiting?.();
  });
  const write = (text: string) => {
    try {
      writeSync(outFd, text);
    } catch {
      // the terminal went away
    }
  };
  /** One line from `typed`, or undefined (cancelled); null while the line is not complete. */
  const takeLine = (): string | undefined | null => {
    let text = "";
    for (let i = 0; i < typed.length; i++) {
      const ch = typed[i]!;
      if (ch === "\r" || ch === "\n") {
        typed = typed.slice(i + 1).replace(/^\n/, "");
        return text;
      }
      if (ch === "\u0003" || ch === "\u001b" || (ch === "\u0004" && text === "")) {
        typed = "";
        return undefined;
      }
      if (ch === "\u007f" || ch === "\b") text = text.slice(0, -1);
      else if (ch === "\u0015")
        text = ""; // Ctrl-U
      else if (ch >= " ") text += ch;
    }
    return ended ? undefined : null;
  };
  return {
    write,
    async readSecret(prompt) {
      write(prompt);
      for (;;) {
        const line = takeLine();
        if (line !== null) {
          write("\r\n");
          return line;
        }
        await new Promise<void>((resolve) => {
          waiting = resolve;
        });
        waiting = undefined;
      }
    },
    close() {
      try {
        input.setRawMode(false);
      } catch {
        // the terminal went away
      }
      input.destroy();
      try {
        closeSync(outFd);
      } catch {
        // closed already
      }
    },
  };
}
