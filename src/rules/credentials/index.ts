import type { Rule } from "../../engine/rule.js";
import fileAccess from "./file-access.js";
import printCommand from "./print-command.js";

export const credentialsRules: Rule<any>[] = [fileAccess, printCommand];
