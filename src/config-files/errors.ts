// A problem that stops setup, uninstall or doctor before anything is written: one sentence that names the
// file (and line) and says what to do. Printed as `staso: <message>`, exit code 1.
export class SetupError extends Error {}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
