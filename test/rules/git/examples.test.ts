import { describe } from "vitest";
import refDelete from "../../../src/rules/git/ref-delete.js";
import remoteRefDelete from "../../../src/rules/git/remote-ref-delete.js";
import { runExamples } from "../examples.js";

for (const rule of [refDelete, remoteRefDelete]) describe(rule.meta.id, () => runExamples(rule));
