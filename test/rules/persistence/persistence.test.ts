import { describe } from "vitest";
import { persistenceRules } from "../../../src/rules/persistence/index.js";
import accountChange from "../../../src/rules/system/account-change.js";
import securityOff from "../../../src/rules/system/security-off.js";
import systemState from "../../../src/rules/system/system-state.js";
import killEverything from "../../../src/rules/system/kill-everything.js";
import { runExamples } from "../examples.js";

for (const rule of [...persistenceRules, accountChange, securityOff, systemState, killEverything])
  describe(rule.meta.id, () => runExamples(rule));
