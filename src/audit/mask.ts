// The one masking function for what staso keeps, shows or sends of a call (audit records, escalations,
// the exports built from them): secrets the detectors recognise, passwords and tokens given on command
// lines (`mysql -p…`, `--password …`, `PGPASSWORD=…`), the values of fields named like secrets at any depth
// (`password`, `api_key`, `headers.Authorization`), strings capped, nesting and size bounded. It walks the
// value with its own stack, not recursion, so an input nested 100,000 levels deep is still recorded (its
// deep part as a placeholder), and it counts its steps against the current deadline (util/deadline.ts).
import { redactSecrets } from "../analysis/secrets/detect.js";
import { maskCommandSecrets } from "../analysis/secrets/command-secrets.js";
import { isSecretName } from "../analysis/secrets/names.js";
import { step } from "../util/deadline.js";

/** Longest string kept whole in a record; longer ones keep their head and say how much was cut. */
export const MAX_STRING = 4096;
/** Deeper structure is kept as a placeholder. */
export const MAX_DEPTH = 32;
/** Values (strings, numbers, objects, …) kept per masked value; the rest is replaced by a placeholder. */
export const MAX_VALUES = 20_000;
/** What a secret-named field's value becomes. */
export const SECRET_FIELD_PLACEHOLDER = "REDACTED";

/** Past the kept head, this much more is scanned, so a secret across the cut is still recognised whole. */
const SCAN_MARGIN = 32 * 1024;
/** Strings up to this long are also read as command lines (a reason quoting a command); a command field always is. */
const COMMAND_TEXT_MAX = 8192;
const COMMAND_FIELDS = new Set(["command", "cmd", "script"]);

export function maskText(text: string, max = MAX_STRING, opts: { command?: boolean } = {}): string {
  const scanned = text.length > max + SCAN_MARGIN ? text.slice(0, max + SCAN_MARGIN) : text;
  step(Math.ceil(scanned.length / 64));
  let clean = redactSecrets(scanned);
  if (opts.command || clean.length <= COMMAND_TEXT_MAX) clean = maskCommandSecrets(clean);
  if (clean.length <= max && scanned === text) return clean;
  const more = clean.length - max + (text.length - scanned.length);
  return `${clean.slice(0, max)}…[${more} more characters]`;
}

interface Item {
  value: unknown;
  key: string | undefined;
  depth: number;
  /** Under a secret-named field: every string and number is hidden. */
  secret: boolean;
  into: Record<string, unknown> | unknown[] | undefined;
  at: string | number;
}

export function maskValue<T>(value: T, max = MAX_STRING): T {
  const root: { v?: unknown } = {};
  const stack: Item[] = [
    { value, key: undefined, depth: 0, secret: false, into: root as Record<string, unknown>, at: "v" },
  ];
  let budget = MAX_VALUES;
  while (stack.length > 0) {
    step();
    const it = stack.pop()!;
    const v = it.value;
    let out: unknown;
    if (typeof v === "string")
      out = it.secret
        ? v && SECRET_FIELD_PLACEHOLDER
        : maskText(v, max, { command: it.key !== undefined && COMMAND_FIELDS.has(it.key) });
    else if (v === null || typeof v !== "object")
      out = it.secret && (typeof v === "number" || typeof v === "bigint") ? SECRET_FIELD_PLACEHOLDER : v;
    else if (it.depth >= MAX_DEPTH) out = `[not recorded: nested deeper than ${MAX_DEPTH} levels]`;
    else if (Array.isArray(v)) {
      const take = Math.min(v.length, Math.max(0, budget));
      budget -= take;
      const arr: unknown[] = new Array(take);
      if (take < v.length) arr.push(`[not recorded: ${v.length - take} more values]`);
      for (let i = take - 1; i >= 0; i--)
        stack.push({ value: v[i], key: it.key, depth: it.depth + 1, secret: it.secret, into: arr, at: i });
      out = arr;
    } else {
      const keys = Object.keys(v);
      const take = Math.min(keys.length, Math.max(0, budget));
      budget -= take;
      const obj: Record<string, unknown> = {};
      // Keys in their order: each is set now, its value filled in when its item is taken.
      for (let i = 0; i < take; i++) obj[keys[i]!] = undefined;
      if (take < keys.length) obj["…"] = `[not recorded: ${keys.length - take} more fields]`;
      for (let i = take - 1; i >= 0; i--) {
        const k = keys[i]!;
        stack.push({
          value: (v as Record<string, unknown>)[k],
          key: k,
          depth: it.depth + 1,
          secret: it.secret || isSecretName(k),
          into: obj,
          at: k,
        });
      }
      out = obj;
    }
    (it.into as Record<string | number, unknown>)[it.at] = out;
  }
  return root.v as T;
}
