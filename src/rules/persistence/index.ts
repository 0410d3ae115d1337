import type { AnyRule } from "../../engine/rule.js";
import autorunEntry from "./autorun-entry.js";
import scheduledJob from "./scheduled-job.js";
import packageSource from "./package-source.js";

export const persistenceRules: AnyRule[] = [autorunEntry, scheduledJob, packageSource];
