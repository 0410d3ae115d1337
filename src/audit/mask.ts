// The one masking function of the audit trail: secrets out, sizes capped, before anything is stored.
import { mapStrings, redactSecrets } from "../analysis/secrets/detect.js";

/** Longest string kept whole in a record; longer ones keep their head and say how much was cut. */
export const MAX_STRING = 4096;

export function maskText(text: string, max = MAX_STRING): string {
  const clean = redactSecrets(text);
  return clean.length > max ? `${clean.slice(0, max)}…[${clean.length - max} more characters]` : clean;
}

export function maskValue<T>(value: T, max = MAX_STRING): T {
  return mapStrings(value, (s) => maskText(s, max)) as T;
}
