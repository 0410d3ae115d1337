// A person at a terminal, for the commands that ask one (the approval passphrase is read from /dev/tty,
// never stdin): the command runs under script(1), which gives it a pseudo-terminal as its controlling
// terminal; what it asks there is answered when the question appears. stdout and stderr go to files, so
// they stay apart from what the terminal shows. This is the same trick an agent could play: it proves
// nothing but that the typist knows the passphrase, which is the point.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The passphrase the tests' STASO_HOMEs are set up with (test/escalation/support.ts). */
export const TEST_PASSPHRASE = "correct horse battery staple";

export interface TerminalRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** What the command wrote to the terminal (its questions; never what was typed). */
  screen: string;
}

const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;

/**
 * Runs `argv` with a terminal of its own, typing `answers` in turn, each after its question (a line
 * ending in ": ") appears. An answer of undefined closes the terminal's input instead.
 */
export function atTerminal(
  argv: string[],
  answers: (string | undefined)[],
  o: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {},
): Promise<TerminalRun> {
  const dir = mkdtempSync(join(tmpdir(), "staso-tty-"));
  const out = join(dir, "out");
  const err = join(dir, "err");
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...o.env })) if (v !== undefined) env[k] = v;
  const inner = `exec ${argv.map(quote).join(" ")} >${quote(out)} 2>${quote(err)}`;
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qefc", inner, "/dev/null"], {
      env,
      cwd: o.cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    let asked = 0;
    const pending = [...answers];
    const timer = setTimeout(() => child.kill("SIGKILL"), o.timeoutMs ?? 60_000);
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      screen += d;
      // A question is a line ending in ": " (then the typist's Enter, or nothing yet).
      const count = (screen.match(/[^\r\n]*: (?=\r*\n|$)/g) ?? []).length;
      while (asked < count && pending.length > 0) {
        asked++;
        const a = pending.shift();
        if (a === undefined) child.stdin.end();
        else child.stdin.write(`${a}\r`);
      }
    });
    child.stderr.on("data", () => {});
    child.stdin.on("error", () => {});
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const read = (p: string) => {
        try {
          return readFileSync(p, "utf8");
        } catch {
          return "";
        }
      };
      const run = { code, stdout: read(out), stderr: read(err), screen };
      rmSync(dir, { recursive: true, force: true });
      resolve(run);
    });
  });
}
