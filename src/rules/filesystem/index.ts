import type { Rule } from "../../engine/rule.js";
import rmRootOrHome from "./rm-root-or-home.js";

export const filesystemRules: Rule<any>[] = [rmRootOrHome];
