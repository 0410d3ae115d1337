import type { Rule } from "../../engine/rule.js";
import sideEffects from "./side-effects.js";

export const mcpRules: Rule<any>[] = [sideEffects];
