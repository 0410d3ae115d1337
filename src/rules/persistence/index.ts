import type { AnyRule } from "../../engine/rule.js";
import autorunEntry from "./autorun-entry.js";
import scheduledJob from "./scheduled-job.js";

export const persistenceRules: AnyRule[] = [autorunEntry, scheduledJob];
