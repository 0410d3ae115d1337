import type { AnyRule } from "../../engine/rule.js";
import secrets from "./secrets.js";
import promptInjection from "./prompt-injection.js";
import size from "./size.js";

export const outputsRules: AnyRule[] = [size, secrets, promptInjection];
