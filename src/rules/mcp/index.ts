import type { AnyRule } from "../../engine/rule.js";
import guardSettings from "./guard-settings.js";
import sideEffects from "./side-effects.js";

export const mcpRules: AnyRule[] = [sideEffects, guardSettings];
