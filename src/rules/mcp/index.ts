import type { AnyRule } from "../../engine/rule.js";
import sideEffects from "./side-effects.js";

export const mcpRules: AnyRule[] = [sideEffects];
