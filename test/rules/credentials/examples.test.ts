import { describe } from "vitest";
import searchReach from "../../../src/rules/credentials/search-reach.js";
import gitContent from "../../../src/rules/credentials/git-content.js";
import { runExamples } from "../examples.js";

for (const rule of [searchReach, gitContent]) describe(rule.meta.id, () => runExamples(rule));
