import type { AnyRule } from "../../engine/rule.js";
import autorunEntry from "./autorun-entry.js";
import packageSource from "./package-source.js";
import scheduledJob from "./scheduled-job.js";
import scriptShell from "./script-shell.js";

export const persistenceRules: AnyRule[] = [autorunEntry, scheduledJob, scriptShell, packageSource];
