// The red-team corpus, scored in process through the hook's pipeline on the built-in defaults: the
// figures are printed, and none may fall below its floor (floors.json: the ratchet). See README.md here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpus, CLASSES } from "./corpus/index.js";
import { HOSTS } from "./corpus/model.js";
import { belowFloors, readFloors } from "./floors.js";
import { figures, missesText, table } from "./report.js";
import { isolate, scoreCases, type Outcome } from "./score.js";
import { dispatchProbe } from "../../src/engine/dispatch.js";
import type { ToolCall } from "../../src/engine/types.js";

const cases = corpus();
let outcomes: Outcome[] = [];
/** Every SAMPLE-th case scored again with every rule run on every call of its kinds (no dispatch). */
const SAMPLE = 8;
const sampled: { dispatched: Outcome; undispatched: Outcome }[] = [];
/** Rules that spoke (found something, failed) on a call their declared subjects leave out. */
const spokeOutside: string[] = [];
let env: ReturnType<typeof isolate>;

beforeAll(async () => {
  env = isolate();
  dispatchProbe.skipped = (ruleId: string, call: ToolCall) =>
    void spokeOutside.push(
      `${ruleId} on ${call.host} ${call.tool} ${JSON.stringify(call.shell?.command ?? call.input)}`,
    );
  try {
    // The engine runs only the rules a call can concern (src/engine/dispatch.ts). In its shadow mode the
    // rules it leaves out run too, and any that speaks is reported (its finding dropped): the figures are
    // the dispatched ones, and with no report they are also those of every rule run.
    dispatchProbe.mode = "shadow";
    outcomes = await scoreCases(cases);
    // And plainly, on a sample: each case scored both ways in a row (what the analysis reads from the disk,
    // a glob in a program's path matched against /tmp, stays the same between the two).
    for (let i = 0; i < cases.length; i += SAMPLE) {
      dispatchProbe.mode = "on";
      const [dispatched] = await scoreCases([cases[i]!]);
      dispatchProbe.mode = "off";
      const [undispatched] = await scoreCases([cases[i]!]);
      sampled.push({ dispatched: dispatched!, undispatched: undispatched! });
    }
  } finally {
    dispatchProbe.mode = "on";
    delete dispatchProbe.skipped;
  }
}, 900_000);
afterAll(() => env?.restore());

describe("the red-team corpus", () => {
  it("has unique ids, both hosts' shapes, and hundreds of cases per class", () => {
    const ids = cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const cls of CLASSES) {
      const mine = cases.filter((c) => c.class === cls.id);
      for (const host of HOSTS)
        expect(mine.filter((c) => c.host === host).length, `${cls.id} on ${host}`).toBeGreaterThan(0);
      expect(mine.length, cls.id).toBeGreaterThanOrEqual(200);
    }
  });

  it("is decided by rules, never by a rule that failed", () => {
    const failed = outcomes.filter((o) => o.failure && /failed/.test(o.failure));
    expect(failed.map((o) => `${o.case.id}: ${o.failure}`)).toEqual([]);
  });

  // The engine runs only the rules a call can concern (src/engine/dispatch.ts, from each rule's
  // meta.looksAt): every declaration must be a necessary condition, or an attacker's spelling slips by.
  // Every declaration (meta.looksAt) must be a necessary condition of its rule, or an attacker's spelling
  // slips by: the rules the dispatch leaves out of a call never find anything there.
  it("has no rule that speaks on a call its declared subjects (meta.looksAt) leave out", () => {
    expect([...new Set(spokeOutside)]).toEqual([]);
  });

  it("is decided the same with the rules dispatched and with every rule run", () => {
    const key = (o: Outcome) => `${o.case.id}: ${o.action} ${o.ruleId ?? ""} ${o.reason} ${o.failure ?? ""}`;
    expect(sampled.length).toBeGreaterThan(cases.length / SAMPLE - 1);
    const differ = sampled.flatMap(({ dispatched, undispatched }) =>
      key(dispatched) === key(undispatched) ? [] : [`dispatched ${key(dispatched)} <> every rule ${key(undispatched)}`],
    );
    expect(differ).toEqual([]);
  });

  it("stays at or above its floors, per class and host", () => {
    const fig = figures(outcomes);
    // The figures in the test log, for CI.
    console.log(`${table(fig)}\n`);
    const below = belowFloors(fig, readFloors());
    if (below.length) console.log(missesText(outcomes, 10));
    expect(
      below,
      "A red-team figure moved the wrong way. `npm run redteam -- --class <class> --list 50` shows the misses; " +
        "if the change is deliberate (or cases were added), `npm run redteam -- --write-floors` and commit floors.json.",
    ).toEqual([]);
  });
});
