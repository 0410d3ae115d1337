import type { Rule } from "../../engine/rule.js";
import forcePush from "./force-push.js";

export const gitRules: Rule<any>[] = [forcePush];
