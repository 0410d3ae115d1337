import { describe } from "vitest";
import platformDelete from "../../../src/rules/data/platform-delete.js";
import scaleToZero from "../../../src/rules/data/scale-to-zero.js";
import sqlInCode from "../../../src/rules/data/sql-in-code.js";
import storeWipe from "../../../src/rules/data/store-wipe.js";
import { runExamples } from "../examples.js";

for (const rule of [platformDelete, scaleToZero, sqlInCode, storeWipe]) describe(rule.meta.id, () => runExamples(rule));
