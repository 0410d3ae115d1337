import { describe } from "vitest";
import { containersRules } from "../../../src/rules/containers/index.js";
import { runExamples } from "../examples.js";

for (const rule of containersRules) describe(rule.meta.id, () => runExamples(rule));
