import type { Rule } from "../../engine/rule.js";
import protectedWrite from "./protected-write.js";

export const pathsRules: Rule<any>[] = [protectedWrite];
