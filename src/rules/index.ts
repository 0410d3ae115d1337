// The built-in rule packs, in evaluation order. A new rule is added in its pack's index; a new pack here.
import type { Rule } from "../engine/rule.js";
import { filesystemRules } from "./filesystem/index.js";
import { credentialsRules } from "./credentials/index.js";
import { secretsRules } from "./secrets/index.js";
import { gitRules } from "./git/index.js";
import { remoteExecRules } from "./remote-exec/index.js";

export const builtinRules: Rule<any>[] = [...filesystemRules, ...credentialsRules, ...secretsRules, ...gitRules, ...remoteExecRules];
