// "Did you mean …?" for names a user types: tools, rules, hosts, actions, config keys.

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= y.length; j++) d[0]![j] = j;
  for (let i = 1; i <= x.length; i++)
    for (let j = 1; j <= y.length; j++) {
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[x.length]![y.length]!;
}

/**
 * The known name closest to `given`, when it is close enough to be a likely typo: the same name in another
 * case, or at most a third of its letters off.
 */
export function closest(given: string, known: readonly string[]): string | undefined {
  // An abbreviation (`cmd` for `command`, `cfg` for `config`) is a likely mistake too.
  const lower = given.toLowerCase();
  const abbreviated = known.filter((k) => lower.length >= 2 && isSubsequence(lower, k.toLowerCase()));
  if (abbreviated.length === 1) return abbreviated[0];
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = distance(given, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  if (best === undefined) return undefined;
  return bestD <= Math.max(1, Math.floor(Math.max(given.length, best.length) / 3)) ? best : undefined;
}

function isSubsequence(short: string, long: string): boolean {
  if (short.length >= long.length || short[0] !== long[0]) return false;
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}
