import type { Rule } from "../../engine/rule.js";
import protectedWrite from "./protected-write.js";
import escalationSelfApproval from "../../escalation/self-approval-rule.js";

export const pathsRules: Rule<any>[] = [protectedWrite, escalationSelfApproval];
