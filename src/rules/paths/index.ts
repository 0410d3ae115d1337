import type { AnyRule } from "../../engine/rule.js";
import protectedWrite from "./protected-write.js";
import escalationSelfApproval from "./escalation-self-approval.js";

export const pathsRules: AnyRule[] = [protectedWrite, escalationSelfApproval];
