import type { AnyRule } from "../../engine/rule.js";
import fileAccess from "./file-access.js";
import printCommand from "./print-command.js";
import searchReach from "./search-reach.js";
import gitContent from "./git-content.js";

export const credentialsRules: AnyRule[] = [fileAccess, printCommand, searchReach, gitContent];
