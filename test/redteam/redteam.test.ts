// The red-team corpus, scored in process through the hook's pipeline on the built-in defaults: the
// figures are printed, and none may fall below its floor (floors.json: the ratchet). See README.md here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpus, CLASSES } from "./corpus/index.js";
import { HOSTS } from "./corpus/model.js";
import { belowFloors, readFloors } from "./floors.js";
import { figures, missesText, table } from "./report.js";
import { isolate, scoreCases, type Outcome } from "./score.js";

const cases = corpus();
let outcomes: Outcome[] = [];
let env: ReturnType<typeof isolate>;

beforeAll(async () => {
  env = isolate();
  outcomes = await scoreCases(cases);
}, 600_000);
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
