// The one duration grammar of every command (`--since 1h30m`, `--for 2 hours`, `pause --for 30m`):
// one or more <number><unit> parts, units s/sec/second(s), m/min/minute(s), h/hr/hour(s), d/day(s),
// w/week(s); a bare number is seconds.
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const UNIT = "(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)";
const PART = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*(${UNIT})`, "gi");
const WHOLE = new RegExp(`^(?:\\d+(?:\\.\\d+)?\\s*${UNIT}\\s*)+$`, "i");

/** Seconds in `text` ("90", "10m", "1h30m", "2 hours"), or undefined when it is not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  let seconds: number;
  if (/^\d+(?:\.\d+)?$/.test(t)) seconds = Number(t);
  else if (WHOLE.test(t)) {
    seconds = 0;
    for (const m of t.matchAll(PART)) seconds += Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase()[0]!]!;
  } else return undefined;
  return seconds > 0 && Number.isFinite(seconds) ? seconds : undefined;
}

/** "45 s", "10 min", "3 h", "2 d": a duration for a person, in its largest fitting unit. */
export function formatSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}
