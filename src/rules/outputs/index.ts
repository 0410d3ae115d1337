import type { Rule } from "../../engine/rule.js";
import secrets from "./secrets.js";
import promptInjection from "./prompt-injection.js";
import size from "./size.js";

export const outputsRules: Rule<any>[] = [size, secrets, promptInjection];
