import type { Rule } from "../../engine/rule.js";
import writtenContent from "./written-content.js";
import outbound from "./outbound.js";

export const secretsRules: Rule<any>[] = [writtenContent, outbound];
