import type { AnyRule } from "../../engine/rule.js";
import fileAccess from "./file-access.js";
import printCommand from "./print-command.js";

export const credentialsRules: AnyRule[] = [fileAccess, printCommand];
