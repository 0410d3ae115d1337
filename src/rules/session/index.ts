// Stateful guards: rules that remember the session (src/state) across the hook's processes.
import type { AnyRule } from "../../engine/rule.js";
import retryLoop from "./retry-loop.js";
import runaway from "./runaway.js";
import rateLimit from "./rate-limit.js";
import timeBudget from "./time-budget.js";
import outputBudget from "./output-budget.js";

export const sessionRules: AnyRule[] = [retryLoop, runaway, rateLimit, timeBudget, outputBudget];
