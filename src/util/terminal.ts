// Colour and width for everything staso prints to a terminal (picocolors). Colour only on a terminal, never with NO_COLOR set
// (https://no-color.org), forced with FORCE_COLOR=1 (or off with FORCE_COLOR=0).
import { stripVTControlCharacters } from "node:util";
import pc from "picocolors";

/** The colours staso uses; each is the identity when colour is off. */
export interface Paint {
  enabled: boolean;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  magenta(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return !/^(0|false|no|off)$/i.test(force);
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

export function paint(enabled: boolean): Paint {
  const c = pc.createColors(enabled);
  // An empty string stays empty (no colour codes around nothing), so widths and tests see "".
  const keepEmpty = (f: (s: string) => string) => (s: string) => (s ? f(s) : s);
  return {
    enabled,
    red: keepEmpty(c.red),
    green: keepEmpty(c.green),
    yellow: keepEmpty(c.yellow),
    blue: keepEmpty(c.blue),
    magenta: keepEmpty(c.magenta),
    cyan: keepEmpty(c.cyan),
    dim: keepEmpty(c.dim),
    bold: keepEmpty(c.bold),
  };
}

/** The colours for one output stream: on for a terminal, off for pipes, NO_COLOR and TERM=dumb. */
export const paintFor = (stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Paint =>
  paint(colorWanted(stream, env));

/** Visible width (ANSI colour codes do not count). */
const visibleLength = (s: string): number => stripVTControlCharacters(s).length;

export function padEnd(s: string, width: number): string {
  const n = visibleLength(s);
  return n >= width ? s : s + " ".repeat(width - n);
}

export function padStart(s: string, width: number): string {
  const n = visibleLength(s);
  return n >= width ? s : " ".repeat(width - n) + s;
}

/** Cuts plain text to `width` characters, with an ellipsis when cut. */
export function truncate(s: string, width: number): string {
  if (width <= 0) return "";
  return s.length <= width ? s : width === 1 ? "…" : `${s.slice(0, width - 1)}…`;
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A horizontal bar of `value / max` over `width` cells, in eighths of a cell. */
export function bar(value: number, max: number, width: number): string {
  if (!(max > 0) || !(value > 0)) return "";
  const cells = Math.max(1 / 8, (value / max) * width);
  const whole = Math.floor(cells);
  return "█".repeat(whole) + EIGHTHS[Math.round((cells - whole) * 8) % 8];
}

const SPARKS = "▁▂▃▄▅▆▇█";

export function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 || v === 0 ? " " : SPARKS[Math.min(7, Math.floor((v / max) * 7.999))])).join("");
}
