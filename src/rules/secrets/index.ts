import type { Rule } from "../../engine/rule.js";
import awsSecretKey from "./aws-secret-key.js";

export const secretsRules: Rule<any>[] = [awsSecretKey];
