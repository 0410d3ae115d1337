import type { AnyRule } from "../../engine/rule.js";
import writtenContent from "./written-content.js";
import outbound from "./outbound.js";

export const secretsRules: AnyRule[] = [writtenContent, outbound];
