// Every command prints through here: whatever the text holds (a tool call, a project's config, a server's
// error), only newlines, tabs and staso's own colours reach the terminal as such; every other control,
// escape sequence, bidi override or invisible character is shown as a visible mark (util/terminal-text.ts).
// JSON keeps its data exact: jsonForTerminal (util/terminal-text.ts) escapes those characters as \u sequences.
import { forTerminal } from "../util/terminal-text.js";

const shown = (text: string) => forTerminal(text, { multiline: true, colours: true });

export function print(text: string): boolean {
  return process.stdout.write(shown(text));
}

export function printError(text: string): boolean {
  return process.stderr.write(shown(text));
}

/**
 * Lines of a report, each kept on its own line: a newline inside a line's data (a rule id, a reason, a
 * command from the agent or a project's config) is shown as ⏎, so it cannot fake a line of its own.
 */
export function printLines(lines: string[]): boolean {
  return process.stdout.write(`${lines.map((l) => forTerminal(l, { colours: true })).join("\n")}\n`);
}
