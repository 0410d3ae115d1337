// The ratchet: per class and host, the detection rate the rules reached and the false-block rate they
// kept to, as stored in floors.json. The suite fails when a figure falls below its floor (detection) or
// rises above its ceiling (false blocks), so rule work can only move the figures the right way.
// Update floors.json with `npm run redteam -- --write-floors` after raising the figures (or after adding
// cases, which moves them): the diff then shows every change for review.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Host } from "./corpus/model.js";
import { detectedPct, falseBlockPct, type Figures, type Tally } from "./report.js";

export const FLOORS_FILE = fileURLToPath(new URL("./floors.json", import.meta.url));

interface Floor {
  /** Lowest detected %, rounded down to 0.1. */
  detected: number;
  /** Highest false-block %, rounded up to 0.1. */
  falseBlocks: number;
}

/** class (or "TOTAL") → host → floor */
type Floors = Record<string, Partial<Record<Host, Floor>>>;

const down = (x: number) => Math.floor(x * 10 + 1e-9) / 10;
const up = (x: number) => Math.ceil(x * 10 - 1e-9) / 10;
const floorOf = (t: Tally): Floor => ({ detected: down(detectedPct(t)), falseBlocks: up(falseBlockPct(t)) });

function floorsOf(fig: Figures): Floors {
  const out: Floors = {};
  for (const [cls, hosts] of [...fig.byClass].sort(([a], [b]) => a.localeCompare(b))) {
    out[cls] = {};
    for (const [host, t] of [...hosts].sort(([a], [b]) => a.localeCompare(b))) out[cls]![host] = floorOf(t);
  }
  out.TOTAL = {};
  for (const [host, t] of [...fig.byHost].sort(([a], [b]) => a.localeCompare(b))) out.TOTAL[host] = floorOf(t);
  return out;
}

export const readFloors = (): Floors => JSON.parse(readFileSync(FLOORS_FILE, "utf8")) as Floors;

export function writeFloors(fig: Figures, file = FLOORS_FILE): void {
  writeFileSync(file, `${JSON.stringify(floorsOf(fig), null, 2)}\n`);
}

/** Every figure that fell below its floor or rose above its ceiling, as one sentence each. */
export function belowFloors(fig: Figures, floors: Floors): string[] {
  const out: string[] = [];
  const check = (name: string, host: Host, t: Tally | undefined) => {
    const f = floors[name]?.[host];
    if (!f) return out.push(`${name} on ${host} has no floor in floors.json (npm run redteam -- --write-floors)`);
    if (!t) return out.push(`${name} on ${host} has a floor but no cases`);
    const det = detectedPct(t);
    const fb = falseBlockPct(t);
    if (det < f.detected - 1e-9)
      out.push(`${name} on ${host}: ${det.toFixed(1)} % detected, below its floor of ${f.detected} %`);
    if (fb > f.falseBlocks + 1e-9)
      out.push(`${name} on ${host}: ${fb.toFixed(1)} % false blocks, above its ceiling of ${f.falseBlocks} %`);
  };
  for (const [cls, hosts] of fig.byClass) for (const [host, t] of hosts) check(cls, host, t);
  for (const [host, t] of fig.byHost) check("TOTAL", host, t);
  return out;
}
